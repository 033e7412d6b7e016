import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { afterReply, replyAttempt } from '../domain/reply-or-push.ts';
import {
  claimDueOutbox,
  markOutboxFailed,
  markOutboxSentMany,
  openHolderLockSession,
  scheduleOutboxRetry,
  switchClaimedReplyToPush,
  type ClaimedOutboxRow,
  type HolderLockSession,
  type OutboxClaim,
  type SendRoute,
} from '../db/repos/outbox.ts';
import type { Logger } from '../logger.ts';
import type { OutboxHandoff } from '../bot/dispatcher.ts';
import type { ChannelRegistry, LineChannel } from './channels.ts';
import { createLineApi, type LineApi, type LineSendResult } from './line-api.ts';
import { checkMessageBudget } from './message-budget.ts';
import { MAX_MESSAGES_PER_REQUEST, type LineMessage } from './outbox.ts';

/**
 * Sends what the outbox holds. Each recipient's rows go strictly in `seq` order, one at a time; different
 * recipients in parallel. A row answers its event with the reply token while that is fresh (free), else
 * goes as a push whose `X-Line-Retry-Key` is the row id, so a retried push is delivered at most once.
 * Every row ends `sent` or `failed` (with LINE's error and request id), never silently dropped.
 */

export interface OutboxSenderOptions {
  database: Database;
  channels: ChannelRegistry;
  logger: Logger;
  now?: () => Date;
  /** How often rows waiting for a retry are looked for; new rows are sent at once through `kick()`. */
  pollMs?: number;
  /** Requests to LINE in flight at once (each to a different recipient; default 32). */
  concurrency?: number;
  /** Wait before attempt `attempt + 1` after a retryable failure; LINE's `Retry-After` wins when longer. */
  backoff?: (attempt: number) => number;
  /** Attempts before a row that keeps meeting 429, 5xx or network errors is recorded as failed. */
  maxAttempts?: number;
  /** How long a claimed row is reserved for its sender; after that another sender may take it over. */
  leaseMs?: number;
  /**
   * A row claimed for this sender this long ago that it is not sending (its bookkeeping was lost: see `OwnOrphans`)
   * is claimed again at the next poll rather than after the lease. Longer than the moment between the dispatcher's
   * commit and its handing the rows over.
   */
  orphanGraceMs?: number;
  lineApiFor?: (channel: LineChannel) => LineApi;
  /**
   * A channel's month is counted against its budget at most this often while pushes go out (one count covers every
   * push since the last; `drain` and `stop` count what is left at once). Default 5 s: an alert is at most that late.
   */
  budgetCheckMs?: number;
}

export function defaultBackoff(attempt: number): number {
  const base = Math.min(1000 * 2 ** Math.max(0, attempt - 1), 5 * 60_000);
  return Math.round(base * (1 + Math.random() * 0.2));
}

const storedMessages = z
  .array(z.object({ type: z.string() }).loose())
  .min(1)
  .max(MAX_MESSAGES_PER_REQUEST);

const MAX_ERROR_LENGTH = 2000;

/** A channel's budget counting: at most one count running, and one more waiting for the interval. */
interface BudgetCheck {
  channel: LineChannel;
  /** A push was made since the last count began. */
  due: boolean;
  /** When the last count began (performance.now()). */
  lastAt: number;
  running: Promise<void> | undefined;
  timer: NodeJS.Timeout | undefined;
}

interface PendingMark {
  id: string;
  via: SendRoute;
  requestId: string | undefined;
  now: Date;
  /** Whether the recipient has another row pending. */
  resolve: (moreWaiting: boolean) => void;
  reject: (err: unknown) => void;
}

export class OutboxSender implements OutboxHandoff {
  private readonly database: Database;
  private readonly channels: ChannelRegistry;
  private readonly logger: Logger;
  private readonly now: () => Date;
  private readonly pollMs: number;
  private readonly concurrency: number;
  private readonly backoff: (attempt: number) => number;
  private readonly maxAttempts: number;
  readonly leaseMs: number;
  private readonly orphanGraceMs: number;
  /** Ids of the rows this sender is sending (claimed, not yet marked). */
  private readonly inHand = new Set<string>();
  /** This sender's key in `claimed_by`; its advisory lock, held on a session of its own, says it is alive. */
  readonly holder = 1 + Math.floor(Math.random() * (2 ** 31 - 2));
  private holderClient: HolderLockSession | undefined;
  private holding: Promise<boolean> | undefined;
  private holderLost = false;
  private readonly lineApiFor: (channel: LineChannel) => LineApi;
  private readonly apis = new Map<string, { channel: LineChannel; api: LineApi }>();
  private readonly inFlight = new Set<Promise<void>>();
  private pumpChain: Promise<unknown> = Promise.resolve();
  private pumpQueued = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Send slots promised to the dispatcher for rows it claims for this sender at its commit. */
  private reserved = 0;
  /** A claim found the sender full: rows may be due that no slot could take; look when a slot frees. */
  private lookAfterSend = false;
  private marks: PendingMark[] = [];
  private readonly budgetCheckMs: number;
  private readonly budgetChecks = new Map<string, BudgetCheck>();
  private marking: Promise<void> | null = null;

  constructor(options: OutboxSenderOptions) {
    this.database = options.database;
    this.channels = options.channels;
    this.logger = options.logger;
    this.now = options.now ?? (() => new Date());
    this.pollMs = options.pollMs ?? 1000;
    // Requests to LINE are mostly waiting (tens of ms each from Thailand): 32 at once send 10,000 reminders due in
    // one minute well within it, far below LINE's rate limits (2,000 requests/s per channel for pushes).
    this.concurrency = options.concurrency ?? 32;
    this.backoff = options.backoff ?? defaultBackoff;
    this.maxAttempts = options.maxAttempts ?? 10;
    this.leaseMs = options.leaseMs ?? 120_000;
    this.orphanGraceMs = Math.min(options.orphanGraceMs ?? 10_000, this.leaseMs);
    this.lineApiFor = options.lineApiFor ?? ((channel) => createLineApi(channel));
    this.budgetCheckMs = options.budgetCheckMs ?? 5000;
  }

  start(): void {
    this.stopped = false;
    if (this.timer) return;
    this.timer = setInterval(() => this.kick(), this.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Something was enqueued (or became due): send it now rather than at the next poll. */
  kick(): void {
    if (this.stopped || this.pumpQueued) return;
    this.pumpQueued = true;
    void this.schedulePump();
  }

  reserve(): boolean {
    if (this.stopped || !this.holderClient || this.inFlight.size + this.reserved >= this.concurrency) return false;
    this.reserved += 1;
    return true;
  }

  release(): void {
    this.reserved = Math.max(0, this.reserved - 1);
    if (this.lookAfterSend) {
      this.lookAfterSend = false;
      this.kick();
    }
  }

  /** Sends rows the dispatcher claimed for this sender, one reserved slot each. */
  adopt(rows: readonly ClaimedOutboxRow[]): void {
    for (const row of rows) {
      this.reserved = Math.max(0, this.reserved - 1);
      this.track(row);
    }
  }

  /** Sends whatever is due, waits for it, then stops; rows waiting for a later retry stay for the next start. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.drain();
    this.stopped = true;
    await this.pumpChain;
    await Promise.all([...this.inFlight]);
    await this.countBudgetsNow();
    const client = this.holderClient;
    this.holderClient = undefined;
    await client?.end().catch(() => {});
  }

  /**
   * Holds this sender's holder lock on a session of its own (taken again after the database comes back). While it is
   * held, rows claimed with `holder` are this sender's; once this process dies the session ends, the lock is free, and
   * any other sender takes them back at once. False while the database cannot be reached.
   */
  private async holdLock(): Promise<boolean> {
    if (this.holderClient) return true;
    this.holding ??= (async () => {
      try {
        this.holderClient = await openHolderLockSession(this.database.url, this.holder, {
          error: (err) => {
            if (!this.holderLost) this.logger.warn({ err: err.message }, 'outbox: lost the holder lock session; will take it again');
            this.holderLost = true;
          },
          end: (session) => {
            if (this.holderClient === session) this.holderClient = undefined;
          },
        });
        this.holderLost = false;
        return true;
      } catch (err) {
        if (!this.holderLost) this.logger.warn({ err: (err as Error).message }, 'outbox: cannot take the holder lock; will try again');
        this.holderLost = true;
        return false;
      }
    })().finally(() => {
      this.holding = undefined;
    });
    return this.holding;
  }

  /** Resolves when nothing is due at `now()` and nothing is in flight (tests, shutdown). */
  async drain(): Promise<void> {
    for (;;) {
      const claimed = await this.schedulePump();
      if (claimed === 0 && this.inFlight.size === 0) break;
      await Promise.all([...this.inFlight]);
    }
    await this.countBudgetsNow();
  }

  /** Pumps run one after another, so two claims never race inside one process. */
  private schedulePump(): Promise<number> {
    const run = this.pumpChain.then(() => {
      this.pumpQueued = false;
      return this.pump();
    });
    this.pumpChain = run.catch(() => undefined);
    return run;
  }

  private async pump(): Promise<number> {
    let claimedTotal = 0;
    for (;;) {
      const free = this.concurrency - this.inFlight.size - this.reserved;
      if (free <= 0) {
        // Full: whatever is due is claimed when a send ends.
        this.lookAfterSend = true;
        return claimedTotal;
      }
      let rows: ClaimedOutboxRow[];
      if (!(await this.holdLock())) return claimedTotal;
      const now = this.now();
      try {
        rows = await claimDueOutbox(this.database.db, {
          now,
          leaseUntil: new Date(now.getTime() + this.leaseMs),
          limit: free,
          holder: this.holder,
          orphans: { claimedBefore: new Date(now.getTime() + this.leaseMs - this.orphanGraceMs), inHand: [...this.inHand] },
        });
      } catch (err) {
        this.logger.warn({ err: (err as Error).message }, 'outbox: cannot claim rows; will try again');
        return claimedTotal;
      }
      claimedTotal += rows.length;
      for (const row of rows) this.track(row);
      // Fewer than asked: nothing else is due but rows waiting behind an earlier row of their recipient. One
      // behind a row in flight here is looked for when that row is marked sent (`markSent`); others (in
      // backoff, or in another instance's hands) at the poll.
      if (rows.length < free) return claimedTotal;
    }
  }

  private track(row: ClaimedOutboxRow): void {
    this.inHand.add(row.id);
    const task = this.send(row)
      .catch((err: unknown) => {
        // The lease runs out and the row is tried again; the retry key keeps a push from repeating.
        this.logger.error({ outboxId: row.id, err: (err as Error).message }, 'outbox: send bookkeeping failed');
      })
      .finally(() => {
        this.inFlight.delete(task);
        this.inHand.delete(row.id);
        // The recipient's next row may be waiting for this one.
        if (this.lookAfterSend) {
          this.lookAfterSend = false;
          this.kick();
        }
      });
    this.inFlight.add(task);
  }

  /**
   * Records a delivery. Marks that come in while a batch is being written go together in the next one, so
   * under load one statement records many sends; alone, a mark is written at once.
   */
  private async markSent(id: string, input: { via: SendRoute; requestId: string | undefined; now: Date }): Promise<void> {
    const moreWaiting = await new Promise<boolean>((resolve, reject) => {
      this.marks.push({ id, ...input, resolve, reject });
      this.marking ??= this.writeMarks();
    });
    // The recipient's next row was waiting for this one: claim it now rather than at the next poll.
    if (moreWaiting) this.kick();
  }

  private async writeMarks(): Promise<void> {
    while (this.marks.length > 0) {
      const batch = this.marks.splice(0, 200);
      try {
        const moreWaiting = await markOutboxSentMany(this.database.db, batch);
        for (const mark of batch) mark.resolve(moreWaiting.has(mark.id));
      } catch (err) {
        for (const mark of batch) mark.reject(err);
      }
    }
    this.marking = null;
  }

  private async send(row: ClaimedOutboxRow): Promise<void> {
    const log = this.logger.child({ outboxId: row.id, channelId: row.channelId, attempt: row.attempts });
    const channel = await this.channelFor(row.channelId);
    if (!channel) {
      await this.markFailed(row, { error: `unknown channel ${row.channelId}`, requestId: undefined, via: null });
      log.error('outbox: row for an unknown channel recorded as failed');
      return;
    }
    const parsed = storedMessages.safeParse(row.messages);
    if (!parsed.success) {
      await this.markFailed(row, { error: 'stored messages are not a list of 1–5 LINE messages', requestId: undefined, via: null });
      log.error('outbox: row with unusable messages recorded as failed');
      return;
    }
    const messages = parsed.data as unknown as LineMessage[];
    const api = this.apiFor(channel);

    if (row.route === 'reply') {
      // What a reply may do and what LINE's answer means: src/domain/reply-or-push.ts. An interrupted reply (an
      // earlier attempt's outcome never recorded: its sender died, or the answer was lost) is tried again with its
      // token while the token is valid; a token works once, so it cannot arrive twice.
      const interrupted = row.previousRoute === 'reply';
      const attempt = replyAttempt({ replyToken: row.replyToken, replyDeadline: row.replyDeadline, interrupted }, this.now());
      if (attempt.kind === 'give-up') {
        await this.markFailed(row, { error: attempt.reason, requestId: undefined, via: 'reply' });
        log.error({ reason: attempt.reason }, 'outbox: reply recorded as failed instead of risking a duplicate');
        return;
      }
      const result = await api.reply(row.replyToken!, messages);
      const retryable = !result.ok && (isRetryable(result) || (await this.tokenReissued(channel, result, log)));
      const next = afterReply(result.ok ? { ok: true } : { ...result, retryable }, interrupted);
      switch (next.kind) {
        case 'sent': {
          const requestId = result.ok ? result.requestId : result.requestId;
          await this.markSent(row.id, { via: 'reply', requestId, now: this.now() });
          if (next.byEarlierAttempt) log.info({ requestId }, 'outbox: the interrupted reply had arrived (LINE refused its token as used)');
          else log.debug({ requestId }, interrupted ? 'outbox: interrupted reply sent now' : 'outbox: replied');
          return;
        }
        case 'push':
          // Expired or unknown token, and nothing was delivered with it: the message still has to reach the user,
          // unless another sender has taken the row over meanwhile and used the token itself.
          if (!(await this.keepForPush(row, log))) return;
          log.info({ requestId: result.ok ? undefined : result.requestId }, 'outbox: reply token refused; pushing instead');
          break;
        case 'retry':
          await this.retryOrFail(row, result as Extract<LineSendResult, { ok: false }>, next.route, log);
          return;
        case 'failed':
          await this.fail(row, result as Extract<LineSendResult, { ok: false }>, 'reply', log);
          return;
      }
    }

    const result = await api.push(row.toUserId, messages, row.id);
    if (result.ok || (!result.ok && result.status === 409)) {
      // 409: LINE already accepted this retry key on an earlier attempt; the message is there.
      const requestId = result.ok ? result.requestId : (result.acceptedRequestId ?? result.requestId);
      await this.markSent(row.id, { via: 'push', requestId, now: this.now() });
      if (result.ok) log.debug({ requestId }, 'outbox: pushed');
      else log.info({ requestId }, 'outbox: push had already been accepted (409); not sent again');
      this.checkBudget(channel);
      return;
    }
    if (isRetryable(result) || (await this.tokenReissued(channel, result, log))) await this.retryOrFail(row, result, 'push', log);
    else await this.fail(row, result, 'push', log);
  }

  /**
   * Records the switch from reply to push while the row is still this sender's claim. When the database cannot say
   * (unreachable), the push goes anyway: a message not sent is worse, and a takeover needs the database too.
   */
  private async keepForPush(row: ClaimedOutboxRow, log: Logger): Promise<boolean> {
    try {
      const kept = await switchClaimedReplyToPush(this.database.db, row.id, { holder: this.holder, attempts: row.attempts });
      if (!kept) log.info('outbox: reply token refused after another sender took the row over; left to it, not pushed');
      return kept;
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'outbox: could not record the switch to a push; pushing anyway');
      return true;
    }
  }

  /**
   * LINE refused the access token (401): if an admin has put a reissued token in the database since it was
   * cached, the row is tried again with it instead of being failed (the messages written meanwhile are not lost).
   */
  private async tokenReissued(channel: LineChannel, result: Extract<LineSendResult, { ok: false }>, log: Logger): Promise<boolean> {
    if (result.status !== 401) return false;
    const fresh = await this.channels.reloaded(channel.id);
    const reissued = fresh !== undefined && fresh.channelAccessToken !== channel.channelAccessToken;
    if (reissued) log.info({ requestId: result.requestId }, 'outbox: access token refused; a reissued one is in the database, trying again');
    return reissued;
  }

  /**
   * Records a row as failed for good, while it is still this sender's claim; the recipient's next row, if one waited
   * behind it, may go now. A row taken over meanwhile is left to its new holder.
   */
  private async markFailed(row: ClaimedOutboxRow, input: { error: string; requestId: string | undefined; via: SendRoute | null }): Promise<boolean> {
    const marked = await markOutboxFailed(this.database.db, row.id, this.claimOf(row), input);
    if (!marked) this.logger.info({ outboxId: row.id }, 'outbox: failed here, but another sender took the row over meanwhile; left to it');
    this.kick();
    return marked;
  }

  private claimOf(row: ClaimedOutboxRow): OutboxClaim {
    return { holder: this.holder, attempts: row.attempts };
  }

  private async retryOrFail(
    row: ClaimedOutboxRow,
    result: Extract<LineSendResult, { ok: false }>,
    route: SendRoute | null,
    log: Logger,
  ): Promise<void> {
    const error = describe(result);
    if (row.attempts >= this.maxAttempts) {
      await this.markFailed(row, { error, requestId: result.requestId, via: route });
      log.error({ status: result.status, requestId: result.requestId, lineError: clip(result.body) }, 'outbox: gave up after repeated failures');
      return;
    }
    const delay = Math.max(this.backoff(row.attempts), result.retryAfterMs ?? 0);
    const nextAttemptAt = new Date(this.now().getTime() + delay);
    if (!(await scheduleOutboxRetry(this.database.db, row.id, this.claimOf(row), { nextAttemptAt, error, requestId: result.requestId, route }))) {
      log.info('outbox: LINE did not take the message, but another sender took the row over meanwhile; left to it');
      return;
    }
    log.warn({ status: result.status, requestId: result.requestId, retryInMs: delay }, 'outbox: LINE did not take the message; will retry');
  }

  private async fail(
    row: ClaimedOutboxRow,
    result: Extract<LineSendResult, { ok: false }>,
    via: SendRoute,
    log: Logger,
  ): Promise<void> {
    await this.markFailed(row, { error: describe(result), requestId: result.requestId, via });
    // LINE's error names the offending property, not the contents, so it is safe to log.
    log.warn({ status: result.status, requestId: result.requestId, lineError: clip(result.body), route: via }, 'outbox: LINE refused the message; recorded as failed');
  }

  /**
   * Counts the channel's month against its budget after a push, at most once per `budgetCheckMs`: the count that
   * follows covers every push made meanwhile, so 10,000 reminders are a few counts per channel, not 10,000 queries
   * beside the webhook's. The push does not wait for it.
   */
  private checkBudget(channel: LineChannel): void {
    if (channel.monthlyMessageBudget <= 0) return; // no budget, nothing to warn of
    let check = this.budgetChecks.get(channel.id);
    if (!check) {
      check = { channel, due: false, lastAt: -Infinity, running: undefined, timer: undefined };
      this.budgetChecks.set(channel.id, check);
    }
    check.channel = channel;
    check.due = true;
    if (check.running || check.timer) return; // the count running now or the one waiting covers this push
    const wait = check.lastAt + this.budgetCheckMs - performance.now();
    if (wait <= 0) this.countBudget(check);
    else {
      check.timer = setTimeout(() => this.countBudget(check), wait);
      check.timer.unref();
    }
  }

  private countBudget(check: BudgetCheck): Promise<void> {
    if (check.timer) clearTimeout(check.timer);
    check.timer = undefined;
    if (check.running) return check.running;
    check.due = false;
    check.lastAt = performance.now();
    check.running = checkMessageBudget(this.database.db, check.channel, this.now(), this.logger)
      .then(
        (status) => this.logger.debug({ channelId: check.channel.id, used: status.used, budget: status.budget }, 'outbox: month counted against the budget'),
        (err: unknown) => this.logger.warn({ channelId: check.channel.id, err: (err as Error).message }, 'outbox: message budget check failed'),
      )
      .finally(() => {
        check.running = undefined;
        // Pushes made while it counted: one more count, after the interval.
        if (check.due) this.checkBudget(check.channel);
      });
    return check.running;
  }

  /** Counts every channel with pushes not yet counted, now (drain, stop). */
  private async countBudgetsNow(): Promise<void> {
    for (;;) {
      const waiting = [...this.budgetChecks.values()].filter((check) => check.due || check.running);
      if (waiting.length === 0) return;
      await Promise.all(waiting.map(async (check) => {
        await check.running;
        if (check.due) await this.countBudget(check);
      }));
    }
  }

  private async channelFor(channelId: string): Promise<LineChannel | undefined> {
    const known = this.channels.get(channelId);
    if (known) return known;
    await this.channels.refresh(); // a channel added since start-up
    return this.channels.get(channelId);
  }

  private apiFor(channel: LineChannel): LineApi {
    const cached = this.apis.get(channel.id);
    if (cached && cached.channel === channel) return cached.api;
    const api = this.lineApiFor(channel);
    this.apis.set(channel.id, { channel, api });
    return api;
  }
}

function isRetryable(result: Extract<LineSendResult, { ok: false }>): boolean {
  return result.status === 0 || result.status === 429 || result.status >= 500;
}

function describe(result: Extract<LineSendResult, { ok: false }>): string {
  const text = result.status === 0 ? `network error: ${result.body}` : `LINE ${result.status}: ${result.body}`;
  return clip(text);
}

function clip(text: string): string {
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}
