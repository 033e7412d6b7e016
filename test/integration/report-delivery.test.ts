import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../src/db/database.ts';
import { upsertHolidays } from '../../src/db/repos/holidays.ts';
import { listReportDeliveries, monthMessages } from '../../src/db/repos/reports.ts';
import { outboxMessages, people } from '../../src/db/schema.ts';
import { bangkokTime, DEFAULT_OFFICE_CALENDAR } from '../../src/domain/office-time.ts';
import { useDefaultMessageBudget } from '../../src/flows/reports/build.ts';
import { duePeriods, recordMessageUsage, runReportDelivery } from '../../src/flows/reports/delivery.ts';
import { useLiffLinks } from '../../src/line/liff.ts';
import { closePdfRenderer } from '../../src/reports/pdf.ts';
import { createTestDatabase } from '../support/database.ts';
import { officeFactory } from '../support/factories.ts';

/**
 * The monthly delivery: on the first office day of the month (the office's holidays count), from 08:30 while
 * the office is open, the area director and the group director get one push each with last month's report card
 * (and in October the fiscal year's beside it), once per person and period however often the job runs.
 */

const at = (day: string, time = '09:00') => bangkokTime(day, time);
const SECRET_SUBJECT = 'หนังสือลับเรื่องการสอบสวนวินัย';

let database: Database;
const ids: Record<string, number> = {};

type Row = { toUserId: string; messages: Array<{ type: string; altText?: string; contents?: unknown }> };
async function pushes(): Promise<Row[]> {
  return (await database.db.select({ toUserId: outboxMessages.toUserId, messages: outboxMessages.messages }).from(outboxMessages).orderBy(outboxMessages.seq)) as Row[];
}

beforeAll(async () => {
  database = await createTestDatabase();
  useLiffLinks({ mode: 'line', liffId: '1234567890-AbCdEfGh', loginChannelId: '1234567890', loginApiBaseUrl: 'https://api.line.me', pageBaseUrl: 'https://example.test' });
  useDefaultMessageBudget(300);
  const f = officeFactory(database.db);
  await f.channel('สพป.ทดสอบ เขต 3');
  // 1 March 2027 (a Monday) is the office's holiday: the first office day of March is Tuesday the 2nd.
  await upsertHolidays(database.db, f.officeId, [{ date: '2027-03-01', name: 'วันหยุดชดเชย' }]);
  for (const [key, role] of [['area', 'area_director'], ['group', 'group_director'], ['deputy', 'deputy_director'], ['teacher', 'teacher'], ['technician', 'technician']] as const) {
    ids[key] = (await f.person(`คุณ${key}`, role)).id;
  }
  ids.away = (await f.person('ผอ.กลุ่มที่เลิกติดตาม', 'group_director', { status: 'inactive' })).id;
  const school = await f.school('บ้านหนองบัว', 'เมือง');
  const categoryId = (await f.categories()).get('dltv_no_signal')!.id;
  await f.ticket({ schoolId: school, reporterId: ids.teacher!, categoryId, createdAt: at('2027-02-10') });
  await f.letter({ registeredBy: ids.technician!, registeredAt: at('2027-02-11'), secrecy: 'confidential', subject: SECRET_SUBJECT });
});

afterAll(async () => {
  useLiffLinks(undefined);
  await closePdfRenderer();
  await database.close();
});

describe('when the report is due', () => {
  const calendar = { ...DEFAULT_OFFICE_CALENDAR, holidays: new Set(['2027-03-01']) };
  it('is the first office day of the month, from 08:30 until the office closes', () => {
    expect(duePeriods(at('2027-03-01', '09:00'), calendar, '08:30')).toEqual([]);
    expect(duePeriods(at('2027-03-02', '08:29'), calendar, '08:30')).toEqual([]);
    expect(duePeriods(at('2027-03-02', '08:30'), calendar, '08:30')).toEqual([{ kind: 'month', year: 2027, month: 2 }]);
    expect(duePeriods(at('2027-03-02', '16:30'), calendar, '08:30')).toEqual([]);
    // Not sent yet (the service was down)? The next office day, not at the weekend.
    expect(duePeriods(at('2027-03-03', '10:00'), calendar, '08:30')).toEqual([{ kind: 'month', year: 2027, month: 2 }]);
    expect(duePeriods(at('2027-03-06', '10:00'), calendar, '08:30')).toEqual([]);
  });

  it('brings the fiscal year that ended in October', () => {
    // 1 October 2026 is a Thursday.
    expect(duePeriods(at('2026-10-01', '08:30'), DEFAULT_OFFICE_CALENDAR, '08:30')).toEqual([
      { kind: 'month', year: 2026, month: 9 },
      { kind: 'fiscalYear', fiscalYear: 2569 },
    ]);
  });
});

describe('the monthly delivery', () => {
  it('sends nothing before the first office day at 08:30', async () => {
    expect(await runReportDelivery(database, at('2027-03-01', '10:00'))).toBe(0);
    expect(await runReportDelivery(database, at('2027-03-02', '08:29'))).toBe(0);
    expect(await pushes()).toEqual([]);
  });

  it('pushes one card to the area director and the group director, then never again for that month', async () => {
    expect(await runReportDelivery(database, at('2027-03-02', '08:30'))).toBe(2);
    const sent = await pushes();
    const recipients = await database.db.select({ id: people.id, lineUserId: people.lineUserId }).from(people);
    const byLine = new Map(recipients.map((p) => [p.lineUserId, p.id]));
    expect(sent.map((r) => byLine.get(r.toUserId)).sort()).toEqual([ids.area, ids.group].sort());
    for (const row of sent) {
      expect(row.messages).toHaveLength(1);
      const card = row.messages[0]!;
      expect(card.type).toBe('flex');
      expect(card.altText).toContain('รายงานประจำเดือนกุมภาพันธ์ 2570');
      expect(card.altText).toContain('งานแจ้งซ่อมใหม่ 1 งาน');
      const json = JSON.stringify(card);
      expect(json).toContain('https://liff.line.me/1234567890-AbCdEfGh/reports/2027-02');
      expect(json).not.toContain(SECRET_SUBJECT);
    }
    expect((await listReportDeliveries(database.db, 'default', '2027-02')).map((d) => d.personId).sort()).toEqual([ids.area, ids.group].sort());
    expect(await runReportDelivery(database, at('2027-03-02', '08:45'))).toBe(0);
    expect(await runReportDelivery(database, at('2027-03-03', '09:00'))).toBe(0);
    expect(await pushes()).toHaveLength(2);
  });

  it('does not record a report for someone who cannot be reached', async () => {
    expect((await listReportDeliveries(database.db, 'default', '2027-02')).map((d) => d.personId)).not.toContain(ids.away);
    await database.db.update(people).set({ status: 'active' }).where(eq(people.id, ids.away!));
    // Back the next office day: they get it then.
    expect(await runReportDelivery(database, at('2027-03-03', '09:00'))).toBe(1);
  });

  it('sends the month and the fiscal year in one push in October', async () => {
    await database.db.delete(outboxMessages);
    expect(await runReportDelivery(database, at('2026-10-01', '08:30'))).toBe(3);
    const sent = await pushes();
    for (const row of sent) {
      expect(row.messages.map((m) => m.altText!.split(':')[0])).toEqual(['รายงานประจำเดือนกันยายน 2569', 'รายงานประจำปีงบประมาณ 2569']);
    }
    expect(await runReportDelivery(database, at('2026-10-01', '09:00'))).toBe(0);
  });
});

describe('LINE message counts kept for the fiscal-year report', () => {
  it('keeps a month counted before the outbox rows are purged', async () => {
    const f = officeFactory(database.db);
    await database.db.delete(outboxMessages);
    await f.sentMessage('push', at('2027-05-10', '12:00'));
    await f.sentMessage('push', at('2027-05-11', '12:00'));
    await f.sentMessage('reply', at('2027-05-11', '12:00'));
    await recordMessageUsage(database.db, at('2027-05-31', '03:10'));
    await database.db.execute(sql`delete from outbox_messages`);
    const may = await monthMessages(database.db, 'default', '2027-05', at('2027-05-01', '00:00'), at('2027-06-01', '00:00'));
    expect(may).toEqual({ pushes: 2, replies: 1, budget: 300 });
  });
});
