import pg from 'pg';

/**
 * What a backup reads from PostgreSQL's own catalogue: every table (whoever added it, whenever: nothing here lists
 * the service's tables), its columns, the foreign keys between tables, the sequences, and each table's figures — its
 * row count and a checksum of its rows — which a verification compares after restoring.
 */

/**
 * The session settings rows are written and read with. COPY's text and a row's text form depend on them (dates,
 * time zones, float digits, bytea), so a backup records them and everything that reads it sets the same.
 */
export const BACKUP_SESSION: Readonly<Record<string, string>> = {
  client_encoding: 'UTF8',
  TimeZone: 'UTC',
  DateStyle: 'ISO, YMD',
  IntervalStyle: 'postgres',
  extra_float_digits: '1',
  bytea_output: 'hex',
  standard_conforming_strings: 'on',
};

/** Only these may be set from a backup's manifest. */
const SESSION_NAMES = new Set(Object.keys(BACKUP_SESSION));

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function qualified(table: { schema: string; name: string }): string {
  return `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`;
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A client of its own (not the service's pool): a backup holds one transaction open for its whole length. */
export async function connectClient(url: string, applicationName: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: applicationName, connectionTimeoutMillis: 10_000 });
  // A server that ends the session fails the query in flight; it must not end the process.
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Takes the session advisory lock `key` on `client` if it is free (held until the session ends); false when taken. */
export async function tryAdvisoryLock(client: pg.Client, key: number): Promise<boolean> {
  const got = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [key]);
  return got.rows[0]?.ok === true;
}

export async function applySession(client: pg.Client, session: Readonly<Record<string, string>>): Promise<void> {
  for (const [name, value] of Object.entries(session)) {
    if (!SESSION_NAMES.has(name)) throw new Error(`the backup asks for the session setting ${name}, which a restore does not set`);
    await client.query(`set ${name} = ${quoteLiteral(value)}`);
  }
}

export interface CatalogTable {
  schema: string;
  name: string;
  /** Columns COPY can write, in the table's order (generated columns are computed, not written). */
  copyColumns: string[];
  /** Every column, sorted by name: what the checksum reads, whatever order the columns were added in. */
  allColumns: string[];
}

const USER_TABLES = `from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind = 'r' and n.nspname not in ('pg_catalog', 'information_schema')
    and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'
    and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')`;

/**
 * Every ordinary table outside the system schemas (extensions' own tables aside), in an order in which their rows
 * can be loaded with foreign keys checked: a table after the tables it refers to (ties and cycles by name).
 */
export async function listTables(client: pg.Client): Promise<CatalogTable[]> {
  const tables = await client.query<{ oid: number; schema: string; name: string }>(
    `select c.oid::int as oid, n.nspname as schema, c.relname as name ${USER_TABLES} order by 2, 3`,
  );
  const columns = await client.query<{ oid: number; name: string; generated: boolean }>(
    `select a.attrelid::int as oid, a.attname as name, a.attgenerated <> '' as generated
       from pg_attribute a where a.attnum > 0 and not a.attisdropped
        and a.attrelid in (select c.oid ${USER_TABLES})
      order by a.attrelid, a.attnum`,
  );
  const references = await client.query<{ from: number; to: number }>(
    `select conrelid::int as "from", confrelid::int as "to" from pg_constraint where contype = 'f' and conrelid <> confrelid`,
  );
  const byOid = new Map(tables.rows.map((t) => [t.oid, { schema: t.schema, name: t.name, copyColumns: [] as string[], allColumns: [] as string[] }]));
  for (const column of columns.rows) {
    const table = byOid.get(column.oid);
    if (!table) continue;
    if (!column.generated) table.copyColumns.push(column.name);
    table.allColumns.push(column.name);
  }
  for (const table of byOid.values()) table.allColumns.sort();

  // Kahn's order over "refers to", taking the first by name whenever several are free; what is left (a cycle) by name.
  const needs = new Map<number, Set<number>>([...byOid.keys()].map((oid) => [oid, new Set<number>()]));
  for (const ref of references.rows) if (byOid.has(ref.from) && byOid.has(ref.to)) needs.get(ref.from)!.add(ref.to);
  const ordered: number[] = [];
  const placed = new Set<number>();
  const sortedOids = [...byOid.keys()];
  while (ordered.length < sortedOids.length) {
    const free = sortedOids.find((oid) => !placed.has(oid) && [...needs.get(oid)!].every((dep) => placed.has(dep)));
    const next = free ?? sortedOids.find((oid) => !placed.has(oid))!;
    ordered.push(next);
    placed.add(next);
  }
  return ordered.map((oid) => byOid.get(oid)!);
}

export async function listSequences(client: pg.Client): Promise<Array<{ schema: string; name: string }>> {
  const result = await client.query<{ schema: string; name: string }>(
    `select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'S' and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_temp%'
        and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
      order by 1, 2`,
  );
  return result.rows;
}

export async function readSequence(client: pg.Client, sequence: { schema: string; name: string }): Promise<{ lastValue: string; isCalled: boolean }> {
  const result = await client.query<{ last_value: string; is_called: boolean }>(`select last_value::text, is_called from ${qualified(sequence)}`);
  const row = result.rows[0]!;
  return { lastValue: row.last_value, isCalled: row.is_called };
}

export async function setSequence(client: pg.Client, sequence: { schema: string; name: string }, value: { lastValue: string; isCalled: boolean }): Promise<void> {
  await client.query('select setval($1::regclass, $2::bigint, $3)', [qualified(sequence), value.lastValue, value.isCalled]);
}

export interface TableFigures {
  rows: number;
  checksum: string;
}

/**
 * A table's row count and checksum: md5 of its rows' md5s in sorted order, each over the row's text with the columns
 * in name order. Equal tables give equal figures whatever their physical order, column order or primary key.
 */
export async function tableFigures(client: pg.Client, table: { schema: string; name: string; allColumns: string[] }): Promise<TableFigures> {
  const columns = table.allColumns.map((c) => `t.${quoteIdent(c)}`).join(', ');
  const result = await client.query<{ rows: string; checksum: string }>(
    `select count(*)::text as rows, md5(coalesce(string_agg(h, '' order by h), '')) as checksum
       from (select md5(row(${columns})::text) as h from ${qualified(table)} t) x`,
  );
  const row = result.rows[0]!;
  return { rows: Number(row.rows), checksum: row.checksum };
}

/** Every table's figures, keyed `schema.name` (read in the caller's transaction, if any). */
export async function databaseFigures(client: pg.Client): Promise<Map<string, TableFigures>> {
  const figures = new Map<string, TableFigures>();
  for (const table of await listTables(client)) figures.set(`${table.schema}.${table.name}`, await tableFigures(client, table));
  return figures;
}

/** The migrations applied (drizzle's record), in order; empty when the database was never migrated. */
export async function appliedMigrations(client: pg.Client): Promise<Array<{ hash: string; createdAt: number }>> {
  const exists = await client.query(`select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'drizzle' and c.relname = '__drizzle_migrations'`);
  if (exists.rowCount === 0) return [];
  const result = await client.query<{ hash: string; created_at: string }>('select hash, created_at::text from drizzle.__drizzle_migrations order by id');
  return result.rows.map((r) => ({ hash: r.hash, createdAt: Number(r.created_at) }));
}

/** Whether the database holds any table outside the system schemas (a restore refuses to overwrite one that does). */
export async function hasTables(client: pg.Client): Promise<boolean> {
  const result = await client.query(`select 1 ${USER_TABLES} limit 1`);
  return (result.rowCount ?? 0) > 0;
}

/** Other sessions on the same database (a running service, a command). */
export async function otherSessions(client: pg.Client): Promise<Array<{ pid: number; application: string }>> {
  const result = await client.query<{ pid: number; application: string }>(
    `select pid, coalesce(nullif(application_name, ''), client_addr::text, 'local') as application from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`,
  );
  return result.rows;
}

/** Empties a database for a forced restore: the schemas a backup restores into, dropped with all they hold. */
export async function dropServiceSchemas(client: pg.Client): Promise<void> {
  const schemas = await client.query<{ name: string }>(
    `select nspname as name from pg_namespace where nspname not in ('pg_catalog', 'information_schema', 'public')
        and nspname not like 'pg\\_%'`,
  );
  for (const schema of schemas.rows) await client.query(`drop schema ${quoteIdent(schema.name)} cascade`);
  // `public` is kept (its owner and rights are the database's), only emptied.
  await client.query('drop schema if exists public cascade');
  await client.query('create schema public');
}

export async function superuser(client: pg.Client): Promise<boolean> {
  const result = await client.query<{ on: string }>(`select current_setting('is_superuser') as on`);
  return result.rows[0]?.on === 'on';
}

/** A database of the same server: the URL with another database name. */
export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

export async function createDatabase(serverUrl: string, name: string): Promise<void> {
  const client = await connectClient(serverUrl, 'esa-line backup');
  try {
    await client.query(`create database ${quoteIdent(name)}`);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const client = await connectClient(serverUrl, 'esa-line backup');
  try {
    await client.query(`drop database if exists ${quoteIdent(name)} with (force)`);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Scratch databases of verifications older than `before` (a process that died mid-verification left them). */
export async function staleScratchDatabases(serverUrl: string, prefix: string, before: Date): Promise<string[]> {
  const client = await connectClient(serverUrl, 'esa-line backup');
  try {
    const result = await client.query<{ name: string }>('select datname as name from pg_database');
    return result.rows
      .map((r) => r.name)
      .filter((name) => name.startsWith(prefix))
      .filter((name) => {
        const stamp = /_(\d{13})_/.exec(name)?.[1];
        return stamp !== undefined && Number(stamp) < before.getTime();
      });
  } finally {
    await client.end().catch(() => {});
  }
}
