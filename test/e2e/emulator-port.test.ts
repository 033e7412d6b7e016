import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '../../src/app.ts';
import { LOCAL_CREDENTIALS_FILE } from '../../src/line/local-credentials.ts';
import { freePort } from '../support/processes.ts';
import { emulatorClient, startTestService } from '../support/service.ts';

/** EMULATOR_PORT: the service in emulator mode also serves the local LINE platform on a port of its own. */
describe('the local LINE platform on its own port (EMULATOR_PORT)', () => {
  let service: RunningService | undefined;
  let port: number;
  let base: string;
  let token: string;

  beforeAll(async () => {
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const dataDir = await mkdtemp(path.join(tmpdir(), 'esa-line-emulator-port-'));
    service = await startTestService({ DATA_DIR: dataDir, EMULATOR_PORT: String(port) });
    token = (JSON.parse(await readFile(path.join(dataDir, LOCAL_CREDENTIALS_FILE), 'utf8')) as { channelAccessToken: string })
      .channelAccessToken;
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('answers the Messaging API there with the channel’s token, and refuses a request without it', async () => {
    const quota = await fetch(`${base}/v2/bot/message/quota`, { headers: { authorization: `Bearer ${token}` } });
    expect(quota.status).toBe(200);
    expect(await quota.json()).toMatchObject({ type: expect.any(String) });
    expect((await fetch(`${base}/v2/bot/message/quota`)).status).toBe(401);
  });

  it('serves the chat simulator page and its scripting API there: a user who writes gets the bot’s answer', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);

    const emulator = emulatorClient(`${base}/api`);
    const { userId } = await emulator.createUser('ครูพอร์ตแยก');
    const sent = await emulator.sendText(userId, 'สวัสดีค่ะ');
    expect(sent.status).toBe(200);
    const { entries } = await emulator.conversation(userId, { waitMs: 10_000, minEntries: 2 });
    const fromBot = entries.filter((e) => e.direction === 'bot');
    expect(fromBot.length).toBeGreaterThan(0);
    expect(fromBot.every((e) => e.via === 'reply')).toBe(true);
    // The same platform as the one mounted under /emulator: the user is known there too.
    const mounted = emulatorClient(`${service!.url}/emulator/api`);
    expect((await mounted.conversation(userId)).entries).toEqual(expect.arrayContaining(entries));
  });

  it('closes that port when the service stops', async () => {
    await service!.stop();
    service = undefined;
    await expect(fetch(`${base}/`)).rejects.toThrow();
  });
});
