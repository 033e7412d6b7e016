import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Config } from './config.ts';
import { openDatabase, runMigrations, migrationsApplied, type Database } from './db/database.ts';
import { createLogger, type Logger } from './logger.ts';
import { errorMessage } from './domain/errors.ts';
import { ChannelRegistry, DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID, upsertDefaultChannel } from './line/channels.ts';
import { defaultChannelCredentials, lineEndpoints } from './line/local-credentials.ts';
import { createHealthRouter } from './http/health.ts';
import { createAdminRouter } from './http/admin.ts';
import { createWebhookRouter } from './http/webhook.ts';
import { createLiffRouter } from './http/liff.ts';
import { prepareLiff, useLiffLinks, type LiffSettings } from './line/liff.ts';
import { Dispatcher } from './bot/dispatcher.ts';
import { OutboxSender } from './line/outbox-sender.ts';
import { builtInJobs, createScheduler, type Scheduler } from './jobs/index.ts';
import { repairWorkJobs } from './flows/repair-work/jobs.ts';
import { sarabanKeepJobs } from './flows/saraban-keep/jobs.ts';
import { sarabanDecideJobs } from './flows/saraban-decide/jobs.ts';
import { sarabanRouteJobs } from './flows/saraban-route/jobs.ts';
import { createEmulator, type Emulator } from './emulator/index.ts';
import { allFlows } from './flows/index.ts';
import { loadDemoSchoolsIfDirectoryEmpty } from './flows/directory/demo.ts';
import { startRichMenus } from './line/rich-menus/runtime.ts';

export interface RunningService {
  /** Base URL of the HTTP server, e.g. http://127.0.0.1:3000 */
  url: string;
  database: Database;
  logger: Logger;
  emulator?: Emulator;
  /** Web pages opened from LINE: build links with liffPageUrl(service.liff, 'letters/12'); undefined = not set up. */
  liff: LiffSettings | undefined;
  dispatcher: Dispatcher;
  sender: OutboxSender;
  scheduler: Scheduler;
  /** Graceful stop: no new webhooks, finish in-flight events and jobs, flush the outbox, close the database. */
  stop(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** A database already opened (tests, benchmark); otherwise opened from the settings. */
  database?: Database;
  /** The clock; tests pass a controlled one. */
  now?: () => Date;
  /** How often the channel list is read again (offices added or tokens reissued while running). */
  channelReloadMs?: number;
}

/**
 * The composition root: settings → database → LINE channels → HTTP (webhook, emulator, health)
 * → dispatcher, outbox sender and scheduler. `src/main.ts` adds signals; tests and the benchmark call this.
 */
export async function startService(config: Config, options: StartOptions = {}): Promise<RunningService> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const now = options.now ?? (() => new Date());

  const database =
    options.database ?? (await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, logger }));
  await runMigrations(database);

  const credentials = await defaultChannelCredentials(config);
  await upsertDefaultChannel(database.db, { officeName: config.OFFICE_NAME, ...credentials });

  // The HTTP server listens first (webhooks answer 503 until everything runs), because in emulator mode the
  // bot's LINE API base URL is this very server, whose port may be chosen by the system.
  let accepting = false;
  // Readiness asks the scheduler itself (created below), so it turns false the moment the scheduler stops.
  let scheduler: Scheduler | undefined;
  const app = express();
  app.disable('x-powered-by');
  const lateRouter = express.Router();
  app.use(
    createHealthRouter({
      database: async () => (await database.pool.query('select 1')).rowCount === 1,
      migrations: () => migrationsApplied(database),
      scheduler: () => scheduler?.isRunning() ?? false,
    }),
  );
  app.use(lateRouter);
  const server = await listen(app, config.PORT);
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  const { apiBaseUrl, dataApiBaseUrl } = lineEndpoints(config, url);
  const liff = await prepareLiff(config, url);
  useLiffLinks(liff.settings);
  const channels = new ChannelRegistry(database.db, {
    apiBaseUrl,
    dataApiBaseUrl,
    monthlyMessageBudget: config.LINE_MONTHLY_MESSAGE_BUDGET,
  });
  await channels.refresh();
  // Webhooks and sends reload the list themselves when they meet an unknown channel or a refused secret or
  // token; this catches the rest (the built-in emulator learning a new office, a lowered budget).
  const channelReload = setInterval(() => {
    channels.refresh().catch((err: unknown) => logger.warn({ err: errorMessage(err) }, 'cannot reload the LINE channels'));
  }, options.channelReloadMs ?? 60_000);
  channelReload.unref();

  let emulator: Emulator | undefined;
  let emulatorListener: { close(): Promise<void> } | undefined;
  if (config.emulatorMode) {
    emulator = createEmulator({
      channels: [{ channelId: DEFAULT_CHANNEL_ID, ...credentials, webhookUrl: `${url}/webhook` }],
      loginChannels: liff.localLoginChannel ? [{ ...liff.localLoginChannel, messagingChannelId: DEFAULT_CHANNEL_ID }] : [],
      logger: logger.child({ component: 'emulator' }),
      ...(options.now ? { now: () => now().getTime() } : {}),
    });
    const emulatorRouter = emulator.router;
    lateRouter.use('/emulator', emulatorRouter);
    lateRouter.use('/v2', (req, res, next) => {
      req.url = `/v2${req.url}`;
      emulatorRouter(req, res, next);
    });
    if (config.EMULATOR_PORT > 0) emulatorListener = await emulator.listen(config.EMULATOR_PORT);
    // Other offices' channels that talk to this built-in platform (no API address of their own) live in it too,
    // with their webhooks here: several offices can be tried without LINE. Added while running: at the next load.
    const local = emulator;
    channels.onLoad((all) => {
      for (const channel of all) {
        if (channel.id === DEFAULT_CHANNEL_ID || channel.apiBaseUrl !== apiBaseUrl) continue;
        const { channelSecret, channelAccessToken } = channel;
        local.addChannel({ channelId: channel.id, channelSecret, channelAccessToken, webhookUrl: `${url}/webhook/${channel.id}` });
      }
    });
  }

  // In emulator mode the local platform starts empty: menus are set up and people linked before webhooks flow.
  const richMenus = await startRichMenus({
    database,
    channels,
    logger: logger.child({ component: 'rich-menus' }),
    ensureOnStart: config.emulatorMode,
  });

  await loadDemoSchoolsIfDirectoryEmpty(database, DEFAULT_OFFICE_ID, logger);

  const sender = new OutboxSender({ database, channels, logger: logger.child({ component: 'outbox' }), now });
  const dispatcher = new Dispatcher({
    concurrency: config.DISPATCH_CONCURRENCY,
    database,
    channels,
    logger: logger.child({ component: 'dispatcher' }),
    flows: allFlows,
    now,
    onOutbox: () => sender.kick(),
    sender,
    ...(config.LINE_OA_BASIC_ID ? { oaBasicId: config.LINE_OA_BASIC_ID } : {}),
  });
  scheduler = createScheduler({ database, logger: logger.child({ component: 'jobs' }), jobs: [...builtInJobs, ...repairWorkJobs, ...sarabanDecideJobs, ...sarabanKeepJobs, ...sarabanRouteJobs], now });

  lateRouter.use(
    createWebhookRouter({
      channels,
      database,
      logger: logger.child({ component: 'webhook' }),
      onStored: (events) => dispatcher.wake(events),
      isAccepting: () => accepting,
    }),
  );
  lateRouter.use(
    createAdminRouter({ database, channels, adminToken: config.ADMIN_API_TOKEN, openLocally: config.emulatorMode, now }),
  );
  lateRouter.use(
    '/liff',
    createLiffRouter({ database, settings: liff.settings, channelId: DEFAULT_CHANNEL_ID, logger: logger.child({ component: 'liff' }), now }),
  );
  lateRouter.use(errorHandler(logger));

  sender.start();
  dispatcher.start();
  await scheduler.start();
  accepting = true;
  logger.info({ url, emulatorMode: config.emulatorMode, database: database.kind }, 'service started');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      accepting = false;
      clearInterval(channelReload);
      logger.info('stopping: no new webhooks');
      await dispatcher.stop();
      await scheduler.stop();
      await richMenus.stop();
      await sender.stop();
      await emulatorListener?.close();
      await closeServer(server);
      await database.close();
      logger.info('stopped');
    })());

  return { url, database, logger, emulator, liff: liff.settings, dispatcher, sender, scheduler, stop };
}

function listen(app: express.Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, '0.0.0.0', (err?: Error) => (err ? reject(err) : resolve(server)));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive connections would hold close() open; the webhook has already stopped taking work.
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 2000).unref();
  });
}

function errorHandler(logger: Logger): express.ErrorRequestHandler {
  return (err, _req, res, _next) => {
    logger.error({ err: err instanceof Error ? err.message : String(err) }, 'unhandled request error');
    if (!res.headersSent) res.status(500).json({ message: 'Internal error' });
  };
}
