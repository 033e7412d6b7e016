/**
 * The backup benchmark (`BENCH_TARGETS=backup npm run bench`, or `node bench/backup.ts`): an office's year of activity
 * on the embedded PostgreSQL server — 200 schools, 5,000 repair tickets with photos, 3,000 letters with PDFs, the
 * chats of the last 90 days — then one backup as the nightly job makes it (written, then verified by restoring it
 * into a scratch database and comparing every table), timed and measured. Prints its own table; judged against
 * nothing (the issue asks for the figures).
 *
 * Settings: BENCH_BACKUP_SCHOOLS (200), BENCH_BACKUP_TICKETS (5000), BENCH_BACKUP_LETTERS (3000),
 * BENCH_BACKUP_PHOTO_EVERY (4: a photo on every 4th ticket), BENCH_BACKUP_PHOTO_KB (100),
 * BENCH_BACKUP_PDF_EVERY (3: a PDF on every 3rd letter), BENCH_BACKUP_PDF_KB (150), BENCH_BACKUP_EVENTS (20000),
 * BENCH_DATABASE_URL (measure on that server instead of the embedded one; a scratch database is made and dropped).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runBackup } from '../src/backup/run.ts';
import type { BackupSettings } from '../src/backup/settings.ts';
import { openDatabase, runMigrations } from '../src/db/database.ts';
import { prepareSchedulerTables } from '../src/jobs/scheduler.ts';
import { createLogger } from '../src/logger.ts';
import { scratchDatabase } from './scratch-database.ts';
import { fillOfficeYear } from '../test/support/office-year.ts';

const env = process.env;
const number = (name: string, fallback: number) => Number(env[name] ?? fallback);
const options = {
  schools: number('BENCH_BACKUP_SCHOOLS', 200),
  tickets: number('BENCH_BACKUP_TICKETS', 5000),
  letters: number('BENCH_BACKUP_LETTERS', 3000),
  photoEvery: number('BENCH_BACKUP_PHOTO_EVERY', 4),
  photoBytes: number('BENCH_BACKUP_PHOTO_KB', 100) * 1024,
  attachmentEvery: number('BENCH_BACKUP_PDF_EVERY', 3),
  attachmentBytes: number('BENCH_BACKUP_PDF_KB', 150) * 1024,
  events: number('BENCH_BACKUP_EVENTS', 20_000),
};
const out = (line = '') => process.stdout.write(`${line}\n`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  const logger = createLogger('silent');
  // DATA_DIR itself (as root, the embedded server's user is let through this folder, not through one above it).
  const base = await mkdtemp(path.join(tmpdir(), 'esa-bench-backup-'));
  const serverUrl = env.BENCH_DATABASE_URL;
  let dropScratch: (() => Promise<void>) | undefined;
  let databaseUrl: string | undefined;
  if (serverUrl) {
    const scratch = await scratchDatabase(serverUrl, 'bench_backup');
    databaseUrl = scratch.url;
    dropScratch = scratch.drop;
  }
  const database = await openDatabase({ databaseUrl, dataDir: base, logger, poolSize: 4 });
  try {
    await runMigrations(database);
    await prepareSchedulerTables(database);
    out(`backup: an office's year on the ${database.kind === 'embedded' ? 'embedded PostgreSQL server' : 'PostgreSQL server'} — making the data…`);
    const fillStart = performance.now();
    const year = await fillOfficeYear(database.db, { ...options, seed: 2570 });
    const fillMs = performance.now() - fillStart;
    await database.pool.query('vacuum analyze');
    const size = Number((await database.pool.query<{ n: string }>('select pg_database_size(current_database()) as n')).rows[0]!.n);
    const photos = options.photoEvery > 0 ? Math.ceil(options.tickets / options.photoEvery) : 0;
    out(
      `  ${year.schools} schools, ${year.people} people, ${year.tickets} tickets (${photos} photos of ${options.photoBytes / 1024} KB), ${year.letters} letters (PDFs of ${options.attachmentBytes / 1024} KB on every ${options.attachmentEvery}), ${options.events} inbox events and outbox rows; made in ${s(fillMs)}`,
    );
    out(`  database ${mb(size)} on disk, of which files (photos, PDFs) ${mb(year.mediaBytes)}`);

    const settings: BackupSettings = {
      mode: 'encrypted',
      problem: null,
      passphrase: 'bench-backup-key-0123456789',
      folder: path.join(base, 'backups'),
      copyFolder: path.join(base, 'copy'),
      time: '02:00',
      keepDaily: 14,
      keepMonthly: 12,
      dataDir: base,
      databaseKind: database.kind,
    };
    // What the backup's own process (src/backup/child.ts) needs: the backup is run here the way it runs there.
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    const cpuBefore = process.cpuUsage();
    const wallStart = performance.now();
    const result = await runBackup({ database, settings, now: new Date(), trigger: 'command', logger }).finally(() => clearInterval(sampler));
    const wallMs = performance.now() - wallStart;
    const cpu = process.cpuUsage(cpuBefore);
    if (result.status !== 'good') throw new Error(`the backup did not succeed: ${JSON.stringify(result)}`);
    out();
    out('| backup of an office\'s year | figure |');
    out('|---|---|');
    out(`| tables, rows | ${result.tables}, ${result.rows.toLocaleString('en')} |`);
    out(`| database on disk (files in it) | ${mb(size)} (${mb(year.mediaBytes)}) |`);
    out(`| backup file (zstd, AES-256-GCM) | ${mb(result.bytes)} (${((result.bytes / size) * 100).toFixed(0)} % of the database on disk) |`);
    out(`| backup: snapshot, COPY, compress, encrypt, write, fsync | ${s(result.backupMs)} (${mb((year.mediaBytes / result.backupMs) * 1000)}/s of files) |`);
    out(`| verification: read back, restore into a scratch database, compare every table | ${s(result.verifyMs)} |`);
    out(`| whole run (with the copy to the second folder and the retention) | ${s(wallMs)} |`);
    out(`| CPU of the backup's process (user + system; PostgreSQL's not counted) | ${s((cpu.user + cpu.system) / 1000)} |`);
    out(`| RSS during the backup: peak (before it) | ${mb(peakRss)} (${mb(rssBefore)}) |`);
  } finally {
    await database.close();
    await dropScratch?.();
    await rm(base, { recursive: true, force: true });
  }
}

await main();
