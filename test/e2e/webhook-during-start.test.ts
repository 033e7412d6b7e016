import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Database } from '../../src/db/database.ts';
import { createTestDatabase } from '../support/database.ts';
import { childEnv, freePort } from '../support/processes.ts';

/**
 * LINE redelivers a webhook answered 5xx, but drops one answered 404: from the moment the service's port accepts
 * connections until events can be stored, `POST /webhook` must answer 503.
 */
describe('the webhook while the service starts', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());

  it('answers 503 (never 404) from the first accepted connection until it takes events', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['src/main.ts'], {
      env: childEnv({ PORT: String(port), DATABASE_URL: database.url, DATA_DIR: await mkdtemp(path.join(tmpdir(), 'esa-line-start-')), LOG_LEVEL: 'silent' }),
      stdio: 'ignore',
    });
    const statuses: number[] = [];
    try {
      const deadline = Date.now() + 60_000;
      for (;;) {
        expect(Date.now()).toBeLessThan(deadline);
        expect(child.exitCode).toBeNull();
        // Unsigned: once the webhook takes events it answers 401, which ends the watch.
        const status = await fetch(`http://127.0.0.1:${port}/webhook`, { method: 'POST', body: '{}' }).then((r) => r.status, () => 0);
        if (status !== 0) statuses.push(status);
        if (status === 401) break;
        await new Promise((r) => setTimeout(r, status === 0 ? 20 : 2));
      }
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    expect(new Set(statuses)).toEqual(new Set(statuses.includes(503) ? [503, 401] : [401]));
    expect(statuses).not.toContain(404);
  });
});
