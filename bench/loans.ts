/**
 * The loans figure of `npm run bench` (after bench/scale.ts), against the PostgreSQL server (BENCH_DATABASE_URL, else
 * DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres; a scratch database is created and dropped):
 * availability of one type over a year — the items' live reservations read (`unitsWithBusyDays`) and the free count of
 * every day computed (`freeByDay`) — with 500 items of the type and 20,000 past and future loans, each holding one
 * item for one to five days. Target: p95 under 50 ms. BENCH_LOANS_RUNS (100), BENCH_TARGETS (must include `loans`,
 * the default).
 */
import { openDatabase, runMigrations } from '../src/db/database.ts';
import { listBorrowableTypes, unitsWithBusyDays } from '../src/db/repos/loans.ts';
import { freeByDay } from '../src/domain/loans/availability.ts';
import { addDays } from '../src/domain/loans/dates.ts';
import { DEFAULT_OFFICE_ID, upsertDefaultChannel } from '../src/line/channels.ts';
import { createLogger } from '../src/logger.ts';
import { officeFactory } from '../test/support/factories.ts';
import { scratchDatabase, type ScratchDatabase } from './scratch-database.ts';

const env = process.env;
const TARGETS = new Set((env.BENCH_TARGETS ?? 'echo,embedded,postgres,scale,loans').split(',').map((t) => t.trim()));
const ITEMS = 500;
const LOANS = 20_000;
const RUNS = Number(env.BENCH_LOANS_RUNS ?? 100);
const TODAY = '2027-06-01';
const out = (line = '') => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  if (!TARGETS.has('loans')) return;
  const serverUrl = env.BENCH_DATABASE_URL ?? env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  let scratch: ScratchDatabase;
  try {
    scratch = await scratchDatabase(serverUrl, 'bench_loans');
  } catch {
    out('loans: no PostgreSQL server reachable; skipped');
    return;
  }
  const database = await openDatabase({ databaseUrl: scratch.url, dataDir: 'memory://', logger: createLogger('silent'), poolSize: 2 });
  try {
    await runMigrations(database);
    await upsertDefaultChannel(database.db, { officeName: 'สพป. ทดสอบ (bench)', channelSecret: 'bench-secret', channelAccessToken: 'bench-token' });
    const f = officeFactory(database.db);
    const seedStart = performance.now();
    for (let i = 0; i < ITEMS; i++) await f.loanItem(`BENCH-PJ-${String(i + 1).padStart(4, '0')}`, 'โปรเจกเตอร์ (bench)', 'projector');
    const typeId = (await listBorrowableTypes(database.db, DEFAULT_OFFICE_ID))[0]!.target.id;
    const teacher = (await f.person('ครู bench', 'teacher', { lineUserId: null })).id;
    // 40 loans per item, one after another from a year back to a year ahead: 1–5 days each, a few days apart.
    const perItem = LOANS / ITEMS;
    const sql = `
      with items as (select id, row_number() over (order by id) - 1 as n from loan_items where type_id = $1),
      plan as (
        select i.id as item_id, k,
               ($2::date - 365 + k * 18 + (i.n % 7)::int) as starts_on,
               ($2::date - 365 + k * 18 + (i.n % 7)::int + ((i.n + k) % 5)::int) as ends_on
          from items i cross join generate_series(0, $3::int - 1) as k),
      made as (
        insert into loans (office_id, requester_id, purpose, place, starts_on, ends_on, state, submitted_at)
        select 'default', $4, 'bench', 'bench', starts_on, ends_on,
               case when ends_on < $2::date then 'fulfilled' else 'approved' end, now()
          from plan order by item_id, k
        returning id, starts_on, ends_on),
      numbered as (select id, starts_on, ends_on, row_number() over (order by id) as rn from made),
      plan_numbered as (select item_id, starts_on, ends_on, row_number() over (order by item_id, k) as rn from plan),
      lines as (
        insert into loan_lines (office_id, loan_id, type_id, quantity)
        select 'default', m.id, $1, 1 from numbered m
        returning id, loan_id)
      insert into loan_reservations (office_id, loan_id, line_id, item_id, starts_on, ends_on)
      select 'default', m.id, l.id, p.item_id, p.starts_on, p.ends_on
        from numbered m join plan_numbered p on p.rn = m.rn join lines l on l.loan_id = m.id`;
    await database.pool.query(sql, [typeId, TODAY, perItem, teacher]);
    await database.pool.query('analyze');
    const counted = (await database.pool.query('select (select count(*) from loans)::int as loans, (select count(*) from loan_reservations)::int as holds')).rows[0] as { loans: number; holds: number };
    out(`loans: seeded ${ITEMS} items of one type, ${counted.loans.toLocaleString('en')} loans (${counted.holds.toLocaleString('en')} holds) in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    const year = { from: TODAY, to: addDays(TODAY, 364) };
    const times: number[] = [];
    let days: number[] = [];
    for (let r = 0; r < RUNS + 5; r++) {
      const start = performance.now();
      const units = await unitsWithBusyDays(database.db, DEFAULT_OFFICE_ID, { kind: 'type', id: typeId }, year);
      days = freeByDay(units, year);
      if (r >= 5) times.push(performance.now() - start); // the first few warm the pool and the plan cache
    }
    times.sort((a, b) => a - b);
    const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
    const p95 = p(0.95);
    out(`loans: availability of one type over a year (${days.length} days, ${ITEMS} items; least free on a day: ${Math.min(...days)}): p50 ${p(0.5).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms over ${RUNS} runs — target p95 < 50 ms: ${p95 < 50 ? 'met' : 'NOT met'}`);
  } finally {
    await database.close();
    await scratch.drop();
  }
}

main().catch((err: unknown) => {
  out(`loans benchmark failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
