import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startService, type RunningService } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { listInfoSystems } from '../../src/db/repos/access-requests.ts';
import { DEMO_SYSTEMS_ADMIN } from '../../src/flows/access/demo.ts';
import { accessLabels as L, accessTexts as T } from '../../src/flows/access/messages.ts';
import { DEMO_PEOPLE } from '../../src/flows/directory/demo-people.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { createLogger } from '../../src/logger.ts';
import { chatDriver } from '../support/chat.ts';
import { createTestDatabase } from '../support/database.ts';

/**
 * A fresh embedded start with the demo people (what `npm start` gives someone trying the service): the demo systems
 * name the demo technician as their administrator, so the whole request can be tried in the simulator: the demo
 * teacher asks, the demo group director approves, the demo technician records the grant.
 */

let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
const demo = (role: string) => DEMO_PEOPLE.find((p) => p.role === role)!.lineUserId;

beforeAll(async () => {
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  // The test server may be a PostgreSQL server; the start is told it is the embedded one, as `npm start` uses.
  const database = { ...(await createTestDatabase(logger)), kind: 'embedded' as const };
  const config = loadConfig({ PORT: '0', DATA_DIR: await mkdtemp(path.join(tmpdir(), 'esa-line-')), LOG_LEVEL: 'silent' });
  service = await startService(config, { database, logger, demoPeople: true });
  chat = chatDriver(service);
}, 180_000);
afterAll(async () => service.stop());

it('the demo systems are administered by the demo technician; the demo people take a request from asking to the grant', async () => {
  const systems = await listInfoSystems(service.database.db, DEFAULT_OFFICE_ID);
  expect(systems.length).toBeGreaterThan(0);
  for (const s of systems) expect(s.adminName).toBe(DEMO_SYSTEMS_ADMIN.fullName);

  const [teacher, group, technician] = [demo('teacher'), demo('group_director'), demo('technician')];
  await chat.say(teacher, 'ขอสิทธิ์ใช้ระบบ');
  // The demo systems' names begin with ระบบ: the chat never writes "ระบบ ระบบสาธิต DMC".
  expect((await chat.tap(teacher, 'ระบบสาธิต DMC')).text).toContain('ขอสิทธิ์ระดับใดในระบบสาธิต DMC คะ');
  // Typed instead of tapped: asked to use the buttons, and they are under the answer again.
  const typed = await chat.say(teacher, 'ขอดูอย่างเดียว');
  expect(typed.text).toContain(T.buttonsPlease);
  expect(typed.labels).toContain('ดูข้อมูล');
  await chat.tap(teacher, 'ดูข้อมูล');
  const summary = await chat.say(teacher, 'ทดลองใช้ในโปรแกรมจำลอง');
  expect((await chat.tapIn(teacher, summary.entries, L.send)).text).toContain(T.sent);
  const toDecide = await chat.inbox(group);
  expect(toDecide.text).toContain('ระบบสาธิต DMC');
  await chat.tapIn(group, toDecide.entries, L.approve);
  const toGrant = await chat.inbox(technician);
  expect(toGrant.text).toContain('คำขอสิทธิ์ใช้ระบบสาธิต DMC #');
  expect(toGrant.text).not.toContain('ระบบ ระบบ');
  await chat.tapIn(technician, toGrant.entries, L.grant);
  const told = await chat.inbox(teacher);
  expect(told.text).toContain('คำขอสิทธิ์ใช้ระบบสาธิต DMC #');
  expect(told.text).toContain('ให้สิทธิ์แล้ว');
  expect(told.text).not.toContain('ระบบ ระบบ');
  expect(told.text).not.toContain(T.noAdmin('ระบบสาธิต DMC'));
});
