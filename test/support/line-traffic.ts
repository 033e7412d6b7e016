import { expect } from '@jest/globals';
import type { Database } from '../../src/db/database.ts';
import { eventually } from './processes.ts';
import type { emulatorClient } from './service.ts';

/** Traffic as LINE sends it to the service, driven through the emulator's scripting API (load and replica tests). */

type EmulatorClient = ReturnType<typeof emulatorClient>;

/**
 * A call to the emulator's control API, again when the connection is reset (a loaded machine closing a kept-alive
 * socket): sending the text again is a new message, and only acknowledged events are counted.
 */
export async function retried<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (attempt >= 5 || !(err instanceof TypeError)) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Sends one text as LINE would, redelivering (as LINE does) while the webhook does not answer 200, at most
 * `maxRedeliveries` times; resolves with the acknowledged event's id.
 */
export async function deliverText(emulator: EmulatorClient, userId: string, text: string, maxRedeliveries = 50): Promise<string> {
  const first = await retried(() => emulator.sendText(userId, text));
  let status = first.status;
  for (let attempt = 0; status !== 200; attempt++) {
    if (attempt >= maxRedeliveries) throw new Error(`event ${first.webhookEventId} not acknowledged after ${attempt} redeliveries (last ${status})`);
    await new Promise((r) => setTimeout(r, 200));
    status = (await retried(() => emulator.call<{ status: number }>('POST', `/events/${first.webhookEventId}/redeliver`))).status;
  }
  return first.webhookEventId;
}

/**
 * Once the service has settled (within 60 s): every acknowledged event (`delivered`) is handled, nothing is left
 * pending or failed, each stored event has one answer row, and LINE received each answer row's messages exactly once
 * (`userIds`: everyone who talked). Lost 0, duplicated 0; counts only.
 */
export async function expectEachEventAnsweredOnce(database: Database, emulator: EmulatorClient, userIds: readonly string[], delivered: ReadonlySet<string>): Promise<void> {
  const counts = async () => {
    const inbox = await database.pool.query<{ status: string; n: number }>(`select status, count(*)::int as n from inbox_events where event_type = 'message' group by status`);
    const outbox = await database.pool.query<{ status: string; n: number }>(`select status, count(*)::int as n from outbox_messages group by status`);
    return { inbox: Object.fromEntries(inbox.rows.map((r) => [r.status, r.n])), outbox: Object.fromEntries(outbox.rows.map((r) => [r.status, r.n])) };
  };
  // (An event the emulator delivered whose answer to the test was lost is stored too: at least every acknowledged one.)
  const settled = await eventually(counts, (c) => c.inbox.pending === undefined && (c.inbox.done ?? 0) >= delivered.size && c.outbox.pending === undefined, 60_000, 250);
  expect(Object.keys(settled.inbox)).toEqual(['done']);
  expect(settled.outbox.failed).toBeUndefined();
  const stored = settled.inbox.done!;
  const acknowledgedDone = await database.pool.query<{ n: number }>(`select count(*)::int as n from inbox_events where status = 'done' and webhook_event_id = any($1)`, [[...delivered]]);
  expect(acknowledgedDone.rows[0]!.n).toBe(delivered.size);

  // Lost 0, duplicated 0: each stored event was handled once (one answer row per event, no event twice), and LINE
  // received each answer row's messages exactly once.
  const perEvent = await database.pool.query<{ n: number }>(
    `select count(*)::int as n from outbox_messages o join inbox_events e on e.webhook_event_id = o.source_event_id group by o.source_event_id`,
  );
  expect(perEvent.rows).toHaveLength(stored);
  const rowsPerEvent = new Set(perEvent.rows.map((r) => r.n));
  expect(rowsPerEvent).toEqual(new Set([1]));
  const sentMessages = await database.pool.query<{ n: number }>(`select coalesce(sum(jsonb_array_length(messages)), 0)::int as n from outbox_messages where status = 'sent'`);
  let received = 0;
  for (const userId of userIds) {
    const { entries } = await retried(() => emulator.conversation(userId));
    received += entries.filter((e) => e.direction === 'bot').length;
  }
  expect(received).toBe(sentMessages.rows[0]!.n);
}
