import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { desc } from 'drizzle-orm';
import pg from 'pg';
import { restoreBackupFile } from '../../src/backup/restore.ts';
import { backupJobs } from '../../src/backup/jobs.ts';
import { runBackup, type BackupResult } from '../../src/backup/run.ts';
import type { BackupSettings } from '../../src/backup/settings.ts';
import { applySession, BACKUP_SESSION, connectClient, databaseFigures, type TableFigures } from '../../src/db/backup/catalog.ts';
import { openDatabase, runMigrations, type Database } from '../../src/db/database.ts';
import { backupRuns } from '../../src/db/schema.ts';
import { builtInJobs, createScheduler } from '../../src/jobs/index.ts';
import { prepareSchedulerTables } from '../../src/jobs/scheduler.ts';
import { LOCAL_CREDENTIALS_FILE } from '../../src/line/local-credentials.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase, databaseUrl, testServer } from '../support/database.ts';
import { fillOfficeYear } from '../support/office-year.ts';

/**
 * Backups made by `runBackup` (the nightly job and `npm run backup`) against a database full of an office's
 * records: what is restored is what was there, table by table; a backup is named good only once its restore has
 * been verified, and the outcome is recorded; it is copied to the second folder; old ones are pruned; one runs at
 * a time.
 */
const KEY = 'backup-run-test-key-0123456789';
const logger = createLogger('silent');
const NOW = new Date('2027-09-30T19:00:00Z'); // 1 October 2027, 02:00 Bangkok
let source: Database;
let base: string;
let dataDir: string;

function settings(overrides: Partial<BackupSettings> = {}): BackupSettings {
  return {
    mode: 'encrypted',
    problem: null,
    passphrase: KEY,
    folder: path.join(base, 'backups'),
    copyFolder: undefined,
    time: '02:00',
    keepDaily: 14,
    keepMonthly: 12,
    dataDir,
    databaseKind: 'server',
    ...overrides,
  };
}

async function figuresOf(url: string): Promise<Map<string, TableFigures>> {
  const client = await connectClient(url, 'test');
  try {
    await applySession(client, BACKUP_SESSION);
    return await databaseFigures(client);
  } finally {
    await client.end();
  }
}

function good(result: BackupResult): Extract<BackupResult, { status: 'good' }> {
  if (result.status !== 'good') throw new Error(`backup not good: ${JSON.stringify(result)}`);
  return result;
}

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'esa-backup-run-'));
  dataDir = path.join(base, 'data');
  source = await createTestDatabase(logger);
  await prepareSchedulerTables(source);
  await fillOfficeYear(source.db, { schools: 12, tickets: 60, letters: 40, photoEvery: 5, photoBytes: 20_000, attachmentEvery: 6, attachmentBytes: 30_000, events: 80 });
  // A reminder waiting in the scheduler's queue: lost, it would never be sent.
  const scheduler = createScheduler({ database: source, logger, jobs: builtInJobs });
  await scheduler.schedule('line:notify-user', { channelId: 'default', officeId: 'default', userId: `U${'a'.repeat(32)}`, text: 'ครบกำหนดคืนโปรเจกเตอร์ค่ะ' }, { at: new Date('2027-10-05T02:00:00Z'), uniqueKey: 'loan:1:due' });
  await mkdir(dataDir, { recursive: true });
  await writeFile(path.join(dataDir, LOCAL_CREDENTIALS_FILE), JSON.stringify({ channelSecret: 'local-secret', channelAccessToken: 'local-token' }));
}, 120_000);

afterAll(async () => {
  await source?.close();
});

describe('a backup of an office’s records', () => {
  it('restores, onto an empty database elsewhere, every table exactly as it was (rows and checksums), with the DATA_DIR credentials', async () => {
    const before = await figuresOf(source.url);
    // What the round trip has to carry: a year's kinds of records, not empty tables.
    for (const table of ['people', 'schools', 'repair_tickets', 'repair_ticket_events', 'media_files', 'letters', 'letter_events', 'letter_loans', 'conversations', 'inbox_events', 'outbox_messages', 'register_counters', 'agenda_jobs', 'audit_log']) {
      expect(before.get(`public.${table}`)?.rows).toBeGreaterThan(0);
    }
    const result = good(await runBackup({ database: source, settings: settings(), now: NOW, trigger: 'command', logger }));
    expect(path.basename(result.file)).toBe('esa-backup-20271001-020000.esabak');
    expect(result.encrypted).toBe(true);
    expect(result.tables).toBe(before.size);
    expect(result.rows).toBe([...before.values()].reduce((sum, t) => sum + t.rows, 0));

    // The machine is lost: a new database and an empty DATA_DIR, the backup file and the key.
    const name = `restore_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: testServer().url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const newDataDir = await mkdtemp(path.join(tmpdir(), 'esa-backup-new-'));
    try {
      const url = databaseUrl(testServer().url, name);
      const restored = await restoreBackupFile({ file: result.file, passphrase: KEY, force: false, databaseUrl: url, dataDir: newDataDir, logger, now: NOW });
      expect(restored.newerMigrations).toBe(0);
      // The service's start migrates forward (nothing newer here) and creates what it creates on start.
      const target = await openDatabase({ databaseUrl: url, dataDir: newDataDir, logger, poolSize: 2 });
      await runMigrations(target);
      await prepareSchedulerTables(target);
      await target.close();
      const after = await figuresOf(url);
      expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
      for (const [table, figures] of before) expect({ table, ...after.get(table) }).toEqual({ table, ...figures });
      expect(JSON.parse(await readFile(path.join(newDataDir, LOCAL_CREDENTIALS_FILE), 'utf8'))).toEqual({ channelSecret: 'local-secret', channelAccessToken: 'local-token' });
      // New rows continue the sequences after the restored ones (no id given twice).
      const client = await connectClient(url, 'test');
      const next = await client.query<{ id: number }>(`insert into audit_log (office_id, action, subject_type, subject_id) values ('default', 'x', 'y', 'z') returning id::int`);
      const restoredMax = await client.query<{ max: number }>(`select max(id)::int as max from audit_log where action <> 'x'`);
      expect(next.rows[0]!.id).toBe(restoredMax.rows[0]!.max + 1);
      await client.end();
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }, 180_000);

  it('is recorded as good, with its figures, once verified, and leaves no scratch database behind', async () => {
    const later = new Date(NOW.getTime() + 3_600_000);
    const startedAt = Date.now();
    const result = good(await runBackup({ database: source, settings: settings(), now: later, trigger: 'schedule', logger }));
    const [row] = await source.db.select().from(backupRuns).orderBy(desc(backupRuns.id)).limit(1);
    expect(row).toMatchObject({
      status: 'good',
      trigger: 'schedule',
      fileName: path.basename(result.file),
      bytes: result.bytes,
      encrypted: true,
      tables: result.tables,
      rows: result.rows,
      error: null,
      copyFolder: null,
    });
    expect(row!.startedAt).toEqual(later);
    expect(row!.verifyMs).toBeGreaterThan(0);
    expect(row!.snapshotAt).toBeInstanceOf(Date);
    // No scratch database of this verification is left behind.
    const client = await connectClient(source.url, 'test');
    const scratch = await client.query<{ name: string }>(`select datname as name from pg_database where datname like 'esa\\_backup\\_verify\\_%'`);
    await client.end();
    expect(scratch.rows.filter((r) => Number(r.name.split('_')[3]) >= startedAt)).toEqual([]);
  }, 120_000);

  it('is not named good when its restore does not give back every table: a table made outside the migrations fails it, and the file is kept as .failed', async () => {
    await source.pool.query(`create table stray_notes (id serial primary key, note text not null)`);
    await source.pool.query(`insert into stray_notes (note) values ('ทำเอง')`);
    try {
      const at = new Date(NOW.getTime() + 2 * 3_600_000);
      const result = await runBackup({ database: source, settings: settings(), now: at, trigger: 'command', logger });
      expect(result.status).toBe('failed');
      if (result.status !== 'failed') return;
      expect(result.error).toMatch(/did not verify.*stray_notes/);
      expect(path.basename(result.file!)).toBe('esa-backup-20271001-040000.failed.esabak');
      const [row] = await source.db.select().from(backupRuns).orderBy(desc(backupRuns.id)).limit(1);
      expect(row).toMatchObject({ status: 'failed', fileName: 'esa-backup-20271001-040000.failed.esabak' });
      expect(row!.error).toMatch(/stray_notes/);
    } finally {
      await source.pool.query('drop table stray_notes');
    }
  }, 120_000);

  it('is copied, byte for byte, to the second folder; a copy that fails is recorded and the backup stays good', async () => {
    const copyFolder = path.join(base, 'nas');
    const result = good(await runBackup({ database: source, settings: settings({ copyFolder }), now: new Date(NOW.getTime() + 3 * 3_600_000), trigger: 'command', logger }));
    expect(result.copy).toEqual({ file: path.join(copyFolder, path.basename(result.file)) });
    const hash = async (f: string) => createHash('sha256').update(await readFile(f)).digest('hex');
    expect(await hash(path.join(copyFolder, path.basename(result.file)))).toBe(await hash(result.file));

    // The USB disk is unplugged: its mount point is now a plain file where a folder should be.
    const unplugged = path.join(base, 'usb');
    await writeFile(unplugged, 'not a folder');
    const second = good(await runBackup({ database: source, settings: settings({ copyFolder: unplugged }), now: new Date(NOW.getTime() + 4 * 3_600_000), trigger: 'command', logger }));
    expect(second.copy).toEqual({ error: expect.any(String) });
    const [row] = await source.db.select().from(backupRuns).orderBy(desc(backupRuns.id)).limit(1);
    expect(row).toMatchObject({ status: 'good', copyFolder: unplugged, copyError: expect.stringMatching(/EEXIST|ENOTDIR/) });
  }, 120_000);

  it('prunes old backups in both folders to 14 daily and 12 monthly, leaving files of other names alone', async () => {
    const folder = path.join(base, 'retention');
    const copyFolder = path.join(base, 'retention-copy');
    for (const f of [folder, copyFolder]) {
      await mkdir(f, { recursive: true });
      // A backup on each of the 40 days before (their content does not matter to the retention), and an operator's note.
      for (let day = 1; day <= 40; day += 1) {
        const local = new Date(NOW.getTime() - day * 86_400_000 + 7 * 3_600_000).toISOString();
        await writeFile(path.join(f, `esa-backup-${local.slice(0, 10).replace(/-/g, '')}-020000.esabak`), 'old');
      }
      await writeFile(path.join(f, 'README.txt'), 'backups of the office');
    }
    const result = good(await runBackup({ database: source, settings: settings({ folder, copyFolder, keepDaily: 14, keepMonthly: 12 }), now: NOW, trigger: 'schedule', logger }));
    for (const f of [folder, copyFolder]) {
      const names = (await readdir(f)).sort();
      expect(names).toContain('README.txt');
      expect(names).toContain(path.basename(result.file));
      const days = names.filter((n) => n.endsWith('.esabak')).map((n) => n.slice(11, 19));
      // 1 October (the new one) and the 13 days before it; then the newest of August (the 31st): 15 files.
      expect(days).toEqual(['20270831', '20270918', '20270919', '20270920', '20270921', '20270922', '20270923', '20270924', '20270925', '20270926', '20270927', '20270928', '20270929', '20270930', '20271001']);
    }
    expect(result.removed).toHaveLength(2 * 26);
  }, 120_000);

  it('is made by the nightly job in a process of its own, at BACKUP_TIME in Bangkok, once a day, and recorded', async () => {
    const folder = path.join(base, 'nightly');
    const nightly = backupJobs(settings({ folder, time: '02:00' })).find((j) => j.name === 'backup:nightly')!;
    expect(nightly.every).toMatchObject({ interval: '0 2 * * *', timezone: 'Asia/Bangkok' });
    const at = new Date('2027-10-02T19:00:00Z');
    await nightly.handler({}, { database: source, logger, now: at, runKey: 'nightly-test' });
    expect(await readdir(folder)).toEqual(['esa-backup-20271003-020000.esabak']);
    const [row] = await source.db.select().from(backupRuns).orderBy(desc(backupRuns.id)).limit(1);
    expect(row).toMatchObject({ status: 'good', trigger: 'schedule', fileName: 'esa-backup-20271003-020000.esabak', encrypted: true });
    expect(row!.startedAt).toEqual(at);
    // Once per Bangkok day: run again that day (agenda catching up after a start, the emulator's clock moved an
    // hour), it makes no second one; the next day it does.
    await nightly.handler({}, { database: source, logger, now: new Date(at.getTime() + 3_600_000), runKey: 'nightly-test:now' });
    expect(await readdir(folder)).toEqual(['esa-backup-20271003-020000.esabak']);
    await nightly.handler({}, { database: source, logger, now: new Date(at.getTime() + 86_400_000), runKey: 'nightly-test:next' });
    expect((await readdir(folder)).sort()).toEqual(['esa-backup-20271003-020000.esabak', 'esa-backup-20271004-020000.esabak']);
  }, 180_000);

  it('runs one at a time: a backup asked for while one runs says so and does nothing', async () => {
    const folder = path.join(base, 'busy');
    const [first, second] = await Promise.all([
      runBackup({ database: source, settings: settings({ folder }), now: NOW, trigger: 'schedule', logger }),
      new Promise<BackupResult>((resolve) => setTimeout(() => resolve(runBackup({ database: source, settings: settings({ folder }), now: NOW, trigger: 'command', logger })), 300)),
    ]);
    expect(first.status).toBe('good');
    expect(second).toEqual({ status: 'busy' });
    expect((await readdir(folder)).filter((n) => n.endsWith('.esabak'))).toHaveLength(1);
  }, 120_000);

  it('is refused, and the refusal recorded, with LINE credentials and no BACKUP_KEY', async () => {
    const folder = path.join(base, 'refused');
    const result = await runBackup({ database: source, settings: settings({ folder, mode: 'refused', passphrase: undefined, problem: 'backups are refused: BACKUP_KEY is not set' }), now: NOW, trigger: 'schedule', logger });
    expect(result).toEqual({ status: 'failed', error: 'backups are refused: BACKUP_KEY is not set' });
    const [row] = await source.db.select().from(backupRuns).orderBy(desc(backupRuns.id)).limit(1);
    expect(row).toMatchObject({ status: 'failed', error: 'backups are refused: BACKUP_KEY is not set', fileName: null });
    await expect(readdir(folder)).rejects.toThrow(/ENOENT/);
  });
});
