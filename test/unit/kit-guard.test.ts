import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import type { FlowInput, FlowState } from '../../src/bot/flow.ts';
import type { Person } from '../../src/domain/people.ts';
import type { Role } from '../../src/domain/roles.ts';
import { definePostbackAction } from '../../src/line/postback.ts';
import { defineGuard } from '../../src/kit/guard.ts';
import { deniedMessage } from '../../src/kit/steps.ts';

const take = definePostbackAction('kg:take', 'kit-guard', z.object({}));
const assign = definePostbackAction('kg:assign', 'kit-guard', z.object({}));
const cancel = definePostbackAction('kg:cancel', 'kit-guard', z.object({}));
const NOW = new Date('2027-03-01T02:00:00Z');

const person = (role: Role): Person => ({
  id: 1, officeId: 'o', channelId: 'c', lineUserId: 'U1', fullName: 'ทดสอบ', phone: null, role, schoolId: null, schoolName: null, status: 'active', consentAt: null, createdAt: NOW,
});
const tap = (action: typeof take): FlowInput => ({ kind: 'postback', userId: 'U1', action, payload: {}, params: {} });
const typed = (text: string): FlowInput => ({ kind: 'text', userId: 'U1', text });
const inStep = (step: string): FlowState<unknown> => ({ step, data: {} });

const guard = defineGuard({
  notRegistered: 'ยังไม่ได้ลงทะเบียนค่ะ',
  text: (text) => (text === 'งานใหม่' ? { action: 'take_ticket', allowedBy: ['take_ticket', 'assign_ticket'] } : undefined),
  postbacks: [
    [[take], { action: 'take_ticket', allowedBy: ['take_ticket', 'assign_ticket'] }],
    [[assign], 'assign_ticket'],
    [[cancel], null],
  ],
  steps: { assignPick: 'assign_ticket' },
  otherwise: 'update_ticket',
});

describe('the guard table', () => {
  it('someone not registered is told so, whatever they pressed', () => {
    const door = guard(tap(take), null, null, NOW);
    expect(door).toEqual({ ok: false, refused: { state: null, effects: [{ kind: 'reply', messages: [{ type: 'text', text: 'ยังไม่ได้ลงทะเบียนค่ะ' }] }] } });
  });

  it('a role without the permission of the row gets the polite denial and the denial is recorded', () => {
    const door = guard(tap(assign), null, person('technician'), NOW);
    expect(door.ok).toBe(true);
    const refused = guard(tap(assign), null, person('teacher'), NOW);
    expect(refused).toEqual({
      ok: false,
      refused: {
        state: null,
        effects: [
          { kind: 'reply', messages: [{ type: 'text', text: deniedMessage('assign_ticket') }] },
          { kind: 'command', command: { type: 'recordDenial', action: 'assign_ticket' } },
        ],
      },
    });
  });

  it('a row may be opened by other permissions: the group director takes a new ticket to assign it', () => {
    expect(guard(tap(take), null, person('group_director'), NOW)).toMatchObject({ ok: true, needed: 'take_ticket' });
    expect(guard(typed('งานใหม่'), null, person('group_director'), NOW)).toMatchObject({ ok: true, needed: 'take_ticket' });
    expect(guard(tap(take), null, person('teacher'), NOW)).toMatchObject({ ok: false });
  });

  it('typed text, then the button, then the conversation step, then the rest decide what is needed', () => {
    expect(guard(typed('ชื่อช่าง'), inStep('assignPick'), person('group_director'), NOW)).toMatchObject({ ok: true, needed: 'assign_ticket' });
    expect(guard(typed('ชื่อช่าง'), inStep('assignPick'), person('teacher'), NOW)).toMatchObject({ ok: false });
    expect(guard(typed('อะไรก็ได้'), null, person('technician'), NOW)).toMatchObject({ ok: true, needed: 'update_ticket' });
  });

  it('a row of null is open to anyone registered (ยกเลิก)', () => {
    expect(guard(tap(cancel), inStep('assignPick'), person('teacher'), NOW)).toMatchObject({ ok: true, needed: null });
  });

  it('a flow-wide permission is needed besides each row', () => {
    const admin = defineGuard({ notRegistered: '-', otherwise: 'view_people', always: 'administer' });
    expect(admin(typed('x'), null, person('admin'), NOW).ok).toBe(true);
    expect(admin(typed('x'), null, person('group_director'), NOW)).toMatchObject({ ok: false });
  });

  it('an action listed in two rows is a mistake found when the flow loads', () => {
    expect(() => defineGuard({ notRegistered: '-', postbacks: [[[take], 'take_ticket'], [[take], 'assign_ticket']], otherwise: null })).toThrow(/listed twice/);
  });
});
