import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, loadConfig, type Config } from '../src/config.ts';
import { openDatabase, runMigrations, type Database, type Executor } from '../src/db/database.ts';
import { EmbeddedDatabaseError } from '../src/db/embedded-server.ts';
import { offices } from '../src/db/schema.ts';
import { DEFAULT_OFFICE_ID } from '../src/line/channels.ts';
import { createLogger, type Logger } from '../src/logger.ts';

/**
 * What every operator command in scripts/ starts with: the service's settings (a wrong one is printed and
 * the command exits with 2) and, when it needs one, the migrated database, closed again however it ends.
 */
export function loadScriptConfig(): Config | undefined {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return undefined;
    }
    throw err;
  }
}

export async function withScriptDatabase<T>(
  config: Config,
  logger: Logger,
  work: (database: Database) => Promise<T>,
): Promise<T> {
  let database: Database | undefined;
  try {
    // On the embedded database: the server the service runs, when it runs (left running), else one started for
    // this command alone (stopped at its end).
    database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, logger, poolSize: 2, role: 'command' });
    await runMigrations(database);
    return await work(database);
  } finally {
    await database?.close().catch(() => {});
  }
}

/** Drizzle wraps the driver's error ("Failed query: ..."); the causes say what actually went wrong. */
export function describeError(err: unknown): string {
  // Said in full: it tells the operator what to change.
  if (err instanceof EmbeddedDatabaseError) return err.message;
  const parts: string[] = [];
  for (let e: unknown = err; e !== undefined && parts.length < 4; e = e instanceof Error ? e.cause : undefined) {
    const text = e instanceof Error ? e.message || ('code' in e ? String(e.code) : e.name) : String(e);
    parts.push(text.split('\n')[0]!);
  }
  return parts.join(': ');
}

/** How a command reads files and prints lines (tests give their own). */
export interface ScriptIo {
  out: (line: string) => void;
  readFile: (path: string) => Promise<string>;
}

/** How an export command writes what it made: to a file (`--out=`), or to standard output. */
export interface OutputIo {
  out: (line: string) => void;
  write: (text: string) => void;
  writeFile: (path: string, content: string) => Promise<void>;
}

/** Where a command run by hand writes: standard output, and files (their folder made when missing). */
export const fileOutput: Pick<OutputIo, 'write' | 'writeFile'> = {
  write: (text) => process.stdout.write(text),
  writeFile: async (file, content) => {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  },
};

/** Writes an export to `out` and says where, or prints it when no file was named. */
export async function writeOutput(io: OutputIo, out: string | undefined, content: string): Promise<void> {
  if (out) {
    await io.writeFile(out, content);
    io.out(`บันทึกแล้ว: ${out}`);
  } else io.write(content);
}

/** Splits `--office=ID` from the other arguments. */
export function officeOption(args: readonly string[]): { officeId: string; rest: string[] } {
  const flag = args.find((a) => a.startsWith('--office='));
  return { officeId: flag ? flag.slice('--office='.length) : DEFAULT_OFFICE_ID, rest: args.filter((a) => a !== flag) };
}


/**
 * The `main` of a command that works on one office's data (`--office=ID`, default the default office): settings,
 * the migrated database, the office row (it may not exist before the service's first start), then `run`.
 * Returns the exit code: 2 for bad settings or usage, 1 when the database fails, else what `run` returns.
 */
export async function runOfficeCommand(
  name: string,
  argv: readonly string[],
  run: (ex: Executor, officeId: string, args: string[], io: ScriptIo) => Promise<number>,
): Promise<number> {
  const config = loadScriptConfig();
  if (!config) return 2;
  const { officeId, rest } = officeOption(argv);
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const io: ScriptIo = { out: (line) => process.stdout.write(`${line}\n`), readFile: (file) => readFile(file, 'utf8') };
  try {
    return await withScriptDatabase(config, logger, async (database) => {
      await database.db.insert(offices).values({ id: officeId, name: config.OFFICE_NAME }).onConflictDoNothing();
      return run(database.db, officeId, rest, io);
    });
  } catch (err) {
    process.stderr.write(`${name}: ${describeError(err)}\n`);
    return 1;
  }
}
