import { z } from 'zod';

/**
 * Versioned buttons. A button that changes a record (a ticket, a letter, a loan) carries the record's id and
 * the version it was drawn for; when it is pressed, the record as it is now decides whether the button is
 * still current. A record changed meanwhile (someone else took the ticket, the letter was corrected) makes
 * the button stale: the person is told it is no longer valid, never that it did something it did not.
 * Pure: no I/O.
 */

/** A record's id as a button carries it. */
export const refId = z.number().int().positive();
/** The version of the record the button was drawn for. */
export const refVersion = z.number().int().positive();

type VersionedShape<K extends string> = { [P in K]: typeof refId } & { v: typeof refVersion };

/**
 * The `{id, v}` reference for a button's payload. The id keeps the one-letter name each capability's buttons
 * already carry (`t` a ticket, `l` a letter): LINE's 300 characters are short, and buttons already in people's
 * chats keep decoding after a deploy. Extend it with what else the button says: `versionedRef('t').extend({ r })`.
 */
export function versionedRef<K extends string>(idKey: K): z.ZodObject<VersionedShape<K>> {
  return z.object({ [idKey]: refId, v: refVersion } as VersionedShape<K>);
}

export interface Versioned {
  readonly version: number;
}

/**
 * Whether a button drawn for version `seen` is still current for the record as it is now. A record that is
 * gone, or a button (or a stored conversation) that carries no version, is not current.
 */
export function isCurrent(record: Versioned | null | undefined, seen: number | undefined): boolean {
  return record !== null && record !== undefined && seen !== undefined && record.version === seen;
}
