/**
 * The room bookings benchmark (`BENCH_TARGETS=bookings npm run bench`): 20 rooms with 50,000 bookings stored (a
 * scratch database on the PostgreSQL server), then the answer to "เลือกวันที่" timed as the flow makes it: the
 * office's rooms and what holds them that day read (src/db/repos/room-bookings.ts), every room's slots worked out
 * and the carousel drawn. Prints p50 and p95 over repeated asks of different days; the target is a p95
 * under 50 ms.
 */
import { performance } from 'node:perf_hooks';
import { openDatabase, runMigrations } from '../src/db/database.ts';
import { heldBetween, listRooms, upsertRoom } from '../src/db/repos/room-bookings.ts';
import { roomBookings } from '../src/db/schema.ts';
import { DEFAULT_ROOM, slotsOfDay } from '../src/domain/bookings/rooms.ts';
import { bangkokTime } from '../src/domain/office-time.ts';
import { dayCarousel } from '../src/flows/bookings/cards.ts';
import { DEFAULT_OFFICE_ID, upsertDefaultChannel } from '../src/line/channels.ts';
import { createLogger } from '../src/logger.ts';
import { officeFactory } from '../test/support/factories.ts';
import type { Check } from './report.ts';

const ROOMS = Number(process.env.BENCH_BOOKING_ROOMS ?? 20);
const BOOKINGS = Number(process.env.BENCH_BOOKINGS ?? 50_000);
const ASKS = Number(process.env.BENCH_BOOKING_ASKS ?? 300);
const FIRST_DAY = Date.parse('2026-01-01T00:00:00Z');
const DAY_MS = 24 * 60 * 60 * 1000;
/** Bookings per room and day (of its 8 one-hour slots): some days full, most half taken. */
const PER_DAY = 6;

const dayKey = (n: number) => new Date(FIRST_DAY + n * DAY_MS).toISOString().slice(0, 10);
const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export async function benchBookings(databaseUrl: string, out: (line?: string) => void): Promise<Check[]> {
  const database = await openDatabase({ databaseUrl, dataDir: 'memory://', logger: createLogger('silent'), poolSize: 2 });
  try {
    await runMigrations(database);
    await upsertDefaultChannel(database.db, { officeName: 'สพป. ทดสอบ', channelSecret: 'bench-secret', channelAccessToken: 'bench-token' });
    const booker = (await officeFactory(database.db).person('ผู้จองทดสอบ', 'teacher')).id;
    const now = new Date(FIRST_DAY);
    for (let r = 0; r < ROOMS; r++) {
      await upsertRoom(database.db, DEFAULT_OFFICE_ID, { ...DEFAULT_ROOM, name: `ห้องทดสอบ ${String(r + 1).padStart(2, '0')}`, openDays: [0, 1, 2, 3, 4, 5, 6], maxDaysAhead: 3650 }, now);
    }
    const rooms = await listRooms(database.db, DEFAULT_OFFICE_ID);
    const perRoom = Math.ceil(BOOKINGS / rooms.length);
    const seeded = performance.now();
    let batch: Array<typeof roomBookings.$inferInsert> = [];
    let written = 0;
    for (const room of rooms) {
      for (let k = 0; k < perRoom && written < BOOKINGS; k++, written++) {
        const day = dayKey(Math.floor(k / PER_DAY));
        // Slots 0..5 of the day, the room's own order shifted so rooms differ.
        const slot = (k + room.id) % PER_DAY;
        const startsAt = bangkokTime(day, `${String(8 + slot).padStart(2, '0')}:30`);
        batch.push({ officeId: DEFAULT_OFFICE_ID, roomId: room.id, bookerId: booker, title: 'ประชุม', people: 5, startsAt, endsAt: new Date(startsAt.getTime() + 60 * 60 * 1000), state: 'confirmed', createdAt: now, updatedAt: now });
        if (batch.length === 1000) {
          await database.db.insert(roomBookings).values(batch);
          batch = [];
        }
      }
    }
    if (batch.length > 0) await database.db.insert(roomBookings).values(batch);
    await database.pool.query('analyze');
    out(`  bookings: ${rooms.length} rooms, ${written} bookings stored in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);

    const days = Math.ceil(perRoom / PER_DAY);
    const times: number[] = [];
    for (let i = 0; i < ASKS + 20; i++) {
      const day = dayKey((i * 37) % days);
      const t0 = performance.now();
      const list = await listRooms(database.db, DEFAULT_OFFICE_ID, { activeOnly: true });
      const from = bangkokTime(day);
      const held = await heldBetween(database.db, DEFAULT_OFFICE_ID, from, new Date(from.getTime() + DAY_MS));
      for (const room of list) slotsOfDay(room, day, held.get(room.id) ?? [], now);
      dayCarousel(list, day, held, now);
      // The first asks warm the pool's connections and the JIT: not counted.
      if (i >= 20) times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const p50 = percentile(times, 50);
    const p95 = percentile(times, 95);
    out(`  bookings: free slots of ${rooms.length} rooms for one day, ${ASKS} asks: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);
    return [{ what: `free slots of ${rooms.length} rooms for a day (${written} bookings), p95`, value: `${p95.toFixed(1)} ms`, target: '< 50 ms', pass: p95 < 50 }];
  } finally {
    await database.close();
  }
}
