import type { AnyFlow } from './flow.ts';
import type { Database, Executor } from '../db/database.ts';
import {
  countDueEvents,
  findDueEvents,
  finishEvent,
  lockDueEvent,
  lockPendingEvent,
  scheduleRetry,
  type DueEvent,
  type LockedInboxEvent,
} from '../db/repos/inbox.ts';
import { findPersonByLineUser, isPushable } from '../db/repos/people.ts';
import type { DomainCommand } from '../domain/commands.ts';
import { errorMessage } from '../domain/errors.ts';
import { kickRichMenuReconcile, unlinkRichMenuNow } from '../line/rich-menus/runtime.ts';
import type { Logger } from '../logger.ts';
import type { ChannelRegistry, LineChannel } from '../line/channels.ts';
import { enqueueOutbox, type LineMessage } from '../line/outbox.ts';
import { decodePostback, sealPostbacks } from '../line/postback.ts';
import { webhookEventSchema } from '../line/webhook-schema.ts';
import { FlowCatalog } from './catalog.ts';
import { deleteConversation, loadConversation, saveConversation } from './conversation-store.ts';
import { finishDecision, routeEvent } from './decide.ts';
import { toEventInput } from './input.ts';
import { botMessages, text } from './messages.ts';

/** LINE honours a reply token for about a minute; past this the message goes as a push. */
export const REPLY_TOKEN_WINDOW_MS = 50_000;

export interface DispatcherOptions {
  database: Database;
  channels: ChannelRegistry;
  logger: Logger;
  /** In priority order; catch-all flows (greeting) last. */
  flows: readonly AnyFlow[];
  now?: () => Date;
  /** Different chats handled at once. */
  concurrency?: number;
  /** How often stored events are looked for without a wake-up (after a restart, after a backoff). */
  pollMs?: number;
  /** Called after a handled event wrote outbox rows. */
  onOutbox: () => void;
  /** Failures before an event is parked. */
  maxAttempts?: number;
  /** Wait before attempt n+1 after n failures. */
  backoffMs?: (failures: number) => number;
  /** The Official Account's basic id, for links that open its chat (invitation links). */
  oaBasicId?: string;
}

/** Commands after which a person's rich menu may have to change. */
const MENU_CHANGING_COMMANDS: ReadonlySet<DomainCommand['type']> = new Set([
  'registerPerson',
  'redeemInvitation',
  'changeRole',
  'deleteMyData',
  'setActive',
]);

export interface DispatcherStats {
  inFlight: number;
  /** Most chats handled at the same moment since start. */
  peakInFlight: number;
}

type Outcome = 'handled' | 'skipped';

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
  private readonly now: () => Date;
  private readonly concurrency: number;
  private readonly pollMs: number;
  private readonly onOutbox: () => void;
  private readonly maxAttempts: number;
  private readonly backoffMs: (failures: number) => number;
  private readonly flowEnvExtras: { oaBasicId?: string };

  private readonly inFlight = new Map<string, Promise<Outcome>>();
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
    this.now = opts.now ?? (() => new Date());
    // Handling an event is mostly waiting for the database, so several chats overlap; a server pool has 20
    // connections, so the webhook's inserts still find one free (an insert waiting for one is a slow 200).
    this.concurrency = Math.max(1, opts.concurrency ?? 8);
    this.pollMs = opts.pollMs ?? 500;
    this.onOutbox = opts.onOutbox;
    this.maxAttempts = Math.max(1, opts.maxAttempts ?? 5);
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

  /** New events were stored: look now rather than at the next poll. */
  wake(): void {
    if (this.stopped) return;
    void this.tick();
  }

  /** Takes no new events, finishes the ones being handled. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
    await Promise.allSettled([...this.inFlight.values()]);
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
    for (const event of due) {
      if (this.inFlight.has(event.chatKey) || this.stopped) continue;
      const handling = this.handle(event).finally(() => {
        this.inFlight.delete(event.chatKey);
        // The chat's next event may be waiting for this one.
      });
      this.inFlight.set(event.chatKey, handling);
      this.peak = Math.max(this.peak, this.inFlight.size);
      void handling.then((outcome) => {
        // A skipped event is someone else's right now; the poll comes back to it instead of spinning.
        if (outcome === 'handled') this.wake();
      });
    }
  }

  private async handle(due: DueEvent): Promise<Outcome> {
    try {
      let wroteOutbox = false;
      let peopleChanged = false;
      let deletedUser: { channelId: string; userId: string } | undefined;
      const outcome = await this.database.db.transaction(async (tx): Promise<Outcome> => {
        const now = this.now();
        const event = await lockDueEvent(tx, due.id, now);
        if (!event) return 'skipped';
        ({ wroteOutbox, peopleChanged, deletedUser } = await this.process(tx, event, now));
        return 'handled';
      });
      if (wroteOutbox) this.onOutbox();
      // After the commit, so the reconciler sees the new role and links the right menu now rather than at its next run.
      if (peopleChanged) kickRichMenuReconcile();
      // The anonymised row no longer has the LINE id the reconciler would need to take the menu away.
      if (deletedUser) {
        unlinkRichMenuNow(deletedUser.channelId, deletedUser.userId).catch((err: unknown) =>
          this.logger.warn({ err: errorMessage(err) }, 'rich menu of a deleted person not unlinked'),
        );
      }
      return outcome;
    } catch (err) {
      await this.recordFailure(due, err);
      return 'handled';
    }
  }

  /** One event, inside its transaction. Returns whether outbox rows were written and whether people changed. */
  private async process(
    tx: Executor,
    event: LockedInboxEvent,
    now: Date,
  ): Promise<{ wroteOutbox: boolean; peopleChanged: boolean; deletedUser?: { channelId: string; userId: string } }> {
    const channel = this.requireChannel(event.channelId);
    const webhookEvent = webhookEventSchema.parse(event.payload);
    const input = toEventInput(webhookEvent);
    const userId = 'userId' in input ? input.userId : undefined;
    const stored = userId ? await loadConversation(tx, channel.id, userId) : null;
    // Every step knows who is talking: roles are checked on the server with the person as stored now.
    const person = userId ? await findPersonByLineUser(tx, channel.id, userId) : null;
    const route = routeEvent({
      input,
      stored,
      catalog: this.catalog,
      now,
      person,
      decodePostback: (data) => decodePostback(data, channel.channelSecret, this.catalog.registry),
    });
    const env = userId ? { channelId: channel.id, officeId: event.officeId, lineUserId: userId, now, channel, ...this.flowEnvExtras } : undefined;
    let prepared: unknown;
    if (route.kind === 'step' && route.target.prepare && env) {
      prepared = await route.target.prepare(tx, route.flowInput, route.state, person, env);
    }
    const decision = finishDecision(route, { person, prepared, ...this.flowEnvExtras }, now);
    const log = this.logger.child({ webhookEventId: event.webhookEventId, userId, flow: decision.flow ?? stored?.flow });

    if (decision.commands.length > 0) {
      const flow = route.kind === 'step' ? route.target : undefined;
      if (!flow?.execute || !env) throw new Error(`flow "${decision.flow ?? '?'}" returned commands but cannot execute them`);
      for (const cmd of decision.commands) await flow.execute(tx, cmd, { ...env, person, logger: log });
    }
    const peopleChanged = decision.commands.some((cmd) => MENU_CHANGING_COMMANDS.has(cmd.type));

    if (userId) {
      const change = decision.conversation;
      if (change.kind === 'save') {
        await saveConversation(tx, { channelId: channel.id, officeId: event.officeId, userId, ...change });
      } else if (change.kind === 'delete') {
        await deleteConversation(tx, channel.id, userId);
      }
    }

    let claimReplyToken = false;
    let wrote = false;
    if (userId && decision.replies.length > 0) {
      const token = this.usableReplyToken(event, webhookEvent.replyToken, now);
      claimReplyToken = token !== undefined;
      await this.enqueue(tx, channel, event, userId, decision.replies, token);
      wrote = true;
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
    await finishEvent(tx, event.id, { status: decision.status, now, claimReplyToken });
    log.debug({ status: decision.status, eventType: webhookEvent.type }, 'event handled');
    const deleted = userId !== undefined && decision.commands.some((cmd) => cmd.type === 'deleteMyData');
    return { wroteOutbox: wrote, peopleChanged, ...(deleted ? { deletedUser: { channelId: channel.id, userId } } : {}) };
  }

  private usableReplyToken(event: LockedInboxEvent, replyToken: string | undefined, now: Date) {
    if (!replyToken || event.replyTokenClaimed) return undefined;
    const deadline = new Date(event.eventTimestamp.getTime() + REPLY_TOKEN_WINDOW_MS);
    return now.getTime() < deadline.getTime() ? { replyToken, replyDeadline: deadline } : undefined;
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
        const log = this.logger.child({ webhookEventId: event.webhookEventId });
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
