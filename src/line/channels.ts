import type { Executor } from '../db/database.ts';
import { allChannelRows, channelRow, upsertChannelAndOffice } from '../db/repos/line-channels.ts';

export const DEFAULT_CHANNEL_ID = 'default';
export const DEFAULT_OFFICE_ID = 'default';

export interface LineChannel {
  id: string;
  officeId: string;
  channelSecret: string;
  channelAccessToken: string;
  apiBaseUrl: string;
  dataApiBaseUrl: string;
  monthlyMessageBudget: number;
}

export interface ChannelDefaults {
  apiBaseUrl: string;
  dataApiBaseUrl: string;
  monthlyMessageBudget: number;
}

/**
 * Writes the default channel (from the settings) and its office, so the rest of the code
 * treats every channel alike. The office keeps its name if an admin changed it.
 */
export async function upsertDefaultChannel(
  ex: Executor,
  input: { officeName: string; channelSecret: string; channelAccessToken: string },
): Promise<void> {
  await upsertChannelAndOffice(ex, { id: DEFAULT_CHANNEL_ID, officeId: DEFAULT_OFFICE_ID, ...input });
}

/** An unknown channel id reloads the channel list at most this often. */
export const UNKNOWN_RELOAD_MS = 5_000;

/**
 * The channels this deployment serves, cached: the webhook looks a channel up on every request and
 * must not pay a query for it. `refresh` reloads after an admin adds a channel.
 */
export class ChannelRegistry {
  private byId = new Map<string, LineChannel>();
  private readonly ex: Executor;
  private readonly defaults: ChannelDefaults;
  private readonly now: () => number;
  private lastRefreshAt = Number.NEGATIVE_INFINITY;
  private refreshing: Promise<void> | null = null;
  private readonly listeners: Array<(channels: readonly LineChannel[]) => void> = [];

  constructor(ex: Executor, defaults: ChannelDefaults, now: () => number = Date.now) {
    this.ex = ex;
    this.defaults = defaults;
    this.now = now;
  }

  async refresh(): Promise<void> {
    // Callers that ask while a reload is running share it.
    this.refreshing ??= this.load().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /**
   * The channel, reloading the list once when the id is not known (an office added while the service runs),
   * at most every `UNKNOWN_RELOAD_MS`: requests to made-up ids cannot make every request a query.
   */
  async lookup(channelId: string): Promise<LineChannel | undefined> {
    return this.byId.get(channelId) ?? (await this.reloaded(channelId));
  }

  /**
   * The channel as the database has it now, when the list was not reloaded in the last `UNKNOWN_RELOAD_MS`;
   * otherwise undefined. For a request that does not fit the cached channel (a secret changed by an admin).
   */
  async reloaded(channelId: string): Promise<LineChannel | undefined> {
    if (this.now() - this.lastRefreshAt < UNKNOWN_RELOAD_MS) return undefined;
    await this.refresh();
    return this.byId.get(channelId);
  }

  private async load(): Promise<void> {
    const rows = await allChannelRows(this.ex);
    this.lastRefreshAt = this.now();
    this.byId = new Map(
      rows.map((row) => [
        row.id,
        {
          id: row.id,
          officeId: row.officeId,
          channelSecret: row.channelSecret,
          channelAccessToken: row.channelAccessToken,
          apiBaseUrl: row.apiBaseUrl ?? this.defaults.apiBaseUrl,
          dataApiBaseUrl: row.dataApiBaseUrl ?? this.defaults.dataApiBaseUrl,
          monthlyMessageBudget: row.monthlyMessageBudget ?? this.defaults.monthlyMessageBudget,
        },
      ]),
    );
    const all = this.all();
    for (const listener of this.listeners) listener(all);
  }

  /** Called with every channel after each load (the built-in emulator learns offices added meanwhile). */
  onLoad(listener: (channels: readonly LineChannel[]) => void): void {
    this.listeners.push(listener);
    if (this.lastRefreshAt > Number.NEGATIVE_INFINITY) listener(this.all());
  }

  get(channelId: string): LineChannel | undefined {
    return this.byId.get(channelId);
  }

  all(): LineChannel[] {
    return [...this.byId.values()];
  }
}

export async function findChannel(ex: Executor, id: string) {
  return channelRow(ex, id);
}
