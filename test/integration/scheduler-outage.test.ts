import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { z } from 'zod';
import type { Database } from '../../src/db/database.ts';
import { createScheduler, defineJob, type Scheduler } from '../../src/jobs/index.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase } from '../support/database.ts';
import { eventually } from '../support/processes.ts';
import { behindProxy, type TcpProxy } from '../support/tcp-proxy.ts';

/**
 * The scheduler when its database goes away for a while (a restart of the server, a network cut). On a server
 * database it also holds a LISTEN connection, whose loss must not end the process.
 */
describe('scheduler across a database outage', () => {
  let database: Database;
  let proxy: TcpProxy;
  let scheduler: Scheduler;
  const ran: string[] = [];
  const logs: Array<{ level: number; msg: string }> = [];

  const recordJob = defineJob({
    name: 'test:outage-record',
    schema: z.object({ id: z.string() }),
    async handler(data) {
      ran.push(data.id);
    },
  });

  beforeAll(async () => {
    const reached = await behindProxy(await createTestDatabase());
    database = reached.database;
    proxy = reached.proxy;
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as { level: number; msg: string });
        done();
      },
    });
    scheduler = createScheduler({ database, logger: createLogger('info', sink), jobs: [recordJob], processEveryMs: 100, lockLifetimeMs: 2000 });
    await scheduler.start();
  });
  afterAll(async () => {
    await proxy?.restore();
    await scheduler?.stop();
    await database?.close();
  });

  it('keeps running through the outage and runs jobs again once the database is back', async () => {
    await scheduler.schedule('test:outage-record', { id: 'before' }, { at: new Date() });
    await eventually(async () => ran, (r) => r.includes('before'));

    await proxy.cut();
    await new Promise((r) => setTimeout(r, 1000));
    expect(scheduler.isRunning()).toBe(true);
    await proxy.restore();

    await eventually(
      () => scheduler.schedule('test:outage-record', { id: 'after' }, { at: new Date() }).then(() => true, () => false),
      (scheduled) => scheduled,
    );
    await eventually(async () => ran, (r) => r.includes('after'), 10_000);
    // The lost LISTEN connection is reported once, not at every reconnection attempt.
    expect(logs.filter((l) => l.msg.startsWith('scheduler notifications lost'))).toHaveLength(1);
    await eventually(async () => logs, (l) => l.some((line) => line.msg === 'scheduler notifications reconnected'));
  });
});
