import { describe, expect, it } from '@jest/globals';
import { movableClock, systemClock } from '../../src/kit/clock.ts';

describe('the service clock', () => {
  let real = Date.parse('2027-03-01T02:00:00Z');
  const realNow = () => new Date(real);

  it('follows real time, moved forward by what was added, and back to it on reset', () => {
    const clock = movableClock(realNow);
    expect(clock.now()).toEqual(realNow());
    expect(clock.advance(24 * 60 * 60_000)).toEqual(new Date(real + 24 * 60 * 60_000));
    real += 5_000;
    expect(clock.now()).toEqual(new Date(real + 24 * 60 * 60_000));
    expect(clock.offsetMs()).toBe(24 * 60 * 60_000);
    expect(clock.reset()).toEqual(realNow());
    expect(clock.offsetMs()).toBe(0);
  });

  it('starts where it was left, and moves only forward', () => {
    const clock = movableClock(realNow, 90 * 60_000);
    expect(clock.now()).toEqual(new Date(real + 90 * 60_000));
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => clock.advance(bad)).toThrow(RangeError);
    expect(() => movableClock(realNow, -1)).toThrow(RangeError);
    expect(clock.offsetMs()).toBe(90 * 60_000);
  });

  it('the system clock is real time and has nothing to move', () => {
    const clock = systemClock(realNow);
    expect(clock.now()).toEqual(realNow());
    expect('advance' in clock).toBe(false);
  });
});
