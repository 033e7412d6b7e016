import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '../../src/app.ts';
import { botMessages } from '../../src/bot/messages.ts';
import { LOCAL_CREDENTIALS_FILE } from '../../src/line/local-credentials.ts';
import { buildTestEvent, buildWebhookBody, webhookHeaders } from '../../scripts/send-test-event.ts';
import { eventually } from '../support/processes.ts';
import { emulatorClient, startTestService } from '../support/service.ts';

/**
 * `/admin/api/status` read over HTTP from the running service (emulator mode), as an operator or a monitor
 * reads it: the month's billable messages against LINE_MONTHLY_MESSAGE_BUDGET with their level, parked
 * events with their error, and the bearer token that guards it.
 */
const ADMIN_TOKEN = 'admin-status-test-token-0001';
const BUDGET = 5;

interface Status {
  backlog: { inbox: number; outbox: number };
  channels: Array<{
    channelId: string;
    messageBudget: { month: string; used: number; budget: number; percent: number; level: string };
    parkedEvents: Array<{ webhookEventId: string; eventType: string; attempts: number; lastError: string | null }>;
    failedMessages: unknown[];
  }>;
}

describe('the admin status of a running service', () => {
  let service: RunningService;
  let emulator: ReturnType<typeof emulatorClient>;
  let channelSecret: string;
  /** The clock of service and emulator: real time plus what a test moves it on by. */
  let offset = 0;
  const now = () => new Date(Date.now() + offset);

  beforeAll(async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'esa-line-admin-'));
    service = await startTestService(
      { DATA_DIR: dataDir, LINE_MONTHLY_MESSAGE_BUDGET: String(BUDGET), ADMIN_API_TOKEN: ADMIN_TOKEN },
      { now },
    );
    emulator = emulatorClient(`${service.url}/emulator/api`);
    channelSecret = (JSON.parse(await readFile(path.join(dataDir, LOCAL_CREDENTIALS_FILE), 'utf8')) as { channelSecret: string })
      .channelSecret;
  });
  afterAll(async () => {
    await service?.stop();
  });

  const status = (authorization?: string) =>
    fetch(`${service.url}/admin/api/status`, authorization === undefined ? {} : { headers: { authorization } });

  async function defaultChannel(): Promise<Status['channels'][number]> {
    const res = await status(`Bearer ${ADMIN_TOKEN}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Status;
    return body.channels.find((c) => c.channelId === 'default')!;
  }

  /**
   * A text LINE delivered a minute late (a redelivery after an outage): its reply token is past the window,
   * so the bot answers with a push, one billable message.
   */
  async function lateText(userId: string, text: string): Promise<void> {
    const event = buildTestEvent({ type: 'message', userId, text }, now().getTime() - 60_000);
    const body = buildWebhookBody([event]);
    const res = await fetch(`${service.url}/webhook`, { method: 'POST', headers: webhookHeaders(channelSecret, body), body });
    expect(res.status).toBe(200);
  }

  it('refuses the status without the admin bearer token or with a wrong one', async () => {
    expect((await status()).status).toBe(401);
    expect((await status('Bearer not-the-admin-token-at-all')).status).toBe(401);
    // The token without its scheme, or with another scheme, is refused too.
    expect((await status(ADMIN_TOKEN)).status).toBe(401);
    expect((await status(`Basic ${ADMIN_TOKEN}`)).status).toBe(401);
    expect((await status(`Bearer  ${ADMIN_TOKEN}`)).status).toBe(401);
    expect((await status(`Bearer ${ADMIN_TOKEN}`)).status).toBe(200);
    expect((await status(`bearer ${ADMIN_TOKEN}`)).status).toBe(200);
  });

  it('reports the month’s pushes as ok below 80 % of the budget, warning from 80 % and exceeded from 100 %', async () => {
    expect((await defaultChannel()).messageBudget).toMatchObject({ used: 0, budget: BUDGET, percent: 0, level: 'ok' });
    const expected = [
      { used: 1, percent: 20, level: 'ok' },
      { used: 2, percent: 40, level: 'ok' },
      { used: 3, percent: 60, level: 'ok' },
      { used: 4, percent: 80, level: 'warning' },
      { used: 5, percent: 100, level: 'exceeded' },
      { used: 6, percent: 120, level: 'exceeded' },
    ];
    for (const [i, figure] of expected.entries()) {
      const { userId } = await emulator.createUser(`ครูงบประมาณ ${i + 1}`);
      await lateText(userId, 'สวัสดีค่ะ');
      const { entries } = await emulator.conversation(userId, { waitMs: 10_000, minEntries: 1 });
      expect(entries.filter((e) => e.direction === 'bot').every((e) => e.via === 'push')).toBe(true);
      const channel = await eventually(defaultChannel, (c) => c.messageBudget.used >= figure.used);
      expect(channel.messageBudget).toMatchObject({ ...figure, budget: BUDGET, month: expect.stringMatching(/^\d{4}-\d{2}$/) });
    }
  });

  it('lists an event parked after repeated failures with its error, and the user gets an apology', async () => {
    const { userId } = await emulator.createUser('ครูระบบขัดข้อง');
    // The database refuses this user's conversation, as a broken deployment might: every attempt fails.
    await service.database.pool.query(`
      create or replace function admin_status_test_refuse() returns trigger language plpgsql as $$
      begin raise exception 'test fault: conversation of % refused', new.user_id; end $$`);
    await service.database.pool.query(`
      create trigger admin_status_test_refuse before insert or update on conversations
      for each row when (new.user_id = '${userId}') execute function admin_status_test_refuse()`);

    const sent = await emulator.sendText(userId, 'สวัสดีค่ะ');
    expect(sent.status).toBe(200);
    // Each failure is retried after a backoff of seconds; the clock is moved past each one.
    const channel = await eventually(
      async () => {
        offset += 20_000;
        return defaultChannel();
      },
      (c) => c.parkedEvents.some((p) => p.webhookEventId === sent.webhookEventId),
      30_000,
      300,
    );
    expect(channel.parkedEvents.find((p) => p.webhookEventId === sent.webhookEventId)).toEqual({
      webhookEventId: sent.webhookEventId,
      chatKey: userId,
      eventType: 'message',
      attempts: 5,
      lastError: expect.stringContaining(`test fault: conversation of ${userId} refused`),
      receivedAt: expect.any(String),
    });
    const { entries } = await emulator.conversation(userId, { waitMs: 10_000, minEntries: 2 });
    expect(entries.filter((e) => e.direction === 'bot').map((e) => e.message.text)).toEqual([botMessages.apology]);
  });
});

describe('the admin status with LINE credentials and no admin token', () => {
  let service: RunningService;

  beforeAll(async () => {
    service = await startTestService({
      LINE_CHANNEL_SECRET: 'admin-status-line-secret-0001',
      LINE_CHANNEL_ACCESS_TOKEN: 'admin-status-line-token-0001',
      // Nothing listens there: this test sends nothing to LINE.
      LINE_API_BASE_URL: 'http://127.0.0.1:9',
    });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('is not served at all: an open admin API is for the local platform only', async () => {
    const res = await fetch(`${service.url}/admin/api/status`);
    expect(res.status).toBe(404);
    expect(JSON.stringify(await res.json())).not.toContain('messageBudget');
  });
});
