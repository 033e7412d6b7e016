import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { readManifest } from '../../src/backup/read.ts';
import { openDatabase, runMigrations } from '../../src/db/database.ts';
import { findRunningServer } from '../../src/db/embedded-server.ts';
import { prepareSchedulerTables } from '../../src/jobs/scheduler.ts';
import { LOCAL_CREDENTIALS_FILE } from '../../src/line/local-credentials.ts';
import { createLogger } from '../../src/logger.ts';
import { databaseUrl, testServer } from '../support/database.ts';
import { fillOfficeYear } from '../support/office-year.ts';
import { freePort, runCommand, startServiceProcess } from '../support/processes.ts';

/**
 * `npm run backup` and `npm run restore` as an operator runs them: exit codes, what they print, what they refuse —
 * a wrong key, a changed file, data already there without --force, a database still in use — and, on the
 * embedded default, the whole way from one machine's DATA_DIR to a new one where the service starts on the data.
 */
const BACKUP = 'scripts/backup.ts';
const RESTORE = 'scripts/restore.ts';
const KEY = 'commands-test-backup-key-0001';
const logger = createLogger('silent');

describe('npm run backup and npm run restore on a PostgreSQL server (DATABASE_URL)', () => {
  const name = `cmd_${Date.now().toString(36)}`;
  let url: string;
  let dataDir: string;
  let backupDir: string;
  let file: string;
  const admin = new pg.Client({ connectionString: testServer().url });
  const env = () => ({ DATABASE_URL: url, DATA_DIR: dataDir, BACKUP_DIR: backupDir, BACKUP_KEY: KEY, LOG_LEVEL: 'warn' });
  const tickets = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return Number((await client.query<{ n: string }>('select count(*) as n from repair_tickets')).rows[0]!.n);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`create database ${name}`);
    url = databaseUrl(testServer().url, name);
    dataDir = await mkdtemp(path.join(tmpdir(), 'esa-backup-cmd-'));
    backupDir = path.join(dataDir, 'elsewhere');
    const database = await openDatabase({ databaseUrl: url, dataDir, logger, poolSize: 2 });
    await runMigrations(database);
    await prepareSchedulerTables(database);
    await fillOfficeYear(database.db, { schools: 5, tickets: 17, letters: 9, photoEvery: 4, photoBytes: 2000, events: 10 });
    await database.close();
  }, 60_000);
  afterAll(async () => {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('backup: makes a verified, encrypted file and says so (exit 0)', async () => {
    const result = await runCommand(BACKUP, [], env(), 120_000);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^backup made and verified: .*esa-backup-\d{8}-\d{6}\.esabak \([\d.]+ KB, encrypted with BACKUP_KEY\)/);
    expect(result.stdout).toMatch(/verified in [\d.]+ s \(restored into a scratch database, every table's rows and checksum compared\)/);
    const files = (await readdir(backupDir)).filter((f) => f.endsWith('.esabak'));
    expect(files).toHaveLength(1);
    file = path.join(backupDir, files[0]!);
  }, 120_000);

  it('backup: is refused with LINE credentials and no BACKUP_KEY, saying why (exit 1); a wrong setting exits 2', async () => {
    const refused = await runCommand(BACKUP, [], { ...env(), BACKUP_KEY: undefined, LINE_CHANNEL_SECRET: 's'.repeat(32), LINE_CHANNEL_ACCESS_TOKEN: 't'.repeat(40) });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('backup failed: backups are refused: BACKUP_KEY is not set');
    const wrong = await runCommand(BACKUP, [], { ...env(), BACKUP_TIME: 'midnight' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('BACKUP_TIME');
  }, 60_000);

  it('restore: refuses a wrong key, a changed file and a file that is no backup, touching nothing (exit 1)', async () => {
    const wrongKey = await runCommand(RESTORE, [file, '--force'], { ...env(), BACKUP_KEY: 'not-the-key-it-was-made-with' });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toContain('restore refused: BACKUP_KEY does not open this backup');
    const changed = path.join(dataDir, 'changed.esabak');
    const bytes = await readFile(file);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x10;
    await writeFile(changed, bytes);
    const tampered = await runCommand(RESTORE, [changed, '--force'], env());
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toMatch(/restore refused: the backup was changed or damaged: part \d+ fails its authentication/);
    const notBackup = path.join(dataDir, 'notes.esabak');
    await writeFile(notBackup, 'just notes');
    expect((await runCommand(RESTORE, [notBackup], env())).stderr).toContain('is not a backup of this service');
    expect(await tickets()).toBe(17);
    expect((await runCommand(RESTORE, [], env())).code).toBe(2);
  }, 60_000);

  it('restore: will not replace a database that holds tables without --force, nor one still in use', async () => {
    const refused = await runCommand(RESTORE, [file], env());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the database of DATABASE_URL already holds tables');
    expect(refused.stderr).toContain('--force');
    const inUse = new pg.Client({ connectionString: url, application_name: 'esa-line service' });
    await inUse.connect();
    try {
      const busy = await runCommand(RESTORE, [file, '--force'], env());
      expect(busy.code).toBe(1);
      expect(busy.stderr).toContain('other session(s) are connected to the database (esa-line service): stop the service first');
    } finally {
      await inUse.end();
    }
    expect(await tickets()).toBe(17);
  }, 60_000);

  it('restore --force: the database is the backup’s again (exit 0), and says to start the service', async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`delete from repair_ticket_events; delete from media_files; delete from repair_tickets`);
    await client.end();
    expect(await tickets()).toBe(0);
    const result = await runCommand(RESTORE, [file, '--force'], env(), 120_000);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const manifest = await readManifest(file, KEY);
    expect(result.stdout).toContain(`restored into postgres://`);
    expect(result.stdout).toContain(`${manifest.tables.length} tables`);
    expect(result.stdout).toContain('start the service (npm start)');
    expect(await tickets()).toBe(17);
  }, 120_000);
});

describe('from one machine’s embedded database to a new machine (DATA_DIR)', () => {
  let oldDir: string;
  let newDir: string;

  beforeAll(async () => {
    oldDir = await mkdtemp(path.join(tmpdir(), 'esa-backup-old-'));
    newDir = await mkdtemp(path.join(tmpdir(), 'esa-backup-new-'));
  });
  afterAll(async () => {
    await rm(oldDir, { recursive: true, force: true });
    await rm(newDir, { recursive: true, force: true });
  });

  it('backs up the old DATA_DIR (unencrypted in emulator mode), restores it into a new one, and the service starts there on the data', async () => {
    const csv = path.join(oldDir, 'schools.csv');
    await writeFile(csv, 'ชื่อโรงเรียน,รหัส SMIS,อำเภอ\nโรงเรียนบ้านสำรองข้อมูล,36030999,เมืองชัยภูมิ\n');
    expect((await runCommand('scripts/import-schools.ts', [csv], { DATA_DIR: oldDir }, 120_000)).code).toBe(0);
    await writeFile(path.join(oldDir, LOCAL_CREDENTIALS_FILE), JSON.stringify({ channelSecret: 'c'.repeat(32), channelAccessToken: 'old-machine-token' }));
    const backup = await runCommand(BACKUP, [], { DATA_DIR: oldDir }, 180_000);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain('NOT encrypted: emulator mode without BACKUP_KEY');
    const made = (await readdir(path.join(oldDir, 'backups'))).filter((f) => f.endsWith('.esabak'));
    const file = path.join(tmpdir(), `moved-${made[0]!}`);
    await copyFile(path.join(oldDir, 'backups', made[0]!), file);

    try {
      const restored = await runCommand(RESTORE, [file], { DATA_DIR: newDir }, 180_000);
      expect(restored.stderr).toBe('');
      expect(restored.code).toBe(0);
      expect(restored.stdout).toContain(`restored into ${path.join(newDir, 'postgres')}`);
      expect(await findRunningServer(newDir)).toBeUndefined();
      expect(JSON.parse(await readFile(path.join(newDir, LOCAL_CREDENTIALS_FILE), 'utf8'))).toMatchObject({ channelAccessToken: 'old-machine-token' });

      const service = await startServiceProcess(await freePort(), { DATA_DIR: newDir });
      try {
        // While it runs, a restore is refused.
        const again = await runCommand(RESTORE, [file, '--force'], { DATA_DIR: newDir });
        expect(again.code).toBe(1);
        expect(again.stderr).toContain('is running (the service, or a command): stop the service first');
        const running = await findRunningServer(newDir);
        const client = new pg.Client({ host: running!.host, port: running!.port, user: running!.user, password: running!.password, database: 'postgres' });
        await client.connect();
        const schools = await client.query<{ name: string }>('select name from schools');
        await client.end();
        expect(schools.rows.map((r) => r.name)).toContain('โรงเรียนบ้านสำรองข้อมูล');
      } finally {
        expect(await service.stop()).toBe(0);
      }
      // A second restore over it needs --force, and keeps the replaced folder aside.
      const refused = await runCommand(RESTORE, [file], { DATA_DIR: newDir });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('already holds a database');
      const forced = await runCommand(RESTORE, [file, '--force'], { DATA_DIR: newDir }, 180_000);
      expect(forced.code).toBe(0);
      expect(forced.stdout).toMatch(/the previous data is kept aside as .*postgres-before-restore-\d{8}T\d{6}Z/);
      expect((await readdir(newDir)).filter((f) => f.startsWith('postgres-before-restore-'))).toHaveLength(1);
    } finally {
      await rm(file, { force: true });
    }
  }, 600_000);
});
