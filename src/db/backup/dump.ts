import { to as copyTo } from 'pg-copy-streams';
import { endRecord, fileRecord, record, RECORD, type Manifest } from '../../backup/archive.ts';
import {
  appliedMigrations,
  applySession,
  BACKUP_SESSION,
  connectClient,
  listSequences,
  listTables,
  qualified,
  quoteIdent,
  readSequence,
  tableFigures,
} from './catalog.ts';

/**
 * A logical copy of the whole database, taken the way pg_dump takes one: a single REPEATABLE READ, READ ONLY
 * transaction, so every table is read in one snapshot — the database as it was at one moment, whatever commits
 * meanwhile (writers are not held up; what they commit later is simply not in this backup) — and each table's rows
 * come out through COPY in PostgreSQL's text format. The figures a verification compares are taken in the same
 * snapshot. The schema itself is not copied: it is the migrations, whose list the backup records (see
 * src/db/backup/schema-at.ts).
 */

export interface DumpOptions {
  url: string;
  kind: 'embedded' | 'server';
  /** The service's clock. */
  createdAt: Date;
  /** Files of DATA_DIR to carry along. */
  files: Array<{ name: string; content: Buffer }>;
  /** Called with the manifest once it is known (before any rows are read). */
  onManifest?: (manifest: Manifest) => void;
}

/** Rows are handed on in records of about this size. */
const DATA_RECORD_BYTES = 256 * 1024;

/** The backup's content as records (src/backup/archive.ts), read from the database as it is consumed. */
export async function* dumpRecords(options: DumpOptions): AsyncGenerator<Buffer> {
  const client = await connectClient(options.url, 'esa-line backup');
  try {
    await applySession(client, BACKUP_SESSION);
    await client.query('begin isolation level repeatable read read only');
    // The first statement takes the snapshot: its clock is the backup's moment.
    const moment = await client.query<{ at: Date; version: number }>(
      `select clock_timestamp() as at, current_setting('server_version_num')::int as version`,
    );
    const migrations = await appliedMigrations(client);
    if (migrations.length === 0) throw new Error('the database has no migrations applied: it is not a database of this service');
    const tables = await listTables(client);
    const figures = [];
    for (const table of tables) figures.push({ schema: table.schema, name: table.name, columns: table.copyColumns, ...(await tableFigures(client, table)) });
    const sequences = [];
    for (const sequence of await listSequences(client)) sequences.push({ ...sequence, ...(await readSequence(client, sequence)) });
    const manifest: Manifest = {
      format: 1,
      createdAt: options.createdAt.toISOString(),
      snapshotAt: moment.rows[0]!.at.toISOString(),
      source: { kind: options.kind, serverVersion: moment.rows[0]!.version },
      session: { ...BACKUP_SESSION },
      migrations,
      tables: figures,
      sequences,
      files: options.files.map((f) => f.name),
    };
    options.onManifest?.(manifest);
    yield record(RECORD.manifest, manifest);

    for (const table of tables) {
      yield record(RECORD.table, { schema: table.schema, name: table.name });
      const columns = table.copyColumns.map(quoteIdent).join(', ');
      const stream = client.query(copyTo(`copy ${qualified(table)} (${columns}) to stdout`));
      let bytes = 0;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= DATA_RECORD_BYTES) {
          yield record(RECORD.data, Buffer.concat(pending));
          bytes += pendingBytes;
          pending = [];
          pendingBytes = 0;
        }
      }
      if (pendingBytes > 0) {
        yield record(RECORD.data, Buffer.concat(pending));
        bytes += pendingBytes;
      }
      yield record(RECORD.tableEnd, { bytes });
    }
    for (const file of options.files) yield fileRecord(file.name, file.content);
    yield endRecord(tables.length, options.files.length);
    await client.query('commit');
  } finally {
    await client.end().catch(() => {});
  }
}
