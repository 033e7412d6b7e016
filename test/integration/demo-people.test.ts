import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/database.ts';
import { auditLog, people, schools } from '../../src/db/schema.ts';
import { insertPerson } from '../../src/db/repos/people.ts';
import { createEmulator, type Emulator } from '../../src/emulator/index.ts';
import { createDemoPeopleIfOfficeEmpty, DEMO_PEOPLE, roleLabelsOfLineUsers } from '../../src/flows/directory/demo-people.ts';
import { DEMO_SCHOOLS_CSV } from '../../src/flows/directory/demo.ts';
import { importSchoolsCsv } from '../../src/flows/directory/import-schools.ts';
import { DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID, upsertDefaultChannel } from '../../src/line/channels.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase } from '../support/database.ts';

/**
 * The demo people's start-up step called directly, on a real PostgreSQL database presented as the embedded one or
 * as a server, with a real (in-memory) local LINE platform. The whole `npm start` is in test/e2e/demo-people.test.ts.
 */

const logger = createLogger('silent');
const NOW = new Date('2026-12-01T03:00:00Z');
const ROLES_WANTED = ['teacher', 'school_director', 'technician', 'group_director', 'area_director', 'saraban_clerk', 'admin'];

let database: Database;
let emulator: Emulator;
let emulatorUrl: { url: string; close(): Promise<void> };

const asEmbedded = (): Database => ({ ...database, kind: 'embedded' });
const asServer = (): Database => ({ ...database, kind: 'server' });
const everyone = () => database.db.select().from(people).where(eq(people.officeId, DEFAULT_OFFICE_ID)).orderBy(asc(people.id));
const emulatorUsers = async () =>
  ((await (await fetch(`${emulatorUrl.url}/api/users`)).json()) as { users: Array<{ userId: string; displayName: string; following: boolean }> }).users;

beforeAll(async () => {
  database = await createTestDatabase(logger);
  await upsertDefaultChannel(database.db, { officeName: 'สพป. ทดสอบ', channelSecret: 'demo-secret', channelAccessToken: 'demo-token' });
});
afterAll(async () => database.close());

beforeEach(async () => {
  await database.db.delete(auditLog);
  await database.db.delete(people);
  await database.db.delete(schools);
  await importSchoolsCsv(database.db, DEFAULT_OFFICE_ID, await readFile(DEMO_SCHOOLS_CSV, 'utf8'));
  emulator = createEmulator({
    channels: [{ channelId: DEFAULT_CHANNEL_ID, channelSecret: 'demo-secret', channelAccessToken: 'demo-token', webhookUrl: 'http://127.0.0.1:9/webhook' }],
    logger,
    describeUsers: (ids) => roleLabelsOfLineUsers(database, ids),
  });
  emulatorUrl = await emulator.listen(0);
});
afterEach(async () => {
  await emulatorUrl.close();
  await emulator.close();
});

/** The start-up step; `withLine: false` is a start with LINE credentials (no local LINE platform). */
const create = (db: Database, withLine = true) =>
  createDemoPeopleIfOfficeEmpty({ database: db, officeId: DEFAULT_OFFICE_ID, channelId: DEFAULT_CHANNEL_ID, line: withLine ? emulator : undefined, logger, now: NOW });

describe('demo people at start-up', () => {
  it('in an office that never had anyone: one registered, active person per role, each a simulated LINE user who is a friend of the bot', async () => {
    expect(await create(asEmbedded())).toBe(ROLES_WANTED.length);

    const rows = await everyone();
    expect(rows.map((r) => r.role).sort()).toEqual([...ROLES_WANTED].sort());
    const [firstSchool] = await database.db.select().from(schools).orderBy(asc(schools.id)).limit(1);
    for (const row of rows) {
      // As registration leaves a person: consent given, a Thai mobile number, active, the menu family of the role.
      expect(row).toMatchObject({ channelId: DEFAULT_CHANNEL_ID, status: 'active', consentAt: NOW });
      expect(row.phone).toMatch(/^0[689]\d{8}$/);
      expect(row.richMenuFamily).not.toBeNull();
      // The teacher and the school director belong to the same demo school; nobody else has one.
      expect(row.schoolId).toBe(row.role === 'teacher' || row.role === 'school_director' ? firstSchool!.id : null);
    }

    const users = await emulatorUsers();
    expect(users.map((u) => u.userId).sort()).toEqual(rows.map((r) => r.lineUserId).sort());
    for (const user of users) {
      expect(user.displayName).toContain('(ตัวอย่าง)');
      expect(user.following).toBe(true);
    }
    // The simulator's list tells who is who.
    const listed = (await (await fetch(`${emulatorUrl.url}/api/users`)).json()) as { users: Array<{ userId: string; roleLabel?: string }> };
    const teacher = rows.find((r) => r.role === 'teacher')!;
    expect(listed.users.find((u) => u.userId === teacher.lineUserId)?.roleLabel).toBe('ครู');

    const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'demo_person_created'));
    expect(audit).toHaveLength(ROLES_WANTED.length);
  });

  it('a second start makes nobody twice, in the office or on the local LINE platform', async () => {
    await create(asEmbedded());
    const before = await everyone();
    expect(await create(asEmbedded())).toBe(0);
    expect(await everyone()).toEqual(before);
    expect(await emulatorUsers()).toHaveLength(ROLES_WANTED.length);
  });

  it('never on a PostgreSQL server (DATABASE_URL), never with LINE credentials, never once anyone is in the office', async () => {
    expect(await create(asServer())).toBe(0);
    expect(await create(asEmbedded(), false)).toBe(0);
    expect(await everyone()).toEqual([]);
    expect(await emulatorUsers()).toEqual([]);

    await insertPerson(
      database.db,
      {
        officeId: DEFAULT_OFFICE_ID,
        channelId: DEFAULT_CHANNEL_ID,
        lineUserId: 'U0123456789abcdef0123456789abcdef',
        fullName: 'ครูคนแรก จริงจัง',
        phone: '0812345678',
        role: 'teacher',
        schoolId: null,
        consentAt: NOW,
        richMenuFamily: 'teacher',
      },
      NOW,
    );
    expect(await create(asEmbedded())).toBe(0);
    expect((await everyone()).map((r) => r.fullName)).toEqual(['ครูคนแรก จริงจัง']);
    expect(await emulatorUsers()).toEqual([]);
  });

  it('a start that stopped after the LINE users were made finds them again instead of making more', async () => {
    for (const person of DEMO_PEOPLE) emulator.ensureUser({ userId: person.lineUserId, displayName: person.displayName });
    expect(await create(asEmbedded())).toBe(ROLES_WANTED.length);
    expect(await emulatorUsers()).toHaveLength(ROLES_WANTED.length);
  });
});
