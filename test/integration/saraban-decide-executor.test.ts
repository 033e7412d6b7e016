import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import type { CommandEnv } from '../../src/bot/flow.ts';
import type { Database } from '../../src/db/database.ts';
import { insertActingAssignment } from '../../src/db/repos/letter-decisions.ts';
import { getLetter } from '../../src/db/repos/letters.ts';
import { findPersonByLineUser } from '../../src/db/repos/people.ts';
import { ForbiddenError, StaleError } from '../../src/domain/errors.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import type { Person } from '../../src/domain/people.ts';
import type { LetterDecisionCommand } from '../../src/domain/saraban/commands.ts';
import { executeDecide } from '../../src/flows/saraban-decide/execute.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase } from '../support/database.ts';
import { officeFactory } from '../support/factories.ts';

/**
 * The letter executor on the request kit (src/kit/execute.ts): with the letter locked it checks the version
 * the button was drawn for and who may act once more, and says what failed as a typed error the dispatcher
 * answers (stale → "no longer valid", forbidden → the denial); nothing changes then.
 */
const NOW = bangkokTime('2027-03-03', '10:00');
let database: Database;
let people: Record<'clerk' | 'officer' | 'other' | 'director' | 'deputy' | 'standIn', Person>;
let ids: Record<keyof typeof people, number>;

beforeAll(async () => {
  database = await createTestDatabase();
  const office = officeFactory(database.db);
  await office.channel();
  const make = async (name: string, role: string) => {
    const { lineUserId } = await office.person(name, role);
    return (await findPersonByLineUser(database.db, office.channelId, lineUserId!))!;
  };
  people = {
    clerk: await make('ธุรการ ขยัน', 'saraban_clerk'),
    officer: await make('เจ้าหน้าที่ ตั้งใจ', 'technician'),
    other: await make('เจ้าหน้าที่ อื่น', 'technician'),
    director: await make('นายใหญ่ ใจดี', 'area_director'),
    deputy: await make('นายรอง ขยัน', 'deputy_director'),
    standIn: await make('นางรอง สอง', 'deputy_director'),
  };
  ids = Object.fromEntries(Object.entries(people).map(([k, p]) => [k, p.id])) as typeof ids;
  await insertActingAssignment(
    database.db,
    { officeId: office.officeId, principalId: ids.director, actingId: ids.standIn, kind: 'acting', startsOn: '2027-03-01', endsOn: null, createdBy: ids.director },
    NOW,
  );
});
afterAll(async () => database.close());
beforeEach(async () => {
  await database.db.execute(sql`truncate letter_events, letter_notices, letters cascade`);
});

const env = (person: Person): CommandEnv => ({ channelId: person.channelId, officeId: person.officeId, lineUserId: person.lineUserId!, now: NOW, person, logger: createLogger('silent') });
const run = (person: Person, cmd: LetterDecisionCommand) => database.db.transaction((tx) => executeDecide(tx, cmd, env(person)));

async function proposedLetter(): Promise<{ id: number; version: number }> {
  const id = await officeFactory(database.db).letter({
    registeredAt: bangkokTime('2027-03-01', '09:00'),
    registeredBy: ids.clerk,
    status: 'proposed',
    assigneeId: ids.officer,
    proposedTo: ids.director,
    proposedAt: bangkokTime('2027-03-02', '09:00'),
  });
  return { id, version: (await getLetter(database.db, people.clerk.officeId, id))!.version };
}

async function acknowledgedLetter(): Promise<{ id: number; version: number }> {
  const id = await officeFactory(database.db).letter({ registeredAt: bangkokTime('2027-03-01', '09:00'), registeredBy: ids.clerk, status: 'acknowledged', assigneeId: ids.officer });
  return { id, version: (await getLetter(database.db, people.clerk.officeId, id))!.version };
}

const decide = (letter: { id: number; version: number }, version = letter.version): Extract<LetterDecisionCommand, { type: 'decideLetter' }> => ({
  type: 'decideLetter',
  letterId: letter.id,
  expectedVersion: version,
  decision: 'approved',
  text: null,
});

describe('deciding a letter through the request executor', () => {
  it('the director it was proposed to decides; a version drawn before is stale and changes nothing', async () => {
    const letter = await proposedLetter();
    await expect(run(people.director, decide(letter, letter.version - 1))).rejects.toThrow(StaleError);
    expect(await getLetter(database.db, people.clerk.officeId, letter.id)).toMatchObject({ status: 'proposed', version: letter.version });
    await run(people.director, decide(letter));
    expect(await getLetter(database.db, people.clerk.officeId, letter.id)).toMatchObject({ status: 'decided', decision: 'approved', decidedById: ids.director, decidedActing: null });
    // The same button again: the letter is at a new version now.
    await expect(run(people.director, decide(letter))).rejects.toThrow(StaleError);
  });

  it('a deputy who does not act for the director is refused (decide_letter); one who acts for them today decides รักษาราชการแทน', async () => {
    const letter = await proposedLetter();
    const refused = await run(people.deputy, decide(letter)).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(ForbiddenError);
    expect((refused as ForbiddenError).action).toBe('decide_letter');
    expect(await getLetter(database.db, people.clerk.officeId, letter.id)).toMatchObject({ status: 'proposed' });
    await run(people.standIn, decide(letter));
    expect(await getLetter(database.db, people.clerk.officeId, letter.id)).toMatchObject({ status: 'decided', decidedById: ids.standIn, decidedActing: 'acting' });
  });

  it('a letter decided at the version the button carries but no longer waiting is stale', async () => {
    const letter = await proposedLetter();
    await run(people.director, { ...decide(letter), decision: 'returned' });
    const returned = (await getLetter(database.db, people.clerk.officeId, letter.id))!;
    await expect(run(people.standIn, decide(returned))).rejects.toThrow(StaleError);
  });
});

describe('proposing a letter through the request executor', () => {
  const propose = (letter: { id: number; version: number }): LetterDecisionCommand => ({
    type: 'proposeLetter',
    letterId: letter.id,
    expectedVersion: letter.version,
    directorId: ids.director,
    ask: 'approve',
    note: null,
  });

  it('only the officer it was assigned to proposes, and proposes once', async () => {
    const letter = await acknowledgedLetter();
    await expect(run(people.other, propose(letter))).rejects.toThrow(ForbiddenError);
    await run(people.officer, propose(letter));
    const proposed = (await getLetter(database.db, people.clerk.officeId, letter.id))!;
    expect(proposed).toMatchObject({ status: 'proposed', proposedToId: ids.director });
    await expect(run(people.officer, propose(proposed))).rejects.toThrow(StaleError);
  });
});
