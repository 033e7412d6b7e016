/**
 * `npm run bench`: drives the echo-bot pattern and the real service (embedded database, then the PostgreSQL
 * server) from a separate driver process and prints the figures. Not a test: nothing here passes or fails
 * the build; the last table compares the figures with the issue's targets.
 *
 * Settings (environment): BENCH_MAX_MS (6000), BENCH_RATE_MS (8000), BENCH_LATENCY_MS (8000),
 * BENCH_WARMUP_MS (8000), BENCH_USERS (300), BENCH_DRAIN_LIMIT_S (15), BENCH_DATABASE_URL (default DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres;
 * a scratch database is created and dropped there), BENCH_SKIP_POSTGRES=1, BENCH_VERBOSE=1 (children's logs),
 * BENCH_TARGETS (a comma list of echo, embedded, postgres, report, backup, bookings, vc, surveys; default all eight) for a partial run (`report`:
 * the monthly report's PDF of an office with a year of activity, bench/report-bench.ts; `backup`: an office's year
 * backed up and verified, bench/backup.ts, with its own settings; `bookings`: the free slots of 20 rooms for a day with
 * 50,000 bookings stored, bench/bookings-bench.ts; `vc`: a video conference's invitations to 1,000 schools queued,
 * bench/vc-bench.ts; `surveys`: a survey campaign's invitations to 36,600 schools of 183 offices queued, and one
 * office's response-rate view, bench/surveys-bench.ts),
 * BENCH_SERVICE_NODE_FLAGS (extra Node flags for the service, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createEmulator } from '../src/emulator/index.ts';
import { createLogger } from '../src/logger.ts';
import type { DriverResult, RunRequest } from './driver.ts';
import { cpuMsOf, cpuMsOfProcessesNamed, forkChild, memoryOf, serviceWithPostgresMb, type Child } from './procs.ts';
import { scratchDatabase } from './scratch-database.ts';
import { formatChecks, formatCpu, formatPhases, formatSlowest, type Check, type PhaseRow } from './report.ts';
import { startReplySink } from './reply-sink.ts';
import { benchReports } from './report-bench.ts';
import { benchBookings } from './bookings-bench.ts';
import { benchVc } from './vc-bench.ts';
import { benchSurveys } from './surveys-bench.ts';

const env = process.env;
const MAX_MS = Number(env.BENCH_MAX_MS ?? 6000);
const RATE_MS = Number(env.BENCH_RATE_MS ?? 8000);
const LATENCY_MS = Number(env.BENCH_LATENCY_MS ?? 8000);
/**
 * Uncounted warm-up of a freshly started service before its measured phases. Eight seconds at 100 events/s:
 * with three, the echo bot and the service alike stalled for 70–200 ms about 0.7 s into the 300/s phase, some
 * 500 events after start (most likely V8 optimising the hot code at the higher rate), and that one stall set
 * the phase's p99. With eight it is gone from the measured phases.
 */
const WARMUP_MS = Number(env.BENCH_WARMUP_MS ?? 8000);
const USERS = Number(env.BENCH_USERS ?? 300);
/** How long to wait for a target to work off what a phase gave it before moving on. */
const DRAIN_LIMIT_S = Number(env.BENCH_DRAIN_LIMIT_S ?? 15);
const CHANNEL_SECRET = randomBytes(16).toString('hex');
const CHANNEL_ACCESS_TOKEN = randomBytes(24).toString('base64url');

const TARGETS = new Set((env.BENCH_TARGETS ?? 'echo,embedded,postgres,report,backup,bookings,vc,surveys').split(',').map((t) => t.trim()));
const WEBHOOK_TARGETS = ['echo', 'embedded', 'postgres', 'report', 'bookings', 'vc', 'surveys'].some((t) => TARGETS.has(t));

const rows: PhaseRow[] = [];
/** Memory (PSS) of the service and of its embedded PostgreSQL's processes, idle and under load. */
const memoryRows: string[] = [];

// A hard bound on the whole run: whatever hangs, the figures so far are printed and the children end with us.
// The backup benchmark (bench/backup.ts) adds a bound of its own.
const WATCHDOG_MS = Number(env.BENCH_WATCHDOG_MS ?? (WEBHOOK_TARGETS ? 480_000 : 0) + (TARGETS.has('backup') ? 900_000 : 0));
setTimeout(() => {
  out(`\nbenchmark stopped after ${WATCHDOG_MS / 1000} s; figures so far:`);
  out(formatPhases(rows));
  process.exit(1);
}, WATCHDOG_MS).unref();

type RunSpec = RunRequest extends infer R ? (R extends unknown ? Omit<R, 'type'> : never) : never;

const out = (line = '') => process.stdout.write(`${line}\n`);

interface Target {
  url: string;
  child: Child;
  /** The embedded PostgreSQL's postmaster, when the target runs one. */
  postmasterPid?: number;
  /** Resolves once everything given to the target so far is handled (the echo bot keeps nothing). */
  drained(): Promise<{ seconds: number; pending: number } | undefined>;
  stop(): Promise<void>;
}

async function startEchoBot(lineApiBaseUrl: string): Promise<Target> {
  const child = await forkChild(new URL('./echo-bot.ts', import.meta.url), {
    BENCH_CHANNEL_SECRET: CHANNEL_SECRET,
    BENCH_CHANNEL_ACCESS_TOKEN: CHANNEL_ACCESS_TOKEN,
    BENCH_LINE_API_BASE_URL: lineApiBaseUrl,
  });
  return { url: String(child.ready.url), child, drained: async () => undefined, stop: () => child.stop() };
}

// ─── The real service ────────────────────────────────────────────────────────────────────────────────────────
// The lead's plug-in point: starts the service (src/app.ts `startService`, via bench/service-process.ts) in its
// own process with the given database, talking to the given Messaging API. Change only this to bench a
// different build of the service.
/** The service runs with the flags `npm start` and the Dockerfile give it (a small young generation keeps RSS low). */
const SERVICE_NODE_FLAGS = ['--max-semi-space-size=8', ...(env.BENCH_SERVICE_NODE_FLAGS?.split(' ').filter(Boolean) ?? [])];

async function startRealService(
  database: { kind: 'embedded'; dataDir: string } | { kind: 'postgres'; url: string },
  lineApiBaseUrl: string,
): Promise<Target> {
  const child = await forkChild(new URL('./service-process.ts', import.meta.url), {
    PORT: '0',
    LOG_LEVEL: env.BENCH_VERBOSE ? 'info' : 'error',
    LINE_CHANNEL_SECRET: CHANNEL_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: CHANNEL_ACCESS_TOKEN,
    LINE_API_BASE_URL: lineApiBaseUrl,
    LINE_DATA_API_BASE_URL: lineApiBaseUrl,
    ...(database.kind === 'embedded'
      ? { DATA_DIR: database.dataDir, DATABASE_URL: '' }
      : { DATA_DIR: path.join(tmpdir(), 'esa-bench-unused'), DATABASE_URL: database.url }),
  }, { nodeFlags: SERVICE_NODE_FLAGS });
  const postmasterPid =
    database.kind === 'embedded'
      ? Number((await readFile(path.join(database.dataDir, 'postgres', 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]) || undefined
      : undefined;
  return {
    url: String(child.ready.url),
    child,
    ...(postmasterPid ? { postmasterPid } : {}),
    async drained() {
      const start = performance.now();
      for (;;) {
        // A service too busy to count its backlog is not drained either (-1: unknown).
        const pending = await child
          .request<{ inbox: number; outbox: number }>({ type: 'backlog' }, 'backlog', 10_000)
          .then((b) => b.inbox + b.outbox, () => -1);
        const seconds = (performance.now() - start) / 1000;
        if (pending === 0) return { seconds, pending };
        if (seconds > DRAIN_LIMIT_S) return { seconds, pending };
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    stop: () => child.stop(),
  };
}
// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────

/** The backup benchmark in a process of its own (its memory is its own), printing its own table. */
function benchBackup(): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', '--max-semi-space-size=8', new URL('./backup.ts', import.meta.url).pathname], { stdio: 'inherit', env: process.env });
    const timer = setTimeout(() => child.kill('SIGKILL'), 880_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) out(`  ! backup benchmark: exit ${code}`);
      resolve();
    });
  });
}

async function main(): Promise<void> {
  if (WEBHOOK_TARGETS) await benchWebhook();
  if (TARGETS.has('backup')) {
    out();
    await benchBackup();
  }
}

async function benchWebhook(): Promise<void> {
  const logger = createLogger('silent');
  const sink = await startReplySink();
  const emulator = createEmulator({
    channels: [{ channelId: 'default', channelSecret: CHANNEL_SECRET, channelAccessToken: CHANNEL_ACCESS_TOKEN, webhookUrl: 'http://127.0.0.1:9/' }],
    logger,
  });
  const emulatorServer = await emulator.listen(0);
  const controlUrl = `${emulatorServer.url}/api`;
  const driver = await forkChild(new URL('./driver.ts', import.meta.url), {});
  const peaks = new Map<string, number>();
  const cleanups: Array<() => Promise<void>> = [];
  const reportChecks: Check[] = [];

  const drive = (request: RunSpec) =>
    driver.request<DriverResult>({ type: 'run', ...request }, 'result', 180_000);

  /**
   * The throughput phases, on a service warmed up first (a few seconds at 100 events/s, not counted: the
   * first requests of a fresh process pay for JIT compilation and opening the pool's connections): 300
   * events/s, then as fast as 64 requests in flight allow. The steady rate goes first so that the max-rate
   * phase's backlog (events stored faster than they are handled) does not weigh on its acknowledgements.
   * Replies go to the sink.
   */
  async function throughput(name: string, target: Target) {
    out(`${name}: warm-up, then 300 events/s for ${RATE_MS / 1000} s, then max rate for ${MAX_MS / 1000} s`);
    const webhook = { mode: 'webhook', url: `${target.url}/webhook`, channelSecret: CHANNEL_SECRET, users: USERS } as const;
    const idle = serviceWithPostgresMb(target.child.pid, target.postmasterPid);
    await drive({ ...webhook, rate: 100, durationMs: WARMUP_MS, maxEvents: 50_000 });
    await target.drained();
    const before = cpuSnapshot(target);
    const steadyRun = drive({ ...webhook, rate: 300, durationMs: RATE_MS, maxEvents: 50_000 });
    await new Promise((resolve) => setTimeout(resolve, RATE_MS * 0.8));
    const loaded = serviceWithPostgresMb(target.child.pid, target.postmasterPid);
    const steady = await steadyRun;
    memoryRows.push(`${name}: idle ${idle.service.toFixed(0)} + ${idle.postgres.toFixed(0)} = ${(idle.service + idle.postgres).toFixed(0)} MB; at 300 events/s ${loaded.service.toFixed(0)} + ${loaded.postgres.toFixed(0)} = ${(loaded.service + loaded.postgres).toFixed(0)} MB`);
    const drain = await target.drained();
    rows.push({ target: name, phase: '300/s', result: steady, drain, cpuMsPerEvent: cpuPerEvent(before, cpuSnapshot(target), steady.ok) });
    const beforeMax = cpuSnapshot(target);
    const max = await drive({ ...webhook, concurrency: 64, durationMs: MAX_MS, maxEvents: 50_000 });
    const maxDrain = await target.drained();
    rows.push({ target: name, phase: 'max rate', result: max, drain: maxDrain, cpuMsPerEvent: cpuPerEvent(beforeMax, cpuSnapshot(target), max.ok) });
    notePeak(name, target);
  }

  /** Event-to-reply at 100 events/s: messages through the emulator, which times the bot's replies. */
  async function replyTiming(name: string, target: Target) {
    out(`${name}: 100 events/s through the emulator for ${LATENCY_MS / 1000} s`);
    emulator.setWebhookUrl('default', `${target.url}/webhook`);
    // Warm-up with users of its own (not counted), then fresh users for the measured run, so that one
    // conversation log holds only the measured replies.
    const warmUsers = await createUsers(controlUrl, 50);
    await drive({ mode: 'emulator', controlUrl, userIds: warmUsers, replyWaitMs: 10_000, rate: 50, durationMs: WARMUP_MS, maxEvents: 50_000 });
    await target.drained();
    const userIds = await createUsers(controlUrl, USERS);
    const result = await drive({ mode: 'emulator', controlUrl, userIds, replyWaitMs: 10_000, rate: 100, durationMs: LATENCY_MS, maxEvents: 50_000 });
    rows.push({ target: name, phase: '100/s via emulator', result, drain: await target.drained() });
    notePeak(name, target);
  }

  /**
   * CPU used by each process taking part, so a phase's cost per event can be split between the target, the
   * database server, the load driver and this process (the reply sink). Taken from the phase's start until
   * the target has worked off what the phase gave it (a backlog left at the drain limit is not counted, so
   * the max-rate row is low). PostgreSQL is every `postgres` process on the machine: run it quiet.
   */
  function cpuSnapshot(target: Target): Record<string, number> {
    return {
      target: cpuMsOf(target.child.pid) ?? Number.NaN,
      postgres: cpuMsOfProcessesNamed('postgres'),
      driver: cpuMsOf(driver.pid) ?? Number.NaN,
      sink: cpuMsOf(process.pid) ?? Number.NaN,
    };
  }

  function notePeak(name: string, target: Target) {
    const peak = memoryOf(target.child.pid)?.peakMb;
    if (peak !== undefined) peaks.set(name, Math.max(peaks.get(name) ?? 0, peak));
  }

  async function bench(name: string, start: (lineApiBaseUrl: string) => Promise<Target>) {
    try {
      await benchPhases(name, start);
    } catch (err) {
      out(`  ! ${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async function benchPhases(name: string, start: (lineApiBaseUrl: string) => Promise<Target>) {
    const a = await start(sink.url);
    try {
      await throughput(name, a);
    } finally {
      await a.stop();
    }
    const b = await start(emulatorServer.url);
    try {
      await replyTiming(name, b);
    } finally {
      await b.stop();
    }
  }

  try {
    if (TARGETS.has('echo')) await bench('echo-bot (SDK)', startEchoBot);

    // Fresh storage for every start, so that a backlog left by the throughput phases cannot slow the next one.
    if (TARGETS.has('embedded')) {
      await bench('service, embedded', async (api) => {
        const dataDir = await mkdtemp(path.join(tmpdir(), 'esa-bench-'));
        cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
        return startRealService({ kind: 'embedded', dataDir }, api);
      });
    }

    const serverUrl = env.BENCH_DATABASE_URL ?? env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    if (TARGETS.has('postgres') && !env.BENCH_SKIP_POSTGRES && (await serverReachable(serverUrl))) {
      await bench('service, PostgreSQL', async (api) => {
        const scratch = await scratchDatabase(serverUrl);
        cleanups.push(scratch.drop);
        return startRealService({ kind: 'postgres', url: scratch.url }, api);
      });
    }

    if (TARGETS.has('report') && (await serverReachable(serverUrl))) {
      const scratch = await scratchDatabase(serverUrl);
      cleanups.push(scratch.drop);
      try {
        reportChecks.push(...(await benchReports(scratch.url, sink.url, out)));
      } catch (err) {
        out(`  ! report: ${err instanceof Error ? err.message : String(err)}`);
      }
    }

    if (TARGETS.has('bookings') && (await serverReachable(serverUrl))) {
      const scratch = await scratchDatabase(serverUrl);
      cleanups.push(scratch.drop);
      try {
        reportChecks.push(...(await benchBookings(scratch.url, out)));
      } catch (err) {
        out(`  ! bookings: ${err instanceof Error ? err.message : String(err)}`);
      }
    }

    if (TARGETS.has('vc') && (await serverReachable(serverUrl))) {
      const scratch = await scratchDatabase(serverUrl);
      cleanups.push(scratch.drop);
      try {
        reportChecks.push(...(await benchVc(scratch.url, out)));
      } catch (err) {
        out(`  ! vc: ${err instanceof Error ? err.message : String(err)}`);
      }
    }

    if (TARGETS.has('surveys') && (await serverReachable(serverUrl))) {
      const scratch = await scratchDatabase(serverUrl);
      cleanups.push(scratch.drop);
      try {
        reportChecks.push(...(await benchSurveys(scratch.url, out)));
      } catch (err) {
        out(`  ! surveys: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  } finally {
    const driverPeak = memoryOf(driver.pid)?.peakMb;
    if (driverPeak !== undefined) peaks.set('driver', driverPeak);
    await driver.stop();
    await emulatorServer.close();
    await sink.close();
    for (const cleanup of cleanups) await cleanup().catch(() => {});
  }

  out();
  if (rows.length > 0) {
    out(formatPhases(rows));
    out();
    out(formatCpu(rows));
    out();
    out(formatSlowest(rows));
    out();
  }
  if (memoryRows.length > 0) {
    out('memory, PSS (service + its own PostgreSQL processes, embedded only):');
    for (const line of memoryRows) out(`  ${line}`);
  }
  out(`peak RSS (MB): ${[...peaks].map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}; orchestrator (emulator, sink) ${memoryOf(process.pid)?.peakMb.toFixed(0) ?? '?'}`);
  out();
  out(formatChecks([...checks(rows, peaks), ...reportChecks]));
}

/**
 * The issue sets its targets for the service on the PostgreSQL server; the embedded database (a PostgreSQL server
 * the service runs on DATA_DIR) is measured for information and judged against nothing.
 */
function checks(rows: PhaseRow[], peaks: Map<string, number>): Check[] {
  const find = (target: string, phase: string) => rows.find((r) => r.target === target && r.phase === phase)?.result;
  const echoMax = find('echo-bot (SDK)', 'max rate');
  const result: Check[] = [];
  for (const target of ['service, PostgreSQL', 'service, embedded']) {
    const judged = target === 'service, PostgreSQL';
    const verdict = (pass: boolean) => (judged ? pass : undefined);
    const max = find(target, 'max rate');
    if (!max) continue;
    const ratio = echoMax ? max.requestsPerSecond / echoMax.requestsPerSecond : Number.NaN;
    result.push({ what: `${target}: throughput ÷ echo-bot`, value: `${ratio.toFixed(2)}×`, target: '≥ 0.5× (aim 1×)', pass: verdict(ratio >= 0.5) });
    const steady = find(target, '300/s');
    if (steady) result.push({ what: `${target}: ack p99 at 300/s`, value: `${steady.ack.p99.toFixed(1)} ms`, target: '< 50 ms', pass: verdict(steady.ack.p99 < 50) });
    const reply = find(target, '100/s via emulator')?.eventToReply;
    if (reply) {
      result.push({
        what: `${target}: event→reply p95 at 100/s`,
        value: `${reply.p95.toFixed(0)} ms`,
        target: '< 300 ms, all answered',
        pass: verdict(reply.p95 < 300 && reply.unanswered === 0),
      });
    }
    const peak = peaks.get(target);
    if (peak !== undefined) {
      result.push({ what: `${target}: peak RSS`, value: `${peak.toFixed(0)} MB`, target: '< 300 MB', pass: verdict(peak < 300) });
    }
  }
  return result;
}

function cpuPerEvent(before: Record<string, number>, after: Record<string, number>, events: number): Record<string, number> {
  return Object.fromEntries(Object.keys(before).map((k) => [k, (after[k]! - before[k]!) / Math.max(1, events)]));
}

async function createUsers(controlUrl: string, count: number): Promise<string[]> {
  const userIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${controlUrl}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ displayName: `ครูทดสอบ ${i + 1}` }),
    });
    userIds.push(((await res.json()) as { userId: string }).userId);
  }
  return userIds;
}

async function serverReachable(serverUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch (err) {
    out(`PostgreSQL at ${new URL(serverUrl).host} not reachable (${err instanceof Error ? err.message : String(err)}): skipped`);
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

await main();
