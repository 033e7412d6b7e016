import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createEmulator } from '../../src/emulator/index.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase } from '../support/database.ts';
import { emulatorClient } from '../support/service.ts';
import type { Database } from '../../src/db/database.ts';

/**
 * The real process (`src/main.ts`) with LINE credentials, talking to an emulator on its own port that
 * outlives it, so the test can see what the service sent before it exited.
 */
const SECRET = 'shutdown-test-channel-secret-0001';
const TOKEN = 'shutdown-test-channel-access-token-0001';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitUntilReady(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`service exited early with ${child.exitCode}`);
    const ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ready) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('service did not become ready');
}

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
    if (process.env.DATABASE_URL) {
      database = await createTestDatabase();
      env.DATABASE_URL = database.url;
    }
  });

  afterAll(async () => {
    await emulatorListener.close();
    await database?.close();
  });

  it('on SIGTERM stops taking webhooks, answers what it took, and exits cleanly', async () => {
    const child = spawn(process.execPath, ['src/main.ts'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    child.stdout!.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = `http://127.0.0.1:${servicePort}`;
    await waitUntilReady(url, child);

    const { userId } = await emulator.createUser('ครูก่อนปิดระบบ');
    const sent = await emulator.sendText(userId, 'สวัสดี');
    expect(sent.status).toBe(200);
    child.kill('SIGTERM');

    expect(await exited).toBe(0);
    expect(logs).toContain('shutdown requested');
    expect(logs).toContain('"msg":"stopped"');
    // The event stored before the signal was handled and its answer sent before the process ended.
    const { entries } = await emulator.conversation(userId);
    expect(entries.some((entry) => entry.direction === 'bot')).toBe(true);
    // Nothing listens any more: LINE would get no 200 and redeliver later.
    const after = await emulator.sendText(userId, 'ยังอยู่ไหม');
    expect(after.status).not.toBe(200);
    // No secret reached the logs.
    expect(logs).not.toContain(SECRET);
    expect(logs).not.toContain(TOKEN);
  });
});
