import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '../../src/app.ts';
import { findPersonByLineUser } from '../../src/db/repos/people.ts';
import { getMediaContent, listMedia } from '../../src/db/repos/media.ts';
import { getTicket, listTickets, ticketTimeline, transitionTicket, TICKET_MEDIA_OWNER } from '../../src/db/repos/repair-tickets.ts';
import { botMessages } from '../../src/bot/messages.ts';
import { issueInvitation } from '../../src/flows/directory/issue-invitation.ts';
import { registrationLabels } from '../../src/flows/registration/messages.ts';
import { reportLabels, reportTexts } from '../../src/flows/repair-report/messages.ts';
import { trackLabels, trackTexts } from '../../src/flows/repair-track/messages.ts';
import { DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import type { InvitableRole } from '../../src/domain/roles.ts';
import { fiscalYearOf } from '../../src/domain/fiscal-year.ts';
import { formatTicketNumber } from '../../src/domain/repair/priority.ts';
import { chatDriver, loadDemoSchools } from '../support/chat.ts';
import { startTestService, type ConversationEntry } from '../support/service.ts';

/**
 * The reporter's whole life of a ticket through the emulator: report with photos, duplicate offer,
 * tracking, cancel while new, confirmation and a low rating whose comment reaches the group director.
 */
let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
// Stored events are due from the database's own clock, so the service's clock may not run behind it.
const clock = new Date(Date.now() + 10 * 60_000);
const number = (seq: number) => formatTicketNumber(fiscalYearOf(clock), seq);

beforeAll(async () => {
  service = await startTestService({}, { now: () => clock });
  chat = chatDriver(service);
  await loadDemoSchools(service);
});
afterAll(async () => service.stop());

const db = () => service.database.db;
const personOf = async (userId: string) => (await findPersonByLineUser(db(), DEFAULT_CHANNEL_ID, userId))!;

const registerTeacher = (name: string, schoolQuery?: string, schoolLabel?: string) => chat.registerTeacher(name, schoolQuery, schoolLabel);

async function registerInvited(name: string, role: InvitableRole): Promise<string> {
  const invitation = await issueInvitation(db(), { officeId: DEFAULT_OFFICE_ID, role, schoolId: null, createdBy: null, now: clock });
  const userId = await chat.newUser(name);
  await chat.follow(userId);
  await chat.tap(userId, registrationLabels.consentYes);
  await chat.tap(userId, registrationLabels.haveInvitation);
  await chat.say(userId, invitation.code);
  await chat.say(userId, name);
  await chat.say(userId, '0898765432');
  return userId;
}

type Action = { type: string; label?: string; data?: string };

/** Every postback button in the entries (quick replies and Flex), with the Flex bubble it sits in. */
function buttonsIn(entries: ConversationEntry[]): Array<{ label: string; data: string; bubble: string }> {
  const found: Array<{ label: string; data: string; bubble: string }> = [];
  const walk = (node: unknown, bubble: string): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, bubble));
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const here = record.type === 'bubble' ? JSON.stringify(record) : bubble;
    const action = record.action as Action | undefined;
    if (action?.type === 'postback' && action.label && action.data) found.push({ label: action.label, data: action.data, bubble: here });
    for (const value of Object.values(record)) walk(value, here);
  };
  for (const entry of entries) walk(entry.message, '');
  return found;
}

function button(entries: ConversationEntry[], label: string, inBubbleWith = ''): string {
  const match = buttonsIn(entries).find((b) => b.label === label && b.bubble.includes(inBubbleWith));
  if (!match) throw new Error(`no button "${label}" ${inBubbleWith}: ${JSON.stringify(buttonsIn(entries).map((b) => b.label))}`);
  return match.data;
}

const PHOTO_A = Buffer.from('first photo of the receiver, pretend JPEG');
const PHOTO_B = Buffer.from('second photo: the dish after the storm');

async function sendImage(userId: string, content: Buffer) {
  await chat.emulator.call('POST', `/users/${userId}/messages`, { type: 'image', contentBase64: content.toString('base64'), contentType: 'image/jpeg' });
  await chat.settle();
  return chat.inbox(userId);
}

async function tapIn(userId: string, entries: ConversationEntry[], label: string, inBubbleWith = '') {
  return chat.tapData(userId, button(entries, label, inBubbleWith));
}

/** Kind → description → photos → classroom → teaching: returns the summary card's answer. */
async function reportUpTo(userId: string, group: string, kind: string, description: string, photos: Buffer[] = []) {
  const start = await chat.say(userId, 'แจ้งซ่อม');
  expect(start.labels).toEqual([reportLabels.groups.dltv, reportLabels.groups.computer]);
  await chat.tap(userId, group);
  await chat.tap(userId, kind);
  const askPhotos = await chat.say(userId, description);
  expect(askPhotos.text).toBe(reportTexts.askPhotos);
  let last = askPhotos.entries;
  for (const [i, photo] of photos.entries()) {
    const got = await sendImage(userId, photo);
    expect(got.text).toBe(reportTexts.photoReceived(i + 1));
    last = got.entries;
  }
  const room = await tapIn(userId, last, photos.length > 0 ? reportLabels.photosDone : reportLabels.noPhoto);
  expect(room.text).toBe(reportTexts.askClassroom);
  await chat.say(userId, 'ป.4/1');
  return chat.tap(userId, reportLabels.teachingStopped);
}

let teacherA: string;
let teacherB: string;
let director: string;
let technician: string;

describe('แจ้งซ่อม through the emulator', () => {
  beforeAll(async () => {
    teacherA = await registerTeacher('ครูสมศรี ใจดี');
    teacherB = await registerTeacher('ครูสมชาย ขยัน');
    director = await registerInvited('นายผู้อำนวยการ กลุ่มดี', 'group_director');
    technician = await registerInvited('นายช่าง ซ่อมเก่ง', 'technician');
    await chat.inbox(technician);
  });

  it('a teacher reports a DLTV fault with two photos and gets the ticket number in the reply; the photos are kept', async () => {
    const summary = await reportUpTo(teacherA, reportLabels.groups.dltv, 'ไม่มีสัญญาณ', 'จอขึ้นว่าไม่มีสัญญาณตั้งแต่เช้า', [PHOTO_A, PHOTO_B]);
    expect(summary.entries.at(-1)?.message.type).toBe('flex');
    const card = JSON.stringify(summary.entries.at(-1)?.message);
    expect(card).toContain('จอขึ้นว่าไม่มีสัญญาณตั้งแต่เช้า');
    expect(card).toContain('2 รูป');
    expect(card).toContain('ด่วน');

    const done = await tapIn(teacherA, summary.entries, reportLabels.confirm);
    expect(done.text).toContain(`รับแจ้งซ่อมแล้วค่ะ เลขที่ ${number(1)}`);

    // The technician on duty hears of it at once, with the ticket's card.
    const alert = await chat.inbox(technician);
    expect(alert.entries.map((e) => e.via)).toEqual(['push']);
    expect(JSON.stringify(alert.entries[0]?.message)).toContain(number(1));

    const [ticket] = await listTickets(db(), DEFAULT_OFFICE_ID);
    expect(ticket).toMatchObject({
      number: number(1),
      status: 'new',
      priority: 'urgent',
      classroom: 'ป.4/1',
      categoryLabel: 'ไม่มีสัญญาณ',
      reporterId: (await personOf(teacherA)).id,
    });
    const media = await listMedia(db(), TICKET_MEDIA_OWNER, ticket!.id);
    expect(media).toHaveLength(2);
    const kept = await Promise.all(media.map((m) => getMediaContent(db(), DEFAULT_OFFICE_ID, m.id)));
    expect(kept.map((k) => k?.content.toString())).toEqual([PHOTO_A.toString(), PHOTO_B.toString()]);

    // The summary's confirm button cannot open a second ticket.
    const again = await tapIn(teacherA, summary.entries, reportLabels.confirm);
    expect(again.text).toBe(botMessages.buttonNoLongerValid);
    expect(await listTickets(db(), DEFAULT_OFFICE_ID)).toHaveLength(1);
  });

  it('a fault typed where the kind is asked: asked to pick, with the buttons under the answer again', async () => {
    await chat.say(teacherB, 'แจ้งซ่อม');
    const groups = await chat.say(teacherB, 'ทีวีเสีย');
    expect(groups.text).toContain(reportTexts.pickFromButtons);
    expect(groups.labels).toEqual([reportLabels.groups.dltv, reportLabels.groups.computer]);
    await chat.tap(teacherB, reportLabels.groups.dltv);
    const kinds = await chat.say(teacherB, 'ภาพไม่ขึ้น');
    expect(kinds.text).toContain(reportTexts.pickFromButtons);
    expect(kinds.labels).toContain('ไม่มีสัญญาณ');
    await chat.say(teacherB, 'ยกเลิก');
  });

  it('another teacher of the school reporting the same kind is offered the open ticket and adds to it', async () => {
    const summary = await reportUpTo(teacherB, reportLabels.groups.dltv, 'ไม่มีสัญญาณ', 'ห้อง ป.5 ก็ไม่มีสัญญาณเหมือนกัน');
    const offer = await tapIn(teacherB, summary.entries, reportLabels.confirm);
    expect(offer.text).toContain(reportTexts.duplicateFound(number(1)));
    expect(offer.labels).toEqual([reportLabels.merge, reportLabels.newAnyway, reportLabels.cancel]);

    const merged = await chat.tap(teacherB, reportLabels.merge);
    expect(merged.text).toBe(reportTexts.merged(number(1)));
    const tickets = await listTickets(db(), DEFAULT_OFFICE_ID);
    expect(tickets).toHaveLength(1);
    const timeline = await ticketTimeline(db(), tickets[0]!.id);
    expect(timeline.map((e) => e.action)).toEqual(['created', 'report_added']);
    expect(timeline[1]).toMatchObject({ note: 'ห้อง ป.5 ก็ไม่มีสัญญาณเหมือนกัน', actorId: (await personOf(teacherB)).id });
  });

  it('the reporter cancels a new ticket from ติดตามงานซ่อม; the old button is stale afterwards', async () => {
    const summary = await reportUpTo(teacherB, reportLabels.groups.computer, 'เครื่องพิมพ์', 'เครื่องพิมพ์กระดาษติดทุกแผ่น');
    const done = await tapIn(teacherB, summary.entries, reportLabels.confirm);
    expect(done.text).toContain(number(2));

    const list = await chat.say(teacherB, 'ติดตามงานซ่อม');
    expect(list.text).toContain('ยังไม่เสร็จ 2 งาน');
    const cards = JSON.stringify(list.entries.map((e) => e.message));
    expect(cards).toContain('ถัดไป: รอเจ้าหน้าที่รับงาน');
    // Teacher B reported only the printer: only that card offers cancelling.
    expect(buttonsIn(list.entries).filter((b) => b.label === trackLabels.cancel)).toHaveLength(1);

    const ask = await tapIn(teacherB, list.entries, trackLabels.cancel, number(2));
    expect(ask.text).toBe(trackTexts.askCancel(number(2)));
    const cancelled = await chat.tap(teacherB, trackLabels.cancelYes);
    expect(cancelled.text).toBe(trackTexts.cancelled(number(2)));
    const printer = (await listTickets(db(), DEFAULT_OFFICE_ID)).find((t) => t.seq === 2)!;
    expect(printer.status).toBe('cancelled');

    const stale = await tapIn(teacherB, list.entries, trackLabels.cancel, number(2));
    expect(stale.text).toBe(botMessages.buttonNoLongerValid);
  });

  it('a teacher of another school sees none of these tickets', async () => {
    const other = await registerTeacher('ครูต่างโรง', 'โนนสะอาด', 'บ้านโนนสะอาด');
    const list = await chat.say(other, 'ติดตามงานซ่อม');
    expect(list.text).toBe(trackTexts.none);
  });

  it('once resolved, the reporter confirms it works and a low rating with a comment reaches the group director', async () => {
    const ticket = (await listTickets(db(), DEFAULT_OFFICE_ID)).find((t) => t.seq === 1)!;
    // The office's side (another engineer's flow) stands in here through the repository.
    await service.database.db.transaction(async (tx) => {
      const accepted = await transitionTicket(tx, ticket.id, { expectedVersion: ticket.version, toStatus: 'accepted', actorId: null, action: 'accepted' }, clock);
      if (accepted === 'stale') throw new Error('stale');
      const resolved = await transitionTicket(
        tx,
        ticket.id,
        { expectedVersion: accepted.version, toStatus: 'resolved', actorId: null, action: 'resolved', patch: { resolution: 'เปลี่ยน LNB' } },
        clock,
      );
      if (resolved === 'stale') throw new Error('stale');
    });

    const list = await chat.say(teacherA, 'ติดตามงานซ่อม');
    expect(JSON.stringify(list.entries.map((e) => e.message))).toContain('ถัดไป: กรุณาตรวจสอบ แล้วยืนยันว่าใช้งานได้แล้ว');
    const confirmed = await tapIn(teacherA, list.entries, trackLabels.confirm, number(1));
    expect(confirmed.text).toContain(trackTexts.confirmed(number(1)));
    expect(confirmed.labels).toEqual([...trackLabels.scores]);
    expect((await getTicket(db(), DEFAULT_OFFICE_ID, ticket.id))?.status).toBe('confirmed');

    await chat.inbox(director); // only what arrives from here on
    const askComment = await chat.tap(teacherA, trackLabels.scores[1]);
    expect(askComment.text).toBe(trackTexts.askComment);
    const thanks = await chat.say(teacherA, 'ช่างมาช้า ต้องโทรตามหลายครั้ง');
    expect(thanks.text).toBe(trackTexts.thanksComment);

    const rated = await getTicket(db(), DEFAULT_OFFICE_ID, ticket.id);
    expect(rated).toMatchObject({ rating: 2, ratingComment: 'ช่างมาช้า ต้องโทรตามหลายครั้ง', status: 'confirmed' });
    const heard = await chat.inbox(director);
    expect(heard.text).toContain(number(1));
    expect(heard.text).toContain('คะแนน 2/5');
    expect(heard.text).toContain('ช่างมาช้า ต้องโทรตามหลายครั้ง');
    expect(heard.entries.every((e) => e.via === 'push')).toBe(true);

    // The rating is given once.
    const twice = await tapIn(teacherA, confirmed.entries, trackLabels.scores[4]);
    expect(twice.text).toBe(trackTexts.ratedAlready(2));
  });
});
