import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startService, type RunningService } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase } from '../support/database.ts';
import { eventually } from '../support/processes.ts';
import { behindProxy, type TcpProxy } from '../support/tcp-proxy.ts';

/**
 * `/readyz` of the running service: 200 only while the database answers, every migration of this build is
 * applied and the scheduler runs; otherwise 503 with the part that is not ready. The service reaches its
 * database through a proxy the test can cut.
 */
describe('readiness of the running service', () => {
  let service: RunningService;
  let proxy: TcpProxy;

  beforeAll(async () => {
    const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
    const reached = await behindProxy(await createTestDatabase(logger));
    proxy = reached.proxy;
    const dataDir = await mkdtemp(path.join(tmpdir(), 'esa-line-ready-'));
    service = await startService(loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), {
      database: reached.database,
      logger,
    });
  });
  // After the cut, the stop waits for the pool's sessions to come back through the proxy: slow on a loaded machine.
  afterAll(async () => {
    await proxy?.restore();
    await service?.stop();
  }, 120_000);

  async function readyz(): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${service.url}/readyz`);
    return { status: res.status, body: await res.json() };
  }
  const ready = { status: 200, body: { status: 'ready', database: true, migrations: true, scheduler: true } };

  it('answers 503 naming the database while it cannot be reached, and 200 again once it can', async () => {
    expect(await readyz()).toEqual(ready);
    await proxy.cut();
    expect(await readyz()).toEqual({
      status: 503,
      body: { status: 'not ready', database: false, migrations: false, scheduler: true },
    });
    // Liveness is not readiness: the process itself is fine.
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);

    await proxy.restore();
    expect(await eventually(readyz, (r) => r.status === 200)).toEqual(ready);
  });

  it('answers 503 naming the migrations when one shipped with this build is not applied', async () => {
    const removed = await service.database.pool.query<{ id: number; hash: string; created_at: string }>(
      `delete from drizzle.__drizzle_migrations where id = (select max(id) from drizzle.__drizzle_migrations)
       returning id, hash, created_at`,
    );
    expect(removed.rowCount).toBe(1);
    try {
      expect(await readyz()).toEqual({
        status: 503,
        body: { status: 'not ready', database: true, migrations: false, scheduler: true },
      });
    } finally {
      const row = removed.rows[0]!;
      await service.database.pool.query('insert into drizzle.__drizzle_migrations (id, hash, created_at) values ($1, $2, $3)', [
        row.id,
        row.hash,
        row.created_at,
      ]);
    }
    expect(await readyz()).toEqual(ready);
  });

  it('answers 503 naming the scheduler once the scheduler is no longer running', async () => {
    expect(await readyz()).toEqual(ready);
    await service.scheduler.stop();
    expect(await readyz()).toEqual({
      status: 503,
      body: { status: 'not ready', database: true, migrations: true, scheduler: false },
    });
  });
});
