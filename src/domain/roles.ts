import { z } from 'zod';

/**
 * The roles a person can hold. A teacher registers themselves; every other role is granted by an
 * admin's invitation (or a role change). `guest` is what is left when an admin revokes the role of
 * someone who has no school to fall back to: registered, allowed nothing but their own data.
 */
export const ROLES = [
  'teacher',
  'school_director',
  'technician',
  'saraban_clerk',
  'group_director',
  'area_director',
  'deputy_director',
  'admin',
  'guest',
] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** Roles an invitation may grant (a teacher needs none; nobody is invited to be a guest). */
export const INVITABLE_ROLES = [
  'school_director',
  'technician',
  'saraban_clerk',
  'group_director',
  'area_director',
  'deputy_director',
  'admin',
] as const satisfies readonly Role[];
export type InvitableRole = (typeof INVITABLE_ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  teacher: 'ครู',
  school_director: 'ผู้อำนวยการโรงเรียน',
  technician: 'นักวิชาการคอมฯ/ช่าง',
  saraban_clerk: 'เจ้าหน้าที่ธุรการ',
  group_director: 'ผู้อำนวยการกลุ่ม',
  area_director: 'ผอ.สพป.',
  deputy_director: 'รอง ผอ.สพป.',
  admin: 'ผู้ดูแลระบบ',
  guest: 'ผู้ใช้ทั่วไป',
};

/** Roles that belong to a school: the person must have one. */
export function roleNeedsSchool(role: Role): boolean {
  return role === 'teacher' || role === 'school_director';
}

/** The area office's own staff: every role but a school's and the guest. */
export const OFFICE_STAFF_ROLES: readonly Role[] = ROLES.filter((role) => !roleNeedsSchool(role) && role !== 'guest');

/** The rich menu families: one menu per family; several roles share the directors' menu. */
export const RICH_MENU_FAMILIES = ['teacher', 'school_director', 'technician', 'saraban', 'director', 'admin'] as const;
export const richMenuFamilySchema = z.enum(RICH_MENU_FAMILIES);
export type RichMenuFamily = z.infer<typeof richMenuFamilySchema>;

const FAMILY_OF: Record<Role, RichMenuFamily | null> = {
  teacher: 'teacher',
  school_director: 'school_director',
  technician: 'technician',
  saraban_clerk: 'saraban',
  group_director: 'director',
  area_director: 'director',
  deputy_director: 'director',
  admin: 'admin',
  // No per-user menu: the channel's default menu shows.
  guest: null,
};

/** Which rich menu family a person of this role sees (stored in `people.rich_menu_family`). */
export function richMenuFamilyOf(role: Role): RichMenuFamily | null {
  return FAMILY_OF[role];
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
