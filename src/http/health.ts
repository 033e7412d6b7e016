import { Router } from 'express';

export interface ReadinessCheck {
  /** Each probe answers true when its part is ready; a throw counts as not ready. */
  database: () => Promise<boolean>;
  migrations: () => Promise<boolean>;
  scheduler: () => boolean;
}

/** `/healthz`: the process is up. `/readyz`: the database answers, migrations are applied, the scheduler runs. */
export function createHealthRouter(check: ReadinessCheck): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const database = await check.database().catch(() => false);
    const migrations = database ? await check.migrations().catch(() => false) : false;
    const scheduler = check.scheduler();
    const ready = database && migrations && scheduler;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', database, migrations, scheduler });
  });
  return router;
}
