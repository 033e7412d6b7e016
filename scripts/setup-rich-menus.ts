/**
 * `npm run setup-rich-menus [-- --menus-only]`: creates or updates the rich menus of every channel through
 * the Messaging API, sets the default menu, links each registered person to their family's menu and deletes
 * our outdated menus. Running it again changes nothing. Uses the service's settings:
 *
 * - with LINE_CHANNEL_ACCESS_TOKEN it talks to LINE (or to LINE_API_BASE_URL);
 * - without (emulator mode) it talks to the local platform of the running service at LINE_API_BASE_URL,
 *   default http://127.0.0.1:<PORT>, with the local credentials from DATA_DIR. The service also does this
 *   by itself on start in emulator mode.
 *
 * `--menus-only` skips the database (menus, aliases and the default only); the running service's
 * reconcile job then links people within a minute. Use it with the embedded database while the service
 * runs: one embedded database must never be opened by two processes.
 */
import { parseArgs } from 'node:util';
import { openDatabase, runMigrations, type Database } from '../src/db/database.ts';
import { ChannelRegistry, DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID, upsertDefaultChannel, type LineChannel } from '../src/line/channels.ts';
import { createLineApi } from '../src/line/line-api.ts';
import { defaultChannelCredentials, lineEndpoints } from '../src/line/local-credentials.ts';
import { setupRichMenus } from '../src/line/rich-menus/setup.ts';
import { createLogger } from '../src/logger.ts';
import { loadScriptConfig } from './script-support.ts';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { 'menus-only': { type: 'boolean', default: false } } });
  const config = loadScriptConfig();
  if (!config) return 2;
  const logger = createLogger(config.LOG_LEVEL);
  const credentials = await defaultChannelCredentials(config);
  // The emulator of a running service answers at its root (npm start with the same PORT).
  const { apiBaseUrl, dataApiBaseUrl } = lineEndpoints(config, `http://127.0.0.1:${config.PORT}`);

  let database: Database | undefined;
  try {
    let channels: LineChannel[];
    if (values['menus-only']) {
      channels = [
        {
          id: DEFAULT_CHANNEL_ID,
          officeId: DEFAULT_OFFICE_ID,
          ...credentials,
          apiBaseUrl,
          dataApiBaseUrl,
          monthlyMessageBudget: config.LINE_MONTHLY_MESSAGE_BUDGET,
        },
      ];
    } else {
      database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, logger, poolSize: 2, role: 'command' });
      await runMigrations(database);
      await upsertDefaultChannel(database.db, { officeName: config.OFFICE_NAME, ...credentials });
      const registry = new ChannelRegistry(database.db, {
        apiBaseUrl,
        dataApiBaseUrl,
        monthlyMessageBudget: config.LINE_MONTHLY_MESSAGE_BUDGET,
      });
      await registry.refresh();
      channels = registry.all();
    }

    let failed = 0;
    for (const channel of channels) {
      try {
        const result = await setupRichMenus(createLineApi(channel).richMenus, {
          logger: logger.child({ channelId: channel.id }),
          channelId: channel.id,
          ...(database ? { database } : {}),
        });
        const lines = [
          `channel ${channel.id}:`,
          ...[...result.changes, ...result.removed].map((c) => `  ${c}`),
          result.changes.length + result.removed.length === 0 ? '  menus already up to date' : '',
          result.links
            ? `  people: ${result.links.linked} linked, ${result.links.unlinked} unlinked, ${result.links.cleared} cleared, ${result.links.failed} refused by LINE`
            : '  people: not linked (--menus-only)',
        ];
        process.stdout.write(`${lines.filter(Boolean).join('\n')}\n`);
        if (result.links && result.links.failed > 0) failed += 1;
      } catch (err) {
        failed += 1;
        process.stderr.write(`channel ${channel.id}: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    }
    return failed === 0 ? 0 : 1;
  } finally {
    await database?.close().catch(() => {});
  }
}

process.exitCode = await main();
