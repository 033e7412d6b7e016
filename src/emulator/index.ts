import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Logger } from '../logger.ts';
import { createControlApi } from './control-api.ts';
import { createLineLoginApi, createLoginControlApi, LoginState, type EmulatorLoginChannel } from './line-login.ts';
import { apiFrontDoor, authenticate, jsonErrorHandler } from './http.ts';
import { createMessagingApi } from './messaging-api.ts';
import { createRichMenuApi } from './rich-menu-api.ts';
import { createSimulatorApi } from './simulator/api.ts';
import { createSimulatorPage } from './simulator/page.ts';
import { EmulatorStore } from './persistence.ts';
import { EmulatorState, type EmulatorChannel } from './state.ts';
import { WebhookSender } from './webhook-sender.ts';

/**
 * The local LINE platform: the Messaging API subset the bot uses (under /v2), a webhook sender that plays
 * LINE's side, a JSON control API (under /api) for tests, benchmarks and the simulator, and the chat
 * simulator page itself (at the router's root, assets under /assets; see simulator/page.ts).
 *
 * Mount `router` anywhere. Note that `@line/bot-sdk` builds URLs with `new URL('/v2/...', baseURL)`, which
 * drops any path in baseURL: an SDK client needs the router at the root of its origin (or `listen`'s url).
 */

export type { EmulatorChannel, ConversationEntry, RequestRecord, Fault } from './state.ts';
export type { EmulatorLoginChannel, EmulatorLiffApp } from './line-login.ts';

export interface EmulatorOptions {
  channels: EmulatorChannel[];
  /** LINE Login channels (with their LIFF apps) for web pages opened from the chat. */
  loginChannels?: EmulatorLoginChannel[];
  logger: Logger;
  now?: () => number;
  /**
   * The service clock (emulator mode: it can be moved ahead), for the time of each chat entry, so the simulator shows
   * a message at the time the bot lives in; LINE's transport (reply tokens, retry keys, quota) keeps to `now`.
   */
  chatNow?: () => number;
  /**
   * A folder to keep the emulator's world in across restarts (users, conversations, rich menus and links,
   * quota, retry keys); absent = memory only (tests, the benchmark).
   */
  persistDir?: string;
  /**
   * What the service behind the channels knows of its users, by LINE user id: the role label the simulator page
   * shows beside a name (LINE itself knows nothing of roles). Unregistered users are left out of the map.
   */
  describeUsers?: (userIds: string[]) => Promise<ReadonlyMap<string, string>>;
}

export interface Emulator {
  router: express.Router;
  setWebhookUrl(channelId: string, url: string): void;
  addChannel(channel: EmulatorChannel): void;
  addLoginChannel(channel: EmulatorLoginChannel): void;
  /**
   * Adds a simulated user with a chosen id, a friend of the bot, unless the id is known already (true when added):
   * for users the service itself brings to the local platform (the demo people), the same ones at every start.
   */
  ensureUser(user: { userId: string; displayName: string; channelId?: string }): boolean;
  listen(port: number, host?: string): Promise<{ url: string; close(): Promise<void> }>;
  /** Saves the world a last time (with `persistDir`); nothing is saved afterwards. */
  close(): Promise<void>;
}

export function createEmulator(options: EmulatorOptions): Emulator {
  const state = new EmulatorState(options.now ?? Date.now, options.chatNow);
  const store = options.persistDir ? new EmulatorStore(options.persistDir, options.logger) : undefined;
  const kept = store?.load();
  if (kept) state.restore(kept);
  store?.attach(() => state.snapshot());
  for (const channel of options.channels) state.addChannel(channel);
  const sender = new WebhookSender(state, options.logger);
  const login = new LoginState();
  for (const channel of options.loginChannels ?? []) login.add(channel);

  const router = express.Router();
  if (store) {
    // Everything that changes the world arrives as a request that is not a read: saved once it is answered.
    router.use((req, res, next) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') res.on('finish', () => store.changed());
      next();
    });
  }
  router.use('/v2', apiFrontDoor(state), authenticate(state));
  router.use(createMessagingApi(state));
  router.use(createRichMenuApi(state));
  router.use('/api', createControlApi(state, sender, options.describeUsers ? { describeUsers: options.describeUsers } : {}));
  router.use('/api', createSimulatorApi(state, sender));
  router.use('/api', createLoginControlApi(state, login));
  router.use(createLineLoginApi(state, login));
  router.use(createSimulatorPage());
  router.use(jsonErrorHandler);

  return {
    router,
    setWebhookUrl(channelId, url) {
      const channel = state.channels.get(channelId);
      if (!channel) throw new Error(`the emulator has no channel ${channelId}`);
      channel.channel.webhookUrl = url;
    },
    addChannel(channel) {
      const added = !state.channels.has(channel.channelId);
      state.addChannel(channel);
      if (added) store?.changed();
    },
    addLoginChannel(channel) {
      login.add(channel);
    },
    ensureUser({ userId, displayName, channelId }) {
      if (state.users.has(userId)) return false;
      const channel = channelId ? state.channels.get(channelId) : state.defaultChannel();
      if (!channel) throw new Error(`the emulator has no channel ${channelId}`);
      state.users.set(userId, { userId, channelId: channel.channel.channelId, displayName, language: 'th', following: true });
      store?.changed();
      return true;
    },
    listen(port, host = '127.0.0.1') {
      const app = express();
      app.disable('x-powered-by');
      app.use(router);
      return new Promise((resolve, reject) => {
        const server = app.listen(port, host, (error?: Error) => {
          if (error) return reject(error);
          const address = server.address() as AddressInfo;
          resolve({
            url: `http://${host}:${address.port}`,
            close: () =>
              new Promise<void>((done, fail) => {
                server.closeAllConnections();
                server.close((err) => (err ? fail(err) : done()));
              }),
          });
        });
      });
    },
    close: async () => {
      await store?.close();
    },
  };
}
