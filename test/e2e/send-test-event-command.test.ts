import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import type { RunningService } from '../../src/app.ts';
import { inboxEvents } from '../../src/db/schema.ts';
import { LOCAL_CREDENTIALS_FILE } from '../../src/line/local-credentials.ts';
import { freePort, runCommand } from '../support/processes.ts';
import { emulatorClient, startTestService } from '../support/service.ts';

/**
 * `npm run send-test-event` (scripts/send-test-event.ts) as an operator runs it against a deployment: a process
 * that signs one event with the channel secret and POSTs it to the webhook URL, here the running service's.
 */
const SCRIPT = 'scripts/send-test-event.ts';

describe('npm run send-test-event against a running service', () => {
  let service: RunningService;
  let emulator: ReturnType<typeof emulatorClient>;
  let channelSecret: string;

  beforeAll(async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'esa-line-send-event-'));
    service = await startTestService({ DATA_DIR: dataDir });
    emulator = emulatorClient(`${service.url}/emulator/api`);
    channelSecret = (JSON.parse(await readFile(path.join(dataDir, LOCAL_CREDENTIALS_FILE), 'utf8')) as { channelSecret: string })
      .channelSecret;
  });
  afterAll(async () => {
    await service?.stop();
  });

  async function storedEvent(webhookEventId: string) {
    const [row] = await service.database.db.select().from(inboxEvents).where(eq(inboxEvents.webhookEventId, webhookEventId));
    return row;
  }

  it('sends a signed text the webhook accepts: exit 0, the event is stored and the bot answers the user', async () => {
    const { userId } = await emulator.createUser('ครูทดสอบคำสั่ง');
    const result = await runCommand(SCRIPT, ['--url', `${service.url}/webhook`, '--secret', channelSecret, '--user', userId, '--text', 'สวัสดีค่ะ'], {});
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^200 OK\n/);
    const webhookEventId = /webhookEventId (\w{26}) from (U[0-9a-f]{32})/.exec(result.stdout);
    expect(webhookEventId?.[2]).toBe(userId);

    const row = await storedEvent(webhookEventId![1]!);
    expect(row).toMatchObject({ chatKey: userId, eventType: 'message' });
    // Its reply token is the script's own, unknown to LINE: the answer reaches the user as a push.
    const { entries } = await emulator.conversation(userId, { waitMs: 10_000, minEntries: 1 });
    expect(entries.filter((e) => e.direction === 'bot').length).toBeGreaterThan(0);
    expect(JSON.stringify(entries.map((e) => e.message))).toMatch(/สวัสดี/);
  });

  it('takes the secret from LINE_CHANNEL_SECRET and sends a follow', async () => {
    const result = await runCommand(SCRIPT, ['--url', `${service.url}/webhook`, '--type', 'follow'], { LINE_CHANNEL_SECRET: channelSecret });
    expect(result.code).toBe(0);
    const webhookEventId = /webhookEventId (\w{26})/.exec(result.stdout)![1]!;
    expect(await storedEvent(webhookEventId)).toMatchObject({ eventType: 'follow' });
  });

  it('with a wrong secret exits non-zero, printing the webhook’s 401, and nothing is stored', async () => {
    const result = await runCommand(SCRIPT, ['--url', `${service.url}/webhook`, '--secret', 'not-the-channel-secret', '--text', 'สวัสดี'], {});
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^401 Unauthorized\n/);
    expect(result.stdout).toMatch(/signature/i); // the webhook's own word on what is wrong
    const webhookEventId = /webhookEventId (\w{26})/.exec(result.stdout)![1]!;
    expect(await storedEvent(webhookEventId)).toBeUndefined();
  });

  it('without a secret or with a malformed user id exits 2 saying which option is wrong', async () => {
    const noSecret = await runCommand(SCRIPT, ['--url', `${service.url}/webhook`], {});
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toContain('--secret: give --secret or set LINE_CHANNEL_SECRET');
    expect(noSecret.stderr).toContain('usage: send-test-event');

    const badUser = await runCommand(SCRIPT, ['--url', `${service.url}/webhook`, '--secret', channelSecret, '--user', 'someone'], {});
    expect(badUser.code).toBe(2);
    expect(badUser.stderr).toContain('--user: must look like U followed by 32 hex digits');
  });

  it('exits 1 with a readable message when nothing answers at the URL', async () => {
    const port = await freePort(); // nothing listens there now
    const result = await runCommand(SCRIPT, ['--url', `http://127.0.0.1:${port}/webhook`, '--secret', channelSecret], {});
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^request failed: .*ECONNREFUSED/);
  });
});
