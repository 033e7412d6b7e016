import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '../../src/app.ts';
import { getMediaContent, listMedia } from '../../src/db/repos/media.ts';
import { findPersonByLineUser } from '../../src/db/repos/people.ts';
import { listCategories } from '../../src/db/repos/repair-categories.ts';
import { createTicket, getTicket, TICKET_MEDIA_OWNER, ticketTimeline } from '../../src/db/repos/repair-tickets.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import { issueInvitation } from '../../src/flows/directory/issue-invitation.ts';
import { registrationLabels } from '../../src/flows/registration/messages.ts';
import { alertNewTicket } from '../../src/flows/repair-work/notify.ts';
import { repairWorkLabels as L, repairWorkTexts as T } from '../../src/flows/repair-work/messages.ts';
import { DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { MENU_COMMANDS } from '../../src/line/rich-menus/commands.ts';
import { chatDriver, loadDemoSchools } from '../support/chat.ts';
import { startTestService, type ConversationEntry } from '../support/service.ts';

// Later than the machine's clock: the inbox takes events whose time has come by the service's clock.
const now = bangkokTime('2027-03-01', '10:00');
let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
let teacher = '';
let technician = '';

function dataOf(entries: ConversationEntry[], label: string): string {
  const found: Array<{ label: string; data: string }> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === 'postback' && typeof record.data === 'string') found.push({ label: String(record.label ?? ''), data: record.data });
    Object.values(record).forEach(walk);
  };
  entries.forEach((e) => walk(e.message));
  const hit = found.find((a) => a.label === label);
  if (!hit) throw new Error(`no "${label}" in ${JSON.stringify(found.map((a) => a.label))}`);
  return hit.data;
}

async function tapData(userId: string, data: string) {
  await chat.emulator.tap(userId, data);
  await chat.settle();
  return chat.inbox(userId);
}

beforeAll(async () => {
  service = await startTestService({}, { now: () => now });
  chat = chatDriver(service);
  await loadDemoSchools(service);
  teacher = await chat.newUser('ครูสมศรี ใจดี');
  await chat.follow(teacher);
  await chat.tap(teacher, registrationLabels.consentYes);
  await chat.tap(teacher, registrationLabels.asTeacher);
  await chat.say(teacher, 'หนองบัวทอง');
  await chat.tap(teacher, 'บ้านหนองบัวทอง');
  await chat.say(teacher, 'สมศรี ใจดี');
  await chat.say(teacher, '0812345678');

  const { code } = await issueInvitation(service.database.db, { officeId: DEFAULT_OFFICE_ID, role: 'technician', schoolId: null, createdBy: null, now });
  technician = await chat.newUser('ช่างหนึ่ง');
  await chat.follow(technician);
  await chat.tap(technician, registrationLabels.consentYes);
  await chat.tap(technician, registrationLabels.haveInvitation);
  await chat.say(technician, code);
  await chat.say(technician, 'ช่างหนึ่ง ตั้งใจ');
  await chat.say(technician, '0898765432');
  await chat.inbox(technician);
});
afterAll(async () => service.stop());

describe('resolving a ticket with a photo', () => {
  it('the picture the technician sends while resolving is downloaded from LINE and kept on the ticket as its resolution photo', async () => {
    const reporter = (await findPersonByLineUser(service.database.db, DEFAULT_CHANNEL_ID, teacher))!;
    const [category] = await listCategories(service.database.db, DEFAULT_OFFICE_ID, { groupCode: 'dltv' });
    const ticket = await service.database.db.transaction(async (tx) => {
      const t = await createTicket(tx, { officeId: DEFAULT_OFFICE_ID, schoolId: reporter.schoolId!, reporterId: reporter.id, categoryId: category!.id, description: 'จานดาวเทียมเอียง', teachingStopped: true }, now);
      await alertNewTicket(tx, DEFAULT_OFFICE_ID, t.id, now);
      return t;
    });
    await chat.settle();
    const alert = await chat.inbox(technician);
    expect((await tapData(technician, dataOf(alert.entries, L.accept))).text).toContain(T.accepted(ticket.number));

    const mine = await chat.say(technician, MENU_COMMANDS.myJobs);
    expect((await tapData(technician, dataOf(mine.entries, L.resolve))).text).toContain(T.askResolution);
    await chat.say(technician, 'ปรับมุมจานและเปลี่ยนหัว LNB');
    const photoQuestion = await chat.say(technician, 'LNB 1 ตัว');
    expect(photoQuestion.text).toContain(T.askPhoto);
    // The question offers the camera and the album, as the teacher's report does.
    const offered = JSON.stringify(photoQuestion.entries.map((entry) => entry.message.quickReply ?? null));
    expect(offered).toContain('"type":"camera"');
    expect(offered).toContain('"type":"cameraRoll"');

    const picture = Buffer.from('after the repair: the dish points south again');
    await chat.emulator.call('POST', `/users/${technician}/messages`, { type: 'image', contentBase64: picture.toString('base64'), contentType: 'image/png' });
    await chat.settle();
    expect((await chat.inbox(technician)).text).toContain(T.resolved(ticket.number));

    expect(await getTicket(service.database.db, DEFAULT_OFFICE_ID, ticket.id)).toMatchObject({ status: 'resolved', resolution: 'ปรับมุมจานและเปลี่ยนหัว LNB', partsUsed: 'LNB 1 ตัว' });
    const media = await listMedia(service.database.db, TICKET_MEDIA_OWNER, ticket.id);
    expect(media).toHaveLength(1);
    expect(media[0]).toMatchObject({ purpose: 'resolution', contentType: 'image/png', uploadedBy: (await findPersonByLineUser(service.database.db, DEFAULT_CHANNEL_ID, technician))!.id });
    const kept = await getMediaContent(service.database.db, DEFAULT_OFFICE_ID, media[0]!.id);
    expect(kept?.content.equals(picture)).toBe(true);
    const resolved = (await ticketTimeline(service.database.db, ticket.id)).find((e) => e.action === 'resolved');
    expect(resolved?.data).toEqual({ mediaIds: [media[0]!.id] });
  });
});
