import type { Executor } from '../db/database.ts';
import { writeAudit } from '../db/repos/audit.ts';
import { ForbiddenError, NotFoundError, StaleError } from '../domain/errors.ts';
import type { Action } from '../domain/permissions.ts';
import type { Person } from '../domain/people.ts';
import type { LineMessage } from '../line/outbox.ts';
import type { Logger } from '../logger.ts';
import type { DecidingCapacity, RequestCheck, RequestState } from './requests.ts';

/**
 * The executor's side of the request kit: the last line before a change. A flow's step decided with the
 * row as it read it; here the row is locked (SELECT … FOR UPDATE, through its repository), and the
 * version the button was drawn for and the permission are checked once more, inside the event's
 * transaction. What fails is thrown as a typed domain error, which the dispatcher answers (src/bot/dispatcher.ts):
 * `StaleError` → "this button is no longer valid", `ForbiddenError` → the polite denial and an audit row.
 */

export interface LockedChange<R extends { version: number }, T> {
  /** How the row is named in errors and logs: an id only ("letter 12"), never a subject. */
  what: string;
  /** Locks the row for the rest of the transaction and reads it (a repository's `lock…`); null when gone. */
  lock: (tx: Executor) => Promise<R | null>;
  /** The version the person's button or form was drawn for. */
  expectedVersion: number;
  /** The permission a refusal names in the denial (the action the person tried). */
  action: Action;
  /** The request machine asked again with the row as locked (src/kit/requests.ts). */
  check: (row: R) => RequestCheck;
  /**
   * Makes the change (the row's update must still require `expectedVersion`, so nothing but this lock can
   * be relied on twice) and returns what the caller needs after it; null when the versioned update
   * found the row changed.
   */
  apply: (row: R, allowed: { to: RequestState; capacity: DecidingCapacity | null }) => Promise<T | null>;
}

/**
 * Locks, re-checks and changes one request row. Throws `NotFoundError` when the row is gone, `StaleError`
 * when it changed since the button was drawn (another version, or a state the event no longer leaves
 * from), `ForbiddenError` when the person may not (the role lacks the permission, or they are not the
 * requester or a decider of this request).
 */
export async function executeLocked<R extends { version: number }, T>(tx: Executor, change: LockedChange<R, T>): Promise<T> {
  const row = await change.lock(tx);
  if (!row) throw new NotFoundError(change.what);
  if (row.version !== change.expectedVersion) throw new StaleError(`${change.what} changed meanwhile`);
  const check = change.check(row);
  if (!check.ok) {
    switch (check.reason) {
      case 'illegal':
        throw new StaleError(`${change.what} is ${check.from}: the change no longer applies`);
      case 'not_allowed':
        throw new ForbiddenError(check.action, `${change.what}: ${check.action}`);
      default:
        throw new ForbiddenError(change.action, `${change.what}: ${check.reason}`);
    }
  }
  const done = await change.apply(row, { to: check.to, capacity: check.capacity });
  if (done === null) throw new StaleError(`${change.what} changed meanwhile`);
  return done;
}

/**
 * A change the database refused for a reason the person can act on (the room's time was taken a moment ago by
 * someone else): thrown by an executor with what the person is told instead of the step's answer (what is still
 * free). The dispatcher undoes the commands' writes, as for a `StaleError`, sends `messages` and ends the
 * conversation; the event is done, not retried (retrying could only find the same). With `keepConversation` the
 * conversation stays where it was before the event instead, so the answer's buttons can go on from the draft
 * (a booking refused for its equipment is booked without it in one tap).
 */
export class RefusedWithAnswer extends Error {
  readonly messages: LineMessage[];
  readonly keepConversation: boolean;
  constructor(messages: LineMessage[], reason: string, options: { keepConversation?: boolean } = {}) {
    super(reason);
    this.name = 'RefusedWithAnswer';
    this.messages = messages;
    this.keepConversation = options.keepConversation ?? false;
  }
}

export interface DenialEnv {
  officeId: string;
  person: Pick<Person, 'id' | 'role'> | null;
  now: Date;
  logger: Logger;
}

/**
 * The kit's own commands, which any flow's step may return and the dispatcher carries out itself (a
 * flow's `execute` takes only the flow's own commands).
 */
export type KitCommand = { type: 'recordDenial'; action: Action };

export function isKitCommand(cmd: { type: string }): cmd is KitCommand {
  return cmd.type === 'recordDenial';
}

export async function executeKitCommand(tx: Executor, cmd: KitCommand, env: DenialEnv): Promise<void> {
  await recordDenial(tx, env, cmd.action);
}

/**
 * A refused action: a warning in the log and a `permission_denied` row in the audit log, in the event's
 * transaction. Used for a step's own refusal (`deny` in src/kit/steps.ts) and for a `ForbiddenError`
 * thrown while executing.
 */
export async function recordDenial(tx: Executor, env: DenialEnv, action: string): Promise<void> {
  const { person } = env;
  env.logger.warn({ action, role: person?.role ?? null, personId: person?.id ?? null }, 'permission denied');
  await writeAudit(tx, {
    officeId: env.officeId,
    actorId: person?.id ?? null,
    action: 'permission_denied',
    subjectType: 'action',
    subjectId: action,
    details: { role: person?.role ?? null },
    at: env.now,
  });
}
