import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import { lineChannels } from '../../src/db/schema.ts';
import { ChannelRegistry, DEFAULT_CHANNEL_ID, UNKNOWN_RELOAD_MS } from '../../src/line/channels.ts';
import { createHarness, text, type Harness } from './outbox-harness.ts';

// The sender caches each channel's access token; these tests hold the cache's clock.
let h: Harness;
let clock = 5_000_000;
let channels: ChannelRegistry;

beforeAll(async () => {
  h = await createHarness();
  channels = new ChannelRegistry(h.database.db, { apiBaseUrl: h.emulatorUrl, dataApiBaseUrl: h.emulatorUrl, monthlyMessageBudget: 0 }, () => clock);
  await channels.refresh();
});
afterAll(async () => h.close());

/** LINE takes only the new token from now on (the admin reissued it in the LINE Developers console). */
function reissueAtLine(token: string): void {
  h.emulator.addChannel({ channelId: DEFAULT_CHANNEL_ID, channelSecret: 'outbox-test-secret', channelAccessToken: token, webhookUrl: 'http://127.0.0.1:9/webhook' });
}

describe('outbox sender and a reissued access token', () => {
  it('a push refused with 401 goes again with the token an admin has since put in the database, once', async () => {
    const user = await h.createUser('ครูวิภา');
    reissueAtLine('reissued-token-1');
    await h.database.db.update(lineChannels).set({ channelAccessToken: 'reissued-token-1' }).where(eq(lineChannels.id, DEFAULT_CHANNEL_ID));
    clock += UNKNOWN_RELOAD_MS;
    const [id] = await h.enqueue({ toUserId: user, messages: [text('รับเรื่องแล้วค่ะ')] });

    await h.newSender({ channels }).drain();

    expect((await h.requests('push')).map((r) => r.status)).toEqual([401, 200]);
    expect(await h.botTexts(user)).toEqual(['รับเรื่องแล้วค่ะ']);
    expect(await h.row(id!)).toMatchObject({ status: 'sent', sentVia: 'push' });
  });

  it('a push refused with 401 while the database still has the refused token is recorded as failed with LINE\'s error', async () => {
    await h.reset();
    const user = await h.createUser('ครูอนันต์');
    reissueAtLine('reissued-token-2'); // the database still holds reissued-token-1
    clock += UNKNOWN_RELOAD_MS;
    const [id] = await h.enqueue({ toUserId: user, messages: [text('ข้อความ')] });

    await h.newSender({ channels }).drain();

    expect((await h.requests('push')).map((r) => r.status)).toEqual([401]);
    const row = await h.row(id!);
    expect(row.status).toBe('failed');
    expect(row.lastError).toContain('401');
    expect(await h.botTexts(user)).toEqual([]);
  });
});
