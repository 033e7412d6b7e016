import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { and, eq, like } from 'drizzle-orm';
import { alertIfBackupsOverdue, backupJobs } from '../../src/backup/jobs.ts';
import type { BackupSettings } from '../../src/backup/settings.ts';
import type { Database } from '../../src/db/database.ts';
import { recordBackupRun } from '../../src/db/repos/backup-runs.ts';
import { insertOfficeChannel } from '../../src/db/repos/line-channels.ts';
import { backupRuns, offices, outboxMessages } from '../../src/db/schema.ts';
import { DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID, upsertDefaultChannel } from '../../src/line/channels.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase } from '../support/database.ts';
import { officeFactory } from '../support/factories.ts';

/**
 * "When no backup has succeeded for two days, the admins are told once a day": every active admin of every office,
 * through their own office's channel, once per Bangkok day, from 08:00; not before two days, not again the same day,
 * again the next day, and no more once a good backup is made.
 */
const logger = createLogger('silent');
/** Installation day: the offices were created at 10:00 Bangkok on 1 March 2027. */
const INSTALLED = new Date('2027-03-01T03:00:00Z');
const bangkok = (iso: string) => new Date(`${iso}+07:00`);
let database: Database;

const settings = (mode: BackupSettings['mode'] = 'encrypted'): BackupSettings => ({
  mode,
  problem: null,
  passphrase: 'k'.repeat(20),
  folder: '/nonexistent',
  copyFolder: undefined,
  time: '02:00',
  keepDaily: 14,
  keepMonthly: 12,
  dataDir: '/nonexistent',
  databaseKind: 'server',
});

const alerts = async () =>
  database.db
    .select({ to: outboxMessages.toUserId, channel: outboxMessages.channelId, office: outboxMessages.officeId, source: outboxMessages.sourceEventId, messages: outboxMessages.messages })
    .from(outboxMessages)
    .where(like(outboxMessages.sourceEventId, 'job:backup:overdue:%'));

const run = (at: Date, mode?: BackupSettings['mode']) => alertIfBackupsOverdue(database.db, settings(mode), at);

beforeAll(async () => {
  database = await createTestDatabase(logger);
  const { db } = database;
  await upsertDefaultChannel(db, { officeName: 'สพป.ทดสอบ เขต 1', channelSecret: 'secret-one', channelAccessToken: 'token-one' });
  await insertOfficeChannel(db, { id: 'office2', officeId: 'office2', officeName: 'สพป.ทดสอบ เขต 2', channelSecret: 'secret-two', channelAccessToken: 'token-two' });
  await db.update(offices).set({ createdAt: INSTALLED });
  const person = (officeId: string, channelId: string, n: number, role: string, status = 'active') =>
    officeFactory(db, officeId, channelId).person(`คนที่ ${n}`, role, { lineUserId: `U${String(n).padStart(32, '0')}`, status });
  await person(DEFAULT_OFFICE_ID, DEFAULT_CHANNEL_ID, 1, 'admin');
  await person(DEFAULT_OFFICE_ID, DEFAULT_CHANNEL_ID, 2, 'admin', 'inactive');
  await person(DEFAULT_OFFICE_ID, DEFAULT_CHANNEL_ID, 3, 'technician');
  await person('office2', 'office2', 4, 'admin');
});

afterAll(async () => {
  await database?.close();
});

beforeEach(async () => {
  await database.db.delete(outboxMessages);
  await database.db.delete(backupRuns);
});

describe('the two-day backup alert', () => {
  it('says nothing while the installation is younger than two days, even with no backup at all', async () => {
    expect(await run(bangkok('2027-03-03T09:00:00'))).toBe(0);
    expect(await alerts()).toEqual([]);
  });

  it('tells each active admin of each office, on their office’s channel, once a day from 08:00', async () => {
    expect(await run(bangkok('2027-03-03T07:59:00'))).toBe(0);
    expect(await run(bangkok('2027-03-03T10:00:00'))).toBe(2);
    const sent = await alerts();
    expect(sent.map((a) => [a.to, a.channel, a.office]).sort()).toEqual([
      [`U${'1'.padStart(32, '0')}`, DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID],
      [`U${'4'.padStart(32, '0')}`, 'office2', 'office2'],
    ]);
    const text = (sent[0]!.messages as Array<{ text: string }>)[0]!.text;
    expect(text).toContain('ยังสำรองข้อมูลไม่สำเร็จมาเกิน 2 วันแล้ว');
    expect(text).toContain('ยังไม่เคยมีข้อมูลสำรองที่ใช้ได้');
    // The rest of the day: nothing more, however often the job runs.
    expect(await run(bangkok('2027-03-03T11:00:00'))).toBe(0);
    expect(await run(bangkok('2027-03-03T20:00:00'))).toBe(0);
    expect(await alerts()).toHaveLength(2);
    // The next day (from 08:00), once again.
    expect(await run(bangkok('2027-03-04T01:00:00'))).toBe(0);
    expect(await run(bangkok('2027-03-04T08:00:00'))).toBe(2);
    expect(await run(bangkok('2027-03-04T09:00:00'))).toBe(0);
    expect(await alerts()).toHaveLength(4);
  });

  it('counts two days from the last good backup, says when it was and why the last one failed, and stops once one succeeds', async () => {
    const run0 = { trigger: 'schedule', snapshotAt: null, fileName: null, bytes: null, encrypted: true, tables: 20, rows: 100, backupMs: 10, verifyMs: 10, copyFolder: null, copyError: null, error: null };
    await recordBackupRun(database.db, { ...run0, status: 'good', startedAt: bangkok('2027-03-10T02:00:00'), finishedAt: bangkok('2027-03-10T02:00:05') });
    await recordBackupRun(database.db, { ...run0, status: 'failed', startedAt: bangkok('2027-03-11T02:00:00'), finishedAt: bangkok('2027-03-11T02:00:01'), error: 'ENOSPC: no space left on device' });
    expect(await run(bangkok('2027-03-12T01:59:00'))).toBe(0);
    expect(await run(bangkok('2027-03-12T09:00:00'))).toBe(2);
    const text = ((await alerts())[0]!.messages as Array<{ text: string }>)[0]!.text;
    expect(text).toContain('ข้อมูลสำรองล่าสุดที่ใช้ได้: 10 มีนาคม 2570 เวลา 02:00 น.');
    expect(text).toContain('สาเหตุล่าสุด: ENOSPC: no space left on device');
    await recordBackupRun(database.db, { ...run0, status: 'good', startedAt: bangkok('2027-03-13T02:00:00'), finishedAt: bangkok('2027-03-13T02:00:05') });
    expect(await run(bangkok('2027-03-13T09:00:00'))).toBe(0);
  });

  it('counts a backup whose copy to the second folder failed as not good enough', async () => {
    const base = { trigger: 'schedule', snapshotAt: null, fileName: null, bytes: null, encrypted: true, tables: 20, rows: 100, backupMs: 10, verifyMs: 10, error: null };
    await recordBackupRun(database.db, { ...base, status: 'good', startedAt: bangkok('2027-04-01T02:00:00'), finishedAt: bangkok('2027-04-01T02:00:05'), copyFolder: '/mnt/usb', copyError: null });
    for (const day of ['02', '03', '04']) {
      await recordBackupRun(database.db, { ...base, status: 'good', startedAt: bangkok(`2027-04-${day}T02:00:00`), finishedAt: bangkok(`2027-04-${day}T02:00:05`), copyFolder: '/mnt/usb', copyError: 'ENOENT: /mnt/usb' });
    }
    expect(await run(bangkok('2027-04-04T09:00:00'))).toBe(2);
    const text = ((await alerts())[0]!.messages as Array<{ text: string }>)[0]!.text;
    expect(text).toContain('การคัดลอกไปยังที่เก็บสำรองแห่งที่สองไม่สำเร็จ');
    expect(text).toContain('ข้อมูลสำรองล่าสุดที่ใช้ได้: 1 เมษายน 2570 เวลา 02:00 น.');
  });

  it('is not sent when the server is backed up by its operator (BACKUP_EXTERNAL)', async () => {
    expect(await run(bangkok('2027-03-20T09:00:00'), 'external')).toBe(0);
  });

  it('runs as the job backup:overdue-alert, hourly in the office’s day', async () => {
    const job = backupJobs(settings()).find((j) => j.name === 'backup:overdue-alert')!;
    expect(job.every).toMatchObject({ interval: '0 8-20 * * *', timezone: 'Asia/Bangkok' });
    await job.handler({}, { database, logger, now: bangkok('2027-03-20T09:00:00'), runKey: 'test' });
    await job.handler({}, { database, logger, now: bangkok('2027-03-20T10:00:00'), runKey: 'test-2' });
    expect(await alerts()).toHaveLength(2);
    const nightly = backupJobs({ ...settings(), time: '03:45' }).find((j) => j.name === 'backup:nightly')!;
    expect(nightly.every).toMatchObject({ interval: '45 3 * * *', timezone: 'Asia/Bangkok' });
    // The inactive admin (unfollowed) and the technician heard nothing.
    const heard = await database.db.select({ to: outboxMessages.toUserId }).from(outboxMessages).where(and(like(outboxMessages.sourceEventId, 'job:backup:%'), eq(outboxMessages.channelId, DEFAULT_CHANNEL_ID)));
    expect(heard.map((h) => h.to)).toEqual([`U${'1'.padStart(32, '0')}`]);
  });
});
