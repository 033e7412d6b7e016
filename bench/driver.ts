/**
 * The load driver, run as its own process (forked by bench/run.ts) so that sending load does not share an
 * event loop with what is measured. It sends unique, correctly signed LINE text events, either straight to a
 * webhook URL (acknowledgement latency and throughput) or through the emulator's scripting API (so the
 * emulator can also time the bot's reply). Bounded: loopback targets only, at most 60 s and 50,000 events.
 */
import http from 'node:http';
import { z } from 'zod';
import { buildTestEvent, buildWebhookBody, randomUserId, webhookHeaders } from '../scripts/send-test-event.ts';
import { memoryOf, toParent } from './procs.ts';
import { summarize, type LatencySummary } from './stats.ts';

const loopbackUrl = z.url().refine((u) => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(u).hostname), {
  message: 'the driver only sends to this machine (127.0.0.1)',
});

const limits = {
  /** Events per second, or omitted for "as fast as `concurrency` requests in flight allow". */
  rate: z.number().positive().max(5000).optional(),
  concurrency: z.number().int().min(1).max(512).default(64),
  durationMs: z.number().int().min(100).max(60_000),
  maxEvents: z.number().int().min(1).max(50_000),
};

export const runRequestSchema = z.discriminatedUnion('mode', [
  z.object({
    type: z.literal('run'),
    mode: z.literal('webhook'),
    url: loopbackUrl,
    channelSecret: z.string().min(1),
    users: z.number().int().min(1).max(5000),
    ...limits,
  }),
  z.object({
    type: z.literal('run'),
    mode: z.literal('emulator'),
    /** The emulator's control API, e.g. http://127.0.0.1:4000/api */
    controlUrl: loopbackUrl,
    userIds: z.array(z.string()).min(1),
    /** How long to wait for the last replies after sending. */
    replyWaitMs: z.number().int().min(0).max(60_000).default(15_000),
    ...limits,
  }),
]);
export type RunRequest = z.input<typeof runRequestSchema>;

export interface DriverResult {
  type: 'result';
  sent: number;
  ok: number;
  /** Non-2xx answers by status, and network errors under `network`. */
  errors: Record<string, number>;
  elapsedMs: number;
  requestsPerSecond: number;
  ack: LatencySummary;
  /** Emulator mode: time from the user's message to the bot's reply at the emulator. */
  eventToReply?: LatencySummary & { unanswered: number };
  /**
   * The slowest acknowledgements as [ms into the phase when sent, ms to the answer]: sent close together,
   * they were one stall (a pause somewhere on the machine), not a slow path taken by many events.
   */
  slowest?: Array<[number, number]>;
  driverPeakRssMb?: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

function post(url: URL, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs `send(i)` open-loop at `rate` per second, or closed-loop with `concurrency` in flight. */
async function drive(
  opts: { rate?: number | undefined; concurrency: number; durationMs: number; maxEvents: number },
  send: (i: number) => Promise<void>,
): Promise<{ sent: number; elapsedMs: number }> {
  const start = performance.now();
  const deadline = start + opts.durationMs;
  let sent = 0;
  const inFlight = new Set<Promise<void>>();
  const launch = () => {
    const p = send(sent++).finally(() => inFlight.delete(p));
    inFlight.add(p);
  };
  if (opts.rate === undefined) {
    await new Promise<void>((resolve) => {
      const next = () => {
        while (inFlight.size < opts.concurrency && sent < opts.maxEvents && performance.now() < deadline) {
          const p = send(sent++).finally(() => {
            inFlight.delete(p);
            next();
          });
          inFlight.add(p);
        }
        if (inFlight.size === 0) resolve();
      };
      next();
    });
  } else {
    const rate = opts.rate;
    // A coarse timer sends whatever is due, so the rate holds even when the timer fires late.
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const now = performance.now();
        const due = Math.min(opts.maxEvents, Math.floor(((now - start) / 1000) * rate) + 1);
        // A target that stops answering must not pile up unbounded requests here.
        while (sent < due && inFlight.size < 4096) launch();
        if (sent >= opts.maxEvents || now >= deadline) {
          clearInterval(timer);
          resolve();
        }
      }, 5);
    });
    await Promise.allSettled([...inFlight]);
  }
  return { sent, elapsedMs: performance.now() - start };
}

async function runWebhook(req: Extract<z.infer<typeof runRequestSchema>, { mode: 'webhook' }>): Promise<DriverResult> {
  const url = new URL(req.url);
  const users = Array.from({ length: req.users }, () => randomUserId());
  const latencies: number[] = [];
  const sentAt: number[] = [];
  const errors: Record<string, number> = {};
  let ok = 0;
  const start = performance.now();
  const { sent, elapsedMs } = await drive(req, async (i) => {
    const event = buildTestEvent({ type: 'message', userId: users[i % users.length]!, text: `bench ${i}` });
    const body = buildWebhookBody([event]);
    const t0 = performance.now();
    try {
      const res = await post(url, webhookHeaders(req.channelSecret, body), body);
      latencies.push(performance.now() - t0);
      sentAt.push(t0 - start);
      if (res.status >= 200 && res.status < 300) ok++;
      else errors[res.status] = (errors[res.status] ?? 0) + 1;
    } catch {
      errors.network = (errors.network ?? 0) + 1;
    }
  });
  const slowest = latencies
    .map((ms, i): [number, number] => [Math.round(sentAt[i]!), Math.round(ms)])
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8);
  return { ...result(sent, ok, errors, elapsedMs, latencies), slowest };
}

interface Entry {
  seq: number;
  at: string;
  direction: 'user' | 'bot';
  via: string;
  requestId?: string;
}

async function runEmulator(req: Extract<z.infer<typeof runRequestSchema>, { mode: 'emulator' }>): Promise<DriverResult> {
  const base = req.controlUrl.replace(/\/$/, '');
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let ok = 0;
  const sentPerUser = new Map<string, number>();
  const { sent, elapsedMs } = await drive(req, async (i) => {
    const userId = req.userIds[i % req.userIds.length]!;
    const body = JSON.stringify({ type: 'text', text: `bench ${i}` });
    const t0 = performance.now();
    try {
      const res = await post(new URL(`${base}/users/${userId}/messages`), { 'content-type': 'application/json' }, body);
      latencies.push(performance.now() - t0);
      const status = res.status === 200 ? (JSON.parse(res.text) as { status: number }).status : res.status;
      if (status >= 200 && status < 300) ok++;
      else errors[status] = (errors[status] ?? 0) + 1;
      sentPerUser.set(userId, (sentPerUser.get(userId) ?? 0) + 1);
    } catch {
      errors.network = (errors.network ?? 0) + 1;
    }
  });
  const eventToReply = await collectReplies(base, [...sentPerUser.keys()], req.replyWaitMs);
  return { ...result(sent, ok, errors, elapsedMs, latencies), eventToReply };
}

/**
 * Pairs each user message with the bot's reply request that answers it, from the emulator's conversation log.
 * The bot answers one user's events in order, one request per event, so the oldest unanswered message of
 * that user is the one a new bot request answers.
 */
async function collectReplies(base: string, userIds: string[], waitMs: number) {
  const deadline = Date.now() + waitMs;
  let latencies: number[] = [];
  let unanswered = 0;
  for (;;) {
    latencies = [];
    unanswered = 0;
    for (const userId of userIds) {
      const res = await fetch(`${base}/users/${userId}/conversation`);
      const { entries } = (await res.json()) as { entries: Entry[] };
      const waiting: Entry[] = [];
      const seenRequests = new Set<string>();
      for (const entry of entries.sort((a, b) => a.seq - b.seq)) {
        if (entry.direction === 'user') waiting.push(entry);
        else if (!entry.requestId || !seenRequests.has(entry.requestId)) {
          if (entry.requestId) seenRequests.add(entry.requestId);
          const asked = waiting.shift();
          if (asked) latencies.push(Date.parse(entry.at) - Date.parse(asked.at));
        }
      }
      unanswered += waiting.length;
    }
    if (unanswered === 0 || Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { ...summarize(latencies), unanswered };
}

function result(sent: number, ok: number, errors: Record<string, number>, elapsedMs: number, latencies: number[]): DriverResult {
  return {
    type: 'result',
    sent,
    ok,
    errors,
    elapsedMs,
    requestsPerSecond: (ok / elapsedMs) * 1000,
    ack: summarize(latencies),
    driverPeakRssMb: memoryOf(process.pid)?.peakMb,
  };
}

process.on('message', (raw: unknown) => {
  if ((raw as { type?: string })?.type === 'stop') {
    agent.destroy();
    process.disconnect?.();
    return;
  }
  const parsed = runRequestSchema.safeParse(raw);
  if (!parsed.success) {
    toParent({ type: 'error', error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    return;
  }
  const run = parsed.data.mode === 'webhook' ? runWebhook(parsed.data) : runEmulator(parsed.data);
  run.then(toParent, (err: unknown) => toParent({ type: 'error', error: err instanceof Error ? err.message : String(err) }));
});
toParent({ type: 'ready', pid: process.pid });
