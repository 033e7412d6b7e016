import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { and, eq } from 'drizzle-orm';
import type { RunningService } from '../../src/app.ts';
import { auditLog } from '../../src/db/schema.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import { reportTexts as T } from '../../src/flows/reports/messages.ts';
import { parseTypedMonth } from '../../src/flows/reports/flow.ts';
import { MENU_COMMANDS } from '../../src/line/rich-menus/commands.ts';
import { richMenuDefinition } from '../../src/line/rich-menus/definitions.ts';
import { actionsIn, chatDriver, loadDemoSchools } from '../support/chat.ts';
import { officeFactory } from '../support/factories.ts';
import { startTestService } from '../support/service.ts';

/**
 * "รายงาน" in the chat, through the emulator: the area director, a deputy and the group director choose a
 * period and get the report's card with the button to its page; a teacher, a technician and an admin are
 * refused politely (and the refusal is recorded).
 */

const clock = bangkokTime('2027-04-05', '10:00');
const SECRET_SUBJECT = 'หนังสือลับเรื่องสอบข้อเท็จจริง';
let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
const users: Record<string, string> = {};

beforeAll(async () => {
  service = await startTestService({}, { now: () => clock });
  chat = chatDriver(service);
  await loadDemoSchools(service);
  users.area = await chat.registerInvited('ผอ.เขต', 'area_director', clock);
  users.deputy = await chat.registerInvited('รอง ผอ.เขต', 'deputy_director', clock);
  users.group = await chat.registerInvited('ผอ.กลุ่ม', 'group_director', clock);
  users.tech = await chat.registerInvited('ช่าง', 'technician', clock);
  users.admin = await chat.registerInvited('ผู้ดูแล', 'admin', clock);
  users.teacher = await chat.registerTeacher('ครูสมศรี');
  const f = officeFactory(service.database.db);
  const clerk = (await f.person('ธุรการ', 'saraban_clerk')).id;
  await f.letter({ registeredBy: clerk, registeredAt: bangkokTime('2027-03-03', '09:00'), secrecy: 'secret', subject: SECRET_SUBJECT });
}, 120_000);

afterAll(async () => {
  await service.stop();
});

describe('the รายงาน tile', () => {
  it('is on the directors menu, and every menu still fits', () => {
    expect(richMenuDefinition('director').tiles.map((t) => t.command)).toContain('reports');
    for (const key of ['teacher', 'school_director', 'technician', 'saraban', 'admin'] as const) {
      expect(richMenuDefinition(key).tiles.map((t) => t.command)).not.toContain('reports');
    }
  });

  it('offers the director this month, last month, a month from the calendar and the fiscal years', async () => {
    const answer = await chat.say(users.area!, MENU_COMMANDS.reports);
    expect(answer.text).toBe(T.choosePeriod);
    const actions = actionsIn(answer.entries);
    expect(actions.map((a) => a.label)).toEqual([T.thisMonth, T.lastMonth, T.chooseMonth, T.fiscalYear, T.lastFiscalYear]);
    expect(actions.find((a) => a.label === T.chooseMonth)!.type).toBe('datetimepicker');
  });

  it('answers last month with the report card and its page', async () => {
    await chat.say(users.area!, MENU_COMMANDS.reports);
    const answer = await chat.tap(users.area!, T.lastMonth);
    expect(answer.entries).toHaveLength(1);
    const card = answer.entries[0]!.message;
    expect(card.type).toBe('flex');
    expect(card.altText).toContain('รายงานประจำเดือนมีนาคม 2570');
    const json = JSON.stringify(card);
    expect(json).toContain('/liff/reports/2027-03');
    expect(json).not.toContain(SECRET_SUBJECT);
  });

  it('takes a month from the calendar or typed, and the fiscal year, for the deputy and the group director', async () => {
    await chat.say(users.deputy!, MENU_COMMANDS.reports);
    const picked = await chat.tapIn(users.deputy!, (await chat.say(users.deputy!, MENU_COMMANDS.reports)).entries, T.chooseMonth, { date: '2027-01-15' });
    expect(picked.entries[0]!.message.altText).toContain('มกราคม 2570');
    await chat.say(users.group!, MENU_COMMANDS.reports);
    const typed = await chat.say(users.group!, '2/2570');
    expect(typed.entries[0]!.message.altText).toContain('กุมภาพันธ์ 2570');
    await chat.say(users.group!, MENU_COMMANDS.reports);
    const year = await chat.tap(users.group!, T.fiscalYear);
    expect(year.entries[0]!.message.altText).toContain('รายงานประจำปีงบประมาณ 2570');
  });

  it('asks again for a month it cannot read or that has not begun', async () => {
    await chat.say(users.area!, MENU_COMMANDS.reports);
    expect((await chat.say(users.area!, 'เดือนหน้า')).text).toBe(T.notAMonth);
    expect((await chat.say(users.area!, '12/2570')).text).toBe(T.future);
    expect((await chat.say(users.area!, '3/2570')).entries[0]!.message.altText).toContain('มีนาคม 2570');
  });

  it('refuses a teacher, a technician and an admin, and records it', async () => {
    for (const key of ['teacher', 'tech', 'admin']) {
      const answer = await chat.say(users[key]!, MENU_COMMANDS.reports);
      expect(answer.text).toBe(T.denied);
      expect(JSON.stringify(answer.entries)).not.toContain('รายงานประจำเดือน');
      const person = await chat.personOf(users[key]!);
      const audits = await service.database.db.select().from(auditLog).where(and(eq(auditLog.actorId, person.id), eq(auditLog.action, 'permission_denied')));
      expect(audits.length).toBeGreaterThan(0);
    }
  });
});

describe('typed months', () => {
  it('reads 3/2570, 03/2027, มีนาคม 2570, มี.ค. 70 and Thai digits; refuses the rest', () => {
    for (const text of ['3/2570', '03/2027', 'มีนาคม 2570', 'มี.ค. 70', '๓/๒๕๗๐', '2570-03']) expect(parseTypedMonth(text)).toEqual({ kind: 'month', year: 2027, month: 3 });
    for (const text of ['13/2570', 'มีนา', 'hello', '3']) expect(parseTypedMonth(text)).toBeNull();
  });
});
