import { describe, expect, it } from '@jest/globals';
import { bangkokTime, DEFAULT_OFFICE_CALENDAR, type OfficeCalendar } from '../../src/domain/office-time.ts';
import type { Letter } from '../../src/domain/saraban/view.ts';
import { leaksSecret } from '../../src/domain/saraban/view.ts';
import { buildLetterDigest } from '../../src/flows/saraban-route/digest.ts';
import { letterCardOf } from '../../src/flows/saraban-route/cards.ts';
import type { Card } from '../../src/kit/card.ts';
import {
  acknowledgeAction,
  alertTiming,
  digestSlotAt,
  groupPeople,
  isChatting,
  nextDigestAt,
} from '../../src/flows/saraban-route/timing.ts';
import { narrowByName } from '../../src/kit/picker.ts';
import { letterFixture } from '../support/letter-fixture.ts';

// 2027-03-01 is a Monday; Friday 2027-03-05 is a holiday of this office.
const calendar: OfficeCalendar = { ...DEFAULT_OFFICE_CALENDAR, holidays: new Set(['2027-03-05']) };
const times = ['08:00', '13:00'];
const t = (day: string, time: string) => bangkokTime(day, time);

function letter(overrides: Partial<Letter> = {}): Letter {
  return letterFixture({
    officeId: 'o', number: 7, docNo: 'ศธ 04001/ว55', docDate: '2027-02-27', subject: 'ขอเชิญประชุมลับเฉพาะ',
    registeredAt: t('2027-03-01', '09:00'), ...overrides,
  });
}

describe('when a new letter alerts the group director', () => {
  it('ด่วนมาก and ด่วนที่สุด go at once; ปกติ and ด่วน wait for the next digest', () => {
    const now = t('2027-03-01', '09:10');
    expect(alertTiming('most_urgent', false, now, times, calendar)).toEqual({ kind: 'now' });
    expect(alertTiming('very_urgent', false, now, times, calendar)).toEqual({ kind: 'now' });
    expect(alertTiming('urgent', false, now, times, calendar)).toEqual({ kind: 'digest', at: t('2027-03-01', '13:00') });
    expect(alertTiming('normal', false, now, times, calendar)).toEqual({ kind: 'digest', at: t('2027-03-01', '13:00') });
  });

  it('a director chatting with the bot gets even a normal letter at once', () => {
    expect(alertTiming('normal', true, t('2027-03-01', '09:10'), times, calendar)).toEqual({ kind: 'now' });
    expect(isChatting(t('2027-03-01', '09:00'), t('2027-03-01', '09:10'), 15)).toBe(true);
    expect(isChatting(t('2027-03-01', '08:50'), t('2027-03-01', '09:10'), 15)).toBe(false);
    expect(isChatting(null, t('2027-03-01', '09:10'), 15)).toBe(false);
    expect(isChatting(t('2027-03-01', '09:00'), t('2027-03-01', '09:10'), 0)).toBe(false);
  });

  it('after the afternoon digest the next one is 08:00 of the next office day, skipping weekends and holidays', () => {
    expect(nextDigestAt(t('2027-03-01', '13:30'), times, calendar)).toEqual(t('2027-03-02', '08:00'));
    // Thursday afternoon → Friday is a holiday → Monday 08:00.
    expect(nextDigestAt(t('2027-03-04', '14:00'), times, calendar)).toEqual(t('2027-03-08', '08:00'));
    // Saturday → Monday.
    expect(nextDigestAt(t('2027-03-06', '10:00'), times, calendar)).toEqual(t('2027-03-08', '08:00'));
    expect(nextDigestAt(t('2027-03-01', '07:00'), ['13:00', '08:00'], calendar)).toEqual(t('2027-03-01', '08:00'));
  });
});

describe('digest slots', () => {
  it('a slot is open in the hour after a digest time on office days only', () => {
    expect(digestSlotAt(t('2027-03-01', '13:00'), times, calendar)).toEqual({ key: '2027-03-01 13:00', startsAt: t('2027-03-01', '13:00') });
    expect(digestSlotAt(t('2027-03-01', '13:59'), times, calendar)?.key).toBe('2027-03-01 13:00');
    expect(digestSlotAt(t('2027-03-01', '14:00'), times, calendar)).toBeNull();
    expect(digestSlotAt(t('2027-03-01', '07:59'), times, calendar)).toBeNull();
    expect(digestSlotAt(t('2027-03-05', '08:05'), times, calendar)).toBeNull();
    expect(digestSlotAt(t('2027-03-06', '08:05'), times, calendar)).toBeNull();
    expect(digestSlotAt(t('2027-03-01', '08:40'), ['08:00', '08:30'], calendar)?.key).toBe('2027-03-01 08:30');
  });
});

describe('the acknowledge clock', () => {
  const assignedAt = t('2027-03-04', '10:00'); // Thursday
  it('reminds once after one office day, escalates once after another, never before the reminder', () => {
    expect(acknowledgeAction(assignedAt, false, false, t('2027-03-04', '16:00'), 1, calendar)).toEqual({ kind: 'none' });
    // Friday is a holiday: one office day later is Monday 10:00.
    expect(acknowledgeAction(assignedAt, false, false, t('2027-03-08', '09:59'), 1, calendar)).toEqual({ kind: 'none' });
    expect(acknowledgeAction(assignedAt, false, false, t('2027-03-08', '10:00'), 1, calendar)).toEqual({ kind: 'remind' });
    // Long overdue but never reminded: the reminder first.
    expect(acknowledgeAction(assignedAt, false, false, t('2027-03-12', '10:00'), 1, calendar)).toEqual({ kind: 'remind' });
    expect(acknowledgeAction(assignedAt, true, false, t('2027-03-08', '15:00'), 1, calendar)).toEqual({ kind: 'none' });
    expect(acknowledgeAction(assignedAt, true, false, t('2027-03-09', '10:00'), 1, calendar)).toEqual({ kind: 'escalate' });
    expect(acknowledgeAction(assignedAt, true, true, t('2027-03-12', '10:00'), 1, calendar)).toEqual({ kind: 'none' });
  });
});

describe('the group\'s people', () => {
  const people = [
    { id: 1, fullName: 'สมชาย ช่าง', role: 'technician' as const, status: 'active' },
    { id: 2, fullName: 'กานดา ธุรการ', role: 'saraban_clerk' as const, status: 'active' },
    { id: 3, fullName: 'ครูสมศรี', role: 'teacher' as const, status: 'active' },
    { id: 4, fullName: 'ผอ.กลุ่ม', role: 'group_director' as const, status: 'active' },
    { id: 5, fullName: 'ช่างพักงาน', role: 'technician' as const, status: 'inactive' },
    { id: 6, fullName: 'ผอ.เขต', role: 'area_director' as const, status: 'active' },
  ];
  it('are the active people who may handle letters (not teachers, not area directors, not the inactive)', () => {
    expect(groupPeople(people).map((p) => p.id).sort()).toEqual([1, 2, 4]);
  });
  it('are found by part of the name, spaces ignored', () => {
    expect(narrowByName(people, 'สมชาย', (p) => p.fullName).map((p) => p.id)).toEqual([1]);
    expect(narrowByName(people, 'ชายช่าง', (p) => p.fullName).map((p) => p.id)).toEqual([1]);
    expect(narrowByName(people, '  ', (p) => p.fullName)).toEqual([]);
  });
});

/** The labels of the buttons a card shows. */
function buttonLabels(card: Card): string[] {
  return card.buttons.flatMap((b) => (b ? [b.label] : []));
}

describe('what a chat shows of a letter', () => {
  const secret = letter({ secrecy: 'confidential', instruction: 'เรื่องขอเชิญประชุมลับเฉพาะ ด่วน', status: 'assigned', assigneeId: 9, assigneeName: 'ช่าง' });
  it('a secret letter\'s card and digest line carry no subject, sender or number of its own', () => {
    const card = letterCardOf(secret, { id: 9, role: 'technician' });
    const text = JSON.stringify(card);
    expect(leaksSecret(secret, text)).toBe(false);
    expect(text).toContain('หนังสือลับ รับที่ 7/2570');
    expect(buttonLabels(card)).toContain('รับทราบ');
    const digest = buildLetterDigest([letter({ secrecy: 'secret' }), letter({ id: 2, number: 8, urgency: 'most_urgent', subject: 'รายงานผล', fromName: 'จังหวัด', docNo: 'นฐ 0001' })])!;
    expect(leaksSecret(letter({ secrecy: 'secret' }), digest)).toBe(false);
    // Most urgent first.
    expect(digest.indexOf('8/2570')).toBeLessThan(digest.indexOf('7/2570'));
  });
  it('the assign button is the group director\'s, while the letter waits', () => {
    expect(buttonLabels(letterCardOf(letter(), { id: 4, role: 'group_director' }))).toContain('มอบหมาย');
    expect(buttonLabels(letterCardOf(letter(), { id: 1, role: 'technician' }))).not.toContain('มอบหมาย');
    expect(buttonLabels(letterCardOf(letter({ status: 'assigned' }), { id: 4, role: 'group_director' }))).not.toContain('มอบหมาย');
  });
  it('an empty digest says nothing', () => {
    expect(buildLetterDigest([letter({ status: 'assigned' })])).toBeNull();
  });
});
