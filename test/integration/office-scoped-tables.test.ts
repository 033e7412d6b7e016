import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Database } from '../../src/db/database.ts';
import { createScheduler } from '../../src/jobs/index.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase } from '../support/database.ts';

/**
 * "Every domain table carries the office it belongs to": one deployment serves several offices, so every row
 * of domain data says whose it is (`office_id`, not null, referencing `offices`). Read from the catalogue of
 * a database as the service leaves it (migrations applied, the scheduler's own tables created), so a table
 * added without `office_id` fails here unless it is added, with its reason, to the list below.
 */

/** Tables that hold no office's domain data, each with why. Keyed `schema.table`. */
const NOT_OFFICE_DATA: Record<string, string> = {
  // The office itself: its `id` is what every `office_id` refers to.
  'public.offices': 'the offices themselves',
  // Alerts at 80 % / 100 % of a channel's monthly message budget. LINE counts messages per channel (per
  // Official Account), so the row is keyed by `channel_id`; the channel (`line_channels.office_id`, not
  // null) names the office, one channel belongs to exactly one office.
  'public.message_budget_alerts': 'per channel; the channel names its office',
  // Drizzle's record of which migrations ran: the schema's history, the same for every office.
  'drizzle.__drizzle_migrations': 'migration bookkeeping',
  // Agenda's job queue and run log (created by the scheduler at start, not by a migration): plumbing shared by
  // every office. A job's data carries the ids it needs (its office where it has one) in its JSON payload.
  'public.agenda_jobs': 'scheduler queue',
  'public.agenda_logs': 'scheduler run log',
  // The record of backups (src/backup/): one backup copies the whole database, every office at once.
  'public.backup_runs': 'deployment-wide backups',
};

const SYSTEM_SCHEMAS = ['pg_catalog', 'information_schema', 'pg_toast'];

let database: Database;
/** The catalogue as the service leaves it, read once (information_schema is slow on the embedded database). */
let tables: string[];
let withOffice: Map<string, { nullable: boolean; referencesOffices: boolean }>;

async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await database.pool.query(sql, params)).rows as T[];
}

/** Every base table outside the system schemas, as `schema.table`. */
async function allTables(): Promise<string[]> {
  const found = await rows<{ name: string }>(
    `select table_schema || '.' || table_name as name from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema <> all($1::text[]) and table_schema not like 'pg_temp%'
      order by 1`,
    [SYSTEM_SCHEMAS],
  );
  return found.map((r) => r.name);
}

/** Each foreign key's column (`kcu`) joined to the column it references (`target`). */
const FOREIGN_KEY_COLUMNS = `from information_schema.referential_constraints rc
  join information_schema.key_column_usage kcu
    on kcu.constraint_schema = rc.constraint_schema and kcu.constraint_name = rc.constraint_name
  join information_schema.key_column_usage target
    on target.constraint_schema = rc.unique_constraint_schema and target.constraint_name = rc.unique_constraint_name
   and target.ordinal_position = kcu.position_in_unique_constraint`;

/** Tables with an `office_id` column: whether it may be null and whether a foreign key ties it to offices(id). */
async function officeColumns(): Promise<Map<string, { nullable: boolean; referencesOffices: boolean }>> {
  const columns = await rows<{ name: string; nullable: string }>(
    `select table_schema || '.' || table_name as name, is_nullable as nullable from information_schema.columns
      where column_name = 'office_id' and table_schema <> all($1::text[])`,
    [SYSTEM_SCHEMAS],
  );
  const keys = await rows<{ name: string }>(
    `select kcu.table_schema || '.' || kcu.table_name as name
       ${FOREIGN_KEY_COLUMNS}
      where kcu.column_name = 'office_id' and target.table_name = 'offices' and target.column_name = 'id'`,
  );
  const referencing = new Set(keys.map((k) => k.name));
  return new Map(columns.map((c) => [c.name, { nullable: c.nullable === 'YES', referencesOffices: referencing.has(c.name) }]));
}

function withoutOffice(all: string[], scoped: Map<string, unknown>): string[] {
  return all.filter((table) => !scoped.has(table) && !(table in NOT_OFFICE_DATA));
}

beforeAll(async () => {
  const logger = createLogger('silent');
  database = await createTestDatabase(logger);
  // Agenda creates its tables when the scheduler first connects: start it once so they are looked at too.
  const scheduler = createScheduler({ database, logger, jobs: [], lockLifetimeMs: 2000 });
  await scheduler.start();
  await scheduler.stop();
  tables = await allTables();
  withOffice = await officeColumns();
});
afterAll(async () => {
  await database.close();
});

describe('every domain table carries the office it belongs to', () => {
  it('each table has office_id, or is on the commented list of tables that are not an office’s data', async () => {
    // The catalogue was read at all: the tables every flow uses are there.
    expect(tables).toEqual(expect.arrayContaining(['public.people', 'public.inbox_events', 'public.outbox_messages', 'public.agenda_jobs']));
    expect(withoutOffice(tables, withOffice)).toEqual([]);
  });

  it('office_id is never null and always references an office', async () => {
    expect(withOffice.size).toBeGreaterThan(10);
    const loose = [...withOffice].filter(([, c]) => c.nullable || !c.referencesOffices).map(([table, c]) => ({ table, ...c }));
    expect(loose).toEqual([]);
  });

  it('the list of exceptions names only tables that exist and have no office_id', async () => {
    for (const table of Object.keys(NOT_OFFICE_DATA)) {
      expect({ table, exists: tables.includes(table), hasOfficeId: withOffice.has(table) }).toEqual({ table, exists: true, hasOfficeId: false });
    }
  });

  it('a budget alert reaches its office through its channel, which belongs to exactly one office', async () => {
    const [key] = await rows<{ ref: string; nullable: string }>(
      `select target.table_name || '.' || target.column_name as ref,
              (select is_nullable from information_schema.columns c
                where c.table_schema = 'public' and c.table_name = 'message_budget_alerts' and c.column_name = 'channel_id') as nullable
         ${FOREIGN_KEY_COLUMNS}
        where kcu.table_name = 'message_budget_alerts' and kcu.column_name = 'channel_id'`,
    );
    expect(key).toEqual({ ref: 'line_channels.id', nullable: 'NO' });
    expect(withOffice.get('public.line_channels')).toEqual({ nullable: false, referencesOffices: true });
  });

  it('a table added without office_id is caught', async () => {
    await database.pool.query('create table public.unscoped_things (id serial primary key, name text)');
    try {
      // Read afresh: the same check as the first test, on a catalogue that now has the new table.
      expect(withoutOffice(await allTables(), withOffice)).toEqual(['public.unscoped_things']);
    } finally {
      await database.pool.query('drop table public.unscoped_things');
    }
  });
});
