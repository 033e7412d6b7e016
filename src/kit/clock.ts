/**
 * The service's one clock. Every capability takes its time from it: a conversation's steps and executors (the
 * dispatcher's `now`), the scheduler's `JobContext.now`, the LIFF pages that work out "today". Made once, in the
 * composition root (`src/app.ts`).
 *
 * LINE's transport time is not this clock: the reply-token window (an event's age), retry backoffs, leases and
 * the emulator's own reply-token expiry always run on real time, or a reply after a move would become a push.
 *
 * In emulator mode the clock can be moved forward (the simulator page, `POST /emulator/api/clock`), so someone
 * trying the bot sees a reminder, an escalation or an auto-close without waiting days; with LINE credentials it
 * is the system clock and cannot be moved. Pure: no I/O, no timers.
 */
export interface Clock {
  now(): Date;
}

/** A clock that can be set ahead of real time (emulator mode only). */
export interface MovableClock extends Clock {
  /** How far ahead of real time it is, in ms (0 = real time). */
  offsetMs(): number;
  /** Moves it forward; returns the new time. */
  advance(ms: number): Date;
  /** Back to real time; returns it. */
  reset(): Date;
}

export const systemClock = (real: () => Date = () => new Date()): Clock => ({ now: real });

export function movableClock(real: () => Date = () => new Date(), initialOffsetMs = 0): MovableClock {
  if (!Number.isFinite(initialOffsetMs) || initialOffsetMs < 0) throw new RangeError('a clock offset is a finite number of ms, 0 or more');
  let offset = initialOffsetMs;
  const now = () => new Date(real().getTime() + offset);
  return {
    now,
    offsetMs: () => offset,
    advance(ms) {
      if (!Number.isFinite(ms) || ms <= 0) throw new RangeError('a clock moves forward by a finite number of ms, more than 0');
      offset += ms;
      return now();
    },
    reset() {
      offset = 0;
      return now();
    },
  };
}
