import type { AnyFlow, CommandEnv, FlowCommand, FlowEnv } from './flow.ts';
import type { Database, Executor } from '../db/database.ts';
import {
  beginAndLockEvent,
  rollbackEvent,
  transactionOn,
  writeEventAndCommit,
  type ConversationWrite,
  type EventWrites,
  type ReplyWrite,
} from '../db/repos/dispatch.ts';
import {
  countDueEvents,
  findDueEvents,
  finishEvent,
  lockPendingEvent,
  scheduleRetry,
  type DueEvent,
  type LockedInboxEvent,
} from '../db/repos/inbox.ts';
import type { ClaimedOutboxRow } from '../db/repos/outbox.ts';
import { isPushable } from '../db/repos/people.ts';
import type { Person } from '../domain/people.ts';
import { ConflictError, errorMessage, ForbiddenError, isRefusal, NotFoundError, type RefusalError } from '../domain/errors.ts';
import { executeKitCommand, isKitCommand, recordDenial, RefusedWithAnswer } from '../kit/execute.ts';
import { deniedMessage } from '../kit/steps.ts';
import { REPLY_TOKEN_WINDOW_MS, replyTokenForRow } from '../domain/reply-or-push.ts';
import { kickRichMenuReconcile, unlinkRichMenuNow } from '../line/rich-menus/runtime.ts';
import type { Logger } from '../logger.ts';
import type { ChannelRegistry, LineChannel } from '../line/channels.ts';
import { enqueueOutbox, MAX_MESSAGES_PER_REQUEST, type LineMessage } from '../line/outbox.ts';
import { decodePostback, sealPostbacks } from '../line/postback.ts';
import { webhookEventSchema } from '../line/webhook-schema.ts';
import { FlowCatalog } from './catalog.ts';
import type { ConversationRow } from './conversation-store.ts';
import { finishDecision, routeEvent, type Decision } from './decide.ts';
import { toEventInput } from './input.ts';
import { botMessages, text } from './messages.ts';

/** LINE honours a reply token for about a minute; past this the message goes as a push (src/domain/reply-or-push.ts). */
export { REPLY_TOKEN_WINDOW_MS };



const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** Handed-over events kept in memory at most; past this the database (polls, look-aheads) has them anyway. */
const MAX_WAITING = 10_000;

export interface DispatcherOptions {
  database: Database;
  channels: ChannelRegistry;
  logger: Logger;
  /** In priority order; catch-all flows (greeting) last. */
  flows: readonly AnyFlow[];
  /** Real time: events' age (the reply-token window), backoffs, leases. */
  now?: () => Date;
  /**
   * The service clock the flows see (steps, executors, conversation expiry); `now` when absent. Apart from
   * `now` so that a service clock moved forward (emulator mode) never turns a reply into a push.
   */
  clock?: () => Date;
  /** Different chats handled at once. */
  concurrency?: number;
  /** How often stored events are looked for without a wake-up (after a restart, after a backoff). */
  pollMs?: number;
  /** Called after a handled event wrote outbox rows that were not handed to `sender`. */
  onOutbox: () => void;
  /**
   * The outbox sender of this process, if any: an event's reply row is written already claimed for it and
   * handed over after the commit, so it goes out at once without a poll or a claim of its own.
   */
  sender?: OutboxHandoff;
  /** Failures before an event is parked. */
  maxAttempts?: number;
  /** On stop, how long to go on handling events already stored (default 5 s; 0 = only those in hand). */
  finishOnStopMs?: number;
  /** Wait before attempt n+1 after n failures. */
  backoffMs?: (failures: number) => number;
  /** The Official Account's basic id, for links that open its chat (invitation links). */
  oaBasicId?: string;
}

/** What the dispatcher needs of the outbox sender to hand it rows claimed on its behalf. */
export interface OutboxHandoff {
  /** How long a claimed row stays reserved for its sender (a dead sender's rows are taken back sooner: `holder`). */
  readonly leaseMs: number;
  /** The sender's holder key (`claimed_by`): its process holds the matching advisory lock while it lives. */
  readonly holder: number;
  /** Reserves a send slot for one row; false when the sender is full (the row then waits for its poll). */
  reserve(): boolean;
  /** Gives back a reservation that was not used. */
  release(): void;
  /** Sends rows claimed for this sender (one reservation each) now. */
  adopt(rows: readonly ClaimedOutboxRow[]): void;
}

export interface DispatcherStats {
  inFlight: number;
  /** Most chats handled at the same moment since start. */
  peakInFlight: number;
}

type Outcome = 'handled' | 'skipped';

/** What an executor's refusal is answered with instead of the step's answer (see `executeCommands`). */
type Refusal = RefusalError | RefusedWithAnswer;

/** What handling one event came to, for the work after its commit. */
interface Handled {
  outcome: Outcome;
  /** Due events seen in the commit's round trip (the chat's next one, other chats' waiting ones). */
  next: DueEvent[];
  /** How many the commit looked for (0: it did not look, handed-over events were waiting in memory). */
  lookedFor?: number;
  /** Look for due events in the database as soon as the chat is free (after a failure). */
  lookAgain?: boolean;
}

/** What `process` decided, written by the caller in the commit's round trip. */
interface Processed {
  writes: Omit<EventWrites, 'event' | 'now' | 'claimReply' | 'next'>;
  /** Outbox rows written inside the transaction (pushes, long replies), which the sender must look for. */
  wroteOutbox: boolean;
  peopleChanged: boolean;
  deletedUser?: { channelId: string; userId: string };
}

/**
 * Hands stored inbox events to the flows: one chat's events strictly in order and one at a time,
 * different chats in parallel. The inbox table is the only queue: a restart loses nothing, and two
 * instances share the work safely (advisory lock per chat, row locks per event).
 */
export class Dispatcher {
  private readonly database: Database;
  private readonly channels: ChannelRegistry;
  private readonly logger: Logger;
  private readonly catalog: FlowCatalog;
  /** The flows with a `replyNote`, asked in this order after a finished answer. */
  private readonly noteFlows: readonly AnyFlow[];
  private readonly now: () => Date;
  private readonly clock: () => Date;
  private readonly concurrency: number;
  private readonly pollMs: number;
  private readonly onOutbox: () => void;
  private readonly sender: OutboxHandoff | undefined;
  private readonly maxAttempts: number;
  private readonly finishOnStopMs: number;
  private readonly backoffMs: (failures: number) => number;
  private readonly flowEnvExtras: { oaBasicId?: string };

  private readonly inFlight = new Map<string, Promise<Handled>>();
  /** Stored events handed over by the webhook that found their chat busy or no free slot. */
  private readonly waiting = new Map<number, DueEvent>();
  private peak = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private ticking: Promise<void> | null = null;
  private tickAgain = false;

  constructor(opts: DispatcherOptions) {
    this.database = opts.database;
    this.channels = opts.channels;
    this.logger = opts.logger;
    this.catalog = new FlowCatalog(opts.flows);
    this.noteFlows = opts.flows.filter((flow) => flow.replyNote !== undefined);
    this.now = opts.now ?? (() => new Date());
    this.clock = opts.clock ?? this.now;
    // Handling an event is mostly waiting for the database, so several chats overlap; a server pool has 20
    // connections, so the webhook's inserts still find one free (an insert waiting for one is a slow 200).
    this.concurrency = Math.max(1, opts.concurrency ?? 8);
    this.pollMs = opts.pollMs ?? 500;
    this.onOutbox = opts.onOutbox;
    this.sender = opts.sender;
    this.maxAttempts = Math.max(1, opts.maxAttempts ?? 5);
    this.finishOnStopMs = Math.max(0, opts.finishOnStopMs ?? 5000);
    this.backoffMs = opts.backoffMs ?? ((failures) => Math.min(1000 * 2 ** (failures - 1), 5 * 60_000));
    this.flowEnvExtras = opts.oaBasicId ? { oaBasicId: opts.oaBasicId } : {};
  }

  start(): void {
    if (this.timer) return;
    this.stopped = false;
    this.timer = setInterval(() => this.wake(), this.pollMs);
    this.timer.unref();
    this.wake();
  }

  /**
   * New events were stored: look now rather than at the next poll. Given the stored events (the webhook
   * knows them), they are taken up directly, without a look in the database.
   */
  wake(stored?: readonly DueEvent[]): void {
    if (this.stopped) return;
    if (stored === undefined) {
      void this.tick();
      return;
    }
    // An event whose chat is busy, or that finds no free slot, waits here for the next free slot (the look each
    // commit makes may find it too, unless that commit came before this event's).
    for (const event of stored) {
      if (this.begin(event)) continue;
      if (this.waiting.size >= MAX_WAITING) this.waiting.clear(); // the database still has them: polls find them
      this.waiting.set(event.id, event);
    }
  }

  /**
   * Shutting down (the webhook already answers 503): first the events already stored and due are handled, for
   * at most `finishOnStopMs`, so a user who wrote just before a restart is answered now, with their reply token,
   * rather than by a push after it; then no new event is taken and the ones in hand are finished. Whatever is
   * left stays stored for the next start.
   */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (!this.stopped && this.finishOnStopMs > 0) await this.finishStored(Date.now() + this.finishOnStopMs);
    this.stopped = true;
    this.waiting.clear();
    await this.ticking;
    await Promise.allSettled([...this.inFlight.values()]);
  }

  private async finishStored(deadline: number): Promise<void> {
    const untilDeadline = () => sleep(Math.max(0, deadline - Date.now()));
    while (Date.now() < deadline) {
      await Promise.race([this.tick(), untilDeadline()]);
      if (this.inFlight.size > 0) {
        await Promise.race([Promise.allSettled([...this.inFlight.values()]), untilDeadline()]);
        continue;
      }
      let due: number;
      try {
        due = await countDueEvents(this.database.db, this.now());
      } catch {
        return; // the database is gone: what is stored waits for the next start
      }
      if (due === 0) return;
      // Due but not taken (another instance holds the chat): look again shortly, not in a busy loop.
      await Promise.race([sleep(50), untilDeadline()]);
    }
  }

  /** Handles events until none that is due is left (tests, shutdown flushes). */
  async drain(): Promise<void> {
    for (;;) {
      await this.tick();
      await Promise.allSettled([...this.inFlight.values()]);
      if (this.inFlight.size === 0 && (await countDueEvents(this.database.db, this.now())) === 0) return;
      if (this.stopped) return;
    }
  }

  stats(): DispatcherStats {
    return { inFlight: this.inFlight.size, peakInFlight: this.peak };
  }

  private tick(): Promise<void> {
    if (this.ticking) {
      this.tickAgain = true;
      return this.ticking;
    }
    this.ticking = (async () => {
      do {
        this.tickAgain = false;
        await this.fill();
      } while (this.tickAgain && !this.stopped);
    })().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  private async fill(): Promise<void> {
    const slots = this.concurrency - this.inFlight.size;
    if (slots <= 0 || this.stopped) return;
    let due: DueEvent[];
    try {
      due = await findDueEvents(this.database.db, {
        now: this.now(),
        excludeChatKeys: [...this.inFlight.keys()],
        limit: slots,
      });
    } catch (err) {
      this.logger.warn({ err: errorMessage(err) }, 'cannot look for inbox events');
      return;
    }
    for (const event of due) this.begin(event);
  }

  /** Starts handling the event unless its chat is being handled or no slot is free. */
  private begin(event: DueEvent): boolean {
    if (this.inFlight.has(event.chatKey) || this.inFlight.size >= this.concurrency || this.stopped) return false;
    this.waiting.delete(event.id);
    const handling = this.handle(event);
    this.inFlight.set(event.chatKey, handling);
    this.peak = Math.max(this.peak, this.inFlight.size);
    void handling.then(({ outcome, next, lookAgain, lookedFor }) => {
      this.inFlight.delete(event.chatKey);
      // The commit's round trip also looked for what is due next: the chat's next event, other chats' waiting
      // ones. When it found as many as it asked for and slots are still free, there may be more: a full look.
      // A skipped event brings at most its chat's earliest due event, whose turn it was (one user's events
      // stored out of order, a handed-over event handled meanwhile): without it that chat would wait for the
      // poll. Nothing else is looked for after a skip (an event locked elsewhere would be found again and
      // again); the poll comes back to those.
      for (const due of next) this.begin(due);
      for (const due of [...this.waiting.values()]) {
        if (this.inFlight.size >= this.concurrency) break;
        this.begin(due);
      }
      if (outcome === 'handled' && (lookAgain || (lookedFor !== undefined && lookedFor > 0 && next.length >= lookedFor && this.inFlight.size < this.concurrency))) {
        this.wake();
      }
    });
    return true;
  }

  /**
   * How many due events a commit looks for: enough to fill every slot. None while events handed over by the
   * webhook wait in memory: they fill the slots without a look, and under a burst that look (one more
   * statement per event) is what the database can least afford. The poll still finds anything else.
   */
  private lookAheadLimit(): number {
    return this.waiting.size > 0 ? 0 : this.concurrency;
  }

  private async handle(due: DueEvent): Promise<Handled> {
    try {
      return await this.handleInTransaction(due);
    } catch (err) {
      await this.recordFailure(due, err);
      // A failure after the commit (in the look-ahead) may have left a reply row for the sender's poll.
      this.onOutbox();
      return { outcome: 'handled', next: [], lookAgain: true };
    }
  }

  /**
   * One event in its transaction, in two round trips when the flow itself reads and writes nothing else:
   * begin + lock + conversation + person, then the writes (the reply row claimed for the sender) + commit +
   * the look ahead.
   */
  private async handleInTransaction(due: DueEvent): Promise<Handled> {
    const client = await this.database.pool.connect();
    let broken: Error | undefined;
    let reserved = false;
    try {
      const now = this.now();
      const locked = await beginAndLockEvent(client, due.id, now);
      if (locked.event === null) {
        await rollbackEvent(client);
        return { outcome: 'skipped', next: locked.turnId === null ? [] : [{ id: locked.turnId, chatKey: due.chatKey }] };
      }
      const tx = transactionOn(this.database.db, client);
      const done = await this.process(tx, locked.event, locked.conversation, locked.person, now);
      reserved = done.writes.reply !== undefined && this.sender !== undefined && this.sender.reserve();
      const lookedFor = this.lookAheadLimit();
      const committed = await writeEventAndCommit(client, {
        ...done.writes,
        event: locked.event,
        now,
        ...(reserved ? { claimReply: { leaseUntil: new Date(now.getTime() + this.sender!.leaseMs), holder: this.sender!.holder } } : {}),
        next: { excludeChatKeys: [...this.inFlight.keys()].filter((key) => key !== due.chatKey), limit: lookedFor },
      });
      if (committed.claimed.length > 0) {
        reserved = false;
        this.sender!.adopt(committed.claimed);
      }
      // A reply row that could not be claimed here (the sender was full, or the recipient has an earlier row
      // waiting) is the sender's to find.
      if (done.wroteOutbox || (committed.wroteReply && committed.claimed.length === 0)) this.onOutbox();
      // After the commit, so the reconciler sees the new role and links the right menu now rather than at its next run.
      if (done.peopleChanged) kickRichMenuReconcile();
      // The anonymised row no longer has the LINE id the reconciler would need to take the menu away.
      if (done.deletedUser) {
        const { channelId, userId } = done.deletedUser;
        unlinkRichMenuNow(channelId, userId).catch((err: unknown) =>
          this.logger.warn({ err: errorMessage(err) }, 'rich menu of a deleted person not unlinked'),
        );
      }
      return { outcome: 'handled', next: committed.next, lookedFor };
    } catch (err) {
      await rollbackEvent(client).catch((failure: unknown) => {
        broken = failure instanceof Error ? failure : new Error(String(failure));
      });
      throw err;
    } finally {
      if (reserved) this.sender!.release();
      client.release(broken);
    }
  }

  /** One event, inside its transaction: runs the flow and returns what the commit must write. */
  private async process(
    tx: Executor,
    event: LockedInboxEvent,
    stored: ConversationRow | null,
    chatPerson: Person | null,
    now: Date,
  ): Promise<Processed> {
    const channel = this.requireChannel(event.channelId);
    // What the flows see as the time; `now` stays the real time the reply window is judged by.
    const flowNow = this.clock();
    const webhookEvent = webhookEventSchema.parse(event.payload);
    const input = toEventInput(webhookEvent);
    const userId = 'userId' in input ? input.userId : undefined;
    // The conversation and person were read with the lock, for the chat's user (a user's chat key is their id).
    if (userId !== undefined && userId !== event.chatKey) throw new Error('event user is not the chat\'s user');
    const conversation = userId ? stored : null;
    // Every step knows who is talking: roles are checked on the server with the person as stored now.
    const person = userId ? chatPerson : null;
    const route = routeEvent({
      input,
      stored: conversation,
      catalog: this.catalog,
      now: flowNow,
      person,
      decodePostback: (data) => decodePostback(data, channel.channelSecret, this.catalog.registry),
    });
    const env = userId ? { channelId: channel.id, officeId: event.officeId, lineUserId: userId, now: flowNow, channel, ...this.flowEnvExtras } : undefined;
    let prepared: unknown;
    if (route.kind === 'step' && route.target.prepare && env) {
      prepared = await route.target.prepare(tx, route.flowInput, route.state, person, env);
    }
    let decision = finishDecision(route, { person, prepared, ...this.flowEnvExtras }, flowNow);
    const log = this.logger.child({ webhookEventId: event.webhookEventId, userId, flow: decision.flow ?? conversation?.flow });

    const changes = new Set<'people' | 'deletedUser'>();
    // A refusal (a stale button, the step's own `deny`, or one an executor throws) is answered alone: a note under it
    // reads oddly.
    let refusal = decision.refusal === true || decision.commands.some(isKitCommand);
    if (decision.commands.length > 0) {
      // The flow that took the event is the one whose step produced the commands: it carries them out.
      const flow = route.kind === 'step' ? route.target : undefined;
      if (!flow || !env) throw new Error(`flow "${decision.flow ?? '?'}" returned commands but cannot execute them`);
      let answer: LineMessage[] | undefined;
      const refused = await this.executeCommands(tx, flow, decision.commands, {
        ...env,
        person,
        logger: log,
        noteChange: (change) => changes.add(change),
        answer: (messages) => {
          answer = messages;
        },
      });
      if (refused) {
        refusal = true;
        decision = this.refusedDecision(decision, refused, route.kind === 'step' && route.hadStored);
        changes.clear();
      } else if (answer) {
        // What the executor found (known only once the database answered) replaces what the step said.
        decision = { ...decision, replies: answer };
      }
    }
    const peopleChanged = changes.has('people');
    if (!refusal && person && env && this.endsWithRoomForNote(decision, route.kind === 'step' ? route.hadStored : conversation !== null)) {
      decision = { ...decision, replies: withNote(decision.replies, await this.replyNote(tx, person, env, decision.flow)) };
    }

    let conversationWrite: ConversationWrite | undefined;
    if (userId) {
      const change = decision.conversation;
      if (change.kind === 'save') {
        const { kind: _kind, ...row } = change;
        conversationWrite = { kind: 'save', channelId: channel.id, officeId: event.officeId, userId, row };
      } else if (change.kind === 'delete') {
        conversationWrite = { kind: 'delete', channelId: channel.id, userId };
      }
    }

    let claimedReplyToken = false;
    let wrote = false;
    let reply: ReplyWrite | undefined;
    if (userId && decision.replies.length > 0) {
      const token = this.usableReplyToken(event, webhookEvent.replyToken, now);
      const messages = sealPostbacks(decision.replies, channel.channelSecret);
      if (decision.pushes.length === 0 && messages.length <= MAX_MESSAGES_PER_REQUEST) {
        // The usual answer: one row, written with the commit.
        reply = { channelId: channel.id, officeId: event.officeId, toUserId: userId, messages, ...(token ? { token } : {}) };
      } else {
        // Rows in sending order (the reply's, then the pushes'), each its own insert so `seq` follows it.
        claimedReplyToken = token !== undefined;
        await this.enqueue(tx, channel, event, userId, decision.replies, token);
        wrote = true;
      }
    }
    for (const push of decision.pushes) {
      // Someone who unfollowed or deleted their data gets no pushes.
      if (!(await isPushable(tx, channel.id, push.to))) {
        log.info('push skipped: recipient is not active');
        continue;
      }
      await this.enqueue(tx, channel, event, push.to, push.messages, undefined);
      wrote = true;
    }
    if (log.isLevelEnabled('debug')) log.debug({ status: decision.status, eventType: webhookEvent.type }, 'event handled');
    const deleted = userId !== undefined && changes.has('deletedUser');
    return {
      writes: {
        status: decision.status,
        claimedReplyToken,
        ...(conversationWrite ? { conversation: conversationWrite } : {}),
        ...(reply ? { reply } : {}),
      },
      // A command's execute may push to others through the outbox (e.g. an urgent letter's alert): the
      // sender is woken for those too rather than finding them at its next poll.
      wroteOutbox: wrote || decision.commands.length > 0,
      peopleChanged,
      ...(deleted ? { deletedUser: { channelId: channel.id, userId } } : {}),
    };
  }

  /**
   * Whether a note (`Flow.replyNote`) may go with this answer: there is an answer, with room for one more message,
   * and no conversation goes on after it (the person is not in the middle of a form).
   */
  private endsWithRoomForNote(decision: Decision, hadConversation: boolean): boolean {
    if (decision.replies.length === 0 || decision.replies.length >= MAX_MESSAGES_PER_REQUEST) return false;
    const change = decision.conversation.kind;
    return change === 'delete' || (change === 'keep' && !hadConversation);
  }

  /**
   * The first note a flow other than the one that answered has for the person now (null: none). Each is asked in a
   * savepoint: a note is an extra, and one that fails is left out (and logged) rather than failing the answer.
   */
  private async replyNote(tx: Executor, person: Person, env: FlowEnv, answeredBy: string | undefined): Promise<LineMessage | null> {
    for (const flow of this.noteFlows) {
      if (flow.name === answeredBy) continue;
      try {
        const note = await tx.transaction((savepoint) => flow.replyNote!(savepoint, person, env));
        if (note) return { type: 'text', text: note };
      } catch (err) {
        this.logger.error({ flow: flow.name, err: errorMessage(err) }, 'reply note left out: it failed');
      }
    }
    return null;
  }

  /**
   * Runs the commands in a savepoint of the event's transaction. A refusal thrown by an executor (`StaleError`,
   * `ForbiddenError`, `NotFoundError`, `ConflictError`) is an answer, not a failure: what the commands wrote is
   * undone, and the refusal is returned for the person to be told (retrying could only find the same). Anything
   * else is a failure of the event (retried, parked after the last attempt).
   */
  private async executeCommands(tx: Executor, flow: AnyFlow, commands: readonly FlowCommand[], env: CommandEnv): Promise<Refusal | null> {
    try {
      await tx.transaction(async (sp) => {
        for (const cmd of commands) {
          if (isKitCommand(cmd)) await executeKitCommand(sp, cmd, env);
          else if (flow.execute) await flow.execute(sp, cmd, env);
          else throw new Error(`flow "${flow.name}" returned command "${cmd.type}" but has no execute`);
        }
      });
      return null;
    } catch (err) {
      if (!isRefusal(err) && !(err instanceof RefusedWithAnswer)) throw err;
      if (err instanceof ForbiddenError) await recordDenial(tx, env, err.action);
      else env.logger.info({ err: errorMessage(err), code: err instanceof RefusedWithAnswer ? 'answered' : err.code }, 'command refused');
      return err;
    }
  }

  /**
   * What the person is told instead of the step's answer: a stale change as an out-of-date button (the
   * conversation stays as it was), a refusal with the polite denial (the conversation ends, as a step's
   * own `deny` ends it), a refusal with an answer with that answer (the conversation ends, unless the refusal
   * keeps it for the answer's buttons). Nothing else the step meant to send goes out.
   */
  private refusedDecision(decision: Decision, refused: Refusal, hadStored: boolean): Decision {
    // A denial or a refusal with its own answer ends the conversation; stale, gone or taken keep it where it was.
    const ends = refused instanceof ForbiddenError || (refused instanceof RefusedWithAnswer && !refused.keepConversation);
    return {
      status: 'done',
      ...(decision.flow !== undefined ? { flow: decision.flow } : {}),
      replies: refused instanceof RefusedWithAnswer ? refused.messages : [text(refusalAnswer(refused))],
      pushes: [],
      commands: [],
      conversation: !ends || !hadStored ? { kind: 'keep' } : { kind: 'delete' },
    };
  }

  /** The event's token for the first row of its answer, as the one rule decides (src/domain/reply-or-push.ts). */
  private usableReplyToken(event: LockedInboxEvent, replyToken: string | undefined, now: Date) {
    return replyTokenForRow({ replyToken, tokenUsed: event.replyTokenClaimed, firstRow: true, eventTimestamp: event.eventTimestamp, now });
  }

  private async enqueue(
    tx: Executor,
    channel: LineChannel,
    event: LockedInboxEvent,
    to: string,
    messages: LineMessage[],
    token: { replyToken: string; replyDeadline: Date } | undefined,
  ): Promise<void> {
    await enqueueOutbox(tx, {
      channelId: channel.id,
      officeId: event.officeId,
      toUserId: to,
      messages: sealPostbacks(messages, channel.channelSecret),
      sourceEventId: event.webhookEventId,
      ...(token ?? {}),
    });
  }

  private requireChannel(channelId: string): LineChannel {
    const channel = this.channels.get(channelId);
    if (!channel) throw new Error(`channel "${channelId}" is not known to this instance`);
    return channel;
  }

  /** Counts the failure in its own transaction; parks the event and apologises after the last attempt. */
  private async recordFailure(due: DueEvent, err: unknown): Promise<void> {
    const lastError = errorMessage(err).slice(0, 2000);
    let parkedApology = false;
    try {
      await this.database.db.transaction(async (tx) => {
        const event = await lockPendingEvent(tx, due.id);
        if (!event) return;
        const now = this.now();
        const attempts = event.attempts + 1;
        // The flow is not known here (the failure may have come before one was chosen); the chat is.
        const log = this.logger.child({ webhookEventId: event.webhookEventId, chatKey: event.chatKey });
        if (attempts < this.maxAttempts) {
          await scheduleRetry(tx, event.id, { attempts, lastError, nextAttemptAt: new Date(now.getTime() + this.backoffMs(attempts)) });
          log.warn({ attempts, err: lastError }, 'event failed; will retry');
          return;
        }
        const userId = this.apologyRecipient(event);
        let claimReplyToken = false;
        if (userId) {
          const channel = this.requireChannel(event.channelId);
          const parsed = webhookEventSchema.safeParse(event.payload);
          const token = this.usableReplyToken(event, parsed.success ? parsed.data.replyToken : undefined, now);
          claimReplyToken = token !== undefined;
          await this.enqueue(tx, channel, event, userId, [text(botMessages.apology)], token);
          parkedApology = true;
        }
        await finishEvent(tx, event.id, { status: 'parked', now, claimReplyToken, lastError, attempts });
        log.error({ attempts, err: lastError }, 'event parked after repeated failures');
      });
    } catch (failure) {
      // Typically the database itself is down: the event stays pending and the poll tries again.
      this.logger.warn({ err: errorMessage(failure), cause: lastError }, 'cannot record event failure');
    }
    if (parkedApology) this.onOutbox();
  }

  /** Only a user in a one-to-one chat, in active mode, is apologised to. */
  private apologyRecipient(event: LockedInboxEvent): string | undefined {
    const parsed = webhookEventSchema.safeParse(event.payload);
    if (!parsed.success || parsed.data.mode !== 'active') return undefined;
    const source = parsed.data.source;
    return source?.type === 'user' ? source.userId : undefined;
  }
}

/** What the person is told when an executor refused: the conversation stays where it was, except after a denial. */
function refusalAnswer(refused: RefusalError): string {
  if (refused instanceof ForbiddenError) return deniedMessage(refused.action);
  if (refused instanceof NotFoundError) return botMessages.notThereAnyMore;
  if (refused instanceof ConflictError) return refused.answer ?? botMessages.changedMeanwhile;
  return botMessages.buttonNoLongerValid;
}

/**
 * The answer with the note among its messages: last, or just before the last when that one carries quick replies
 * (LINE shows them under the last message only, so the note must not come after it).
 */
function withNote(replies: LineMessage[], note: LineMessage | null): LineMessage[] {
  if (!note) return replies;
  const last = replies.at(-1);
  return last && 'quickReply' in last ? [...replies.slice(0, -1), note, last] : [...replies, note];
}
