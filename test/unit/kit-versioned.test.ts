import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { isCurrent, versionedRef } from '../../src/kit/versioned.ts';

describe('versioned buttons', () => {
  it('a button drawn for the version the record still has is current; one drawn before a change is not', () => {
    expect(isCurrent({ version: 3 }, 3)).toBe(true);
    expect(isCurrent({ version: 4 }, 3)).toBe(false);
  });

  it('a record that is gone, or a button without a version, is never current', () => {
    expect(isCurrent(null, 3)).toBe(false);
    expect(isCurrent(undefined, 3)).toBe(false);
    expect(isCurrent({ version: 3 }, undefined)).toBe(false);
  });

  it('the reference keeps the short id name buttons already carry, and refuses what is not an id and a version', () => {
    const ticketAt = versionedRef('t');
    expect(ticketAt.parse({ t: 12, v: 3 })).toEqual({ t: 12, v: 3 });
    expect(ticketAt.safeParse({ t: 12 }).success).toBe(false);
    expect(ticketAt.safeParse({ t: 0, v: 3 }).success).toBe(false);
    expect(ticketAt.safeParse({ t: 12, v: 1.5 }).success).toBe(false);
    const withReason = ticketAt.extend({ r: z.enum(['parts']) });
    expect(withReason.parse({ t: 1, v: 1, r: 'parts' })).toEqual({ t: 1, v: 1, r: 'parts' });
  });
});
