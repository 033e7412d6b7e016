import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import { startService, type RunningService } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { insertOfficeChannel } from '../../src/db/repos/line-channels.ts';
import { inboxEvents } from '../../src/db/schema.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase } from '../support/database.ts';
import { emulatorClient } from '../support/service.ts';

/**
 * Emulator mode (no LINE credentials) with a second office added by `npm run channels -- add` (no API address
 * of its own): the built-in local platform carries that office's channel too, so its users can be tried
 * without LINE, before a restart and after.
 */

let service: RunningService;
let client: ReturnType<typeof emulatorClient>;

beforeAll(async () => {
  const logger = createLogger('silent');
  const database = await createTestDatabase(logger);
  await insertOfficeChannel(database.db, { id: 'khet2', officeId: 'khet2', officeName: 'สพป. ทดสอบ เขต 2', channelSecret: 'khet2-secret-0123456789', channelAccessToken: 'khet2-token-0123456789' });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'esa-line-'));
  service = await startService(loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), { database, logger, channelReloadMs: 200 });
  client = emulatorClient(`${service.url}/emulator/api`);
});
afterAll(async () => service.stop());

async function firstBotAnswer(userId: string) {
  const { entries } = await client.conversation(userId, { waitMs: 10_000, minEntries: 2 });
  return entries.find((e) => e.direction === 'bot');
}

describe('emulator mode with more than one office', () => {
  it('answers a user of an office whose channel was in the database at start, on that office\'s channel', async () => {
    const { userId } = await client.call<{ userId: string }>('POST', '/users', { displayName: 'ครูเขตสอง', channelId: 'khet2' });
    await client.sendText(userId, 'สวัสดีค่ะ');
    const answer = await firstBotAnswer(userId);
    expect(answer?.via).toBe('reply');
    const [stored] = await service.database.db.select().from(inboxEvents).where(eq(inboxEvents.chatKey, userId));
    expect(stored).toMatchObject({ channelId: 'khet2', officeId: 'khet2', status: 'done' });
  });

  it('takes an office added while the service runs within the reload period, and answers its users', async () => {
    await insertOfficeChannel(service.database.db, { id: 'khet3', officeId: 'khet3', officeName: 'สพป. ทดสอบ เขต 3', channelSecret: 'khet3-secret-0123456789', channelAccessToken: 'khet3-token-0123456789' });
    let userId: string | undefined;
    for (let tries = 0; tries < 50 && userId === undefined; tries++) {
      userId = await client
        .call<{ userId: string }>('POST', '/users', { displayName: 'ครูเขตสาม', channelId: 'khet3' })
        .then((user) => user.userId)
        .catch(async () => {
          await new Promise((resolve) => setTimeout(resolve, 100));
          return undefined;
        });
    }
    expect(userId).toBeDefined();
    await client.sendText(userId!, 'สวัสดีครับ');
    expect((await firstBotAnswer(userId!))?.via).toBe('reply');
    const [stored] = await service.database.db.select().from(inboxEvents).where(eq(inboxEvents.chatKey, userId!));
    expect(stored).toMatchObject({ channelId: 'khet3', officeId: 'khet3' });
  });
});
