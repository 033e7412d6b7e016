import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Database } from '../../src/db/database.ts';
import { routeOfSql } from '../../src/db/repos/outbox.ts';
import { routeOf, type SendRoute } from '../../src/domain/reply-or-push.ts';
import { createTestDatabase } from '../support/database.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.close());

const now = new Date(Date.UTC(2026, 11, 6, 3, 0, 0));
const ms = (offset: number) => new Date(now.getTime() + offset);

describe('the outbox SQL decides reply or push as the one rule does', () => {
  // Every kind of row: no route yet or one started, with or without a token, a deadline gone, now, ahead or none.
  const previousRoutes: (SendRoute | null)[] = [null, 'reply', 'push'];
  const tokens: (string | null)[] = [null, 'rt'];
  const deadlines: (Date | null)[] = [null, ms(-1), ms(0), ms(1), ms(50_000)];
  const cases = previousRoutes.flatMap((previousRoute) =>
    tokens.flatMap((replyToken) => deadlines.map((replyDeadline) => ({ previousRoute, replyToken, replyDeadline }))),
  );

  it('routeOfSql gives routeOf\'s answer for each of them', async () => {
    const expression = routeOfSql({ previousRoute: '$1::text', replyToken: '$2::text', replyDeadline: '$3::timestamptz' }, now);
    for (const row of cases) {
      const result = await database.pool.query<{ route: SendRoute }>(`select ${expression} as route`, [
        row.previousRoute,
        row.replyToken,
        row.replyDeadline?.toISOString() ?? null,
      ]);
      expect({ ...row, route: result.rows[0]!.route }).toEqual({ ...row, route: routeOf(row, now) });
    }
  });
});
