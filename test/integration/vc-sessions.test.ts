import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/database.ts';
import {
  countAudience,
  insertVcSession,
  inviteAudience,
  listVcInvitations,
  recordEvaluation,
  setVcSessionState,
  unpushedRecipients,
  updateVcInvitation,
} from '../../src/db/repos/vc-sessions.ts';
import { offices, outboxMessages, people, roomBookings, vcSessions } from '../../src/db/schema.ts';
import { insertBooking, upsertRoom } from '../../src/db/repos/room-bookings.ts';
import { DEFAULT_ROOM } from '../../src/domain/bookings/rooms.ts';
import { evaluationAverage, tallyOf } from '../../src/domain/vc/session.ts';
import { pushOnceToMany } from '../../src/line/push-once.ts';
import { getPerson } from '../../src/db/repos/people.ts';
import { executeVc } from '../../src/flows/vc/execute.ts';
import { vcReportSection } from '../../src/flows/vc/report-section.ts';
import { buildOfficeReport } from '../../src/flows/reports/build.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import { closePdfRenderer, renderPdf } from '../../src/reports/pdf.ts';
import { reportPdfJob } from '../../src/reports/report-pdf.ts';
import { normalizeThai, pdfText } from '../support/pdf.ts';
import { createLogger } from '../../src/logger.ts';
import { RefusedWithAnswer } from '../../src/kit/execute.ts';
import { vcTexts as T } from '../../src/flows/vc/messages.ts';
import { createTestDatabase } from '../support/database.ts';
import { getResponse, openRound, reviewResponse, saveDraft, submitResponse } from '../../src/db/repos/surveys.ts';
import { sessionTally } from '../../src/flows/vc/evaluation.ts';
import { resultsPage } from '../../src/flows/surveys/results-page.ts';
import { loadFormDefinition } from '../../src/flows/surveys/load.ts';
import { readFileSync } from 'node:fs';
import { officeFactory, type OfficeFactory } from '../support/factories.ts';

/**
 * Video-conference invitations on a real PostgreSQL: an audience (all, a district, a cluster, chosen schools) is
 * invited in one statement, each school to its director or else its contact; a thousand schools are queued, with
 * one push each; another office's schools are never invited. How long the thousand take is a figure of
 * `BENCH_TARGETS=vc npm run bench` (bench/vc-bench.ts), not an assertion here.
 */

let database: Database;
let office: OfficeFactory;
let organiser: number;
let schoolIds: number[];
const NOW = new Date('2026-12-07T03:00:00Z');
const OTHER = 'khet-vc-other';

beforeAll(async () => {
  database = await createTestDatabase();
  office = officeFactory(database.db);
  await office.channel();
  organiser = (await office.person('ช่าง วีซี', 'technician')).id;
  schoolIds = await office.schools(Array.from({ length: 1000 }, (_, i) => ({ name: `โรงเรียน ${String(i).padStart(4, '0')}`, district: `อำเภอ ${i % 6}`, cluster: `กลุ่ม ${i % 20}` })));
  // Every school has a director but the first ten, which have a teacher (the contact); the 11th has nobody.
  const rows = schoolIds.flatMap((schoolId, i) => {
    if (i === 10) return [];
    if (i < 10) return [{ fullName: `ครู ${i}`, role: 'teacher', options: { schoolId } }];
    return [{ fullName: `ผอ. ${i}`, role: 'school_director', options: { schoolId } }];
  });
  await office.people(rows);
  await database.db.insert(offices).values({ id: OTHER, name: 'สพป. อื่น' }).onConflictDoNothing();
  await officeFactory(database.db, OTHER).school('โรงเรียนของเขตอื่น', 'อำเภอ 0', 'กลุ่ม 0');
}, 120_000);
afterAll(async () => {
  await closePdfRenderer();
  await database.close();
});

const session = (audience: Parameters<typeof countAudience>[2]) =>
  insertVcSession(database.db, { officeId: office.officeId, title: 'ประชุม', startsAt: new Date('2026-12-10T02:00:00Z'), endsAt: new Date('2026-12-10T04:00:00Z'), platform: 'zoom', link: 'https://zoom.us/j/1', roomBookingId: null, kitId: null, team: [organiser], organiserId: organiser, audience }, NOW);

describe('vc invitations', () => {
  it('an officer\'s ยืนยันและส่งคำเชิญ to 1,000 schools (the executor: session, invitations, one push per person with the card) queues one push per reachable school', async () => {
    const person = (await getPerson(database.db, office.officeId, organiser))!;
    const before = (await database.db.select({ id: outboxMessages.id }).from(outboxMessages)).length;
    await database.db.transaction((tx) =>
      executeVc(
        tx,
        { type: 'planSession', title: 'ประชุมทุกโรงเรียน', startsAt: new Date('2026-12-10T02:00:00Z'), endsAt: new Date('2026-12-10T04:00:00Z'), platform: 'meet', link: 'https://meet.google.com/x', roomId: null, kitId: null, team: [], audience: { kind: 'all' } },
        { channelId: office.channelId, officeId: office.officeId, lineUserId: 'U0', now: NOW, person, logger: createLogger('silent') },
      ),
    );
    const rows = await database.db.select({ to: outboxMessages.toUserId, messages: outboxMessages.messages }).from(outboxMessages);
    expect(rows.length - before).toBe(999);
    expect(new Set(rows.map((r) => r.to)).size).toBe(999);
    await database.db.delete(outboxMessages);
  });

  it('an audience names only the office\'s schools: a district, a cluster, chosen ones, or all', async () => {
    expect(await countAudience(database.db, office.officeId, { kind: 'all' })).toBe(1000);
    expect(await countAudience(database.db, office.officeId, { kind: 'district', district: 'อำเภอ 0' })).toBe(167);
    expect(await countAudience(database.db, office.officeId, { kind: 'cluster', cluster: 'กลุ่ม 0' })).toBe(50);
    expect(await countAudience(database.db, office.officeId, { kind: 'schools', ids: schoolIds.slice(0, 3) })).toBe(3);
    const id = await session({ kind: 'cluster', cluster: 'กลุ่ม 0' });
    expect(await inviteAudience(database.db, office.officeId, id, { kind: 'cluster', cluster: 'กลุ่ม 0' })).toBe(50);
    const invited = await listVcInvitations(database.db, office.officeId, id);
    expect(invited.map((i) => i.schoolName)).not.toContain('โรงเรียนของเขตอื่น');
  });

  it('invites 1,000 schools and queues one push per person; the school without anyone is invited but not pushed', async () => {
    const id = await session({ kind: 'all' });
    const queued = await database.db.transaction(async (tx) => {
      expect(await inviteAudience(tx, office.officeId, id, { kind: 'all' })).toBe(1000);
      const recipients = await unpushedRecipients(tx, office.officeId, id);
      return pushOnceToMany(tx, office.officeId, recipients.map((r) => ({ channelId: office.channelId, lineUserId: r.lineUserId, messages: [{ type: 'text', text: r.schoolName }], key: `vc:${id}:invite:${r.invitationId}` })));
    });
    expect(queued).toBe(999);
    const rows = await database.db.select({ to: outboxMessages.toUserId }).from(outboxMessages);
    expect(new Set(rows.map((r) => r.to)).size).toBe(999);
    // The same keys again enqueue nothing.
    const again = await database.db.transaction(async (tx) => {
      const recipients = await unpushedRecipients(tx, office.officeId, id);
      return pushOnceToMany(tx, office.officeId, recipients.map((r) => ({ channelId: office.channelId, lineUserId: r.lineUserId, messages: [{ type: 'text', text: 'x' }], key: `vc:${id}:invite:${r.invitationId}` })));
    });
    expect(again).toBe(0);

    const invitations = await listVcInvitations(database.db, office.officeId, id);
    const [director] = await database.db.select({ id: people.id }).from(people).where(eq(people.fullName, 'ผอ. 11'));
    expect(invitations.find((i) => i.schoolName === 'โรงเรียน 0011')?.personId).toBe(director!.id);
    expect(invitations.find((i) => i.schoolName === 'โรงเรียน 0010')?.personId).toBeNull();
    expect(invitations.find((i) => i.schoolName === 'โรงเรียน 0000')?.personId).not.toBeNull();
  });

  it('answers, attendance and evaluation add up in the tally, by district', async () => {
    const id = await session({ kind: 'district', district: 'อำเภอ 1' });
    await inviteAudience(database.db, office.officeId, id, { kind: 'district', district: 'อำเภอ 1' });
    const [a, b] = await listVcInvitations(database.db, office.officeId, id);
    expect(await updateVcInvitation(database.db, office.officeId, a!.id, 1, { answer: 'join' }, null, NOW)).toBe(true);
    expect(await updateVcInvitation(database.db, office.officeId, a!.id, 1, { answer: 'decline' }, null, NOW)).toBe(false);
    await updateVcInvitation(database.db, office.officeId, b!.id, 1, { answer: 'decline' }, null, NOW);
    await updateVcInvitation(database.db, office.officeId, a!.id, 2, { attended: true }, null, NOW);
    for (const [key, score] of [['av', 4], ['useful', 5], ['overall', 5]] as const) expect(await recordEvaluation(database.db, office.officeId, a!.id, key, score, NOW)).toBe(true);
    expect(await recordEvaluation(database.db, office.officeId, a!.id, 'av', 1, NOW)).toBe(false);
    expect(await recordEvaluation(database.db, office.officeId, b!.id, 'av', 1, NOW)).toBe(false);
    const tally = tallyOf(await listVcInvitations(database.db, office.officeId, id));
    expect(tally).toMatchObject({ invited: 167, joined: 1, declined: 1, unanswered: 165, attended: 1, evaluated: 1, scores: { av: 4, useful: 5, overall: 5 } });
    expect(tally.byDistrict).toEqual([{ district: 'อำเภอ 1', invited: 167, joined: 1, declined: 1, unanswered: 165, attended: 1 }]);
  });

  it('a session\'s room that needs approval is held tentative and its approvers are told once', async () => {
    const room = await upsertRoom(database.db, office.officeId, { ...DEFAULT_ROOM, name: 'ห้องใหญ่ต้องอนุมัติ', needsApproval: true, approverRole: 'group_director' }, NOW);
    const approver = await office.person('ผอ.กลุ่ม อนุมัติห้อง', 'group_director');
    const person = (await getPerson(database.db, office.officeId, organiser))!;
    await database.db.transaction((tx) =>
      executeVc(
        tx,
        { type: 'planSession', title: 'ประชุมห้องใหญ่', startsAt: new Date('2026-12-10T02:00:00Z'), endsAt: new Date('2026-12-10T04:00:00Z'), platform: 'zoom', link: 'https://zoom.us/j/2', roomId: room.id, kitId: null, team: [], audience: { kind: 'schools', ids: schoolIds.slice(500, 501) } },
        { channelId: office.channelId, officeId: office.officeId, lineUserId: 'U0', now: NOW, person, logger: createLogger('silent') },
      ),
    );
    const [booking] = await database.db.select().from(roomBookings).where(eq(roomBookings.roomId, room.id));
    expect(booking?.state).toBe('tentative');
    const told = await database.db.select({ messages: outboxMessages.messages }).from(outboxMessages).where(eq(outboxMessages.toUserId, approver.lineUserId!));
    expect(told).toHaveLength(1);
    expect(JSON.stringify(told[0]!.messages)).toContain('ประชุมห้องใหญ่');
  });
});

describe('moving a session in the executor', () => {
  it('its room that needs approval waits for it again at the new time, the approvers told once more; a room taken meanwhile refuses the move and nothing changes', async () => {
    const room = await upsertRoom(database.db, office.officeId, { ...DEFAULT_ROOM, name: 'ห้องย้ายต้องอนุมัติ', needsApproval: true, approverRole: 'group_director' }, NOW);
    const approver = await office.person('ผอ.กลุ่ม อนุมัติห้องย้าย', 'group_director');
    const person = (await getPerson(database.db, office.officeId, organiser))!;
    const env = { channelId: office.channelId, officeId: office.officeId, lineUserId: 'U0', now: NOW, person, logger: createLogger('silent') };
    const at = (day: string, time: string) => bangkokTime(day, time);
    await database.db.transaction((tx) =>
      executeVc(tx, { type: 'planSession', title: 'ประชุมย้ายห้องอนุมัติ', startsAt: at('2026-12-10', '13:00'), endsAt: at('2026-12-10', '14:00'), platform: 'zoom', link: 'https://zoom.us/j/3', roomId: room.id, kitId: null, team: [], audience: { kind: 'schools', ids: schoolIds.slice(600, 601) } }, env),
    );
    const [session] = await database.db.select().from(vcSessions).where(eq(vcSessions.title, 'ประชุมย้ายห้องอนุมัติ'));
    const told = async () => (await database.db.select({ id: outboxMessages.id }).from(outboxMessages).where(eq(outboxMessages.toUserId, approver.lineUserId!))).length;
    expect(await told()).toBe(1);

    // Someone holds the room on Friday 09:00–10:00: a move onto it is refused by the database, nothing moves.
    const other = await insertBooking(database.db, { officeId: office.officeId, roomId: room.id, bookerId: organiser, title: 'ประชุมอื่น', people: 3, needs: [], startsAt: at('2026-12-11', '09:00'), endsAt: at('2026-12-11', '10:00'), state: 'confirmed' }, NOW);
    expect(other.ok).toBe(true);
    const refusal = await database.db
      .transaction((tx) => executeVc(tx, { type: 'moveSession', sessionId: session!.id, expectedVersion: 1, startsAt: at('2026-12-11', '09:30'), endsAt: at('2026-12-11', '10:30') }, env))
      .catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(RefusedWithAnswer);
    expect((refusal as RefusedWithAnswer).messages).toEqual([{ type: 'text', text: T.moveRoomTaken('ห้องย้ายต้องอนุมัติ') }]);
    const [unmoved] = await database.db.select().from(vcSessions).where(eq(vcSessions.id, session!.id));
    expect(unmoved).toMatchObject({ startsAt: at('2026-12-10', '13:00'), version: 1 });
    const [held] = await database.db.select().from(roomBookings).where(eq(roomBookings.id, session!.roomBookingId!));
    expect(held!.startsAt).toEqual(at('2026-12-10', '13:00'));

    await database.db.transaction((tx) => executeVc(tx, { type: 'moveSession', sessionId: session!.id, expectedVersion: 1, startsAt: at('2026-12-11', '13:00'), endsAt: at('2026-12-11', '14:00') }, env));
    const [moved] = await database.db.select().from(roomBookings).where(eq(roomBookings.id, session!.roomBookingId!));
    expect(moved).toMatchObject({ state: 'tentative', startsAt: at('2026-12-11', '13:00'), endsAt: at('2026-12-11', '14:00') });
    expect(await told()).toBe(2);
  });
});

describe('the report\'s video-conference section', () => {
  it('counts the sessions held, the schools invited, answering and attending per district, the attendance rate and the evaluation, beside the month before', async () => {
    const REPORTING = 'khet-vc-report';
    await database.db.insert(offices).values({ id: REPORTING, name: 'สพป. รายงานวีซี' }).onConflictDoNothing();
    const f = officeFactory(database.db, REPORTING);
    const officer = (await f.person('ช่าง รายงาน', 'technician', { lineUserId: null })).id;
    const [a, b, c, d] = await f.schools([
      { name: 'โรงเรียนรายงาน ก1', district: 'อำเภอก' },
      { name: 'โรงเรียนรายงาน ก2', district: 'อำเภอก' },
      { name: 'โรงเรียนรายงาน ข1', district: 'อำเภอข' },
      { name: 'โรงเรียนรายงาน ข2', district: 'อำเภอข' },
    ]);
    type Outcome = { answer?: 'join' | 'decline'; attended?: boolean; scores?: [number, number, number] };
    const held = async (day: string, outcomes: Map<number, Outcome>) => {
      const ids = [...outcomes.keys()];
      const id = await insertVcSession(database.db, { officeId: REPORTING, title: `ประชุม ${day}`, startsAt: bangkokTime(day, '09:00'), endsAt: bangkokTime(day, '11:00'), platform: 'zoom', link: 'https://zoom.us/j/r', roomBookingId: null, kitId: null, team: [officer], organiserId: officer, audience: { kind: 'schools', ids } }, NOW);
      await inviteAudience(database.db, REPORTING, id, { kind: 'schools', ids });
      for (const invitation of await listVcInvitations(database.db, REPORTING, id)) {
        const outcome = outcomes.get(invitation.schoolId)!;
        if (outcome.answer) await updateVcInvitation(database.db, REPORTING, invitation.id, 1, { answer: outcome.answer, attended: outcome.attended ?? false }, null, NOW);
        for (const [i, key] of (['av', 'useful', 'overall'] as const).entries()) if (outcome.scores) await recordEvaluation(database.db, REPORTING, invitation.id, key, outcome.scores[i]!, NOW);
      }
      return id;
    };
    // December 2026: two sessions held, one cancelled, one still to come.
    await held('2026-12-03', new Map<number, Outcome>([[a!, { answer: 'join', attended: true, scores: [4, 5, 5] }], [b!, { answer: 'decline' }], [c!, { answer: 'join', attended: true, scores: [3, 3, 3] }], [d!, {}]]));
    const surveyed = await held('2026-12-10', new Map<number, Outcome>([[a!, { answer: 'join', attended: true }], [c!, {}]]));
    // That one was evaluated by a template 6 round: one response, every level 5 (its text answers count nothing).
    const form = await loadFormDefinition(database.db, REPORTING, JSON.parse(readFileSync(new URL('../../scripts/surveys/follow-up-feedback.json', import.meta.url), 'utf8')), null, NOW);
    if (!form.ok) throw new Error(form.problems.join('; '));
    const round = await openRound(database.db, { officeId: REPORTING, formId: form.form.id, title: 'ประเมิน', audience: 'attendees', district: null, respondentIds: [officer], vcSessionId: surveyed, opensAt: NOW, closesOn: '2026-12-31', createdBy: officer }, NOW);
    const answers = { activity: 'video_conference', content: 5, speaker: 5, duration: 5, media: 5, usefulness: 5, overall: 5, suggestion: 'ดีมาก' };
    const draft = await saveDraft(database.db, { officeId: REPORTING, roundId: round.id, respondentKey: `person:${officer}`, schoolId: null, personId: officer, formVersion: 1, answers }, NOW);
    if (draft.outcome !== 'saved') throw new Error('draft not saved');
    expect(await submitResponse(database.db, { officeId: REPORTING, responseId: draft.response.id, expectedVersion: draft.response.version, personId: officer, answers }, NOW)).toBe('submitted');
    const cancelled = await held('2026-12-15', new Map<number, Outcome>([[a!, { answer: 'join' }], [b!, {}]]));
    await setVcSessionState(database.db, REPORTING, cancelled, 1, 'cancelled', NOW);
    await held('2026-12-28', new Map<number, Outcome>([[a!, { answer: 'join' }]]));
    // November 2026: one.
    await held('2026-11-20', new Map<number, Outcome>([[a!, { answer: 'join', attended: true, scores: [2, 2, 2] }], [b!, {}]]));

    const report = await buildOfficeReport(database.db, { officeId: REPORTING, period: { kind: 'month', year: 2026, month: 12 }, now: bangkokTime('2026-12-20', '10:00') });
    expect(report.sections.map((s) => s.id)).toContain('vc');
    const section = report.sections.find((s) => s.id === 'vc')!;
    const value = (key: string) => section.figures.find((fig) => fig.key === key);
    expect(value('held')).toMatchObject({ value: 2, previous: 1 });
    expect(value('invited')).toMatchObject({ value: 6, previous: 2 });
    expect(value('answered')).toMatchObject({ value: 4, previous: 1 });
    expect(value('attended')).toMatchObject({ value: 3, previous: 1 });
    expect(value('attendanceRate')).toMatchObject({ value: 0.5, previous: 0.5 });
    // Each evaluation's mean: 14/3 and 3 (the old three questions) and 5 (the round's response); the month before 2.
    expect(value('evaluation')).toMatchObject({ value: 4.2, previous: 2, format: 'rating' });
    expect(value('cancelled')).toMatchObject({ value: 1, previous: 0 });
    expect(section.tables[0]!.rows).toEqual([
      ['อำเภอก', 3, 3, 2, '67%'],
      ['อำเภอข', 3, 1, 1, '33%'],
    ]);
    expect(section.summary[0]).toContain('จัดประชุมทางไกล 2 ครั้ง');
    expect(section.summary[0]).toContain('4.2/5 จากแบบประเมิน 3 ราย');
    // The PDF draws it from the section, as every section (no code of its own).
    const pdf = await pdfText(await renderPdf(reportPdfJob(report)));
    expect(pdf).toContain(normalizeThai('การประชุมทางไกลกับโรงเรียน'));
    expect(pdf).toContain(normalizeThai('การเชิญและการเข้าร่วมแยกตามอำเภอ'));

    // The fiscal year 2570 (from October 2026) holds all three sessions held; an office without sessions has no section.
    const year = await buildOfficeReport(database.db, { officeId: REPORTING, period: { kind: 'fiscalYear', fiscalYear: 2570 }, now: bangkokTime('2026-12-20', '10:00'), sections: [vcReportSection] });
    expect(year.sections[0]!.figures.find((fig) => fig.key === 'held')).toMatchObject({ value: 3 });
    const none = await buildOfficeReport(database.db, { officeId: OTHER, period: { kind: 'month', year: 2026, month: 12 }, now: bangkokTime('2026-12-20', '10:00'), sections: [vcReportSection] });
    expect(none.sections).toEqual([]);
  });
});

describe('a rejected evaluation', () => {
  it('counts in none of the VC figures (the session, the report section) nor in template 6\'s yearly summary: two answers, one rejected, the averages are the other\'s', async () => {
    const REJECTING = 'khet-vc-reject';
    await database.db.insert(offices).values({ id: REJECTING, name: 'สพป. ตีกลับ' }).onConflictDoNothing();
    const f = officeFactory(database.db, REJECTING);
    const officer = (await f.person('ช่าง ตรวจ', 'technician', { lineUserId: null })).id;
    const [school] = await f.schools([{ name: 'โรงเรียนตีกลับ', district: 'อำเภอค' }]);
    const [kept, rejected] = [(await f.person('ผอ. รับ', 'school_director', { schoolId: school!, lineUserId: null })).id, (await f.person('ครู ไม่รับ', 'teacher', { schoolId: school!, lineUserId: null })).id];
    const day = '2026-12-09';
    const sessionId = await insertVcSession(database.db, { officeId: REJECTING, title: 'ประชุมตรวจ', startsAt: bangkokTime(day, '09:00'), endsAt: bangkokTime(day, '11:00'), platform: 'zoom', link: 'https://zoom.us/j/x', roomBookingId: null, kitId: null, team: [officer], organiserId: officer, audience: { kind: 'schools', ids: [school!] } }, NOW);
    await inviteAudience(database.db, REJECTING, sessionId, { kind: 'schools', ids: [school!] });
    const form = await loadFormDefinition(database.db, REJECTING, JSON.parse(readFileSync(new URL('../../scripts/surveys/follow-up-feedback.json', import.meta.url), 'utf8')), null, NOW);
    if (!form.ok) throw new Error(form.problems.join('; '));
    const round = await openRound(database.db, { officeId: REJECTING, formId: form.form.id, title: 'ประเมินตรวจ', audience: 'attendees', district: null, respondentIds: [kept, rejected], vcSessionId: sessionId, opensAt: NOW, closesOn: '2026-12-31', createdBy: officer }, NOW);
    const answer = async (personId: number, level: number) => {
      const answers = { activity: 'video_conference', content: level, speaker: level, duration: level, media: level, usefulness: level, overall: level };
      const draft = await saveDraft(database.db, { officeId: REJECTING, roundId: round.id, respondentKey: `person:${personId}`, schoolId: null, personId, formVersion: 1, answers }, NOW);
      if (draft.outcome !== 'saved') throw new Error('draft not saved');
      expect(await submitResponse(database.db, { officeId: REJECTING, responseId: draft.response.id, expectedVersion: draft.response.version, personId, answers }, NOW)).toBe('submitted');
      return (await getResponse(database.db, round.id, `person:${personId}`))!;
    };
    await answer(kept, 4);
    const bad = await answer(rejected, 1);
    // Before the review both count: (4 + 1) / 2.
    expect(evaluationAverage(await sessionTally(database.db, REJECTING, sessionId))).toBe(2.5);
    expect(await reviewResponse(database.db, { officeId: REJECTING, responseId: bad.id, expectedVersion: bad.version, decision: 'reject', note: null, reviewerId: officer }, NOW)).toBe('reviewed');

    const tally = await sessionTally(database.db, REJECTING, sessionId);
    expect(tally.evaluated).toBe(1);
    expect(evaluationAverage(tally)).toBe(4);
    expect(tally.surveyScales.find((s) => s.id === 'overall')?.mean).toBe(4);
    const report = await buildOfficeReport(database.db, { officeId: REJECTING, period: { kind: 'month', year: 2026, month: 12 }, now: bangkokTime('2026-12-20', '10:00'), sections: [vcReportSection] });
    expect(report.sections[0]!.figures.find((fig) => fig.key === 'evaluation')).toMatchObject({ value: 4 });
    expect(report.sections[0]!.summary[0]).toContain('4/5 จากแบบประเมิน 1 ราย');
    const page = await resultsPage(database.db, (await getPerson(database.db, REJECTING, officer))!, round.id, NOW);
    if (typeof page === 'string') throw new Error(page);
    const year = page.yearly!.years.find((y) => y.fiscalYear === 2570)!;
    expect(year.heading).toBe('ปีงบประมาณ 2570 · 1 ครั้ง · ตอบ 1 ราย');
    expect(year.scales.rows.find((r) => r[0] === 'ความพึงพอใจโดยรวม')).toEqual(['ความพึงพอใจโดยรวม', '1', '4.00']);
  });
});
