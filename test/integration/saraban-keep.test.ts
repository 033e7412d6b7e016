import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq, like } from 'drizzle-orm';
import type { CommandEnv } from '../../src/bot/flow.ts';
import type { Database } from '../../src/db/database.ts';
import { openLoanOf } from '../../src/db/repos/letter-keeping.ts';
import { getLetter, listLetterEvents, registerLetter, updateLetter, type NewLetter } from '../../src/db/repos/letters.ts';
import { saveOfficeSettings } from '../../src/db/repos/office-settings.ts';
import { getPerson, insertPerson, updatePerson } from '../../src/db/repos/people.ts';
import { actingAssignments, outboxMessages } from '../../src/db/schema.ts';
import type { LetterKeepingCommand } from '../../src/domain/saraban/commands.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import type { Role } from '../../src/domain/roles.ts';
import { leaksSecret, type Letter } from '../../src/domain/saraban/view.ts';
import { executeKeep } from '../../src/flows/saraban-keep/execute.ts';
import { runLoanReminders, runRetentionNotice } from '../../src/flows/saraban-keep/jobs.ts';
import { prepareKeep } from '../../src/flows/saraban-keep/prepare.ts';
import { DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID, upsertDefaultChannel } from '../../src/line/channels.ts';
import { createLogger } from '../../src/logger.ts';
import { exportLettersCsv } from '../../scripts/export-letters.ts';
import { letterRegistersCommand } from '../../scripts/letter-registers.ts';
import { createTestDatabase } from '../support/database.ts';

const OFFICE = DEFAULT_OFFICE_ID;
let database: Database;
const lineId = (n: number) => `U${String(n).padStart(32, '0')}`;
const ids: Record<'clerk' | 'clerk2' | 'group' | 'area' | 'deputy' | 'teacher' | 'borrower', number> = { clerk: 0, clerk2: 0, group: 0, area: 0, deputy: 0, teacher: 0, borrower: 0 };

async function person(n: number, role: Role, name: string): Promise<number> {
  return insertPerson(
    database.db,
    { officeId: OFFICE, channelId: DEFAULT_CHANNEL_ID, lineUserId: lineId(n), fullName: name, phone: null, role, schoolId: null, consentAt: new Date(0), richMenuFamily: null },
    new Date(0),
  );
}

function newLetter(over: Partial<NewLetter>): NewLetter {
  return {
    officeId: OFFICE,
    register: 'receive',
    docNo: 'ศธ 04001/ว100',
    docDate: '2027-03-01',
    fromName: 'โรงเรียนบ้านหนองบัวทอง',
    toName: 'ผอ.สพป.',
    subject: 'ขอความอนุเคราะห์ใช้ห้องประชุม',
    kind: 'external',
    urgency: 'normal',
    actBy: null,
    secrecy: 'none',
    registeredBy: ids.clerk,
    mediaIds: [],
    ...over,
  };
}

const register = (over: Partial<NewLetter>, at: Date) => database.db.transaction((tx) => registerLetter(tx, newLetter(over), at));

async function searchAs(personId: number, text: string, at = bangkokTime('2027-03-10', '10:00')) {
  const p = (await getPerson(database.db, OFFICE, personId))!;
  return database.db.transaction((tx) =>
    prepareKeep(tx, { kind: 'text', userId: p.lineUserId!, text }, null, p, { channelId: DEFAULT_CHANNEL_ID, officeId: OFFICE, lineUserId: p.lineUserId!, now: at }),
  );
}
const found = (prepared: { results?: Array<{ letter: Letter }> }) => (prepared.results ?? []).map((r) => r.letter.number).sort((a, b) => a - b);

async function run(personId: number, command: LetterKeepingCommand, now: Date) {
  const p = (await getPerson(database.db, OFFICE, personId))!;
  const env: CommandEnv = { channelId: DEFAULT_CHANNEL_ID, officeId: OFFICE, lineUserId: p.lineUserId!, now, person: p, logger: createLogger('silent') };
  await database.db.transaction((tx) => executeKeep(tx, command, env));
}

const pushesLike = (prefix: string) => database.db.select().from(outboxMessages).where(like(outboxMessages.sourceEventId, `job:${prefix}%`));

let general: Letter;
let secret: Letter;
let other: Letter;

beforeAll(async () => {
  database = await createTestDatabase();
  await upsertDefaultChannel(database.db, { officeName: 'สพป. ทดสอบ', channelSecret: 'secret', channelAccessToken: 't' });
  ids.clerk = await person(1, 'saraban_clerk', 'ธุรการ หนึ่ง');
  ids.clerk2 = await person(2, 'saraban_clerk', 'ธุรการ สอง');
  ids.group = await person(3, 'group_director', 'ผอ.กลุ่ม ไอซีที');
  ids.area = await person(4, 'area_director', 'ผอ.เขต ใหญ่');
  ids.teacher = await person(5, 'teacher', 'ครูมานี');
  ids.borrower = await person(6, 'technician', 'ช่างยืม เอกสาร');
  ids.deputy = await person(7, 'deputy_director', 'รอง ผอ. รักษาการ');
  const at = bangkokTime('2027-03-02', '09:00');
  general = await register({}, at); // 1
  secret = await register({ secrecy: 'confidential', subject: 'การสอบสวนวินัยครูบ้านโคก', fromName: 'สำนักงานลับเฉพาะ', docNo: 'ลับ 0001/1' }, at); // 2
  other = await register({ subject: 'ประชุม DLTV Satellite ประจำปี', fromName: 'มูลนิธิการศึกษาทางไกล', docNo: 'ศธ 04002/ว9' }, at); // 3
  await register({ subject: 'ส่วนลด 100% สำหรับ_ครู', fromName: 'บริษัท ก' }, at); // 4
});
afterAll(async () => database.close());

describe('ค้นหาหนังสือ', () => {
  it('finds by register number (this year, a given year, the send register) whatever the letter’s secrecy', async () => {
    expect(found(await searchAs(ids.group, 'ค้นหาหนังสือ 1'))).toEqual([1]);
    expect(found(await searchAs(ids.group, 'ค้นหาหนังสือ 2/2570'))).toEqual([2]);
    expect(found(await searchAs(ids.group, 'ค้นหาหนังสือ 1/2569'))).toEqual([]);
    expect(found(await searchAs(ids.group, 'ค้นหาหนังสือ ส่ง 1'))).toEqual([]);
    const bySecretNumber = await searchAs(ids.group, 'ค้นหาหนังสือ 2');
    expect(bySecretNumber.results![0]!.canView).toBe(false);
  });

  it('finds a Thai piece of the subject with no spaces, a piece of the sender, the letter’s own number, Latin in any case', async () => {
    expect(found(await searchAs(ids.group, 'ค้นหาหนังสือ ห้องประชุม'))).toEqual([1]);
    expect(found(await searchAs(ids.group, 'ค้นหาหนังสือ ประชุม'))).toEqual([1, 3]);
    expect(found(await searchAs(ids.group, 'ค้นหาหนังสือ หนองบัว'))).toEqual([1]);
    expect(found(await searchAs(ids.group, 'ค้นหาหนังสือ 04002/ว9'))).toEqual([3]);
    expect(found(await searchAs(ids.group, 'ค้นหาหนังสือ dltv satellite'))).toEqual([3]);
    expect(found(await searchAs(ids.group, 'ค้นหาหนังสือ ทางไกล'))).toEqual([3]);
  });

  it('takes % and _ literally', async () => {
    expect(found(await searchAs(ids.group, 'ค้นหาหนังสือ 100%'))).toEqual([4]);
    expect(found(await searchAs(ids.group, 'ค้นหาหนังสือ _ครู'))).toEqual([4]);
    expect(found(await searchAs(ids.group, 'ค้นหาหนังสือ %%'))).toEqual([]);
  });

  it('never finds a secret letter by subject or sender for someone not involved in it, not even by a count', async () => {
    for (const text of ['การสอบสวนวินัย', 'สำนักงานลับเฉพาะ', 'บ้านโคก']) {
      for (const who of [ids.group, ids.area, ids.clerk2]) {
        const prepared = await searchAs(who, `ค้นหาหนังสือ ${text}`);
        expect(found(prepared)).toEqual([]);
        expect(prepared.total).toBe(0);
      }
    }
  });

  it('finds it for the clerk who registered it, the assignee and the director it was proposed to (and who acts for them)', async () => {
    expect(found(await searchAs(ids.clerk, 'ค้นหาหนังสือ สอบสวนวินัย'))).toEqual([2]);
    const now = bangkokTime('2027-03-03', '09:00');
    await database.db.transaction((tx) => updateLetter(tx, OFFICE, secret.id, secret.version, { assigneeId: ids.group, status: 'assigned', assignedAt: now, proposedTo: ids.area }, now));
    expect(found(await searchAs(ids.group, 'ค้นหาหนังสือ สอบสวนวินัย'))).toEqual([2]);
    expect(found(await searchAs(ids.area, 'ค้นหาหนังสือ สำนักงานลับ'))).toEqual([2]);
    expect(found(await searchAs(ids.clerk2, 'ค้นหาหนังสือ สอบสวนวินัย'))).toEqual([]);
    expect(found(await searchAs(ids.deputy, 'ค้นหาหนังสือ สอบสวนวินัย'))).toEqual([]);
    await database.db.insert(actingAssignments).values({ officeId: OFFICE, principalId: ids.area, actingId: ids.deputy, kind: 'acting', startsOn: '2027-03-01', endsOn: '2027-03-31', createdAt: now });
    expect(found(await searchAs(ids.deputy, 'ค้นหาหนังสือ สอบสวนวินัย'))).toEqual([2]);
    expect(found(await searchAs(ids.deputy, 'ค้นหาหนังสือ สอบสวนวินัย', bangkokTime('2027-04-01', '10:00')))).toEqual([]);
  });

  it('tells how many matched when there are more than ten', async () => {
    const at = bangkokTime('2027-03-04', '09:00');
    for (let i = 0; i < 12; i += 1) await register({ subject: `แจ้งกำหนดการอบรมครูรุ่นที่ ${i + 1}` }, at);
    const prepared = await searchAs(ids.group, 'ค้นหาหนังสือ กำหนดการอบรม');
    expect(prepared.results).toHaveLength(10);
    expect(prepared.total).toBe(12);
  });
});

describe('export of the registers', () => {
  it('a year’s receive register in number order with a cancelled entry kept and marked; the send register apart; another year empty', async () => {
    const now = bangkokTime('2027-03-05', '10:00');
    const current = (await getLetter(database.db, OFFICE, other.id))!;
    await database.db.transaction((tx) => updateLetter(tx, OFFICE, other.id, current.version, { status: 'cancelled', cancelledAt: now, cancelReason: 'ลงทะเบียนซ้ำ' }, now));
    await register({ register: 'send', subject: 'ตอบรับการประชุม', fromName: 'สพป. ทดสอบ', toName: 'โรงเรียนบ้านหนองบัวทอง' }, now);

    const receive = (await exportLettersCsv(database.db, OFFICE, ['receive', '2570']))!;
    expect(receive.csv.startsWith('\uFEFFเลขทะเบียนรับ,ที่,ลงวันที่,จาก,ถึง,เรื่อง,การปฏิบัติ,หมายเหตุ\r\n')).toBe(true);
    const lines = receive.csv.split('\r\n').slice(1, -1);
    expect(lines.map((l) => Number(l.split(',')[0]))).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(lines[2]).toContain('ยกเลิก: ลงทะเบียนซ้ำ');
    expect(lines[0]).toContain('1 มีนาคม 2570');
    expect(lines[0]).toContain('รับ 2 มีนาคม 2570 เวลา 09:00 น.');

    const send = (await exportLettersCsv(database.db, OFFICE, ['send', '2027']))!;
    expect(send.count).toBe(1);
    expect(send.csv).toContain('\uFEFFเลขทะเบียนส่ง,ที่,ลงวันที่,จาก,ถึง,เรื่อง,หมายเหตุ\r\n1,');
    expect((await exportLettersCsv(database.db, OFFICE, ['receive', '2569']))!.count).toBe(0);
    expect(await exportLettersCsv(database.db, OFFICE, ['sideways', '2570'])).toBeNull();
  });

  it('a register’s starting number for a year, refused when it would give a number again', async () => {
    const out: string[] = [];
    const io = { out: (line: string) => out.push(line) };
    expect(await letterRegistersCommand(database.db, OFFICE, ['start', 'receive', '2571', '101'], io)).toBe(0);
    const next = await register({}, bangkokTime('2028-01-02', '09:00'));
    expect([next.year, next.number]).toEqual([2571, 101]);
    expect(await letterRegistersCommand(database.db, OFFICE, ['start', 'receive', '2571', '50'], io)).toBe(1);
    expect(await letterRegistersCommand(database.db, OFFICE, ['show', '2571'], io)).toBe(0);
    expect(out.at(-2)).toContain('ถึง 101');
    expect(await letterRegistersCommand(database.db, OFFICE, ['start', 'receive', '2571'], io)).toBe(2);
  });
});

describe('lending originals and their reminders', () => {
  it('lends, reminds the borrower on the due date and the office days after (once a day however often it runs), and stops once back', async () => {
    const lentAt = bangkokTime('2027-03-08', '10:00'); // Monday
    await run(ids.clerk, { type: 'lendLetter', letterId: general.id, borrowerName: 'ช่างยืม เอกสาร', borrowerId: ids.borrower, purpose: 'ประกอบการจัดซื้อ', dueDate: '2027-03-12' }, lentAt);
    await expect(run(ids.clerk, { type: 'lendLetter', letterId: general.id, borrowerName: 'คนอื่น', borrowerId: null, purpose: 'อื่น ๆ', dueDate: '2027-03-12' }, lentAt)).rejects.toThrow();
    await expect(run(ids.group, { type: 'lendLetter', letterId: other.id, borrowerName: 'x', borrowerId: null, purpose: 'xx', dueDate: '2027-03-12' }, lentAt)).rejects.toThrow();
    const loan = (await openLoanOf(database.db, OFFICE, general.id))!;
    expect(loan).toMatchObject({ borrowerId: ids.borrower, lentBy: ids.clerk, dueDate: '2027-03-12', purpose: 'ประกอบการจัดซื้อ' });

    // Before the due date and before opening on it: nothing.
    expect(await runLoanReminders(database, bangkokTime('2027-03-11', '10:00'))).toBe(0);
    expect(await runLoanReminders(database, bangkokTime('2027-03-12', '07:00'))).toBe(0);
    const due = bangkokTime('2027-03-12', '09:00');
    await Promise.all([runLoanReminders(database, due), runLoanReminders(database, due)]);
    await runLoanReminders(database, bangkokTime('2027-03-12', '15:00'));
    let pushes = await pushesLike(`saraban:loan:${loan.id}:`);
    expect(pushes.map((p) => [p.sourceEventId, p.toUserId])).toEqual([[`job:saraban:loan:${loan.id}:2027-03-12:${ids.borrower}`, lineId(6)]]);
    expect(JSON.stringify(pushes[0]!.messages)).toContain('ครบกำหนดคืนวันนี้');

    // Weekend: nothing; Monday: overdue, to the borrower.
    expect(await runLoanReminders(database, bangkokTime('2027-03-13', '10:00'))).toBe(0);
    expect(await runLoanReminders(database, bangkokTime('2027-03-15', '10:00'))).toBe(1);
    // The borrower left: Tuesday's goes to the clerk who lent it.
    await updatePerson(database.db, ids.borrower, { status: 'inactive' }, bangkokTime('2027-03-15', '12:00'));
    expect(await runLoanReminders(database, bangkokTime('2027-03-16', '10:00'))).toBe(1);
    pushes = await pushesLike(`saraban:loan:${loan.id}:2027-03-16`);
    expect(pushes.map((p) => p.toUserId)).toEqual([lineId(1)]);
    expect(JSON.stringify(pushes[0]!.messages)).toContain('ช่างยืม เอกสาร');

    // Returned: no more.
    await run(ids.clerk2, { type: 'returnLetterLoan', loanId: loan.id, returnedBy: 'ช่างยืม เอกสาร' }, bangkokTime('2027-03-16', '14:00'));
    await expect(run(ids.clerk2, { type: 'returnLetterLoan', loanId: loan.id, returnedBy: 'ซ้ำ' }, bangkokTime('2027-03-16', '14:05'))).rejects.toThrow();
    expect(await runLoanReminders(database, bangkokTime('2027-03-17', '10:00'))).toBe(0);
    expect(await openLoanOf(database.db, OFFICE, general.id)).toBeNull();
    const events = (await listLetterEvents(database.db, general.id)).map((e) => e.action);
    expect(events).toEqual(['registered', 'lent', 'loan_reminded', 'loan_reminded', 'loan_reminded', 'returned_loan']);
    // Three office days after the due date by default: the 17th would have been the second overdue one.
    await updatePerson(database.db, ids.borrower, { status: 'active' }, bangkokTime('2027-03-17', '12:00'));
  });

  it('a secret letter’s reminder names it by its headline only', async () => {
    const now = bangkokTime('2027-03-18', '10:00');
    await run(ids.clerk, { type: 'lendLetter', letterId: secret.id, borrowerName: 'ผอ.กลุ่ม ไอซีที', borrowerId: ids.group, purpose: 'ประกอบการสอบสวน', dueDate: '2027-03-18' }, now);
    expect(await runLoanReminders(database, now)).toBe(1);
    const loan = (await openLoanOf(database.db, OFFICE, secret.id))!;
    const [push] = await pushesLike(`saraban:loan:${loan.id}:`);
    const text = JSON.stringify(push!.messages);
    expect(text).toContain('หนังสือลับ รับที่ 2/2570');
    expect(leaksSecret((await getLetter(database.db, OFFICE, secret.id))!, text)).toBe(false);
  });
});

describe('January retention notice', () => {
  it('tells every clerk once a year how many letters are past retention (by kind), with no subject; the export lists them', async () => {
    await saveOfficeSettings(database.db, OFFICE, { saraban: { retentionYears: { default: 10, byKind: { publicity: 1 } } } }, new Date(0));
    const old = (year: number) => bangkokTime(`${year - 543}-06-01`, '10:00');
    const a = await register({ subject: 'งบประมาณปี 2559', kind: 'external' }, old(2559));
    await register({ subject: 'งบประมาณปี 2560', kind: 'external' }, old(2560));
    const b = await register({ subject: 'ประชาสัมพันธ์งานวัด', kind: 'publicity' }, old(2568));
    await register({ subject: 'ประชาสัมพันธ์ปีนี้', kind: 'publicity' }, old(2569));
    const c = await register({ register: 'send', subject: 'ตอบหนังสือลับ', kind: 'internal', secrecy: 'secret' }, old(2558));

    // Not in February, not on a weekend or before opening.
    expect(await runRetentionNotice(database, bangkokTime('2027-02-01', '10:00'))).toEqual([]);
    expect(await runRetentionNotice(database, bangkokTime('2027-01-02', '10:00'))).toEqual([]);
    expect(await runRetentionNotice(database, bangkokTime('2027-01-04', '07:00'))).toEqual([]);
    const monday = bangkokTime('2027-01-04', '09:00');
    const runs = await Promise.all([runRetentionNotice(database, monday), runRetentionNotice(database, monday)]);
    expect(runs.flat()).toEqual([{ officeId: OFFICE, receive: 2, send: 1 }]);
    expect(await runRetentionNotice(database, bangkokTime('2027-01-05', '09:00'))).toEqual([]);
    const pushes = await pushesLike(`saraban:retention:${OFFICE}:2570:`);
    expect(pushes.map((p) => p.toUserId).sort()).toEqual([lineId(1), lineId(2)]);
    const text = JSON.stringify(pushes[0]!.messages);
    expect(text).toContain('3 ฉบับ');
    expect(text).toContain('export-letters -- destruction 2570');
    expect(text).not.toContain('ตอบหนังสือลับ');

    const list = (await exportLettersCsv(database.db, OFFICE, ['destruction', '2570']))!;
    expect(list.count).toBe(3);
    expect(list.csv).toContain(`ทะเบียนรับ ${a.number}/2559`);
    expect(list.csv).toContain(`ทะเบียนรับ ${b.number}/2568`);
    expect(list.csv).toContain(`ทะเบียนส่ง ${c.number}/2558`);
    expect(list.csv).not.toContain('งบประมาณปี 2560');
    // Next year's list is made again in January 2571.
    expect((await runRetentionNotice(database, bangkokTime('2028-01-04', '09:00'))).length).toBe(1);
    const rows = await database.db.select().from(outboxMessages).where(eq(outboxMessages.toUserId, lineId(3)));
    expect(rows.filter((r) => r.sourceEventId?.startsWith('job:saraban:retention'))).toHaveLength(0);
  });
});
