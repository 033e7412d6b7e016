import { rm } from 'node:fs/promises';
import pg from 'pg';

/** Drops the run's template database and stops the embedded server of the run (jest-global-setup.ts). */
export default async function globalTeardown(): Promise<void> {
  const run = globalThis.esaTestRun;
  if (!run) return;
  if (run.server) {
    await run.server.release();
    if (run.dataDir) await rm(run.dataDir, { recursive: true, force: true });
    return;
  }
  const admin = new pg.Client({ connectionString: run.serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${run.template} with (force)`);
  await admin.end();
}
