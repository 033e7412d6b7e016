import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { writeAtomically } from '../emulator/persistence.ts';
import type { MovableClock } from '../kit/clock.ts';
import type { Logger } from '../logger.ts';

/**
 * The service clock's control in emulator mode, mounted at `/emulator/api/clock` (the simulator page and the
 * scripting API): read it, move it forward, put it back to real time. After a move every recurring job runs at
 * once with the new time (reminders, escalations, auto-closes, digests), and the answer comes once they have.
 * With LINE credentials this router is not mounted and the clock is the system clock.
 *
 * How far it was moved is kept in `DATA_DIR/emulator/clock.json`, so a restart does not send the service back
 * in time under tickets and letters stamped in its future.
 */

export const CLOCK_FILE = 'clock.json';
/** A year at most per move: enough for any reminder or yearly list, and no typo sends the office to 2600. */
export const MAX_ADVANCE_MINUTES = 366 * 24 * 60;

const keptSchema = z.object({ offsetMs: z.number().int().min(0) });
const advanceSchema = z.strictObject({ advanceMinutes: z.number().int().min(1).max(MAX_ADVANCE_MINUTES) });

/** How far the clock was moved before the last stop (0 when never, or unreadable). */
export function loadClockOffset(dir: string, logger: Logger): number {
  const file = path.join(dir, CLOCK_FILE);
  if (!existsSync(file)) return 0;
  const kept = keptSchema.safeParse(safeJson(readFileSync(file, 'utf8')));
  if (kept.success) return kept.data.offsetMs;
  logger.warn({ file }, 'service clock file unreadable: real time');
  return 0;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export interface ClockRouterOptions {
  clock: MovableClock;
  /** Where the move is kept (DATA_DIR/emulator). */
  dir: string;
  logger: Logger;
  /** Runs what a move should set off (the recurring jobs) and says which ran and which failed. */
  afterMove: (now: Date) => Promise<{ ran: string[]; failed: string[] }>;
}

export function createClockRouter(options: ClockRouterOptions): express.Router {
  const { clock, logger } = options;
  const router = express.Router();
  router.use(express.json({ limit: '10kb' }));
  // One move at a time: the second waits for the first's jobs.
  let queue: Promise<unknown> = Promise.resolve();

  const view = () => {
    const now = clock.now();
    return { now: now.toISOString(), offsetMinutes: Math.round(clock.offsetMs() / 60_000), realNow: new Date(now.getTime() - clock.offsetMs()).toISOString() };
  };

  async function keep(): Promise<void> {
    await mkdir(options.dir, { recursive: true });
    await writeAtomically(path.join(options.dir, CLOCK_FILE), JSON.stringify({ offsetMs: clock.offsetMs() }));
  }

  function serial(res: Response, work: () => Promise<Record<string, unknown>>): void {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    run.then(
      (body) => res.json(body),
      (err: unknown) => {
        logger.error({ err: err instanceof Error ? err.message : String(err) }, 'service clock not moved');
        if (!res.headersSent) res.status(500).json({ message: 'The clock could not be moved' });
      },
    );
  }

  router.get('/', (_req, res) => {
    res.json(view());
  });

  router.post('/', (req: Request, res: Response) => {
    const body = advanceSchema.safeParse(req.body);
    if (!body.success) {
      res.status(400).json({ message: `Send {"advanceMinutes": n}, n a whole number from 1 to ${MAX_ADVANCE_MINUTES}` });
      return;
    }
    serial(res, async () => {
      const now = clock.advance(body.data.advanceMinutes * 60_000);
      await keep();
      logger.info({ offsetMinutes: Math.round(clock.offsetMs() / 60_000) }, 'service clock moved forward');
      const jobs = await options.afterMove(now);
      return { ...view(), ...jobs };
    });
  });

  router.post('/reset', (_req, res) => {
    serial(res, async () => {
      clock.reset();
      await keep();
      logger.info('service clock back to real time');
      return view();
    });
  });

  return router;
}
