import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { and, eq } from 'drizzle-orm';
import { runInventoryCommand } from '../../scripts/inventory.ts';
import type { RunningService } from '../../src/app.ts';
import { listConsumableUses } from '../../src/db/repos/loan-desk.ts';
import { loanConsumables } from '../../src/db/schema.ts';
import { DEMO_INVENTORY_CSV } from '../../src/flows/loans/demo.ts';
import { importInventoryCsv } from '../../src/flows/loans/inventory-csv.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { chatDriver, loadDemoSchools } from '../support/chat.ts';
import { liffPeople } from '../support/liff.ts';
import { testClock } from '../support/test-clock.ts';
import { startTestService } from '../support/service.ts';

/**
 * Consumables at the technicians' desk (คืนอุปกรณ์/ยืม → จ่ายวัสดุ / รับวัสดุเข้า), through the emulator on a real
 * PostgreSQL: a hand-out lowers the stock and writes the usage log (date, what, how many, to whom, by whom, purpose);
 * the first fall below the minimum is told to the other technicians once, not again until a restock; the usage log
 * exports as CSV with a byte-order mark; a teacher is refused.
 */

const clock = testClock('2027-05-03', '09:00');
const INK = 'หมึกพิมพ์ HP 682 สีดำ (สาธิต)';
let service: RunningService;
let people: ReturnType<typeof liffPeople>;
let chat: ReturnType<typeof chatDriver>;
const who: Record<string, { userId: string; personId: number }> = {};

beforeAll(async () => {
  service = await startTestService({}, { now: clock.now });
  people = liffPeople(service, clock.now);
  chat = chatDriver(service);
  await loadDemoSchools(service);
  await importInventoryCsv(service.database.db, DEFAULT_OFFICE_ID, await readFile(DEMO_INVENTORY_CSV, 'utf8'), clock.now());
  who.tech = await people.add('ช่างสมชาย', 'technician');
  who.tech2 = await people.add('ช่างสมหญิง', 'technician');
  who.teacher = await people.add('ครูสมศรี', 'teacher');
}, 60_000);

afterAll(async () => {
  await service.stop();
});

const stockOf = async (name: string) =>
  (await service.database.db.select({ stock: loanConsumables.stock }).from(loanConsumables).where(and(eq(loanConsumables.officeId, DEFAULT_OFFICE_ID), eq(loanConsumables.name, name))))[0]!.stock;

async function handOut(userId: string, quantity: string, to: string, purpose: string | null, pickSchool?: string) {
  await chat.say(userId, 'คืนอุปกรณ์/ยืม');
  await chat.tap(userId, 'จ่ายวัสดุ');
  await chat.say(userId, 'หมึก');
  await chat.tap(userId, `${INK.slice(0, 19)}…`);
  const buttons = chat.buttons(userId).map((b) => b.label);
  if (buttons.includes(quantity)) await chat.tap(userId, quantity);
  else await chat.say(userId, quantity);
  await chat.say(userId, to);
  if (pickSchool) await chat.tap(userId, pickSchool);
  if (purpose === null) await chat.tap(userId, 'ไม่ระบุ');
  else await chat.say(userId, purpose);
  return chat.tap(userId, 'ยืนยัน');
}

describe('handing out consumables', () => {
  it('lowers the stock and writes the usage log: what, how many, to which school, by whom, for what', async () => {
    await chat.say(who.tech!.userId, 'คืนอุปกรณ์/ยืม');
    expect(chat.buttons(who.tech!.userId).map((b) => b.label)).toEqual(['จ่ายวัสดุ', 'รับวัสดุเข้า']);
    await chat.tap(who.tech!.userId, 'จ่ายวัสดุ');
    // The picker lists every consumable with its stock.
    expect(chat.buttons(who.tech!.userId).map((b) => b.label)).toEqual(expect.arrayContaining(['ถ่าน AA (สาธิต) (40)', 'ยกเลิก']));
    await chat.say(who.tech!.userId, 'หมึก');
    const asked = await chat.tap(who.tech!.userId, `${INK.slice(0, 19)}…`);
    expect(asked.text).toContain('คงเหลือ 12 ตลับ');
    expect(asked.labels).toEqual(['1', '2', '3', '5', '10', 'ยกเลิก']);
    // More than there is: asked again.
    expect((await chat.say(who.tech!.userId, '20')).text).toBe('คงเหลือเพียง 12 ตลับ ค่ะ กรุณาเลือกจำนวนไม่เกินนี้');
    await chat.say(who.tech!.userId, '๔');
    const schools = await chat.say(who.tech!.userId, 'หนองบัว');
    expect(schools.labels).toEqual(expect.arrayContaining(['บ้านหนองบัวทอง', 'ผู้รับ: หนองบัว']));
    await chat.tap(who.tech!.userId, 'บ้านหนองบัวทอง');
    const confirm = await chat.say(who.tech!.userId, 'เปลี่ยนตลับหมึกเครื่องพิมพ์ห้องธุรการ');
    expect(confirm.text).toContain(`${INK} 4 ตลับ`);
    expect(confirm.text).toContain('ให้: โรงเรียนบ้านหนองบัวทอง');
    const done = await chat.tap(who.tech!.userId, 'ยืนยัน');
    expect(done.text).toBe(`บันทึกการจ่ายแล้วค่ะ: ${INK} 4 ตลับ ให้ โรงเรียนบ้านหนองบัวทอง\nคงเหลือ 8 ตลับ`);
    expect(await stockOf(INK)).toBe(8);
    const [use] = await listConsumableUses(service.database.db, DEFAULT_OFFICE_ID);
    expect(use).toMatchObject({ kind: 'hand_out', consumableName: INK, quantity: 4, stockAfter: 8, schoolName: 'โรงเรียนบ้านหนองบัวทอง', recipientName: null, purpose: 'เปลี่ยนตลับหมึกเครื่องพิมพ์ห้องธุรการ', byName: 'ช่างสมชาย' });
    expect(use!.at).toEqual(clock.now());
  });

  it('hands out to a person by name, without a purpose', async () => {
    const done = await handOut(who.tech!.userId, '2', 'คุณวิชัย ใจดี', null);
    expect(done.text).toContain('ให้ คุณวิชัย ใจดี');
    const uses = await listConsumableUses(service.database.db, DEFAULT_OFFICE_ID);
    expect(uses.at(-1)).toMatchObject({ quantity: 2, schoolName: null, recipientName: 'คุณวิชัย ใจดี', purpose: null, stockAfter: 6 });
  });

  it('tells the other technicians once when the stock falls below the minimum, and again only after a restock', async () => {
    await chat.inbox(who.tech2!.userId);
    // 6 → 3: at the minimum (3), not below it.
    await handOut(who.tech!.userId, '3', 'คุณวิชัย', null);
    expect((await chat.inbox(who.tech2!.userId)).text).toBe('');
    // 3 → 2: below. The one handing out reads it in the reply; the other technician gets a push.
    const low = await handOut(who.tech!.userId, '1', 'คุณวิชัย', null);
    expect(low.text).toContain('ต่ำกว่าขั้นต่ำ (3 ตลับ)');
    const told = await chat.inbox(who.tech2!.userId);
    expect(told.text).toContain(`วัสดุใกล้หมด: ${INK} เหลือ 2 ตลับ`);
    expect(told.entries.map((e) => e.via)).toEqual(['push']);
    // 2 → 1: still below, nobody told again.
    const again = await handOut(who.tech!.userId, '1', 'คุณวิชัย', null);
    expect(again.text).not.toContain('ต่ำกว่าขั้นต่ำ');
    expect((await chat.inbox(who.tech2!.userId)).text).toBe('');
    // Restocked to 11 (at or above the minimum): the next fall below is told again.
    await chat.say(who.tech2!.userId, 'คืนอุปกรณ์/ยืม');
    await chat.tap(who.tech2!.userId, 'รับวัสดุเข้า');
    await chat.say(who.tech2!.userId, 'หมึก');
    await chat.tap(who.tech2!.userId, `${INK.slice(0, 19)}…`);
    const restocked = await chat.tap(who.tech2!.userId, '10');
    expect(restocked.text).toBe(`รับ ${INK} เข้าคลัง 10 ตลับ แล้วค่ะ คงเหลือ 11 ตลับ`);
    expect(await stockOf(INK)).toBe(11);
    await handOut(who.tech2!.userId, '10', 'คุณวิชัย', null);
    expect((await chat.inbox(who.tech!.userId)).text).toContain(`วัสดุใกล้หมด: ${INK} เหลือ 1 ตลับ`);
  });

  it('an old confirmation tapped again hands out nothing more', async () => {
    const before = (await listConsumableUses(service.database.db, DEFAULT_OFFICE_ID)).length;
    await chat.say(who.tech!.userId, 'คืนอุปกรณ์/ยืม');
    await chat.tap(who.tech!.userId, 'จ่ายวัสดุ');
    await chat.say(who.tech!.userId, 'ถ่าน');
    await chat.tap(who.tech!.userId, 'ถ่าน AA (สาธิต) (40)');
    await chat.tap(who.tech!.userId, '5');
    await chat.say(who.tech!.userId, 'คุณวิชัย');
    const confirm = await chat.tap(who.tech!.userId, 'ไม่ระบุ');
    const data = chat.buttons(who.tech!.userId).find((b) => b.label === 'ยืนยัน')!.data;
    await chat.tapData(who.tech!.userId, data);
    expect(confirm.text).toContain('ถ่าน AA (สาธิต) 5 ก้อน');
    const replay = await chat.tapData(who.tech!.userId, data);
    expect(replay.text).toContain('ปุ่มนี้ใช้ไม่ได้แล้ว');
    expect((await listConsumableUses(service.database.db, DEFAULT_OFFICE_ID)).length).toBe(before + 1);
    expect(await stockOf('ถ่าน AA (สาธิต)')).toBe(35);
  });

  it('is refused to a teacher, who changes nothing', async () => {
    const refused = await chat.say(who.teacher!.userId, 'คืนอุปกรณ์/ยืม');
    expect(refused.text).toContain('จ่ายและรับคืนอุปกรณ์');
    const data = (await (async () => {
      await chat.say(who.tech!.userId, 'คืนอุปกรณ์/ยืม');
      return chat.buttons(who.tech!.userId).find((b) => b.label === 'จ่ายวัสดุ')!.data;
    })());
    // The technician's button replayed by the teacher is refused too.
    expect((await chat.tapData(who.teacher!.userId, data)).text).not.toContain('จะจ่ายวัสดุอะไร');
  });
});

describe('the usage log export', () => {
  it('writes แบบบันทึกใช้วัสดุอุปกรณ์ as CSV with a byte-order mark, for a period', async () => {
    const out: string[] = [];
    const written = new Map<string, string | Buffer>();
    const io = { out: (line: string) => out.push(line), readFile: async () => '', writeFile: async (p: string, c: string | Buffer) => void written.set(p, c), write: (t: string) => out.push(t), liff: undefined };
    expect(await runInventoryCommand(service.database.db, DEFAULT_OFFICE_ID, ['usage', '--from=2027-05-01', '--to=2027-05-03', '--out=usage.csv'], io)).toBe(0);
    const csv = written.get('usage.csv') as string;
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('ลำดับที่,วันที่,รายการ,จำนวน,หน่วย,ผู้รับ,วัตถุประสงค์,ผู้จ่าย,ประเภท,คงเหลือ');
    expect(lines[1]).toBe(`1,3 พฤษภาคม 2570,${INK},4,ตลับ,โรงเรียนบ้านหนองบัวทอง,เปลี่ยนตลับหมึกเครื่องพิมพ์ห้องธุรการ,ช่างสมชาย,จ่ายออก,8`);
    expect(lines.some((l) => l.includes(',รับเข้า,11'))).toBe(true);
    // Another period has nothing.
    expect(await runInventoryCommand(service.database.db, DEFAULT_OFFICE_ID, ['usage', '--from=2027-06-01'], io)).toBe(0);
    expect((out.at(-1) as string).slice(1).trimEnd().split('\r\n')).toHaveLength(1);
    expect(await runInventoryCommand(service.database.db, DEFAULT_OFFICE_ID, ['usage', '--from=May'], io)).toBe(2);
  });
});
