import { createHash, randomInt } from 'node:crypto';
import type { Role } from './roles.ts';

/**
 * Invitation codes: short enough to type from a printed note, never ambiguous (no 0/O, 1/I/L), stored
 * only as a hash. A person types the code, or sends "รหัสเชิญ <code>", or opens the link from
 * `invitationLink` that prefills that message in the Official Account's chat.
 */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;
/** The words in front of a code in a message: "รหัสเชิญ ABCD-EFGH". */
export const INVITATION_PREFIX = 'รหัสเชิญ';

export function generateInvitationCode(random: (max: number) => number = randomInt): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i += 1) code += ALPHABET[random(ALPHABET.length)];
  return formatInvitationCode(code);
}

/** ABCDEFGH → ABCD-EFGH */
export function formatInvitationCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** The code as hashed: upper case, no spaces or dashes; null when it cannot be a code. */
export function normalizeInvitationCode(text: string): string | null {
  const cleaned = text.trim().toUpperCase().replace(/[\s-]/g, '');
  if (cleaned.length !== CODE_LENGTH) return null;
  for (const ch of cleaned) if (!ALPHABET.includes(ch)) return null;
  return cleaned;
}

export function hashInvitationCode(normalized: string): string {
  return createHash('sha256').update(`invitation:${normalized}`).digest('hex');
}

/**
 * Whether a text is about an invitation code rather than anything else a person might type (a name): it starts
 * with "รหัสเชิญ", or it is written as a code, four and four characters of the code's alphabet with a dash
 * ("ABCD-EFGH"). A well-formed code is not required: a mistyped one is still not a name.
 */
export function looksLikeInvitationCode(text: string): boolean {
  const trimmed = text.trim();
  if (/^รหัสเชิญ/u.test(trimmed)) return true;
  return /^[A-Za-z0-9]{4}\s*-\s*[A-Za-z0-9]{4}$/.test(trimmed);
}

/** The code in a message "รหัสเชิญ ABCD-EFGH" (the prefilled message of the link), or null. */
export function invitationCodeInMessage(text: string): string | null {
  const match = /^\s*รหัสเชิญ\s*[:：]?\s*(.+)$/u.exec(text);
  return match ? normalizeInvitationCode(match[1]!) : null;
}

export function invitationMessage(code: string): string {
  return `${INVITATION_PREFIX} ${code}`;
}

/**
 * A link that opens the chat with the Official Account and fills in a message, as LINE documents
 * (`https://line.me/R/oaMessage/{basic id}/?{text}`): the person only has to press send. Turned into a
 * QR code it can be scanned. Needs the OA's basic id (e.g. "@123abcde").
 */
export function oaMessageLink(basicId: string, text: string): string {
  return `https://line.me/R/oaMessage/${encodeURIComponent(basicId)}/?${encodeURIComponent(text)}`;
}

export function invitationLink(basicId: string, code: string): string {
  return oaMessageLink(basicId, invitationMessage(code));
}

export type InvitationStatus = 'valid' | 'used' | 'expired' | 'unknown';

export function invitationStatus(
  invitation: { usedAt: Date | null; expiresAt: Date } | null | undefined,
  now: Date,
): InvitationStatus {
  if (!invitation) return 'unknown';
  if (invitation.usedAt) return 'used';
  if (invitation.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'valid';
}

/** A stored invitation as the registration flow sees it (src/db/repos/invitations.ts fills it). */
export interface Invitation {
  id: number;
  officeId: string;
  role: Role;
  schoolId: number | null;
  schoolName: string | null;
  expiresAt: Date;
  usedAt: Date | null;
}

