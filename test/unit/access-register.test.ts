import { describe, expect, it } from '@jest/globals';
import type { AccessRequestView } from '../../src/domain/access.ts';
import { accessRegisterText } from '../../src/flows/access/register.ts';
import { accessTexts as T } from '../../src/flows/access/messages.ts';

const granted = new Date('2027-03-01T03:00:00Z');
const ended = new Date('2027-03-05T03:00:00Z');

function row(id: number, over: Partial<AccessRequestView>): AccessRequestView {
  return {
    id, officeId: 'o', requesterId: id, systemId: 1, level: 'view', reason: 'r', state: 'fulfilled', version: 3,
    decidedBy: 9, decidedAt: granted, decisionNote: null, grantedBy: 8, grantedAt: granted, refusedBy: null, refusedReason: null,
    endedBy: null, endedAt: null, createdAt: granted, requesterName: `คน ${id}`, systemName: 'ระบบ ก', systemAdminId: 8, ...over,
  };
}

describe('the admin\'s register of who has access to what', () => {
  it('lists each system\'s access in force first, then the ended with when; requests that gave no access are left out', () => {
    const text = accessRegisterText([
      row(1, { endedAt: ended, endedBy: 8 }),
      row(2, { level: 'record' }),
      row(3, { state: 'declined', grantedAt: null }),
      row(4, { systemName: 'ระบบ ข', level: 'admin' }),
    ]);
    expect(text).toBe(
      [T.registerIntro(2, 1), '', 'ระบบ ก', '• คน 2 (บันทึกข้อมูล) ตั้งแต่ 1 มีนาคม 2570', '• คน 1 (ดูข้อมูล) 1 มีนาคม 2570 – ยกเลิก 5 มีนาคม 2570', '', 'ระบบ ข', '• คน 4 (ผู้ดูแล) ตั้งแต่ 1 มีนาคม 2570'].join('\n'),
    );
  });

  it('stays inside one LINE text message and says how many more the CSV holds', () => {
    const many = Array.from({ length: 400 }, (_, i) => row(i + 1, { systemName: `ระบบที่ ${Math.floor(i / 10)}` }));
    const text = accessRegisterText(many);
    expect(text.length).toBeLessThanOrEqual(5000);
    expect(text).toMatch(/และอีก \d+ รายการ ดูทั้งหมดด้วย npm run info-systems -- access$/);
  });

  it('says so when nobody has been given access', () => {
    expect(accessRegisterText([row(1, { state: 'submitted', grantedAt: null })])).toBe(T.registerEmpty);
  });
});
