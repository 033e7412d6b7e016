import { richMenuRequestSchema, type RichMenuRequest } from '../line/messaging-schemas.ts';
import { newUserId } from './ids.ts';

/** The emulator's in-memory world: channels, users, tokens, rich menus, the conversation log and test knobs. */

export interface EmulatorChannel {
  channelId: string;
  channelSecret: string;
  channelAccessToken: string;
  webhookUrl: string;
  destination?: string;
}

export interface EmulatorUser {
  userId: string;
  channelId: string;
  displayName: string;
  pictureUrl?: string;
  language: string;
  /** Users start as friends (as if they had added the bot); unfollow blocks, follow unblocks. */
  following: boolean;
}

export interface ConversationEntry {
  seq: number;
  at: string;
  direction: 'user' | 'bot';
  via: 'webhook' | 'reply' | 'push' | 'multicast';
  /** The channel the message went through: the user's channel, or the channel whose access token sent it. */
  channelId: string;
  message: unknown;
  webhookEventId?: string;
  requestId?: string;
}

export interface RequestRecord {
  seq: number;
  at: string;
  method: string;
  path: string;
  endpoint: string;
  status: number;
  retryKey?: string;
  requestId: string;
  /** The channel whose access token the call carried; absent when no valid token was given. */
  channelId?: string;
}

export interface Fault {
  path: 'reply' | 'push' | 'multicast' | '*';
  status: number;
  count: number;
  retryAfterSeconds?: number;
  body?: unknown;
}

export interface RichMenu {
  richMenuId: string;
  request: RichMenuRequest;
  image?: { bytes: Buffer; contentType: string };
}

export interface ChannelState {
  channel: Required<EmulatorChannel>;
  richMenus: Map<string, RichMenu>;
  aliases: Map<string, string>;
  userMenus: Map<string, string>;
  defaultRichMenuId?: string;
  quotaLimit: number;
  usageByMonth: Map<string, number>;
  retryKeys: Map<string, { requestId: string; at: number }>;
}

export interface ReplyTokenState {
  channelId: string;
  userId: string;
  issuedAt: number;
  used: boolean;
}

export interface StoredEvent {
  channelId: string;
  event: Record<string, unknown>;
}

/** The emulator's world as kept across a restart (see persistence.ts); test knobs and traffic logs are not. */
export interface EmulatorSnapshot {
  seq: number;
  users: EmulatorUser[];
  conversations: Array<{ userId: string; entries: ConversationEntry[] }>;
  replyTokens: Array<ReplyTokenState & { token: string }>;
  contents: Array<{ messageId: string; channelId: string; bytes: Buffer; contentType: string }>;
  /** Profile pictures picked on the simulator page. */
  pictures: Array<{ id: string; bytes: Buffer; contentType: string }>;
  channels: ChannelSnapshot[];
}

/** A channel's part of LINE's world: its menus and links, quota and retry keys (its secrets come from the settings). */
export interface ChannelSnapshot {
  channelId: string;
  destination: string;
  richMenus: Array<{ richMenuId: string; request: unknown; image?: { bytes: Buffer; contentType: string } }>;
  aliases: Array<[string, string]>;
  userMenus: Array<[string, string]>;
  defaultRichMenuId?: string | undefined;
  quotaLimit: number;
  usageByMonth: Array<[string, number]>;
  retryKeys: Array<{ key: string; requestId: string; at: number }>;
}

export const REPLY_TOKEN_TTL_MS = 60_000;
export const RETRY_KEY_TTL_MS = 24 * 60 * 60 * 1000;
/** The free plan's monthly allowance in Thailand; tests change it with PUT /api/quota. */
export const DEFAULT_QUOTA = 300;

const monthFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Bangkok', year: 'numeric', month: '2-digit' });
/** LINE's allowance resets on calendar months; the office is in Thailand. */
export const monthKey = (at: number) => monthFormat.format(new Date(at)).slice(0, 7);

export class EmulatorState {
  readonly now: () => number;
  /**
   * The time a chat entry is stamped with: the service clock, which the simulator can move ahead (the bot's messages
   * say that time, so the chat shows it too). Reply tokens, retry keys and quota keep to `now` (LINE's transport).
   */
  readonly chatNow: () => number;
  readonly channels = new Map<string, ChannelState>();
  readonly users = new Map<string, EmulatorUser>();
  readonly replyTokens = new Map<string, ReplyTokenState>();
  readonly events = new Map<string, StoredEvent>();
  readonly contents = new Map<string, { channelId: string; bytes: Buffer; contentType: string }>();
  /** Profile pictures uploaded from the simulator page, served back to it. */
  readonly pictures = new Map<string, { bytes: Buffer; contentType: string }>();
  /** Kept channel state of channels not added yet (another office's, added once the channel list is read). */
  private readonly restoredChannels = new Map<string, ChannelSnapshot>();
  private conversations = new Map<string, ConversationEntry[]>();
  private waiters = new Set<{ userId: string; check: () => boolean }>();
  private seq = 0;
  requests: RequestRecord[] = [];
  faults: Fault[] = [];

  constructor(now: () => number, chatNow: () => number = now) {
    this.now = now;
    this.chatNow = chatNow;
  }

  addChannel(channel: EmulatorChannel): void {
    const existing = this.channels.get(channel.channelId);
    // A channel given again (a reissued token) keeps its bot's user id unless a new one is given.
    const kept = this.restoredChannels.get(channel.channelId);
    const destination = channel.destination ?? existing?.channel.destination ?? kept?.destination ?? newUserId();
    if (existing) {
      existing.channel = { ...channel, destination };
      return;
    }
    this.restoredChannels.delete(channel.channelId);
    const richMenus = new Map<string, RichMenu>();
    for (const menu of kept?.richMenus ?? []) {
      // Kept by an earlier build: a menu today's rules would refuse is left out rather than served.
      const request = richMenuRequestSchema.safeParse(menu.request);
      if (request.success) richMenus.set(menu.richMenuId, { richMenuId: menu.richMenuId, request: request.data, ...(menu.image ? { image: menu.image } : {}) });
    }
    this.channels.set(channel.channelId, {
      channel: { ...channel, destination },
      richMenus,
      aliases: new Map((kept?.aliases ?? []).filter(([, id]) => richMenus.has(id))),
      userMenus: new Map((kept?.userMenus ?? []).filter(([, id]) => richMenus.has(id))),
      ...(kept?.defaultRichMenuId && richMenus.has(kept.defaultRichMenuId) ? { defaultRichMenuId: kept.defaultRichMenuId } : {}),
      quotaLimit: kept?.quotaLimit ?? DEFAULT_QUOTA,
      usageByMonth: new Map(kept?.usageByMonth ?? []),
      retryKeys: new Map((kept?.retryKeys ?? []).map(({ key, requestId, at }) => [key, { requestId, at }])),
    });
  }

  /** What a restart should find again: users, conversations, menus and links, unused reply tokens, quota, retry keys. */
  snapshot(): EmulatorSnapshot {
    const now = this.now();
    const channelSnapshot = (state: ChannelState): ChannelSnapshot => ({
      channelId: state.channel.channelId,
      destination: state.channel.destination,
      richMenus: [...state.richMenus.values()].map((menu) => ({ richMenuId: menu.richMenuId, request: menu.request, ...(menu.image ? { image: menu.image } : {}) })),
      aliases: [...state.aliases],
      userMenus: [...state.userMenus],
      defaultRichMenuId: state.defaultRichMenuId,
      quotaLimit: state.quotaLimit,
      usageByMonth: [...state.usageByMonth],
      retryKeys: [...state.retryKeys]
        .filter(([, accepted]) => now - accepted.at < RETRY_KEY_TTL_MS)
        .map(([key, accepted]) => ({ key, ...accepted })),
    });
    return {
      seq: this.seq,
      users: [...this.users.values()],
      conversations: [...this.conversations].map(([userId, entries]) => ({ userId, entries })),
      // A token that could still be used (an event stored just before a restart is answered after it).
      replyTokens: [...this.replyTokens]
        .filter(([, token]) => !token.used && now - token.issuedAt < REPLY_TOKEN_TTL_MS)
        .map(([token, state]) => ({ token, ...state })),
      contents: [...this.contents].map(([messageId, content]) => ({ messageId, ...content })),
      pictures: [...this.pictures].map(([id, picture]) => ({ id, ...picture })),
      channels: [...[...this.channels.values()].map(channelSnapshot), ...this.restoredChannels.values()],
    };
  }

  /** Takes back a snapshot; call before adding channels (each channel takes its kept part when it is added). */
  restore(snapshot: EmulatorSnapshot): void {
    this.seq = Math.max(this.seq, snapshot.seq);
    for (const user of snapshot.users) this.users.set(user.userId, user);
    for (const { userId, entries } of snapshot.conversations) this.conversations.set(userId, entries);
    for (const { token, ...state } of snapshot.replyTokens) this.replyTokens.set(token, state);
    for (const { messageId, ...content } of snapshot.contents) this.contents.set(messageId, content);
    for (const { id, ...picture } of snapshot.pictures) this.pictures.set(id, picture);
    for (const channel of snapshot.channels) this.restoredChannels.set(channel.channelId, channel);
  }

  channelByToken(token: string): ChannelState | undefined {
    for (const state of this.channels.values()) if (state.channel.channelAccessToken === token) return state;
    return undefined;
  }

  defaultChannel(): ChannelState {
    const first = this.channels.values().next();
    if (first.done) throw new Error('the emulator has no channel');
    return first.value;
  }

  usage(channel: ChannelState): number {
    return channel.usageByMonth.get(monthKey(this.now())) ?? 0;
  }

  addUsage(channel: ChannelState, count: number): void {
    const key = monthKey(this.now());
    channel.usageByMonth.set(key, (channel.usageByMonth.get(key) ?? 0) + count);
  }

  /** The request id a retry key was accepted with, if it was accepted within the last 24 hours. */
  acceptedRetryKey(channel: ChannelState, key: string): string | undefined {
    const accepted = channel.retryKeys.get(key.toLowerCase());
    if (!accepted) return undefined;
    if (this.now() - accepted.at >= RETRY_KEY_TTL_MS) {
      channel.retryKeys.delete(key.toLowerCase());
      return undefined;
    }
    return accepted.requestId;
  }

  rememberRetryKey(channel: ChannelState, key: string, requestId: string): void {
    channel.retryKeys.set(key.toLowerCase(), { requestId, at: this.now() });
  }

  /** Uses a reply token if it is known, unused and younger than a minute. */
  useReplyToken(channel: ChannelState, token: string): ReplyTokenState | undefined {
    const state = this.replyTokens.get(token);
    if (!state || state.used || state.channelId !== channel.channel.channelId) return undefined;
    if (this.now() - state.issuedAt >= REPLY_TOKEN_TTL_MS) return undefined;
    state.used = true;
    return state;
  }

  appendConversation(userId: string, entry: Omit<ConversationEntry, 'seq' | 'at'>): ConversationEntry {
    const full: ConversationEntry = { seq: ++this.seq, at: new Date(this.chatNow()).toISOString(), ...entry };
    const list = this.conversations.get(userId) ?? [];
    list.push(full);
    this.conversations.set(userId, list);
    for (const waiter of this.waiters) if (waiter.userId === userId) waiter.check();
    return full;
  }

  conversationAfter(userId: string, after: number): ConversationEntry[] {
    return (this.conversations.get(userId) ?? []).filter((entry) => entry.seq > after);
  }

  /** Waits (at most waitMs, real time) until the user's conversation has minEntries entries after `after`. */
  waitForConversation(userId: string, after: number, minEntries: number, waitMs: number): Promise<ConversationEntry[]> {
    const ready = () => this.conversationAfter(userId, after).length >= minEntries;
    if (waitMs <= 0 || ready()) return Promise.resolve(this.conversationAfter(userId, after));
    return new Promise((resolve) => {
      const waiter = {
        userId,
        check: () => {
          if (!ready()) return false;
          finish();
          return true;
        },
      };
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(this.conversationAfter(userId, after));
      };
      // A long poll must not keep a stopping process alive.
      const timer = setTimeout(finish, waitMs).unref();
      this.waiters.add(waiter);
    });
  }

  recordRequest(record: Omit<RequestRecord, 'seq' | 'at'>): void {
    this.requests.push({ seq: ++this.seq, at: new Date(this.now()).toISOString(), ...record });
  }

  /** Takes one matching fault, if any is armed for this endpoint. */
  takeFault(endpoint: string): Fault | undefined {
    const fault = this.faults.find((f) => f.count > 0 && (f.path === '*' || f.path === endpoint));
    if (!fault) return undefined;
    fault.count -= 1;
    this.faults = this.faults.filter((f) => f.count > 0);
    return fault;
  }

  /**
   * Forgets users, conversations, tokens, events, content, pictures, faults, requests, retry keys and usage.
   * Channels, rich menus and their aliases survive: they are the bot's setup, not a test's traffic.
   */
  reset(): void {
    this.users.clear();
    this.replyTokens.clear();
    this.events.clear();
    this.contents.clear();
    this.pictures.clear();
    this.conversations.clear();
    this.requests = [];
    this.faults = [];
    for (const channel of this.channels.values()) {
      channel.userMenus.clear();
      channel.usageByMonth.clear();
      channel.retryKeys.clear();
    }
  }
}
