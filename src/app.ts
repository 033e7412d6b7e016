import type { Server } from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import type { Config } from './config.ts';
import { databaseAnswers, openDatabase, runMigrations, migrationsApplied, type Database } from './db/database.ts';
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
import { reportJobs } from './flows/reports/delivery.ts';
import { useDefaultMessageBudget } from './flows/reports/build.ts';
import { closePdfRenderer } from './reports/pdf.ts';
import { createEmulator, type Emulator } from './emulator/index.ts';
import { allFlows } from './flows/index.ts';
import { loadDemoSchoolsIfDirectoryEmpty } from './flows/directory/demo.ts';
import { loadThaiHolidaysIfMissing } from './flows/directory/demo-holidays.ts';
import { loadDemoInventoryIfEmpty } from './flows/loans/demo.ts';
import { loadDemoRoomsIfEmpty } from './flows/bookings/demo.ts';
import { loadDemoInfoSystemsIfEmpty, nameDemoSystemsAdministrator } from './flows/access/demo.ts';
import { bookingJobs } from './flows/bookings/jobs.ts';
import { vcJobs } from './flows/vc/jobs.ts';
import { loanJobs } from './flows/loans/jobs.ts';
import { loanDeskJobs } from './flows/loans-desk/jobs.ts';
import { surveyJobs } from './flows/surveys/jobs.ts';
import { accessJobs } from './flows/access/jobs.ts';
import { loadDemoSurveysIfEmpty } from './flows/surveys/demo.ts';
import { createDemoPeopleIfOfficeEmpty, roleLabelsOfLineUsers } from './flows/directory/demo-people.ts';
import { startRichMenus } from './line/rich-menus/runtime.ts';
import { movableClock, systemClock, type Clock } from './kit/clock.ts';
import { createClockRouter, loadClockOffset } from './http/emulator-clock.ts';
import { createMediaRouter } from './http/media.ts';
import { createCalendarRouter } from './http/calendar.ts';
import { createRoomDoorRouter } from './http/room-door.ts';
import { mediaBaseUrl, useMediaLinks } from './line/media-links.ts';

/** The emulator's world under DATA_DIR (emulator mode). */
export const EMULATOR_DIR = 'emulator';
import { backupJobs } from './backup/jobs.ts';
import { backupSettings } from './backup/settings.ts';

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
  /** The service clock every capability takes its time from (emulator mode: movable, see src/kit/clock.ts). */
  clock: Clock;
  /** Graceful stop: no new webhooks, finish in-flight events and jobs, flush the outbox, close the database. */
  stop(): Promise<void>;
  /** During `stop()`: the part being stopped (what a stop that takes too long is waiting on). */
  stoppingStage(): string | undefined;
}

export interface StartOptions {
  logger?: Logger;
  /** A database already opened (tests, benchmark); otherwise opened from the settings. */
  database?: Database;
  /**
   * Real time; tests pass a controlled one. The service clock follows it (plus how far it was moved in
   * emulator mode); LINE's transport (reply window, backoffs, leases, the emulator) keeps to it.
   */
  now?: () => Date;
  /**
   * Recurring jobs on their own schedule; see `SchedulerOptions.recurring`. Default: on with real time, off when
   * the caller passes `now` (a test driving the clock runs the time-driven jobs itself).
   */
  recurringJobs?: boolean;
  /** How often the channel list is read again (offices added or tokens reissued while running). */
  channelReloadMs?: number;
  /**
   * Make the demo people (one registered person per role, each a simulated LINE user) when an embedded database in
   * emulator mode starts with nobody in the office. src/main.ts passes the DEMO_PEOPLE setting (on unless set to
   * false); tests and the benchmark start from a blank office unless they ask.
   */
  demoPeople?: boolean;
  /**
   * Give an embedded database's office the Thai public holidays of this year and the next when it has none for them
   * (src/flows/directory/demo-holidays.ts). src/main.ts passes true; tests and the benchmark start with no holidays
   * unless they ask, since their fixed dates fall on some.
   */
  thaiHolidays?: boolean;
}

/**
 * The composition root: settings → database → LINE channels → HTTP (webhook, emulator, health)
 * → dispatcher, outbox sender and scheduler. `src/main.ts` adds signals; tests and the benchmark call this.
 */
export async function startService(config: Config, options: StartOptions = {}): Promise<RunningService> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const database = options.database ?? (await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, logger }));
  try {
    return await runService(config, { ...options, logger, database });
  } catch (err) {
    // A start that fails part way (the port taken, a migration refused) must not leave behind the embedded
    // PostgreSQL server it started: the next start would find a server nobody stops.
    if (!options.database) await database.close().catch((closing: unknown) => logger.warn({ err: errorMessage(closing) }, 'database not closed after a failed start'));
    throw err;
  }
}

async function runService(config: Config, options: StartOptions & { logger: Logger; database: Database }): Promise<RunningService> {
  const { logger, database } = options;
  const now = options.now ?? (() => new Date());
  // One clock for every capability; only in emulator mode can it be moved ahead (kept across restarts).
  const emulatorDir = path.join(config.DATA_DIR, EMULATOR_DIR);
  const movable = config.emulatorMode ? movableClock(now, loadClockOffset(emulatorDir, logger)) : undefined;
  const clock: Clock = movable ?? systemClock(now);
  const serviceNow = () => clock.now();
  const backup = backupSettings(config);
  // Said at every start, where an operator looks first; the admin status, `npm run backup` and, after two days
  // without a backup, the admins' chat say it too.
  if (backup.problem) logger.error({ setting: 'BACKUP_KEY' }, backup.problem);
  else if (backup.mode === 'unencrypted') logger.warn('backups are made unencrypted (emulator mode without BACKUP_KEY)');

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
      database: () => databaseAnswers(database),
      migrations: () => migrationsApplied(database),
      scheduler: () => scheduler?.isRunning() ?? false,
    }),
  );
  // The webhook's paths answer from the first moment: 503 until events can be stored (LINE redelivers), never 404.
  let webhook: express.Router | undefined;
  app.post(['/webhook', '/webhook/:channelId'], (req, res, next) => {
    if (webhook) {
      webhook(req, res, next);
      return;
    }
    res.status(503).set('retry-after', '5').json({ message: 'starting' });
  });
  app.use(lateRouter);
  const server = await listen(app, config.PORT);
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  const { apiBaseUrl, dataApiBaseUrl } = lineEndpoints(config, url);
  const liff = await prepareLiff(config, url);
  useLiffLinks(liff.settings);
  useDefaultMessageBudget(config.LINE_MONTHLY_MESSAGE_BUDGET);
  // Photos in cards: signed, expiring links to the kept copies, keyed from the default channel's secret (every
  // instance shares it; a reissued secret only retires links, which expire anyway).
  const mediaSecret = createHmac('sha256', credentials.channelSecret).update('esa-line media links v1').digest();
  const mediaBase = mediaBaseUrl(config.PUBLIC_BASE_URL, url, config.emulatorMode);
  useMediaLinks(mediaBase ? { baseUrl: mediaBase, secret: mediaSecret } : undefined);
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
      // A chat entry has the time the bot lives in: after a clock move the simulator shows the moved time.
      chatNow: () => clock.now().getTime(),
      // Simulated users and their chats survive a restart of `npm start`, as LINE's would.
      persistDir: emulatorDir,
      // The simulator page shows each registered user's role beside their name.
      describeUsers: (userIds) => roleLabelsOfLineUsers(database, userIds),
    });
    const emulatorRouter = emulator.router;
    if (movable) {
      lateRouter.use(
        '/emulator/api/clock',
        createClockRouter({
          clock: movable,
          dir: emulatorDir,
          logger: logger.child({ component: 'clock' }),
          // Every recurring job at once with the new time (Agenda's own schedule keeps to real time), then
          // what they wrote to the outbox goes out.
          afterMove: async () => {
            if (!scheduler) return { ran: [], failed: [] };
            const result = await scheduler.runRecurringNow();
            sender.kick();
            return result;
          },
        }),
      );
    }
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

  await loadDemoSchoolsIfDirectoryEmpty(database, DEFAULT_OFFICE_ID, logger);
  await loadDemoInventoryIfEmpty(database, DEFAULT_OFFICE_ID, logger);
  await loadDemoRoomsIfEmpty(database, DEFAULT_OFFICE_ID, logger);
  await loadDemoInfoSystemsIfEmpty(database, DEFAULT_OFFICE_ID, logger);
  await loadDemoSurveysIfEmpty(database, DEFAULT_OFFICE_ID, logger, serviceNow());
  if (options.thaiHolidays) await loadThaiHolidaysIfMissing(database, DEFAULT_OFFICE_ID, logger, serviceNow());
  // Before the rich menus are set up, which links each demo person to their role's menu like anyone registered.
  if (options.demoPeople) {
    const made = await createDemoPeopleIfOfficeEmpty({ database, officeId: DEFAULT_OFFICE_ID, channelId: DEFAULT_CHANNEL_ID, line: emulator, logger, now: serviceNow() });
    if (made > 0) await nameDemoSystemsAdministrator(database, DEFAULT_OFFICE_ID, DEFAULT_CHANNEL_ID, serviceNow(), logger);
  }

  // In emulator mode the local platform starts empty: menus are set up and people linked before webhooks flow.
  const richMenus = await startRichMenus({
    database,
    channels,
    logger: logger.child({ component: 'rich-menus' }),
    ensureOnStart: config.emulatorMode,
  });

  const sender = new OutboxSender({ database, channels, logger: logger.child({ component: 'outbox' }), now });
  const dispatcher = new Dispatcher({
    concurrency: config.DISPATCH_CONCURRENCY,
    database,
    channels,
    logger: logger.child({ component: 'dispatcher' }),
    flows: allFlows,
    now,
    clock: serviceNow,
    onOutbox: () => sender.kick(),
    sender,
    ...(config.LINE_OA_BASIC_ID ? { oaBasicId: config.LINE_OA_BASIC_ID } : {}),
  });
  scheduler = createScheduler({ database, logger: logger.child({ component: 'jobs' }), jobs: [...builtInJobs, ...repairWorkJobs, ...sarabanDecideJobs, ...sarabanKeepJobs, ...sarabanRouteJobs, ...bookingJobs, ...vcJobs, ...loanJobs, ...loanDeskJobs, ...surveyJobs, ...accessJobs, ...reportJobs, ...backupJobs(backup)], now: serviceNow, recurring: options.recurringJobs ?? options.now === undefined });

  webhook = (
    createWebhookRouter({
      channels,
      database,
      logger: logger.child({ component: 'webhook' }),
      onStored: (events) => dispatcher.wake(events),
      isAccepting: () => accepting,
    })
  );
  lateRouter.use(
    createAdminRouter({ database, channels, adminToken: config.ADMIN_API_TOKEN, openLocally: config.emulatorMode, now, backup }),
  );
  lateRouter.use(
    '/liff',
    createLiffRouter({ database, settings: liff.settings, channelId: DEFAULT_CHANNEL_ID, logger: logger.child({ component: 'liff' }), now, clock: serviceNow }),
  );
  lateRouter.use(createMediaRouter({ database, logger: logger.child({ component: 'media' }), secret: mediaSecret, now: serviceNow }));
  lateRouter.use(createCalendarRouter({ database, logger: logger.child({ component: 'calendar' }), secret: mediaSecret, now: serviceNow }));
  lateRouter.use(createRoomDoorRouter({ database, logger: logger.child({ component: 'room-door' }), secret: mediaSecret, now: serviceNow, oaBasicId: config.LINE_OA_BASIC_ID }));
  lateRouter.use(errorHandler(logger));

  sender.start();
  dispatcher.start();
  await scheduler.start();
  accepting = true;
  logger.info({ url, emulatorMode: config.emulatorMode, database: database.kind }, 'service started');

  let stopping: Promise<void> | undefined;
  let stoppingStage: string | undefined;
  const stage = async (name: string, step: () => Promise<unknown>) => {
    stoppingStage = name;
    logger.debug({ stage: name }, 'stopping');
    await step();
  };
  const stop = () =>
    (stopping ??= (async () => {
      accepting = false;
      clearInterval(channelReload);
      logger.info('stopping: no new webhooks');
      await stage('dispatcher', () => dispatcher.stop());
      await stage('scheduler', () => scheduler.stop());
      await stage('rich menus', () => richMenus.stop());
      await stage('outbox sender', () => sender.stop());
      await stage('pdf renderer', () => closePdfRenderer());
      await stage('emulator', async () => {
        await emulatorListener?.close();
        await emulator?.close();
      });
      await stage('http server', () => closeServer(server));
      await stage('database', () => database.close());
      stoppingStage = undefined;
      logger.info('stopped');
    })());

  return {
    url,
    database,
    logger,
    emulator,
    liff: liff.settings,
    dispatcher,
    sender,
    scheduler,
    clock,
    stop,
    stoppingStage: () => stoppingStage,
  };
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
