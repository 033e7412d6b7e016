import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import type { CommandEnv } from '../../src/bot/flow.ts';
import type { Database, Executor } from '../../src/db/database.ts';
import { reserveNextLetterNumber } from '../../src/db/repos/letter-register.ts';
import { findLetterByNumber, getLetter, listLetterEvents } from '../../src/db/repos/letters.ts';
import { findPersonByLineUser } from '../../src/db/repos/people.ts';
import { setRegisterStart } from '../../src/db/repos/register-counters.ts';
import type { LetterRegisterCommand } from '../../src/domain/saraban/commands.ts';
import type { LetterRegister } from '../../src/domain/saraban/letter.ts';
import type { Person } from '../../src/domain/people.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import { executeRegisterCommand } from '../../src/flows/saraban-register/execute.ts';
import { DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID, upsertDefaultChannel } from '../../src/line/channels.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase } from '../support/database.ts';
import { officeFactory } from '../support/factories.ts';

/**
 * The register numbers as the clerk's confirming event takes them: `prepare` reads the next number with
 * the counter locked, the flow's execute registers under it, all in one transaction.
 */
const OFFICE = DEFAULT_OFFICE_ID;
const NOW = bangkokTime('2027-03-01', '10:00');
let database: Database;
let clerk: Person;

beforeAll(async () => {
  database = await createTestDatabase();
  await upsertDefaultChannel(database.db, { officeName: 'สพป. ทดสอบ', channelSecret: 's', channelAccessToken: 't' });
  await officeFactory(database.db, OFFICE).person('สารบรรณ', 'saraban_clerk', { lineUserId: 'Uclerk' });
  clerk = (await findPersonByLineUser(database.db, DEFAULT_CHANNEL_ID, 'Uclerk'))!;
});
afterAll(async () => database.close());
beforeEach(async () => {
  await database.db.execute(sql`truncate letter_events, letter_notices, letters, register_counters cascade`);
});

const env = (now: Date): CommandEnv => ({ channelId: DEFAULT_CHANNEL_ID, officeId: OFFICE, lineUserId: 'Uclerk', now, person: clerk, logger: createLogger('silent') });

/** One confirming event's database work: read the number, register under it. */
async function registerIn(tx: Executor, now: Date, register: LetterRegister = 'receive', subject = 'เรื่องทดสอบ'): Promise<{ year: number; number: number }> {
  const taken = await reserveNextLetterNumber(tx, OFFICE, register, now);
  const cmd: LetterRegisterCommand = {
    type: 'registerLetter', register, ...taken, docNo: 'ศธ 1/1', docDate: '2027-02-27', fromName: 'สพฐ.', toName: 'ผอ.', subject,
    kind: 'external', urgency: 'normal', actBy: null, secrecy: 'none', remarks: null, mediaIds: [],
  };
  await executeRegisterCommand(tx, cmd, env(now));
  return taken;
}
const register = (now = NOW, which: LetterRegister = 'receive') => database.db.transaction((tx) => registerIn(tx, now, which));

describe('register numbers given by the clerk’s confirmation', () => {
  it('gives 20 registrations at the same instant the numbers 1..20, each once, each the number its reply carried', async () => {
    const taken = await Promise.all(Array.from({ length: 20 }, () => register()));
    expect(taken.map((t) => t.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    for (const t of taken) expect(await findLetterByNumber(database.db, OFFICE, 'receive', 2570, t.number)).toMatchObject({ number: t.number, year: 2570 });
  });

  it('gives a rolled-back registration’s number to the next one: no gaps', async () => {
    await register();
    await expect(
      database.db.transaction(async (tx) => {
        await registerIn(tx, NOW);
        throw new Error('the reply could not be written');
      }),
    ).rejects.toThrow('could not be written');
    expect((await register()).number).toBe(2);
  });

  it('restarts numbering on 1 January in Bangkok: 31 Dec 23:59 and 1 Jan 00:00 fall in different years', async () => {
    await register(bangkokTime('2027-12-31', '23:58'));
    expect(await register(bangkokTime('2027-12-31', '23:59'))).toEqual({ year: 2570, number: 2 });
    expect(await register(bangkokTime('2028-01-01', '00:00'))).toEqual({ year: 2571, number: 1 });
  });

  it('keeps the receive and send registers apart', async () => {
    await register(NOW, 'receive');
    await register(NOW, 'receive');
    expect(await register(NOW, 'send')).toEqual({ year: 2570, number: 1 });
  });

  it('honours the office’s starting number for the year', async () => {
    await setRegisterStart(database.db, OFFICE, 'saraban_receive', 2570, 350);
    expect((await register()).number).toBe(350);
    expect((await register()).number).toBe(351);
  });

  it('keeps a cancelled number in the register, marked cancelled, and never gives it again', async () => {
    const first = await register();
    const letter = (await findLetterByNumber(database.db, OFFICE, 'receive', 2570, first.number))!;
    await database.db.transaction((tx) =>
      executeRegisterCommand(tx, { type: 'cancelLetter', letterId: letter.id, expectedVersion: 1, reason: 'ลงรับซ้ำ' }, env(NOW)),
    );
    expect(await getLetter(database.db, OFFICE, letter.id)).toMatchObject({ status: 'cancelled', cancelReason: 'ลงรับซ้ำ', version: 2 });
    expect((await register()).number).toBe(2);
  });
});

describe('corrections', () => {
  it('records the field’s value before and after, bumps the version, and refuses a correction drawn for an old version', async () => {
    const { number } = await register();
    const letter = (await findLetterByNumber(database.db, OFFICE, 'receive', 2570, number))!;
    const fix = (expectedVersion: number, value: string) =>
      database.db.transaction((tx) => executeRegisterCommand(tx, { type: 'correctLetter', letterId: letter.id, expectedVersion, field: 'subject', value }, env(NOW)));
    await fix(1, 'เรื่องที่ถูกต้อง');
    expect(await getLetter(database.db, OFFICE, letter.id)).toMatchObject({ subject: 'เรื่องที่ถูกต้อง', version: 2, number });
    const events = await listLetterEvents(database.db, letter.id);
    expect(events.at(-1)).toMatchObject({ action: 'corrected', actorId: clerk.id, data: { field: 'subject', before: 'เรื่องทดสอบ', after: 'เรื่องที่ถูกต้อง' } });
    // Stale, not a conflict: the dispatcher answers "this button is no longer valid" instead of retrying (the kit's executor rule).
    await expect(fix(1, 'อีกเรื่อง')).rejects.toMatchObject({ code: 'stale' });
    expect((await getLetter(database.db, OFFICE, letter.id))!.subject).toBe('เรื่องที่ถูกต้อง');
  });
});
