import { describe, expect, it } from '@jest/globals';
import type { FlowInput } from '../../src/bot/flow.ts';
import type { Contact } from '../../src/db/repos/letter-decisions.ts';
import { bangkokTime, DEFAULT_OFFICE_CALENDAR } from '../../src/domain/office-time.ts';
import type { Person } from '../../src/domain/people.ts';
import type { Role } from '../../src/domain/roles.ts';
import {
  deciderChatText,
  registerActionText,
  statusAfterDecision,
} from '../../src/domain/saraban/decisions.ts';
import { actByReminderDays, nextDecisionReminder } from '../../src/flows/saraban-decide/reminders.ts';
import { leaksSecret, type Letter } from '../../src/domain/saraban/view.ts';
import type { PostbackAction } from '../../src/line/postback.ts';
import { decideAction, noNoteAction, proposeAction, proposeAskAction, proposeToAction } from '../../src/flows/saraban-decide/actions.ts';
import { decisionCard } from '../../src/flows/saraban-decide/cards.ts';
import { decideStepFn, sarabanDecideFlow } from '../../src/flows/saraban-decide/flow.ts';
import { decideTexts as T } from '../../src/flows/saraban-decide/messages.ts';
import { checkDecide, checkPropose } from '../../src/flows/saraban-decide/request.ts';
import type { DecidePrepared } from '../../src/flows/saraban-decide/prepare.ts';
import { MENU_COMMANDS } from '../../src/line/rich-menus/commands.ts';
import { letterFixture } from '../support/letter-fixture.ts';

const NOW = bangkokTime('2027-03-03', '10:00');

function letter(overrides: Partial<Letter> = {}): Letter {
  return letterFixture({
    id: 12,
    number: 123,
    docDate: '2027-02-28',
    fromName: 'สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน',
    subject: 'ขอความร่วมมือสำรวจอุปกรณ์ DLTV',
    status: 'acknowledged',
    version: 4,
    registeredAt: bangkokTime('2027-03-01', '09:00'),
    registeredByName: 'ธุรการ ขยัน',
    assignedById: 2,
    assigneeId: 3,
    assigneeName: 'เจ้าหน้าที่ ตั้งใจ',
    assignedAt: bangkokTime('2027-03-01', '10:00'),
    acknowledgedAt: bangkokTime('2027-03-01', '11:00'),
    attachmentCount: 1,
    ...overrides,
  });
}

const proposed = (overrides: Partial<Letter> = {}) =>
  letter({ status: 'proposed', version: 5, proposedToId: 10, proposedToName: 'นายใหญ่ ใจดี', proposalAsk: 'approve', proposalNote: 'เห็นควรอนุมัติ', proposedAt: bangkokTime('2027-03-02', '09:00'), ...overrides });

function person(id: number, role: Role, fullName = `คน ${id}`): Person {
  return { id, officeId: 'default', channelId: 'default', lineUserId: `U${id}`, fullName, phone: null, role, schoolId: null, schoolName: null, status: 'active', consentAt: NOW, createdAt: NOW };
}
const contact = (id: number, role: Role, fullName: string): Contact => ({ id, fullName, role, channelId: 'default', lineUserId: `U${id}`, status: 'active' });

const officer = person(3, 'technician', 'เจ้าหน้าที่ ตั้งใจ');
const director = person(10, 'area_director', 'นายใหญ่ ใจดี');
const deputy = person(11, 'deputy_director', 'นายรอง ขยัน');
const otherDeputy = person(12, 'deputy_director', 'นางรอง สอง');
const DECIDERS = [contact(10, 'area_director', 'นายใหญ่ ใจดี'), contact(11, 'deputy_director', 'นายรอง ขยัน')];

const tap = <S>(action: PostbackAction, payload: S, params: Record<string, string> = {}): FlowInput => ({ kind: 'postback', userId: 'U', action, payload, params });
const text = (value: string): FlowInput => ({ kind: 'text', userId: 'U', text: value, messageId: 'm' } as FlowInput);
const prepared = (p: Partial<DecidePrepared>): DecidePrepared => ({ today: '2027-03-03', ...p });
const commandsOf = (r: { effects: Array<{ kind: string }> }) => r.effects.filter((e) => e.kind === 'command').map((e) => (e as unknown as { command: unknown }).command);
const replyText = (r: { effects: Array<{ kind: string }> }) =>
  r.effects
    .filter((e) => e.kind === 'reply')
    .flatMap((e) => (e as unknown as { messages: Array<{ text?: string; altText?: string }> }).messages)
    .map((m) => m.text ?? m.altText ?? '')
    .join('\n');

describe('proposing a letter', () => {
  it('only the assignee may propose, and only an acknowledged or returned letter', () => {
    expect(checkPropose(letter(), officer)).toEqual({ ok: true });
    expect(checkPropose(letter({ status: 'returned' }), officer)).toEqual({ ok: true });
    expect(checkPropose(letter({ status: 'assigned' }), officer)).toEqual({ ok: false, reason: 'not_now' });
    expect(checkPropose(proposed(), officer)).toEqual({ ok: false, reason: 'already_proposed' });
    expect(checkPropose(letter(), person(4, 'technician'))).toEqual({ ok: false, reason: 'not_assignee' });
    expect(checkPropose(letter({ assigneeId: 10 }), director)).toEqual({ ok: false, reason: 'not_allowed' });
  });

  it('goes director → what is asked → note, and proposes at the version the button showed', () => {
    const ctx = { person: officer, prepared: prepared({ letter: letter(), deciders: DECIDERS }) };
    const pick = decideStepFn(null, tap(proposeAction, { l: 12, v: 4 }), NOW, ctx);
    expect(replyText(pick)).toContain(T.pickDirector('รับที่ 123/2570 เรื่อง ขอความร่วมมือสำรวจอุปกรณ์ DLTV'));
    const ask = decideStepFn(null, tap(proposeToAction, { l: 12, v: 4, p: 11 }), NOW, ctx);
    expect(replyText(ask)).toContain(T.pickAsk('นายรอง ขยัน'));
    const note = decideStepFn(null, tap(proposeAskAction, { l: 12, v: 4, p: 11, a: 'consider' }), NOW, ctx);
    expect(note.state).toEqual({ step: 'proposeNote', data: { l: 12, v: 4, p: 11, a: 'consider' } });
    // A menu tapped meanwhile is not the note.
    expect(decideStepFn(note.state, text(MENU_COMMANDS.myLetters), NOW, ctx).state).toEqual(note.state);
    const done = decideStepFn(note.state, tap(noNoteAction, {}), NOW, ctx);
    expect(commandsOf(done)).toEqual([{ type: 'proposeLetter', letterId: 12, expectedVersion: 4, directorId: 11, ask: 'consider', note: null }]);
    const typed = decideStepFn(note.state, text('  ขอให้พิจารณาภายในสัปดาห์นี้ '), NOW, ctx);
    expect(commandsOf(typed)).toEqual([{ type: 'proposeLetter', letterId: 12, expectedVersion: 4, directorId: 11, ask: 'consider', note: 'ขอให้พิจารณาภายในสัปดาห์นี้' }]);
  });

  it('a proposal button of an earlier version is stale; someone else is refused; a teacher is denied', () => {
    const ctx = { person: officer, prepared: prepared({ letter: letter({ version: 6 }), deciders: DECIDERS }) };
    expect(decideStepFn(null, tap(proposeAction, { l: 12, v: 4 }), NOW, ctx).effects).toEqual([{ kind: 'staleButton' }]);
    const other = decideStepFn(null, tap(proposeAction, { l: 12, v: 6 }), NOW, { person: person(4, 'technician'), prepared: ctx.prepared });
    expect(commandsOf(other)).toEqual([]);
    expect(replyText(other)).toContain('ไม่ได้มอบหมายให้คุณ');
    const teacher = decideStepFn(null, tap(proposeAction, { l: 12, v: 6 }), NOW, { person: person(5, 'teacher'), prepared: ctx.prepared });
    expect(commandsOf(teacher)).toEqual([{ type: 'recordDenial', action: 'handle_letter' }]);
  });
});

describe('deciding', () => {
  it('the person proposed to decides in person; whoever acts for them today decides as acting; nobody else', () => {
    expect(checkDecide(proposed(), director, [])).toEqual({ ok: true, acting: null });
    expect(checkDecide(proposed(), deputy, [{ principalId: 10, kind: 'on_behalf' }])).toEqual({ ok: true, acting: 'on_behalf' });
    expect(checkDecide(proposed(), deputy, [{ principalId: 99, kind: 'acting' }])).toEqual({ ok: false, reason: 'not_yours' });
    expect(checkDecide(proposed(), officer, [])).toEqual({ ok: false, reason: 'not_allowed' });
    expect(checkDecide(letter(), director, [])).toEqual({ ok: false, reason: 'not_proposed' });
    const decided = proposed({ status: 'decided', decision: 'approved', decidedById: 10, decidedByName: 'นายใหญ่ ใจดี', decidedAt: NOW });
    expect(checkDecide(decided, director, [])).toEqual({ ok: false, reason: 'decided' });
    expect(checkDecide(decided, otherDeputy, [])).toEqual({ ok: false, reason: 'decided' });
    expect(statusAfterDecision('returned')).toBe('returned');
    expect(statusAfterDecision('ordered')).toBe('decided');
  });

  it('a tap on a decided letter, by the same director or another, is told who decided what and when and changes nothing', () => {
    const decided = proposed({ status: 'decided', version: 6, decision: 'approved', decidedById: 11, decidedByName: 'นายรอง ขยัน', decidedActing: 'on_behalf', decidedAt: NOW });
    for (const who of [deputy, otherDeputy, director]) {
      const result = decideStepFn(null, tap(decideAction, { l: 12, v: 5, d: 'rejected' }), NOW, {
        person: who,
        prepared: prepared({ letter: decided, actingFor: [], titles: { proposedTo: 'area_director', decidedBy: 'deputy_director' } }),
      });
      expect(commandsOf(result)).toEqual([]);
      expect(replyText(result)).toBe(T.alreadyDecided('รับที่ 123/2570 เรื่อง ขอความร่วมมือสำรวจอุปกรณ์ DLTV', 'นายรอง ขยัน ปฏิบัติราชการแทน ผอ.สพป.', 'อนุมัติ', NOW));
    }
  });

  it('สั่งการ asks for the order and ส่งคืนแก้ไข for an optional note; the text comes with the decision', () => {
    const ctx = { person: director, prepared: prepared({ letter: proposed(), actingFor: [], titles: { proposedTo: 'area_director' as const } }) };
    const order = decideStepFn(null, tap(decideAction, { l: 12, v: 5, d: 'ordered' }), NOW, ctx);
    expect(order.state).toEqual({ step: 'decisionText', data: { l: 12, v: 5, d: 'ordered' } });
    expect(commandsOf(decideStepFn(order.state, tap(noNoteAction, {}), NOW, ctx))).toEqual([]);
    expect(commandsOf(decideStepFn(order.state, text('ให้กลุ่ม ICT ดำเนินการ'), NOW, ctx))).toEqual([
      { type: 'decideLetter', letterId: 12, expectedVersion: 5, decision: 'ordered', text: 'ให้กลุ่ม ICT ดำเนินการ' },
    ]);
    const back = decideStepFn(null, tap(decideAction, { l: 12, v: 5, d: 'returned' }), NOW, ctx);
    expect(commandsOf(decideStepFn(back.state, tap(noNoteAction, {}), NOW, ctx))).toEqual([
      { type: 'decideLetter', letterId: 12, expectedVersion: 5, decision: 'returned', text: null },
    ]);
    const approve = decideStepFn(null, tap(decideAction, { l: 12, v: 5, d: 'approved' }), NOW, ctx);
    expect(commandsOf(approve)).toEqual([{ type: 'decideLetter', letterId: 12, expectedVersion: 5, decision: 'approved', text: null }]);
    expect(replyText(approve)).toContain('นายใหญ่ ใจดี (ผอ.สพป.) อนุมัติ');
  });

  it('an acting deputy is answered as acting', () => {
    const result = decideStepFn(null, tap(decideAction, { l: 12, v: 5, d: 'endorsed' }), NOW, {
      person: deputy,
      prepared: prepared({ letter: proposed(), actingFor: [{ principalId: 10, kind: 'acting' }], titles: { proposedTo: 'area_director' } }),
    });
    expect(replyText(result)).toContain('นายรอง ขยัน รักษาราชการแทน ผอ.สพป. เห็นชอบ');
  });

  it('a secret letter\'s card shows its headline only: no subject, sender, number or note', () => {
    const secret = proposed({ secrecy: 'secret' });
    const card = decisionCard(secret);
    const json = JSON.stringify(card);
    expect(leaksSecret(secret, json)).toBe(false);
    expect(json).not.toContain('เห็นควรอนุมัติ');
    expect(json).toContain('หนังสือลับ รับที่ 123/2570');
    expect(JSON.stringify(decisionCard(proposed()))).toContain('ขอความร่วมมือสำรวจอุปกรณ์ DLTV');
  });

  it('the pending-letters text is taken for the area director and deputies only (the group director\'s belongs to routing)', () => {
    const menu = text(MENU_COMMANDS.pendingLetters);
    expect(sarabanDecideFlow.startsOn(menu, director)).toBe(true);
    expect(sarabanDecideFlow.startsOn(menu, deputy)).toBe(true);
    expect(sarabanDecideFlow.startsOn(menu, person(2, 'group_director'))).toBe(false);
    expect(sarabanDecideFlow.startsOn(text('ผู้ทำการแทน'), director)).toBe(true);
  });
});

describe('the register\'s การปฏิบัติ column', () => {
  it('shows the decision, who decided (acting noted), the date and an order\'s text', () => {
    const decidedAt = bangkokTime('2027-03-03', '14:00');
    const approved = proposed({ status: 'decided', decision: 'approved', decidedById: 10, decidedByName: 'นายใหญ่ ใจดี', decidedAt });
    expect(registerActionText(approved, { proposedTo: 'area_director', decidedBy: 'area_director' })).toBe('ผอ.สพป. อนุมัติ 3 มี.ค. 2570');
    expect(registerActionText(approved)).toBe('นายใหญ่ ใจดี อนุมัติ 3 มี.ค. 2570');
    const ordered = proposed({ status: 'decided', decision: 'ordered', decisionText: 'ให้กลุ่ม ICT ดำเนินการ', decidedById: 11, decidedByName: 'นายรอง ขยัน', decidedActing: 'on_behalf', decidedAt });
    expect(registerActionText(ordered, { proposedTo: 'area_director', decidedBy: 'deputy_director' })).toBe(
      'นายรอง ขยัน ปฏิบัติราชการแทน ผอ.สพป. สั่งการ 3 มี.ค. 2570: ให้กลุ่ม ICT ดำเนินการ',
    );
    expect(registerActionText(proposed(), { proposedTo: 'area_director' })).toBe('เสนอ ผอ.สพป. เพื่อโปรดอนุมัติ 2 มี.ค. 2570');
    expect(registerActionText(letter())).toBe('มอบ เจ้าหน้าที่ ตั้งใจ 1 มี.ค. 2570');
    expect(registerActionText(letter({ status: 'registered', assigneeId: null, assigneeName: null, assignedAt: null }))).toBe('');
    expect(registerActionText(letter({ status: 'cancelled' }))).toBe('ยกเลิก');
    expect(deciderChatText(approved, { decidedBy: 'area_director' })).toBe('นายใหญ่ ใจดี (ผอ.สพป.)');
  });
});

describe('reminders', () => {
  const rules = { max: 3, spacingOfficeHours: 8 };
  it('a pending decision is reminded every 8 office hours after the proposal (or the last reminder), 3 times at most', () => {
    const proposedAt = bangkokTime('2027-03-01', '10:00'); // Monday
    expect(nextDecisionReminder(proposedAt, [], rules, DEFAULT_OFFICE_CALENDAR)).toEqual({ n: 1, due: bangkokTime('2027-03-02', '10:00') });
    // Sent late (Wednesday 09:00): the next is 8 office hours after that one, not after the first due time.
    expect(nextDecisionReminder(proposedAt, [bangkokTime('2027-03-03', '09:00')], rules, DEFAULT_OFFICE_CALENDAR)).toEqual({ n: 2, due: bangkokTime('2027-03-04', '09:00') });
    expect(nextDecisionReminder(proposedAt, [NOW, NOW, NOW], rules, DEFAULT_OFFICE_CALENDAR)).toBeNull();
  });

  it('an act-by date reminds two office days before and on the day (the last office day when it falls on a closed day)', () => {
    const calendar = { ...DEFAULT_OFFICE_CALENDAR, holidays: new Set(['2027-03-10']) };
    // Friday 12 March: Wednesday 10 is a holiday, so two office days before is Tuesday 9.
    expect(actByReminderDays('2027-03-12', 2, calendar)).toEqual({ before: '2027-03-09', onDay: '2027-03-12' });
    // Saturday 13 March: reminded on Friday; two office days before Saturday is Thursday 11.
    expect(actByReminderDays('2027-03-13', 2, calendar)).toEqual({ before: '2027-03-11', onDay: '2027-03-12' });
    expect(actByReminderDays('2027-03-12', 0, calendar)).toEqual({ before: null, onDay: '2027-03-12' });
  });
});
