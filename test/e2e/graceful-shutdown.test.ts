import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createEmulator } from '../../src/emulator/index.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase } from '../support/database.ts';
import { eventually, freePort, startServiceProcess } from '../support/processes.ts';
import { emulatorClient } from '../support/service.ts';
import type { Database } from '../../src/db/database.ts';

/**
 * The real process (`src/main.ts`) with LINE credentials, talking to an emulator on its own port that
 * outlives it, so the test can see what the service sent before it exited.
 */
const SECRET = 'shutdown-test-channel-secret-0001';
const TOKEN = 'shutdown-test-channel-access-token-0001';

describe('graceful shutdown of the service process', () => {
  let database: Database | undefined;
  let emulatorListener: { url: string; close(): Promise<void> };
  let servicePort: number;
  let emulator: ReturnType<typeof emulatorClient>;
  const env: Record<string, string> = {};

  beforeAll(async () => {
    servicePort = await freePort();
    const lineEmulator = createEmulator({
      channels: [
        {
          channelId: 'default',
          channelSecret: SECRET,
          channelAccessToken: TOKEN,
          webhookUrl: `http://127.0.0.1:${servicePort}/webhook`,
        },
      ],
      logger: createLogger('silent'),
    });
    emulatorListener = await lineEmulator.listen(0);
    emulator = emulatorClient(new URL('/api', emulatorListener.url).toString());
    Object.assign(env, {
      PORT: String(servicePort),
      DATA_DIR: await mkdtemp(path.join(tmpdir(), 'esa-line-shutdown-')),
      LINE_CHANNEL_SECRET: SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
      LINE_API_BASE_URL: emulatorListener.url,
      LOG_LEVEL: 'info',
    });
    database = await createTestDatabase();
    env.DATABASE_URL = database.url;
  });

  afterAll(async () => {
    await emulatorListener.close();
    await database?.close();
  });

  it('on SIGTERM stops taking webhooks, answers every event it took, and exits cleanly', async () => {
    const service = await startServiceProcess(servicePort, env);

    // Signalled the moment the webhooks have answered 200: most events are still waiting to be handled then
    // (three chats at a time), so each answer below was sent during the shutdown.
    const users = await Promise.all(Array.from({ length: 8 }, (_, i) => emulator.createUser(`ครูก่อนปิดระบบ ${i + 1}`)));
    const sent = await Promise.all(users.flatMap(({ userId }) => [emulator.sendText(userId, 'สวัสดี'), emulator.sendText(userId, 'ขอบคุณ')]));
    expect(sent.map((s) => s.status)).toEqual(sent.map(() => 200));
    const code = await service.stop();
    const logs = service.output();

    expect(code).toBe(0);
    expect(logs).toContain('shutdown requested');
    expect(logs).toContain('"msg":"stopped"');
    // Every event stored before the signal was handled and its answer sent before the process ended.
    for (const { userId } of users) {
      const { entries } = await emulator.conversation(userId);
      expect(entries.filter((entry) => entry.direction === 'bot').length).toBeGreaterThanOrEqual(2);
    }
    const userId = users[0]!.userId;
    // Nothing listens any more: LINE would get no 200 and redeliver later.
    const after = await emulator.sendText(userId, 'ยังอยู่ไหม');
    expect(after.status).not.toBe(200);
    // No secret reached the logs.
    expect(logs).not.toContain(SECRET);
    expect(logs).not.toContain(TOKEN);
  });

  it('a stop held up past SHUTDOWN_TIMEOUT_MS exits anyway, says what it waited on, and leaves the answer in the outbox', async () => {
    // LINE accepts the connection and never answers: the answer's send waits for its 20 s timeout, and so would the stop.
    const silentLine: Server = createServer(() => {});
    await new Promise<void>((resolve) => silentLine.listen(0, '127.0.0.1', resolve));
    try {
      const lineUrl = `http://127.0.0.1:${(silentLine.address() as AddressInfo).port}`;
      const service = await startServiceProcess(servicePort, { ...env, LINE_API_BASE_URL: lineUrl, SHUTDOWN_TIMEOUT_MS: '1500' });
      const { userId } = await emulator.createUser('ครูรอไลน์ตอบ');
      expect((await emulator.sendText(userId, 'สวัสดี')).status).toBe(200);
      const sending = async () =>
        (await database!.pool.query<{ n: number }>(`select count(*)::int as n from outbox_messages where to_user_id = $1 and status = 'pending' and claimed_by is not null`, [userId])).rows[0]!.n;
      await eventually(sending, (n) => n > 0, 30_000, 100);

      const code = await service.stop();
      const logs = service.output();
      expect(code).toBe(1);
      expect(logs).toMatch(/"waitingFor":"outbox sender".*shutdown took too long/);
      // Nothing lost: the answer is still there for another replica or the next start.
      expect(await sending()).toBe(1);
    } finally {
      silentLine.closeAllConnections();
      silentLine.close();
    }
  });
});
