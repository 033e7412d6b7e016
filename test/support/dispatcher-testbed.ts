import { afterAll, afterEach, beforeAll, beforeEach } from '@jest/globals';
import type { PgTable } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { reply, type Flow } from '../../src/bot/flow.ts';
import { conversations, inboxEvents, outboxMessages } from '../../src/db/schema.ts';
import { startInbound, type InboundHarness } from './inbound.ts';

/** Replies with the text it got; "พัง" makes it throw, like a bug or a failing service would. */
export const echoFlow: Flow<Record<string, never>> = {
  name: 'echo',
  version: 1,
  dataSchema: z.record(z.string(), z.never()),
  actions: [],
  startsOn: (input) => input.kind === 'text',
  step(_state, input) {
    if (input.kind === 'text' && input.text === 'พัง') throw new Error('handler exploded');
    return { state: null, effects: input.kind === 'text' ? [reply({ type: 'text', text: input.text })] : [] };
  },
};

export interface DispatcherTestbed {
  /** The webhook and dispatchers over this file's database (set before the first test). */
  readonly h: InboundHarness;
  /** The dispatchers' clock in ms: a little ahead of the database's at each test's start, so events stored just now are due. */
  clock: number;
  now(): Date;
}

/**
 * One inbound harness for a test file of the dispatcher: inbox, outbox and conversations (and `alsoEmpty`)
 * emptied before each test, its dispatchers stopped after each.
 */
export function dispatcherTestbed(options: { alsoEmpty?: readonly PgTable[] } = {}): DispatcherTestbed {
  let harness: InboundHarness | undefined;
  const bed: DispatcherTestbed = {
    get h() {
      if (!harness) throw new Error('the dispatcher testbed is used before its beforeAll ran');
      return harness;
    },
    clock: 0,
    now: () => new Date(bed.clock),
  };
  beforeAll(async () => {
    harness = await startInbound();
  });
  afterAll(async () => harness?.close());
  afterEach(async () => bed.h.stopDispatchers());
  beforeEach(async () => {
    for (const table of [outboxMessages, inboxEvents, conversations, ...(options.alsoEmpty ?? [])]) await bed.h.database.db.delete(table);
    bed.clock = Date.now() + 2000;
  });
  return bed;
}
