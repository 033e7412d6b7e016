import { bangkokTime } from '../../src/domain/office-time.ts';

/**
 * The clock an end-to-end test hands the service (`now`) and moves itself (`set`) to a Bangkok date and time. Start
 * it later than the machine's clock: the inbox takes events whose time has come by the service's clock.
 */
export function testClock(date: string, time: string): { now: () => Date; set: (date: string, time: string) => Date } {
  let nowMs = bangkokTime(date, time).getTime();
  return {
    now: () => new Date(nowMs),
    set(date, time) {
      nowMs = bangkokTime(date, time).getTime();
      return new Date(nowMs);
    },
  };
}
