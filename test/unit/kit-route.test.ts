import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import type { FlowInput } from '../../src/bot/flow.ts';
import { definePostbackAction, type PostbackAction } from '../../src/line/postback.ts';
import { defineRoutes, on } from '../../src/kit/route.ts';

const accept = definePostbackAction('kr:accept', 'kit-route', z.object({ t: z.number(), v: z.number() }));
const visit = definePostbackAction('kr:visit', 'kit-route', z.object({ t: z.number() }));
const other = definePostbackAction('kr:other', 'kit-route', z.object({}));

const tap = (action: PostbackAction, payload: unknown, params = {}): FlowInput => ({ kind: 'postback', userId: 'U1', action, payload, params });

const route = defineRoutes<{ who: string }, string>([
  on(accept, (t, c) => `${c.who} accepts ${t.payload.t} at v${t.payload.v}`),
  on(visit, (t, c) => `${c.who} visits ${t.payload.t} on ${t.params.datetime ?? '-'}`),
]);

describe('routing buttons through a table', () => {
  it('a button goes to its handler, with its payload and the picker params', () => {
    expect(route(tap(accept, { t: 7, v: 2 }), { who: 'ช่าง' })).toBe('ช่าง accepts 7 at v2');
    expect(route(tap(visit, { t: 7 }, { datetime: '2027-03-01T09:00' }), { who: 'ช่าง' })).toBe('ช่าง visits 7 on 2027-03-01T09:00');
  });

  it('a button the table does not list, and anything typed, is not routed: the step decides what to answer', () => {
    expect(route(tap(other, {}), { who: 'ช่าง' })).toBeUndefined();
    expect(route({ kind: 'text', userId: 'U1', text: 'รับงาน' }, { who: 'ช่าง' })).toBeUndefined();
  });

  it('a button listed twice is a mistake found when the flow loads', () => {
    expect(() => defineRoutes([on(accept, () => 1), on(accept, () => 2)])).toThrow(/listed twice/);
  });
});
