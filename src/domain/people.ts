import type { Role } from './roles.ts';

/** The name left in records that must stay after a person asked for their data to be deleted. */
export const DELETED_PERSON_NAME = 'ผู้ใช้ที่ลบแล้ว';

export const PERSON_STATUSES = ['active', 'inactive', 'deleted'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

/** A person as the flows see them (loaded by the dispatcher for every event). */
export interface Person {
  id: number;
  officeId: string;
  channelId: string;
  lineUserId: string | null;
  fullName: string;
  phone: string | null;
  role: Role;
  schoolId: number | null;
  schoolName: string | null;
  status: PersonStatus;
  consentAt: Date | null;
  createdAt: Date;
}

/** Names are typed freely; only the length and blank input are checked. */
export function normalizeFullName(text: string): string | null {
  const name = text.trim().replace(/\s+/g, ' ');
  if (name.length < 2 || name.length > 100) return null;
  if (/^[\d\s\-+]+$/.test(name)) return null;
  return name;
}

/** A person who can be pushed to (has a LINE id on a channel). */
export interface Reachable {
  id: number;
  fullName: string;
  lineUserId: string;
  channelId: string;
}

/** A person of the office listed with their role (saraban routing, pickers). */
export interface GroupPerson extends Reachable {
  role: Role;
  status: string;
}

