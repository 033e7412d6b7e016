import type { Readable } from 'node:stream';
import { z } from 'zod';
import { ByteQueue } from './byte-queue.ts';
import { BackupDamagedError } from './container.ts';

/**
 * The content of a backup, inside the compression: a sequence of records, each `type (1 byte) | length (u32 BE) |
 * payload`. First the manifest (what the backup holds and the figures it is verified against), then for each table
 * its start, its rows as PostgreSQL's COPY text in pieces, and its end; then the files of DATA_DIR a restore needs;
 * then an end record. Read back by `readArchive`, which checks the order as it goes.
 */

export const RECORD = {
  manifest: 0x4d, // M
  table: 0x54, // T
  data: 0x44, // D
  tableEnd: 0x45, // E
  file: 0x46, // F
  end: 0x5a, // Z
} as const;
type RecordType = (typeof RECORD)[keyof typeof RECORD];

const tableSchema = z.object({
  schema: z.string().min(1),
  name: z.string().min(1),
  /** The columns COPY wrote, in that order (generated columns are left out: the restore computes them). */
  columns: z.array(z.string()),
  rows: z.number().int().min(0),
  /** md5 over the rows' md5s in sorted order (src/db/backup/catalog.ts `tableFigures`). */
  checksum: z.string().regex(/^[0-9a-f]{32}$/),
});

export const manifestSchema = z.object({
  format: z.literal(1),
  /** The service's clock when the backup was made (ISO). */
  createdAt: z.string(),
  /** The database's time of the snapshot every table was read in (ISO): the backup's moment. */
  snapshotAt: z.string(),
  source: z.object({
    kind: z.enum(['embedded', 'server']),
    /** `server_version_num` of the PostgreSQL it was made from. */
    serverVersion: z.number().int(),
  }),
  /** The session settings the rows were written (and must be read) with. */
  session: z.record(z.string(), z.string()),
  /** The migrations applied at that moment, in order: the restore builds exactly this schema, then loads the rows. */
  migrations: z.array(z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/), createdAt: z.number() })),
  tables: z.array(tableSchema),
  sequences: z.array(z.object({ schema: z.string(), name: z.string(), lastValue: z.string().regex(/^-?\d+$/), isCalled: z.boolean() })),
  /** Files of DATA_DIR that belong with the data (the generated local channel and LINE Login credentials). */
  files: z.array(z.string()),
});
export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestTable = z.infer<typeof tableSchema>;

const tableStartSchema = z.object({ schema: z.string(), name: z.string() });
const tableEndSchema = z.object({ bytes: z.number().int().min(0) });
const fileSchema = z.object({ name: z.string().regex(/^[A-Za-z0-9._-]+$/), contentBase64: z.string() });
const endSchema = z.object({ tables: z.number().int().min(0), files: z.number().int().min(0) });

export function record(type: RecordType, payload: Buffer | string | object): Buffer {
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload), 'utf8');
  const head = Buffer.alloc(5);
  head[0] = type;
  head.writeUInt32BE(body.length, 1);
  return Buffer.concat([head, body]);
}

export type ArchiveItem =
  | { kind: 'manifest'; manifest: Manifest }
  | { kind: 'table'; schema: string; name: string; data: AsyncIterable<Buffer> }
  | { kind: 'file'; name: string; content: Buffer }
  | { kind: 'end' };

const damaged = (what: string) => new BackupDamagedError(`the backup's content is damaged (${what})`);

function parseJson<S extends z.ZodType>(schema: S, payload: Buffer, what: string): z.infer<S> {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch {
    throw damaged(what);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw damaged(what);
  return parsed.data;
}

/**
 * The items of a backup's content, in order. A table's rows must be read (its `data` iterated to the end) before
 * the next item is asked for. Every table of the manifest, and nothing else, must come, and the end record last.
 */
export async function* readArchive(content: Readable): AsyncGenerator<ArchiveItem> {
  const queue = new ByteQueue();
  const source = content[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let sourceDone = false;

  async function fill(n: number): Promise<boolean> {
    while (queue.length < n) {
      if (sourceDone) return false;
      const next = await source.next();
      if (next.done) sourceDone = true;
      else queue.push(next.value);
    }
    return true;
  }
  async function nextRecord(): Promise<{ type: number; payload: Buffer } | undefined> {
    if (!(await fill(5))) {
      if (queue.length > 0) throw damaged('a record is cut short');
      return undefined;
    }
    const head = queue.take(5);
    const length = head.readUInt32BE(1);
    if (!(await fill(length))) throw damaged('a record is cut short');
    return { type: head[0]!, payload: queue.take(length) };
  }

  const first = await nextRecord();
  if (first?.type !== RECORD.manifest) throw damaged('no manifest');
  const manifest = parseJson(manifestSchema, first.payload, 'manifest');
  yield { kind: 'manifest', manifest };

  let tables = 0;
  let files = 0;
  for (;;) {
    const next = await nextRecord();
    if (!next) throw damaged('no end record');
    if (next.type === RECORD.table) {
      const start = parseJson(tableStartSchema, next.payload, 'table start');
      const expected = manifest.tables[tables];
      if (!expected || expected.schema !== start.schema || expected.name !== start.name) throw damaged(`table ${start.schema}.${start.name} out of order`);
      tables += 1;
      let finished = false;
      let bytes = 0;
      const data = async function* (): AsyncGenerator<Buffer> {
        for (;;) {
          const piece = await nextRecord();
          if (!piece) throw damaged(`table ${start.name} is cut short`);
          if (piece.type === RECORD.data) {
            bytes += piece.payload.length;
            yield piece.payload;
            continue;
          }
          if (piece.type !== RECORD.tableEnd) throw damaged(`table ${start.name} has no end`);
          const end = parseJson(tableEndSchema, piece.payload, 'table end');
          if (end.bytes !== bytes) throw damaged(`table ${start.name} has ${bytes} bytes, not ${end.bytes}`);
          finished = true;
          return;
        }
      };
      yield { kind: 'table', schema: start.schema, name: start.name, data: data() };
      if (!finished) throw new Error(`the rows of ${start.schema}.${start.name} were not read to their end`);
      continue;
    }
    if (next.type === RECORD.file) {
      const file = parseJson(fileSchema, next.payload, 'file');
      files += 1;
      yield { kind: 'file', name: file.name, content: Buffer.from(file.contentBase64, 'base64') };
      continue;
    }
    if (next.type === RECORD.end) {
      const end = parseJson(endSchema, next.payload, 'end');
      if (end.tables !== tables || tables !== manifest.tables.length || end.files !== files || files !== manifest.files.length) {
        throw damaged('tables or files missing');
      }
      if (await fill(1)) throw damaged('bytes after the end');
      yield { kind: 'end' };
      return;
    }
    throw damaged(`unknown record ${next.type}`);
  }
}

/** The end record's payload. */
export function endRecord(tables: number, files: number): Buffer {
  return record(RECORD.end, { tables, files });
}

export function fileRecord(name: string, content: Buffer): Buffer {
  return record(RECORD.file, { name, contentBase64: content.toString('base64') });
}
