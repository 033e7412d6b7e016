import type { CommandEnv } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { addLetterEvent, lockLetter, registerLetter, updateLetter, type LetterPatch } from '../../db/repos/letters.ts';
import { officeNameOf } from '../../db/repos/letter-register.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, StaleError, assertNever } from '../../domain/errors.ts';
import type { CorrectableLetterField, LetterRegisterCommand } from '../../domain/saraban/commands.ts';
import { keepsDetails, letterKindSchema, secrecySchema, urgencySchema } from '../../domain/saraban/letter.ts';
import type { Letter } from '../../domain/saraban/view.ts';
import { announceNewLetter } from '../saraban-route/announce.ts';
import { canVoid, correctableFields } from './draft.ts';
import { canRegister } from './state.ts';
import { canAmendLetter } from '../../domain/saraban/access.ts';

/**
 * Carries out the clerk's side of the registers in the event's transaction. The step checked the role with
 * the person loaded for this event; it is checked again here, with the letter locked, the last line before
 * the change. A letter changed meanwhile fails the event: its retry finds the button stale. Logs carry ids
 * and numbers only, never what a letter says.
 */
export async function executeRegisterCommand(tx: Executor, cmd: LetterRegisterCommand, env: CommandEnv): Promise<void> {
  const { person, now, officeId } = env;
  switch (cmd.type) {
    case 'registerLetter': {
      if (!canRegister(person)) throw new ForbiddenError('register_letter');
      const { type: _type, year, number, ...fields } = cmd;
      // A sent letter is from this office: the send register's จาก column says so without asking the clerk.
      if (fields.register === 'send' && !fields.fromName) fields.fromName = await officeNameOf(tx, officeId);
      const letter = await registerLetter(tx, { officeId, registeredBy: person.id, ...fields }, now);
      // `prepare` locked the counter and told the clerk this number: anything else must not be committed.
      if (letter.year !== year || letter.number !== number) {
        throw new Error(`register number moved: expected ${number}/${year}, got ${letter.number}/${letter.year}`);
      }
      if (letter.register === 'receive') await announceNewLetter(tx, letter, { now });
      env.logger.info({ letterId: letter.id, register: letter.register, number: letter.number, year: letter.year }, 'letter registered');
      return;
    }
    case 'correctLetter': {
      if (!canRegister(person)) throw new ForbiddenError('register_letter');
      const letter = await current(tx, officeId, cmd.letterId, cmd.expectedVersion);
      if (!canAmendLetter(letter, person)) throw new ForbiddenError('register_letter');
      if (!correctableFields(letter).includes(cmd.field)) throw new ValidationError(`field ${cmd.field} cannot be corrected on this letter`);
      const after = checkedValue(cmd.field, cmd.value);
      const before = letter[cmd.field];
      if (before === after) return;
      const patch: LetterPatch = { [cmd.field]: after };
      if (!(await updateLetter(tx, officeId, letter.id, cmd.expectedVersion, patch, now))) throw new StaleError('letter changed meanwhile');
      // The history keeps both values (the register is the official record); logs get the field's name only.
      await addLetterEvent(tx, { letterId: letter.id, officeId, actorId: person.id, action: 'corrected', data: { field: cmd.field, before, after }, at: now });
      env.logger.info({ letterId: letter.id, field: cmd.field }, 'letter corrected');
      return;
    }
    case 'cancelLetter': {
      if (!canRegister(person)) throw new ForbiddenError('register_letter');
      const letter = await current(tx, officeId, cmd.letterId, cmd.expectedVersion);
      if (!canAmendLetter(letter, person)) throw new ForbiddenError('register_letter');
      if (!canVoid(letter.status)) throw new ConflictError('letter can no longer be cancelled');
      const patch: LetterPatch = { status: 'cancelled', cancelledAt: now, cancelReason: cmd.reason };
      if (!(await updateLetter(tx, officeId, letter.id, cmd.expectedVersion, patch, now))) throw new StaleError('letter changed meanwhile');
      await addLetterEvent(tx, { letterId: letter.id, officeId, actorId: person.id, action: 'cancelled', data: { reason: cmd.reason, statusBefore: letter.status }, at: now });
      env.logger.info({ letterId: letter.id, number: letter.number, year: letter.year }, 'letter number cancelled');
      return;
    }
    default:
      assertNever(cmd, 'unknown command');
  }
}

async function current(tx: Executor, officeId: string, letterId: number, expectedVersion: number): Promise<Letter> {
  const letter = await lockLetter(tx, officeId, letterId);
  if (!letter) throw new NotFoundError('letter');
  if (letter.status === 'cancelled') throw new ConflictError('letter is cancelled');
  if (letter.version !== expectedVersion) throw new StaleError('letter changed meanwhile');
  return letter;
}

/** The new value as stored: codes checked, ลับที่สุด never set in chat (it would drop the details). */
function checkedValue(field: CorrectableLetterField, value: string | null): string | null {
  switch (field) {
    case 'kind':
      return letterKindSchema.parse(value);
    case 'urgency':
      return urgencySchema.parse(value);
    case 'secrecy': {
      const secrecy = secrecySchema.parse(value);
      if (!keepsDetails(secrecy)) throw new ValidationError('top secret is not set by a correction');
      return secrecy;
    }
    case 'docDate':
      if (!value) throw new ValidationError('a letter keeps its date');
      return value;
    default:
      return value;
  }
}
