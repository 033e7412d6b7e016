/**
 * The two scale figures of `npm run bench` (after bench/run.ts), against the PostgreSQL server
 * (BENCH_DATABASE_URL, else DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres; scratch databases are
 * created and dropped):
 *
 * 1. Reminders: 10,000 once-only pushes due in the same minute across 183 offices' channels, enqueued as a job does
 *    (`enqueueOutboxOnce`, one transaction and one key each, in batches) and sent by the service through the emulator:
 *    all sent within 60 s? none twice? and the webhook's acknowledgement p99 meanwhile (target < 100 ms) under a
 *    steady 50 events/s.
 * 2. Replicas: the max acknowledgement rate of one service process, then of two processes on one database, each
 *    driven by the same two load drivers (64 requests in flight each): the ratio (target ≥ 1.5×, or why not).
 *
 * BENCH_SCALE_REMINDERS (10000), BENCH_SCALE_OFFICES (183), BENCH_SCALE_MAX_MS (6000), BENCH_TARGETS (must include
 * `scale`, the default), BENCH_VERBOSE=1.
 */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/database.ts';
import { insertOfficeChannel } from '../src/db/repos/line-channels.ts';
import { createEmulator } from '../src/emulator/index.ts';
import { enqueueOutboxOnce } from '../src/jobs/builtin.ts';
import { createLogger } from '../src/logger.ts';
import type { DriverResult, RunRequest } from './driver.ts';
import { forkChild, memoryOf, type Child } from './procs.ts';
import { scratchDatabase } from './scratch-database.ts';

const env = process.env;
const REMINDERS = Number(env.BENCH_SCALE_REMINDERS ?? 10_000);
const OFFICES = Number(env.BENCH_SCALE_OFFICES ?? 183);
const MAX_MS = Number(env.BENCH_SCALE_MAX_MS ?? 6000);
const TARGETS = new Set((env.BENCH_TARGETS ?? 'echo,embedded,postgres,scale').split(',').map((t) => t.trim()));
const SECRET = randomBytes(16).toString('hex');
const TOKEN = randomBytes(24).toString('base64url');
const out = (line = '') => process.stdout.write(`${line}\n`);
type RunSpec = RunRequest extends infer R ? (R extends unknown ? Omit<R, 'type'> : never) : never;

setTimeout(() => {
  out('scale figures stopped after 300 s');
  process.exit(1);
}, 300_000).unref();

async function startService(databaseUrl: string, lineApiBaseUrl: string): Promise<Child & { url: string }> {
  const child = await forkChild(new URL('./service-process.ts', import.meta.url), {
    PORT: '0',
    LOG_LEVEL: env.BENCH_VERBOSE ? 'info' : 'error',
    LINE_CHANNEL_SECRET: SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
    LINE_API_BASE_URL: lineApiBaseUrl,
    LINE_DATA_API_BASE_URL: lineApiBaseUrl,
    DATA_DIR: path.join(tmpdir(), 'esa-bench-unused'),
    DATABASE_URL: databaseUrl,
  }, { nodeFlags: ['--max-semi-space-size=8'] });
  return Object.assign(child, { url: String(child.ready.url) });
}

async function main(): Promise<void> {
  if (!TARGETS.has('scale')) return;
  const serverUrl = env.BENCH_DATABASE_URL ?? env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const logger = createLogger('silent');
  const emulator = createEmulator({
    channels: [{ channelId: 'default', channelSecret: SECRET, channelAccessToken: TOKEN, webhookUrl: 'http://127.0.0.1:9/' }],
    logger,
  });
  const emulatorServer = await emulator.listen(0);
  const drivers = [await forkChild(new URL('./driver.ts', import.meta.url), {}), await forkChild(new URL('./driver.ts', import.meta.url), {})];
  const drive = (driver: Child, request: RunSpec) => driver.request<DriverResult>({ type: 'run', ...request }, 'result', 180_000);
  const drops: Array<() => Promise<void>> = [];
  try {
    // ── 1. 10,000 reminders due in one minute across 183 offices ──
    out(`scale 1: ${REMINDERS.toLocaleString('en')} once-only pushes across ${OFFICES} offices' channels, with 50 webhook events/s meanwhile`);
    const scratch = await scratchDatabase(serverUrl, 'bench_scale');
    drops.push(scratch.drop);
    const service = await startService(scratch.url, emulatorServer.url);
    const database = await openDatabase({ databaseUrl: scratch.url, dataDir: '.', logger, poolSize: 8 });
    try {
      const recipients: Array<{ channelId: string; officeId: string; userId: string }> = [];
      for (let o = 0; o < OFFICES; o++) {
        const id = `office${o}`;
        const secret = randomBytes(16).toString('hex');
        const token = randomBytes(24).toString('base64url');
        await insertOfficeChannel(database.db, { id, officeId: id, officeName: `สพป. ทดสอบ ${o}`, channelSecret: secret, channelAccessToken: token });
        emulator.addChannel({ channelId: id, channelSecret: secret, channelAccessToken: token, webhookUrl: 'http://127.0.0.1:9/' });
      }
      for (let i = 0; i < REMINDERS; i++) {
        const channelId = `office${i % OFFICES}`;
        const res = await fetch(`${emulatorServer.url}/api/users`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ displayName: `ครู ${i}`, channelId }),
        });
        recipients.push({ channelId, officeId: channelId, userId: ((await res.json()) as { userId: string }).userId });
      }
      const webhook = { mode: 'webhook', url: `${service.url}/webhook`, channelSecret: SECRET, users: 300 } as const;
      await drive(drivers[0]!, { ...webhook, rate: 50, durationMs: 4000, maxEvents: 50_000 }); // warm-up, not counted
      const acks = drive(drivers[0]!, { ...webhook, rate: 50, durationMs: 45_000, maxEvents: 50_000 });
      const started = performance.now();
      // As a sweep's job does: each reminder in its own transaction, once per key (the service's sender polls).
      const batch = 50;
      for (let i = 0; i < recipients.length; i += batch) {
        await Promise.all(
          recipients.slice(i, i + batch).map((r, j) =>
            database.db.transaction((tx) =>
              enqueueOutboxOnce(tx, `bench:reminder:${i + j}`, { channelId: r.channelId, officeId: r.officeId, toUserId: r.userId, messages: [{ type: 'text', text: `เตือนความจำ ${i + j}` }] }),
            ),
          ),
        );
      }
      const enqueuedS = (performance.now() - started) / 1000;
      let sentS = Number.NaN;
      for (;;) {
        const { rows } = await database.pool.query<{ n: number }>(`select count(*)::int as n from outbox_messages where status = 'sent' and source_event_id like 'job:bench:reminder:%'`);
        const elapsed = (performance.now() - started) / 1000;
        if (rows[0]!.n >= REMINDERS) {
          sentS = elapsed;
          break;
        }
        if (elapsed > 120) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      // Running the job again changes nothing: the keys are taken.
      const again = await database.db.transaction((tx) =>
        enqueueOutboxOnce(tx, 'bench:reminder:0', { channelId: recipients[0]!.channelId, officeId: recipients[0]!.officeId, toUserId: recipients[0]!.userId, messages: [{ type: 'text', text: 'x' }] }),
      );
      const ack = await acks;
      let received = 0;
      const counted = await fetch(`${emulatorServer.url}/api/requests?path=push`).then((r) => r.json() as Promise<{ requests: Array<{ status: number; retryKey?: string }> }>);
      const delivered = counted.requests.filter((r) => r.status === 200);
      received = delivered.length;
      const distinctKeys = new Set(delivered.map((r) => r.retryKey)).size;
      out(`  enqueued in ${enqueuedS.toFixed(1)} s; all ${REMINDERS.toLocaleString('en')} sent ${Number.isFinite(sentS) ? `${sentS.toFixed(1)} s after the first was due` : 'NOT within 120 s'} (target ≤ 60 s)`);
      out(`  pushes LINE accepted: ${received.toLocaleString('en')} (${distinctKeys.toLocaleString('en')} distinct retry keys; duplicates ${received - distinctKeys}); the job run again enqueued ${again ? 'AGAIN' : 'nothing'}`);
      out(`  webhook meanwhile: ${ack.ok} events at ${ack.requestsPerSecond.toFixed(0)}/s, ack p50 ${ack.ack.p50.toFixed(1)} ms, p99 ${ack.ack.p99.toFixed(1)} ms (target < 100 ms), errors ${JSON.stringify(ack.errors)}`);
      out(`  service peak RSS ${memoryOf(service.pid)?.peakMb.toFixed(0) ?? '?'} MB`);
    } finally {
      await database.close();
      await service.stop();
    }

    // ── 2. Two replicas against one ──
    out(`scale 2: max acknowledgement rate, one service process, then two on one database (two drivers, 64 in flight each, ${MAX_MS / 1000} s)`);
    const rate = async (targets: string[]): Promise<number> => {
      const runs = drivers.map((driver, i) =>
        drive(driver, { mode: 'webhook', url: `${targets[i % targets.length]}/webhook`, channelSecret: SECRET, users: 300, concurrency: 64, durationMs: MAX_MS, maxEvents: 50_000 }),
      );
      const results = await Promise.all(runs);
      return results.reduce((sum, r) => sum + r.ok / (r.elapsedMs / 1000), 0);
    };
    const one = await scratchDatabase(serverUrl, 'bench_scale');
    drops.push(one.drop);
    const single = await startService(one.url, 'http://127.0.0.1:9');
    let oneRate: number;
    try {
      await drive(drivers[0]!, { mode: 'webhook', url: `${single.url}/webhook`, channelSecret: SECRET, users: 300, rate: 100, durationMs: 4000, maxEvents: 50_000 });
      oneRate = await rate([single.url]);
    } finally {
      await single.stop();
    }
    const two = await scratchDatabase(serverUrl, 'bench_scale');
    drops.push(two.drop);
    const pair = [await startService(two.url, 'http://127.0.0.1:9'), await startService(two.url, 'http://127.0.0.1:9')];
    let twoRate: number;
    try {
      for (const s of pair) await drive(drivers[0]!, { mode: 'webhook', url: `${s.url}/webhook`, channelSecret: SECRET, users: 300, rate: 100, durationMs: 4000, maxEvents: 50_000 });
      twoRate = await rate(pair.map((s) => s.url));
    } finally {
      for (const s of pair) await s.stop();
    }
    out(`  one replica ${oneRate.toFixed(0)} acks/s; two replicas ${twoRate.toFixed(0)} acks/s: ${(twoRate / oneRate).toFixed(2)}× (target ≥ 1.5×; on ${(await import('node:os')).cpus().length} cores shared with PostgreSQL and the drivers)`);
  } finally {
    for (const driver of drivers) await driver.stop();
    await emulatorServer.close();
    for (const drop of drops) await drop().catch(() => {});
  }
}

await main();
process.exit(0);
