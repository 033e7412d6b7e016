import { randomBytes } from 'node:crypto';
import type { Executor } from '../../src/db/database.ts';
import { ensureDefaultCategories, listCategories } from '../../src/db/repos/repair-categories.ts';
import { REPAIR_REGISTER, TICKET_MEDIA_OWNER } from '../../src/db/repos/repair-tickets.ts';
import {
  actingAssignments,
  auditLog,
  conversations,
  holidays,
  inboxEvents,
  invitations,
  letterEvents,
  letterLoans,
  letterNotices,
  letters,
  mediaFiles,
  messageBudgetAlerts,
  officeSettings,
  outboxMessages,
  people,
  registerCounters,
  repairTicketEvents,
  repairTickets,
  schools,
} from '../../src/db/schema.ts';
import { DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID, upsertDefaultChannel } from '../../src/line/channels.ts';

/**
 * An office with a stretch of activity, written straight into the tables in bulk (fast enough for a year's worth):
 * schools, people of every role, repair tickets with their events and photos, letters of both registers with
 * events, notices, loans and attachments, the register counters, conversations in progress, inbox events, outbox
 * rows, audit lines, holidays, acting assignments, invitations, office settings and a budget alert — a row in
 * nearly every table, with Thai text, JSON, nulls and binary content, for the backup's round trip and its benchmark.
 *
 * Rows are made from a seeded generator: the same options give the same office.
 */

export interface OfficeYearOptions {
  schools: number;
  tickets: number;
  letters: number;
  /** One photo for every `photoEvery` tickets (0: none), of `photoBytes` random (incompressible, like a JPEG) bytes. */
  photoEvery?: number;
  photoBytes?: number;
  /** One PDF attachment for every `attachmentEvery` letters (0: none), of `attachmentBytes`. */
  attachmentEvery?: number;
  attachmentBytes?: number;
  /** Inbox events and outbox rows (a year's conversations leave many; the purge keeps 90 days). */
  events?: number;
  seed?: number;
  /** The year starts here. */
  start?: Date;
}

export interface OfficeYear {
  schools: number;
  people: number;
  tickets: number;
  letters: number;
  mediaBytes: number;
  admins: Array<{ id: number; lineUserId: string }>;
}

const DAY = 86_400_000;
const DISTRICTS = ['เมืองชัยภูมิ', 'ภูเขียว', 'แก้งคร้อ', 'คอนสาร', 'เกษตรสมบูรณ์', 'บ้านแท่น'];
const SUBJECTS = ['ขอความร่วมมือสำรวจข้อมูล', 'แจ้งกำหนดการประชุม', 'ขออนุมัติเดินทางไปราชการ', 'ส่งรายงานผลการดำเนินงาน', 'ประชาสัมพันธ์การอบรม'];
const FAULTS = ['ไม่มีสัญญาณ', 'จานดาวเทียมเอียง', 'เครื่องรับไม่ติด', 'จอภาพไม่แสดงผล', 'อินเทอร์เน็ตช้ามาก'];

function generator(seed: number) {
  let state = seed >>> 0 || 1;
  return {
    next(): number {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) / 4_294_967_296;
    },
    int(n: number): number {
      return Math.floor(this.next() * n);
    },
    pick<T>(list: readonly T[]): T {
      return list[this.int(list.length)]!;
    },
  };
}

async function insertMany<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>, batch = 500): Promise<void> {
  for (let i = 0; i < rows.length; i += batch) await insert(rows.slice(i, i + batch));
}

const userId = (n: number) => `U${n.toString(16).padStart(32, '0')}`;

export async function fillOfficeYear(ex: Executor, options: OfficeYearOptions): Promise<OfficeYear> {
  const rand = generator(options.seed ?? 2570);
  const start = options.start ?? new Date('2026-10-01T02:00:00Z');
  const at = (day: number, minutes = 0) => new Date(start.getTime() + day * DAY + minutes * 60_000);
  const officeId = DEFAULT_OFFICE_ID;
  const channelId = DEFAULT_CHANNEL_ID;
  await upsertDefaultChannel(ex, { officeName: 'สพป.ชัยภูมิ เขต 3', channelSecret: 'office-year-secret', channelAccessToken: 'office-year-token' });
  await ensureDefaultCategories(ex, officeId);
  const categories = await listCategories(ex, officeId);
  let users = 0;

  const schoolRows = Array.from({ length: options.schools }, (_, i) => ({
    officeId,
    name: `โรงเรียนบ้าน${['โนน', 'หนอง', 'ดอน', 'โคก'][i % 4]}ทดสอบ ${i + 1}`,
    smisCode: String(36_030_000 + i),
    obecCode: String(360_000 + i),
    moeCode: null,
    district: DISTRICTS[i % DISTRICTS.length]!,
    cluster: `เครือข่าย ${(i % 12) + 1}`,
    address: i % 3 === 0 ? null : `หมู่ ${(i % 9) + 1} ตำบลทดสอบ`,
    createdAt: start,
    updatedAt: start,
  }));
  const schoolIds: number[] = [];
  await insertMany(schoolRows, async (batch) => {
    for (const row of await ex.insert(schools).values(batch).returning({ id: schools.id })) schoolIds.push(row.id);
  });

  const person = (fullName: string, role: string, schoolId: number | null, status = 'active') => {
    users += 1;
    return {
      officeId,
      channelId,
      lineUserId: status === 'deleted' ? null : userId(users),
      lineDisplayName: status === 'deleted' ? null : `LINE ${users}`,
      fullName,
      phone: status === 'deleted' ? null : `08${String(10_000_000 + users).slice(-8)}`,
      role,
      schoolId,
      status,
      consentAt: start,
      richMenuFamily: role,
      createdAt: start,
      updatedAt: start,
    };
  };
  const peopleRows = [
    ...schoolIds.map((id, i) => person(`ครูทดสอบ ${i + 1}`, 'teacher', id, i % 50 === 7 ? 'inactive' : 'active')),
    ...schoolIds.filter((_, i) => i % 2 === 0).map((id, i) => person(`ผอ.โรงเรียน ${i + 1}`, 'school_director', id)),
    ...Array.from({ length: 4 }, (_, i) => person(`นายช่าง ${i + 1}`, 'technician', null)),
    ...Array.from({ length: 2 }, (_, i) => person(`ธุรการ ${i + 1}`, 'saraban_clerk', null)),
    person('ผอ.กลุ่ม ทดสอบ', 'group_director', null),
    person('ผอ.สพป. ทดสอบ', 'area_director', null),
    person('รอง ผอ.สพป. ทดสอบ', 'deputy_director', null),
    person('ผู้ดูแลระบบ ทดสอบ', 'admin', null),
    person('ผู้ใช้ที่ลบแล้ว', 'teacher', schoolIds[0] ?? null, 'deleted'),
  ];
  const inserted: Array<{ id: number; role: string; schoolId: number | null; lineUserId: string | null }> = [];
  await insertMany(peopleRows, async (batch) => {
    inserted.push(...(await ex.insert(people).values(batch).returning({ id: people.id, role: people.role, schoolId: people.schoolId, lineUserId: people.lineUserId })));
  });
  const ofRole = (role: string) => inserted.filter((p) => p.role === role);
  const teachers = ofRole('teacher');
  const technicians = ofRole('technician');
  const clerks = ofRole('saraban_clerk');
  const groupDirector = ofRole('group_director')[0]!;
  const areaDirector = ofRole('area_director')[0]!;
  const deputy = ofRole('deputy_director')[0]!;
  const admin = ofRole('admin')[0]!;

  // Repair tickets over the fiscal year, most closed, some open; their events and photos.
  const statuses = ['closed', 'closed', 'closed', 'confirmed', 'resolved', 'accepted', 'waiting', 'new'] as const;
  const ticketRows = Array.from({ length: options.tickets }, (_, i) => {
    const day = Math.floor((i / Math.max(1, options.tickets)) * 364);
    const reporter = teachers[rand.int(teachers.length)]!;
    const status = rand.pick(statuses);
    const created = at(day, rand.int(480));
    const done = status !== 'new';
    return {
      officeId,
      fiscalYear: 2570,
      seq: i + 1,
      schoolId: reporter.schoolId!,
      reporterId: reporter.id,
      categoryId: rand.pick(categories).id,
      description: `${rand.pick(FAULTS)} ห้อง ${1 + rand.int(6)}`,
      classroom: rand.int(3) === 0 ? null : `ป.${1 + rand.int(6)}`,
      teachingStopped: rand.int(4) === 0,
      priority: rand.int(4) === 0 ? 'urgent' : 'normal',
      status,
      version: done ? 3 : 1,
      assigneeId: done ? rand.pick(technicians).id : null,
      visitAt: done ? at(day + 1, 60) : null,
      waitingReason: status === 'waiting' ? 'รออะไหล่' : null,
      waitingSince: status === 'waiting' ? at(day + 1) : null,
      pausedOfficeMinutes: status === 'waiting' ? 120 : 0,
      acceptDueAt: at(day, 240),
      resolveDueAt: at(day + 3),
      acceptedAt: done ? at(day, 60) : null,
      resolvedAt: ['resolved', 'confirmed', 'closed'].includes(status) ? at(day + 2) : null,
      confirmedAt: ['confirmed', 'closed'].includes(status) ? at(day + 3) : null,
      closedAt: status === 'closed' ? at(day + 3, 30) : null,
      resolution: ['resolved', 'confirmed', 'closed'].includes(status) ? 'ปรับจานและเปลี่ยนหัว LNB' : null,
      partsUsed: rand.int(3) === 0 ? 'LNB 1 ตัว' : null,
      rating: status === 'closed' ? 1 + rand.int(5) : null,
      ratingComment: null,
      createdAt: created,
      updatedAt: created,
    };
  });
  const ticketIds: number[] = [];
  await insertMany(ticketRows, async (batch) => {
    for (const row of await ex.insert(repairTickets).values(batch).returning({ id: repairTickets.id })) ticketIds.push(row.id);
  });
  const ticketEvents = ticketIds.flatMap((ticketId, i) => {
    const row = ticketRows[i]!;
    type TicketEvent = { ticketId: number; officeId: string; actorId: number | null; action: string; fromStatus: string | null; toStatus: string | null; note: string | null; data: object; at: Date };
    const events: TicketEvent[] = [{ ticketId, officeId, actorId: row.reporterId, action: 'created', fromStatus: null, toStatus: 'new', note: null, data: {}, at: row.createdAt }];
    if (row.assigneeId) events.push({ ticketId, officeId, actorId: row.assigneeId, action: 'accepted', fromStatus: 'new', toStatus: 'accepted', note: 'รับงาน', data: {}, at: row.acceptedAt! });
    if (row.closedAt) events.push({ ticketId, officeId, actorId: null, action: 'closed', fromStatus: 'confirmed', toStatus: 'closed', note: null, data: {}, at: row.closedAt });
    return events;
  });
  await insertMany(ticketEvents, (batch) => ex.insert(repairTicketEvents).values(batch));

  let mediaBytes = 0;
  let lineMessage = 0;
  const media = (ownerType: string, ownerId: number, purpose: string, contentType: string, bytes: number, fileName: string | null, uploadedBy: number, createdAt: Date) => {
    lineMessage += 1;
    mediaBytes += bytes;
    return { officeId, ownerType, ownerId, purpose, lineMessageId: String(470_000_000_000_000 + lineMessage), uploadedBy, contentType, fileName, sizeBytes: bytes, createdAt };
  };
  // The bytes are made batch by batch (a year's photos would not fit in memory at once).
  const insertMedia = (rows: Array<ReturnType<typeof media>>) =>
    insertMany(rows, (batch) => ex.insert(mediaFiles).values(batch.map((m) => ({ ...m, content: randomBytes(m.sizeBytes) }))), 20);
  const photoEvery = options.photoEvery ?? 0;
  if (photoEvery > 0) {
    const photos = ticketIds
      .filter((_, i) => i % photoEvery === 0)
      .map((ticketId, k) => {
        const row = ticketRows[k * photoEvery]!;
        return media(TICKET_MEDIA_OWNER, ticketId, 'report', 'image/jpeg', options.photoBytes ?? 150_000, null, row.reporterId, row.createdAt);
      });
    await insertMedia(photos);
  }

  // Letters of both registers, numbered per calendar year, with their events, notices, loans and attachments.
  const numbers = new Map<string, number>();
  const letterRows = Array.from({ length: options.letters }, (_, i) => {
    const day = Math.floor((i / Math.max(1, options.letters)) * 364);
    const registeredAt = at(day, rand.int(480));
    const register = i % 4 === 3 ? 'send' : 'receive';
    const year = new Date(registeredAt.getTime() + 7 * 3_600_000).getUTCFullYear() + 543;
    const key = `${register}:${year}`;
    const number = (numbers.get(key) ?? 0) + 1;
    numbers.set(key, number);
    const secrecy = i % 97 === 0 ? 'secret' : 'none';
    const decided = register === 'receive' && i % 3 === 0;
    const clerk = rand.pick(clerks);
    return {
      officeId,
      register,
      year,
      number,
      docNo: i % 11 === 0 ? null : `ศธ 04${String(1000 + rand.int(9000))}/ว${1 + rand.int(900)}`,
      docDate: registeredAt.toISOString().slice(0, 10),
      fromName: register === 'receive' ? rand.pick(['สพฐ.', 'สพป.ชัยภูมิ เขต 1', 'จังหวัดชัยภูมิ']) : null,
      toName: register === 'receive' ? 'ผอ.สพป.ชัยภูมิ เขต 3' : rand.pick(['ผอ.โรงเรียนในสังกัด', 'สพฐ.']),
      subject: rand.pick(SUBJECTS),
      kind: rand.pick(['external', 'internal', 'stamped', 'order']),
      urgency: rand.pick(['normal', 'normal', 'urgent', 'very_urgent', 'most_urgent']),
      actBy: i % 5 === 0 ? at(day + 7).toISOString().slice(0, 10) : null,
      secrecy,
      status: register === 'send' ? 'sent' : decided ? 'decided' : 'registered',
      registeredAt,
      registeredBy: clerk.id,
      assignedBy: decided ? groupDirector.id : null,
      assigneeId: decided ? clerk.id : null,
      instruction: decided ? 'ดำเนินการตามระเบียบ' : null,
      assignedAt: decided ? at(day, 600) : null,
      acknowledgedAt: decided ? at(day, 620) : null,
      proposedBy: decided ? clerk.id : null,
      proposedTo: decided ? areaDirector.id : null,
      proposalAsk: decided ? 'approve' : null,
      proposalNote: null,
      proposedAt: decided ? at(day + 1) : null,
      decision: decided ? 'approve' : null,
      decisionText: null,
      decidedBy: decided ? (i % 2 === 0 ? areaDirector.id : deputy.id) : null,
      decidedActing: decided && i % 2 !== 0 ? 'acting_for' : null,
      decidedAt: decided ? at(day + 1, 120) : null,
      remarks: i % 13 === 0 ? 'สำเนาแจ้งโรงเรียน' : null,
      cancelledAt: null,
      cancelledBy: null,
      cancelReason: null,
      createdAt: registeredAt,
      updatedAt: registeredAt,
    };
  });
  const letterIds: number[] = [];
  await insertMany(letterRows, async (batch) => {
    for (const row of await ex.insert(letters).values(batch).returning({ id: letters.id })) letterIds.push(row.id);
  });
  for (const [key, lastValue] of numbers) {
    const [register, year] = key.split(':');
    await ex.insert(registerCounters).values({ officeId, register: register!, year: Number(year), lastValue });
  }
  await ex.insert(registerCounters).values({ officeId, register: REPAIR_REGISTER, year: 2570, lastValue: options.tickets });
  const letterEventRows = letterIds.flatMap((letterId, i) => {
    const row = letterRows[i]!;
    const events: Array<{ letterId: number; officeId: string; actorId: number | null; action: string; data: object; at: Date }> = [
      { letterId, officeId, actorId: row.registeredBy, action: 'registered', data: { number: row.number }, at: row.registeredAt },
    ];
    if (row.decidedAt) events.push({ letterId, officeId, actorId: row.decidedBy, action: 'decided', data: { decision: 'approve' }, at: row.decidedAt });
    return events;
  });
  await insertMany(letterEventRows, (batch) => ex.insert(letterEvents).values(batch));
  const notices = letterIds
    .filter((_, i) => letterRows[i]!.register === 'receive')
    .map((letterId, k) => ({ letterId, personId: groupDirector.id, officeId, kind: 'new', createdAt: start, deliveredAt: k % 10 === 0 ? null : start, deliveredVia: k % 10 === 0 ? null : 'digest' }));
  await insertMany(notices, (batch) => ex.insert(letterNotices).values(batch));
  const loans = letterIds.slice(0, Math.min(20, letterIds.length)).map((letterId, i) => ({
    officeId,
    letterId,
    borrowerName: `ผู้ยืม ${i + 1}`,
    borrowerId: i % 2 === 0 ? admin.id : null,
    purpose: 'ใช้ประกอบการประชุม',
    lentBy: clerks[0]!.id,
    lentAt: at(i),
    dueDate: at(i + 7).toISOString().slice(0, 10),
    returnedAt: i % 3 === 0 ? null : at(i + 5),
    returnedBy: i % 3 === 0 ? null : `ผู้ยืม ${i + 1}`,
    receivedBy: i % 3 === 0 ? null : clerks[0]!.id,
  }));
  if (loans.length > 0) await ex.insert(letterLoans).values(loans);
  const attachmentEvery = options.attachmentEvery ?? 0;
  if (attachmentEvery > 0) {
    const attachments = letterIds
      .filter((_, i) => i % attachmentEvery === 0 && letterRows[i]!.secrecy === 'none')
      .map((letterId) => {
        const row = letterRows[letterIds.indexOf(letterId)]!;
        return media('letter', letterId, 'attachment', 'application/pdf', options.attachmentBytes ?? 200_000, `หนังสือ ${row.number}-${row.year}.pdf`, row.registeredBy, row.registeredAt);
      });
    await insertMedia(attachments);
  }

  // The foundation's tables: chats in progress, events in and messages out, the audit trail, settings.
  const chatting = inserted.filter((p) => p.lineUserId).slice(0, 25);
  await ex.insert(conversations).values(
    chatting.map((p, i) => ({
      channelId,
      officeId,
      userId: p.lineUserId!,
      flow: i % 2 === 0 ? 'repair-report' : 'saraban-register',
      step: 'askDescription',
      version: 1,
      data: { kind: 'dltv', photos: [], note: `ร่าง ${i} "quoted" \\ backslash\ttab` },
      updatedAt: at(360),
      expiresAt: at(360, 30),
    })),
  );
  const events = options.events ?? 200;
  const inboxRows = Array.from({ length: events }, (_, i) => {
    const who = rand.pick(chatting);
    return {
      webhookEventId: `01J${String(i).padStart(23, '0')}`,
      channelId,
      officeId,
      chatKey: who.lineUserId!,
      eventType: 'message',
      mode: 'active',
      eventTimestamp: at(300 + Math.floor(i / 20), i % 600),
      payload: { type: 'message', message: { type: 'text', id: String(i), text: `ข้อความที่ ${i}` }, source: { type: 'user', userId: who.lineUserId } },
      receivedAt: at(300 + Math.floor(i / 20), i % 600),
      status: i % 50 === 49 ? 'parked' : 'done',
      attempts: i % 50 === 49 ? 5 : 1,
      lastError: i % 50 === 49 ? 'simulated failure' : null,
      handledAt: at(300 + Math.floor(i / 20), i % 600),
    };
  });
  await insertMany(inboxRows, (batch) => ex.insert(inboxEvents).values(batch));
  const outboxRows = inboxRows.map((event, i) => ({
    channelId,
    officeId,
    toUserId: event.chatKey,
    messages: [{ type: 'text', text: `ตอบข้อความที่ ${i} ค่ะ` }],
    sourceEventId: event.webhookEventId,
    status: i % 40 === 39 ? 'failed' : 'sent',
    sentVia: i % 5 === 0 ? 'push' : 'reply',
    attempts: 1,
    lastError: i % 40 === 39 ? 'LINE 400: invalid reply token' : null,
    createdAt: event.receivedAt,
    sentAt: i % 40 === 39 ? null : event.receivedAt,
  }));
  await insertMany(outboxRows, (batch) => ex.insert(outboxMessages).values(batch));
  await ex.insert(auditLog).values(
    Array.from({ length: 30 }, (_, i) => ({
      officeId,
      actorId: admin.id,
      action: i % 2 === 0 ? 'role_changed' : 'invitation_created',
      subjectType: 'person',
      subjectId: String(inserted[i % inserted.length]!.id),
      details: { from: 'teacher', to: 'technician', i },
      at: at(i * 10),
    })),
  );
  await ex.insert(invitations).values([
    { officeId, codeHash: 'a'.repeat(64), role: 'technician', schoolId: null, createdBy: admin.id, expiresAt: at(7), usedAt: at(1), usedBy: technicians[0]!.id, createdAt: start },
    { officeId, codeHash: 'b'.repeat(64), role: 'school_director', schoolId: schoolIds[0] ?? null, createdBy: admin.id, expiresAt: at(370), createdAt: at(363) },
  ]);
  await ex.insert(holidays).values([
    { officeId, date: '2026-10-13', name: 'วันคล้ายวันสวรรคต ร.9' },
    { officeId, date: '2026-10-23', name: 'วันปิยมหาราช' },
    { officeId, date: '2026-12-05', name: 'วันพ่อแห่งชาติ' },
  ]);
  await ex.insert(actingAssignments).values({ officeId, principalId: areaDirector.id, actingId: deputy.id, kind: 'acting_for', startsOn: '2027-01-10', endsOn: '2027-01-14', createdBy: areaDirector.id, createdAt: at(100) });
  await ex.insert(officeSettings).values({ officeId, settings: { digestTime: '08:00', repair: { routing: 'district' } }, updatedAt: start }).onConflictDoNothing();
  await ex.insert(messageBudgetAlerts).values({ channelId, month: '2027-03', level: 80, used: 240, budget: 300, raisedAt: at(160) });

  return {
    schools: schoolIds.length,
    people: inserted.length,
    tickets: ticketIds.length,
    letters: letterIds.length,
    mediaBytes,
    admins: [{ id: admin.id, lineUserId: admin.lineUserId! }],
  };
}
