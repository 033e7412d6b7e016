import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '../../src/app.ts';
import { emulatorClient, startTestService } from '../support/service.ts';

describe('the service in emulator mode', () => {
  let service: RunningService;
  let emulator: ReturnType<typeof emulatorClient>;

  beforeAll(async () => {
    service = await startTestService();
    emulator = emulatorClient(`${service.url}/emulator/api`);
  });
  afterAll(async () => {
    await service.stop();
  });

  it('answers a user who writes through the local LINE platform with a Thai greeting and help', async () => {
    const { userId } = await emulator.createUser('ครูสมศรี ใจดี');
    const sent = await emulator.sendText(userId, 'สวัสดีค่ะ');
    expect(sent.status).toBe(200);

    const { entries } = await emulator.conversation(userId, { waitMs: 10000, minEntries: 2 });
    const fromBot = entries.filter((entry) => entry.direction === 'bot');
    expect(fromBot.length).toBeGreaterThanOrEqual(1);
    // A reply to a fresh event is free: the bot used the reply token, not a push.
    expect(fromBot.every((entry) => entry.via === 'reply')).toBe(true);
    const shown = JSON.stringify(fromBot.map((entry) => entry.message));
    expect(shown).toMatch(/สวัสดี/);
    expect(shown).toMatch(/[\u0E00-\u0E7F]/);
  });

  it('reports ready once the database, migrations and scheduler are up', async () => {
    const health = await fetch(`${service.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${service.url}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', database: true, migrations: true, scheduler: true });
  });

  it('shows an operator the month’s billable messages against the budget', async () => {
    const res = await fetch(`${service.url}/admin/api/status`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { channels: Array<{ channelId: string; messageBudget: { budget: number } }> };
    expect(body.channels[0]?.channelId).toBe('default');
    expect(body.channels[0]?.messageBudget.budget).toBe(300);
  });
});
