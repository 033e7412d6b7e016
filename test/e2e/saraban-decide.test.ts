import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '../../src/app.ts';
import { upsertHolidays } from '../../src/db/repos/holidays.ts';
import { getLetter, listLetterEvents, registerLetter, updateLetter } from '../../src/db/repos/letters.ts';
import { registerActionText } from '../../src/domain/saraban/decisions.ts';
import type { Secrecy, Urgency } from '../../src/domain/saraban/letter.ts';
import { leaksSecret, type Letter } from '../../src/domain/saraban/view.ts';
import { proposeAction } from '../../src/flows/saraban-decide/actions.ts';
import { runActByReminders, runDecisionReminders } from '../../src/flows/saraban-decide/jobs.ts';
import { decideLabels as L, decideTexts as T } from '../../src/flows/saraban-decide/messages.ts';
import { DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID, findChannel } from '../../src/line/channels.ts';
import { encodeSealedPostback } from '../../src/line/postback.ts';
import { MENU_COMMANDS } from '../../src/line/rich-menus/commands.ts';
import { actionsIn, chatDriver, dataOf, loadDemoSchools } from '../support/chat.ts';
import { startTestService } from '../support/service.ts';
import { testClock } from '../support/test-clock.ts';

// Monday 1 March 2027 (later than the machine's clock: the inbox takes events whose time has come).
const clock = testClock('2027-03-01', '09:00');
const setClock = clock.set;
const now = clock.now;

let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
let secret = '';
const u = { clerk: '', officer: '', group: '', director: '', deputy1: '', deputy2: '' };
const id = { clerk: 0, officer: 0, group: 0, director: 0, deputy1: 0, deputy2: 0 };
const NAMES = {
  clerk: 'ธุรการ ขยันยิ่ง',
  officer: 'นักวิชาการ ตั้งใจ',
  group: 'ผอ.กลุ่ม ดูแลดี',
  director: 'นายใหญ่ ใจดี',
  deputy1: 'นายรอง หนึ่ง',
  deputy2: 'นางรอง สอง',
};

/** A received letter already assigned to the officer and acknowledged (routing is another flow's). */
async function acknowledgedLetter(subject: string, options: { secrecy?: Secrecy; urgency?: Urgency; actBy?: string | null } = {}): Promise<Letter> {
  const db = service.database.db;
  return db.transaction(async (tx) => {
    const letter = await registerLetter(
      tx,
      {
        officeId: DEFAULT_OFFICE_ID,
        register: 'receive',
        docNo: 'ศธ 04001/ว999',
        docDate: '2027-02-25',
        fromName: 'สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน',
        toName: 'ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาทดสอบ',
        subject,
        kind: 'external',
        urgency: options.urgency ?? 'normal',
        actBy: options.actBy ?? null,
        secrecy: options.secrecy ?? 'none',
        registeredBy: id.clerk,
        mediaIds: [],
      },
      now(),
    );
    await updateLetter(tx, DEFAULT_OFFICE_ID, letter.id, letter.version, { status: 'acknowledged', assignedBy: id.group, assigneeId: id.officer, assignedAt: now(), acknowledgedAt: now() }, now());
    return (await getLetter(tx, DEFAULT_OFFICE_ID, letter.id))!;
  });
}

const letterNow = async (letterId: number) => (await getLetter(service.database.db, DEFAULT_OFFICE_ID, letterId))!;

/** The officer's เสนอ button (the routing flow's "หนังสือของฉัน" carries the same data). */
async function propose(letter: Letter, directorName: string, askLabel: string, note: string | null) {
  await chat.tapData(u.officer, encodeSealedPostback(proposeAction, { l: letter.id, v: letter.version }, secret));
  await chat.tap(u.officer, directorName);
  await chat.tap(u.officer, askLabel);
  return note === null ? chat.tap(u.officer, L.none) : chat.say(u.officer, note);
}

async function drainInboxes() {
  for (const userId of Object.values(u)) await chat.inbox(userId);
}

beforeAll(async () => {
  service = await startTestService({}, { now });
  chat = chatDriver(service);
  await loadDemoSchools(service);
  await upsertHolidays(service.database.db, DEFAULT_OFFICE_ID, [{ date: '2027-03-10', name: 'วันหยุดราชการ' }]);
  secret = (await findChannel(service.database.db, DEFAULT_CHANNEL_ID))!.channelSecret;
  u.clerk = await chat.registerInvited(NAMES.clerk, 'saraban_clerk', now());
  u.officer = await chat.registerInvited(NAMES.officer, 'technician', now());
  u.group = await chat.registerInvited(NAMES.group, 'group_director', now());
  u.director = await chat.registerInvited(NAMES.director, 'area_director', now());
  u.deputy1 = await chat.registerInvited(NAMES.deputy1, 'deputy_director', now());
  u.deputy2 = await chat.registerInvited(NAMES.deputy2, 'deputy_director', now());
  for (const key of Object.keys(u) as Array<keyof typeof u>) id[key] = (await chat.personOf(u[key])).id;
  await drainInboxes();
}, 120_000);
afterAll(async () => service.stop());

describe('proposals and decisions through the chat', () => {
  let letterA: Letter;
  let approveData = '';

  it('the officer proposes (director, what is asked, note); the director gets the card with the six decisions', async () => {
    setClock('2027-03-01', '09:30');
    letterA = await acknowledgedLetter('ขอความร่วมมือสำรวจอุปกรณ์ DLTV');
    const done = await propose(letterA, NAMES.director, 'อนุมัติ', 'เห็นควรอนุมัติ');
    expect(done.text).toContain(T.proposed(`รับที่ ${letterA.number}/2570 เรื่อง ขอความร่วมมือสำรวจอุปกรณ์ DLTV`, NAMES.director, 'approve'));
    const after = await letterNow(letterA.id);
    expect(after).toMatchObject({ status: 'proposed', proposedToId: id.director, proposalAsk: 'approve', proposalNote: 'เห็นควรอนุมัติ' });
    expect((await listLetterEvents(service.database.db, letterA.id)).map((e) => e.action)).toContain('proposed');

    const card = await chat.inbox(u.director);
    expect(card.entries.map((e) => e.via)).toEqual(['push']);
    expect(card.text).toContain('ขอความร่วมมือสำรวจอุปกรณ์ DLTV');
    const quick = (card.entries[0]!.message.quickReply as { items: Array<{ action: { label: string } }> }).items.map((i) => i.action.label);
    expect(quick).toEqual(['ทราบ', 'อนุมัติ', 'เห็นชอบ', 'ไม่อนุมัติ', 'ส่งคืนแก้ไข', 'สั่งการ']);
    approveData = dataOf(card.entries, 'อนุมัติ');
    // Nobody else hears of it.
    expect((await chat.inbox(u.deputy1)).entries).toHaveLength(0);

    // The director's own list shows it; the group director's same menu text is not this flow's.
    const pending = await chat.say(u.director, MENU_COMMANDS.pendingLetters);
    expect(pending.text).toContain(T.pendingIntro(1));
    expect(actionsIn(pending.entries).map((a) => a.label)).toContain('ไม่อนุมัติ');
  });

  it('the director approves with a quick reply; the officer and the clerk are told; the register shows it', async () => {
    setClock('2027-03-01', '10:00');
    const answer = await chat.tapData(u.director, approveData);
    expect(answer.text).toContain(`${NAMES.director} (ผอ.สพป.) อนุมัติ`);
    const decided = await letterNow(letterA.id);
    expect(decided).toMatchObject({ status: 'decided', decision: 'approved', decidedById: id.director, decidedActing: null });
    expect((await chat.inbox(u.officer)).text).toContain(`${NAMES.director} (ผอ.สพป.) อนุมัติ แล้วค่ะ`);
    expect((await chat.inbox(u.clerk)).text).toContain('แจ้งผลการพิจารณา');
    expect(registerActionText(decided, { proposedTo: 'area_director', decidedBy: 'area_director' })).toBe('ผอ.สพป. อนุมัติ 1 มี.ค. 2570');
  });

  it('a second tap by the director, and a tap by another director, are told who decided what and when, and change nothing', async () => {
    setClock('2027-03-01', '10:05');
    const before = await letterNow(letterA.id);
    const told = T.alreadyDecided(`รับที่ ${letterA.number}/2570 เรื่อง ขอความร่วมมือสำรวจอุปกรณ์ DLTV`, `${NAMES.director} (ผอ.สพป.)`, 'อนุมัติ', before.decidedAt!);
    expect((await chat.tapData(u.director, approveData)).text).toBe(told);
    expect((await chat.tapData(u.deputy2, approveData)).text).toBe(told);
    const after = await letterNow(letterA.id);
    expect(after.version).toBe(before.version);
    expect((await listLetterEvents(service.database.db, letterA.id)).filter((e) => e.action === 'decided')).toHaveLength(1);
    expect((await chat.inbox(u.officer)).entries).toHaveLength(0);
  });

  it('the area director sets an acting deputy with date pickers; the deputy decides as acting and it is recorded so', async () => {
    setClock('2027-03-02', '09:00');
    const list = await chat.say(u.director, 'ผู้ทำการแทน');
    expect(list.text).toContain('ยังไม่มีผู้ทำการแทน');
    await chat.tap(u.director, L.actingNew);
    await chat.tap(u.director, NAMES.director);
    await chat.tap(u.director, NAMES.deputy1);
    const from = await chat.tap(u.director, 'ปฏิบัติราชการแทน');
    const fromPicker = actionsIn(from.entries).find((a) => a.label === L.actingFrom)!;
    expect(fromPicker.type).toBe('datetimepicker');
    await chat.emulator.tap(u.director, fromPicker.data, { date: '2027-03-02' });
    await chat.settle();
    const toAsk = await chat.inbox(u.director);
    const toPicker = actionsIn(toAsk.entries).find((a) => a.label === L.actingTo)!;
    await chat.emulator.tap(u.director, toPicker.data, { date: '2027-03-05' });
    await chat.settle();
    expect((await chat.inbox(u.director)).text).toContain(T.actingSet(NAMES.deputy1, 'on_behalf', NAMES.director, '2027-03-02', '2027-03-05'));
    expect((await chat.inbox(u.deputy1)).text).toContain('ปฏิบัติราชการแทน');

    const letterB = await acknowledgedLetter('ขออนุมัติจัดซื้อครุภัณฑ์คอมพิวเตอร์');
    await propose(letterB, NAMES.director, 'เห็นชอบ', null);
    const principalCard = await chat.inbox(u.director);
    const actingCard = await chat.inbox(u.deputy1);
    expect(principalCard.entries).toHaveLength(1);
    expect(actingCard.text).toContain('ขออนุมัติจัดซื้อครุภัณฑ์คอมพิวเตอร์');
    expect(JSON.stringify(actingCard.entries)).toContain(T.asActing('on_behalf', NAMES.director));

    const answer = await chat.tapIn(u.deputy1, actingCard.entries, 'เห็นชอบ');
    expect(answer.text).toContain(`${NAMES.deputy1} ปฏิบัติราชการแทน ผอ.สพป. เห็นชอบ`);
    const decided = await letterNow(letterB.id);
    expect(decided).toMatchObject({ status: 'decided', decision: 'endorsed', decidedById: id.deputy1, decidedActing: 'on_behalf' });
    expect(registerActionText(decided, { proposedTo: 'area_director', decidedBy: 'deputy_director' })).toBe(`${NAMES.deputy1} ปฏิบัติราชการแทน ผอ.สพป. เห็นชอบ 2 มี.ค. 2570`);
    expect((await chat.inbox(u.officer)).text).toContain(`${NAMES.deputy1} ปฏิบัติราชการแทน ผอ.สพป. เห็นชอบ`);
    expect((await chat.inbox(u.director)).text).toContain('ที่เสนอท่าน');
    // The director's own card, tapped later, tells who decided.
    expect((await chat.tapIn(u.director, principalCard.entries, 'อนุมัติ')).text).toContain(`${NAMES.deputy1} ปฏิบัติราชการแทน ผอ.สพป. เห็นชอบ`);
    // Another deputy, who acts for nobody, was never offered it and cannot decide.
    expect((await chat.inbox(u.deputy2)).entries).toHaveLength(0);
  });

  it('the director and the deputy acting for them tap at once: one decision, the other is told who decided', async () => {
    setClock('2027-03-02', '10:00');
    const letter = await acknowledgedLetter('เชิญประชุมผู้บริหาร');
    await propose(letter, NAMES.director, 'ทราบ', null);
    const mine = await chat.inbox(u.director);
    const theirs = await chat.inbox(u.deputy1);
    await Promise.all([chat.emulator.tap(u.director, dataOf(mine.entries, 'ทราบ')), chat.emulator.tap(u.deputy1, dataOf(theirs.entries, 'ไม่อนุมัติ'))]);
    await chat.settle();
    const decided = await letterNow(letter.id);
    expect(['acknowledged', 'rejected']).toContain(decided.decision);
    expect((await listLetterEvents(service.database.db, letter.id)).filter((e) => e.action === 'decided')).toHaveLength(1);
    const loser = decided.decision === 'acknowledged' ? u.deputy1 : u.director;
    expect((await chat.inbox(loser)).text).toContain('พิจารณาแล้วค่ะ');
    await drainInboxes();
  });

  it('ส่งคืนแก้ไข with a note sends it back to the officer, who proposes again; สั่งการ takes the typed order', async () => {
    setClock('2027-03-03', '09:00');
    const letterC = await acknowledgedLetter('รายงานผลการใช้งานระบบ DLIT');
    await propose(letterC, NAMES.director, 'พิจารณา', null);
    const card = await chat.inbox(u.director);
    await chat.inbox(u.deputy1);
    const ask = await chat.tapIn(u.director, card.entries, 'ส่งคืนแก้ไข');
    expect(ask.text).toContain(T.askReturnNote);
    await chat.say(u.director, 'ขอตัวเลขรายโรงเรียนเพิ่มเติม');
    const returned = await letterNow(letterC.id);
    expect(returned).toMatchObject({ status: 'returned', decision: 'returned', decisionText: 'ขอตัวเลขรายโรงเรียนเพิ่มเติม' });
    const back = await chat.inbox(u.officer);
    expect(back.text).toContain('ส่งคืนแก้ไข');
    expect(back.text).toContain('ขอตัวเลขรายโรงเรียนเพิ่มเติม');

    // Propose again, to deputy 2 this time.
    await chat.tapIn(u.officer, back.entries, L.proposeAgain);
    await chat.tap(u.officer, NAMES.deputy2);
    await chat.tap(u.officer, 'สั่งการ');
    await chat.tap(u.officer, L.none);
    const again = await letterNow(letterC.id);
    expect(again).toMatchObject({ status: 'proposed', proposedToId: id.deputy2, proposalAsk: 'order', decision: null });
    // The director's old card is for a proposal that is no longer theirs.
    expect((await chat.tapIn(u.director, card.entries, 'อนุมัติ')).text).toContain(`เสนอ ${NAMES.deputy2}`);
    expect((await letterNow(letterC.id)).version).toBe(again.version);

    const deputyCard = await chat.inbox(u.deputy2);
    expect((await chat.tapIn(u.deputy2, deputyCard.entries, 'สั่งการ')).text).toContain(T.askOrder);
    await chat.say(u.deputy2, 'ให้กลุ่มส่งเสริมฯ สรุปข้อมูลเสนอภายในวันศุกร์');
    const ordered = await letterNow(letterC.id);
    expect(ordered).toMatchObject({ status: 'decided', decision: 'ordered', decisionText: 'ให้กลุ่มส่งเสริมฯ สรุปข้อมูลเสนอภายในวันศุกร์', decidedActing: null });
    expect((await chat.inbox(u.officer)).text).toContain(T.orderLine('ให้กลุ่มส่งเสริมฯ สรุปข้อมูลเสนอภายในวันศุกร์'));
    expect(registerActionText(ordered, { decidedBy: 'deputy_director', proposedTo: 'deputy_director' })).toBe('รอง ผอ.สพป. สั่งการ 3 มี.ค. 2570: ให้กลุ่มส่งเสริมฯ สรุปข้อมูลเสนอภายในวันศุกร์');
    await drainInboxes();
  });

  it('a secret letter reaches the director by its headline only; the officer is told the decision without its note', async () => {
    setClock('2027-03-03', '11:00');
    const letterS = await acknowledgedLetter('เรื่องลับเฉพาะ การสอบสวนวินัย', { secrecy: 'confidential' });
    await propose(letterS, NAMES.director, 'ทราบ', 'ความเห็นลับของเจ้าหน้าที่');
    const card = await chat.inbox(u.director);
    const raw = JSON.stringify(card.entries);
    expect(raw).toContain(`หนังสือลับ รับที่ ${letterS.number}/2570`);
    expect(leaksSecret(letterS, raw)).toBe(false);
    expect(raw).not.toContain('ความเห็นลับของเจ้าหน้าที่');
    // The note and the subject are a tap away, on the page that checks who is looking.
    expect(raw).toContain(`/liff/letters/${letterS.id}`);
    await chat.tapIn(u.director, card.entries, 'ส่งคืนแก้ไข');
    await chat.say(u.director, 'แก้ไขประเด็นการสอบสวน');
    const told = JSON.stringify((await chat.inbox(u.officer)).entries) + JSON.stringify((await chat.inbox(u.clerk)).entries);
    expect(told).toContain('ส่งคืนแก้ไข');
    expect(leaksSecret(letterS, told)).toBe(false);
    expect(told).not.toContain('แก้ไขประเด็นการสอบสวน');
    await drainInboxes();
  });

  it('the acting assignment is listed and revoked in the chat; afterwards the deputy no longer gets the director\'s letters', async () => {
    setClock('2027-03-04', '09:00');
    const list = await chat.say(u.director, 'ผู้ทำการแทน');
    expect(list.text).toContain(`1. ${NAMES.deputy1} ปฏิบัติราชการแทน ${NAMES.director}`);
    const revoked = await chat.tap(u.director, L.actingRevoke(1));
    expect(revoked.text).toContain(T.actingRevoked);
    const letter = await acknowledgedLetter('ขอเชิญร่วมพิธี');
    await propose(letter, NAMES.director, 'ทราบ', null);
    expect((await chat.inbox(u.deputy1)).entries).toHaveLength(0);
    expect((await chat.inbox(u.director)).entries).toHaveLength(1);
    // A deputy may not set acting officers.
    expect((await chat.say(u.deputy1, 'ผู้ทำการแทน')).text).toContain('ไม่มีสิทธิ์');
    await chat.tapIn(u.director, (await chat.say(u.director, MENU_COMMANDS.pendingLetters)).entries, 'ทราบ');
    await drainInboxes();
  });
});

describe('reminders with a controlled clock', () => {
  it('a pending decision is reminded 3 times at most, 8 office hours apart, in office hours only', async () => {
    setClock('2027-03-08', '10:00'); // Monday
    const letter = await acknowledgedLetter('ขอข้อมูลครูผู้สอน');
    await propose(letter, NAMES.director, 'พิจารณา', null);
    await drainInboxes();
    const run = async (date: string, time: string) => {
      const n = await runDecisionReminders(service.database, setClock(date, time));
      await chat.settle();
      return n;
    };
    expect(await run('2027-03-08', '17:00')).toBe(0); // closed
    expect(await run('2027-03-09', '09:59')).toBe(0); // 8 office hours not yet passed
    expect(await run('2027-03-09', '10:00')).toBe(1);
    const first = await chat.inbox(u.director);
    expect(first.text).toContain('เตือนครั้งที่ 1');
    expect(actionsIn(first.entries).map((a) => a.label)).toContain('อนุมัติ');
    expect(await run('2027-03-09', '10:05')).toBe(0); // the same one never twice
    // Wednesday 10 March is a holiday: the second comes Thursday 10:00.
    expect(await run('2027-03-10', '10:00')).toBe(0);
    expect(await run('2027-03-11', '10:00')).toBe(1);
    expect(await run('2027-03-12', '10:00')).toBe(1);
    expect(await run('2027-03-15', '10:00')).toBe(0); // three at most
    expect((await chat.inbox(u.director)).entries).toHaveLength(2);
    const events = (await listLetterEvents(service.database.db, letter.id)).filter((e) => e.action === 'reminded');
    expect(events).toHaveLength(3);
    // Deciding stops them (and the reminder's buttons decide like the card's).
    await chat.tapIn(u.director, first.entries, 'อนุมัติ');
    expect((await letterNow(letter.id)).decision).toBe('approved');
    await drainInboxes();
  });

  it('an act-by date reminds the officer two office days before and on the day, once each', async () => {
    setClock('2027-03-15', '09:00'); // Monday
    const letter = await acknowledgedLetter('ขอให้ส่งแบบสำรวจ', { urgency: 'urgent', actBy: '2027-03-19' });
    await drainInboxes();
    const run = async (date: string, time: string) => {
      const n = await runActByReminders(service.database, setClock(date, time));
      await chat.settle();
      return n;
    };
    expect(await run('2027-03-16', '09:00')).toBe(0);
    expect(await run('2027-03-17', '08:00')).toBe(0); // before opening
    expect(await run('2027-03-17', '09:00')).toBe(1); // Wednesday: two office days before Friday
    expect((await chat.inbox(u.officer)).text).toBe(T.actByBefore(`รับที่ ${letter.number}/2570 เรื่อง ขอให้ส่งแบบสำรวจ`, '2027-03-19'));
    expect(await run('2027-03-17', '15:00')).toBe(0);
    expect(await run('2027-03-18', '09:00')).toBe(0);
    expect(await run('2027-03-19', '09:00')).toBe(1);
    expect((await chat.inbox(u.officer)).text).toBe(T.actByToday(`รับที่ ${letter.number}/2570 เรื่อง ขอให้ส่งแบบสำรวจ`, '2027-03-19'));
    expect(await run('2027-03-19', '14:00')).toBe(0);
    expect(await run('2027-03-22', '09:00')).toBe(0);
  });
});
