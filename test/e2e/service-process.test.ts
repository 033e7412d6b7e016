import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import { buildTestEvent, buildWebhookBody, webhookHeaders } from '../../scripts/send-test-event.ts';
import { openDatabase } from '../../src/db/database.ts';
import { conversations, inboxEvents, outboxMessages } from '../../src/db/schema.ts';
import { LOCAL_CREDENTIALS_FILE } from '../../src/line/local-credentials.ts';
import { createLogger } from '../../src/logger.ts';
import { eventually, freePort, runCommand, startServiceProcess } from '../support/processes.ts';
import { emulatorClient } from '../support/service.ts';

/** The service as `npm start` runs it: `src/main.ts` as a process, configured by the environment only. */

describe('start-up with a wrong setting', () => {
  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DATABASE_URL: 'mysql://127.0.0.1/esa' }, 'DATABASE_URL'],
    [{ LINE_CHANNEL_SECRET: 'a-secret-without-its-token' }, 'LINE_CHANNEL_ACCESS_TOKEN'],
  ])('%j stops the service with a non-zero exit and a message naming %s', async (env, setting) => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'esa-line-bad-setting-'));
    const result = await runCommand('src/main.ts', [], { DATA_DIR: dataDir, ...env }, 20_000);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^Invalid settings:\\n\\s+- ${setting}: \\S`));
    // Stopped before anything else: no database was created, no stack trace instead of the message.
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(dataDir, 'postgres'))).toBe(false);
    await rm(dataDir, { recursive: true, force: true });
  });
});

describe('without DATABASE_URL: the embedded database in DATA_DIR', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'esa-line-data-dir-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const credentials = () => readFile(path.join(dataDir, LOCAL_CREDENTIALS_FILE), 'utf8');

  it('keeps the data and the generated channel secret in DATA_DIR across a restart', async () => {
    // First run: a user writes; the event, the bot's answer and the conversation are stored.
    const first = await startServiceProcess(await freePort(), { DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    let redelivery: { body: string; headers: Record<string, string>; webhookEventId: string; userId: string };
    try {
      expect(first.output()).toContain(`"dataFolder":${JSON.stringify(path.join(dataDir, 'postgres'))}`);
      expect(existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
      const { channelSecret } = JSON.parse(await credentials()) as { channelSecret: string };

      const emulator = emulatorClient(`${first.url}/emulator/api`);
      const { userId } = await emulator.createUser('ครูก่อนรีสตาร์ต');
      // An event signed as LINE signs it, kept to be delivered again after the restart.
      const event = buildTestEvent({ type: 'message', userId, text: 'สวัสดีค่ะ' });
      const body = buildWebhookBody([event]);
      const headers = webhookHeaders(channelSecret, body);
      redelivery = { body, headers, webhookEventId: String(event.webhookEventId), userId };
      expect((await fetch(`${first.url}/webhook`, { method: 'POST', headers, body })).status).toBe(200);
      // Its reply token is not LINE's: the answer goes as a push, one billable message of the month.
      const { entries } = await emulator.conversation(userId, { waitMs: 10_000, minEntries: 1 });
      expect(entries.some((e) => e.direction === 'bot' && e.via === 'push')).toBe(true);
      await eventually(
        async () => ((await (await fetch(`${first.url}/admin/api/status`)).json()) as { channels: Array<{ messageBudget: { used: number } }> }).channels[0]!.messageBudget.used,
        (used) => used === 1,
      );
    } finally {
      expect(await first.stop()).toBe(0);
    }
    const secretFile = await credentials();

    // Second run on the same folder: same secret, same data.
    const second = await startServiceProcess(await freePort(), { DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    try {
      expect(await credentials()).toBe(secretFile);
      // The month's figure still counts the push sent before the restart.
      const status = (await (await fetch(`${second.url}/admin/api/status`)).json()) as { channels: Array<{ messageBudget: { used: number } }> };
      expect(status.channels[0]!.messageBudget.used).toBe(1);
      // LINE redelivers the event from before the restart: its signature still verifies, and it is known already.
      const again = await fetch(`${second.url}/webhook`, { method: 'POST', headers: redelivery.headers, body: redelivery.body });
      expect(again.status).toBe(200);
      await new Promise((r) => setTimeout(r, 500)); // time for the dispatcher, were it to handle it again
    } finally {
      expect(await second.stop()).toBe(0);
    }

    // Both runs' data in the folder: the event once, answered once, the conversation it started.
    const database = await openDatabase({ dataDir, logger: createLogger('silent') });
    try {
      const events = await database.db.select().from(inboxEvents).where(eq(inboxEvents.webhookEventId, redelivery.webhookEventId));
      expect(events.map((e) => e.status)).toEqual(['done']);
      const answers = await database.db.select().from(outboxMessages).where(eq(outboxMessages.toUserId, redelivery.userId));
      expect(answers.map((a) => ({ status: a.status, sentVia: a.sentVia }))).toEqual([{ status: 'sent', sentVia: 'push' }]);
      const conversation = await database.db.select().from(conversations).where(eq(conversations.userId, redelivery.userId));
      expect(conversation).toHaveLength(1);
    } finally {
      await database.close();
    }
  });
});
