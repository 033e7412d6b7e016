import { z } from 'zod';
import { definePostbackAction } from '../../line/postback.ts';
import { INVITABLE_ROLES, ROLE_LABELS, ROLES, type Role } from '../../domain/roles.ts';
import type { FlowInput } from '../../bot/flow.ts';
import { menuCommandOf } from '../../line/rich-menus/commands.ts';

export const ADMIN_FLOW = 'admin';
/** Texts that open the admin menu (typed, or from the admin rich menu's message action). */
export const ADMIN_KEYWORDS: ReadonlySet<string> = new Set(['ผู้ดูแลระบบ', 'เมนูผู้ดูแล', 'admin']);

const role = z.enum(ROLES);
export const adminMenuAction = definePostbackAction('adm:menu', ADMIN_FLOW, z.object({}));
export const inviteAction = definePostbackAction('adm:invite', ADMIN_FLOW, z.object({}));
export const inviteRoleAction = definePostbackAction('adm:invRole', ADMIN_FLOW, z.object({ r: z.enum(INVITABLE_ROLES) }));
export const inviteSchoolAction = definePostbackAction('adm:invSchool', ADMIN_FLOW, z.object({ id: z.number().int().positive() }));
export const listAction = definePostbackAction('adm:list', ADMIN_FLOW, z.object({}));
export const listRoleAction = definePostbackAction('adm:listRole', ADMIN_FLOW, z.object({ r: role }));
export const roleAction = definePostbackAction('adm:role', ADMIN_FLOW, z.object({}));
export const pickPersonAction = definePostbackAction('adm:pick', ADMIN_FLOW, z.object({ id: z.number().int().positive() }));
/** `f`: the role the admin saw; a button pressed after the role changed meanwhile is stale. */
export const setRoleAction = definePostbackAction('adm:setRole', ADMIN_FLOW, z.object({ id: z.number().int().positive(), r: role, f: role }));
export const revokeAction = definePostbackAction('adm:revoke', ADMIN_FLOW, z.object({ id: z.number().int().positive(), f: role }));
export const searchAgainAction = definePostbackAction('adm:again', ADMIN_FLOW, z.object({}));

export const adminActions = [
  adminMenuAction,
  inviteAction,
  inviteRoleAction,
  inviteSchoolAction,
  listAction,
  listRoleAction,
  roleAction,
  pickPersonAction,
  setRoleAction,
  revokeAction,
  searchAgainAction,
] as const;

/**
 * The admin rich menu's tiles เชิญผู้ใช้ and รายชื่อผู้ใช้ (typed or tapped, in or out of an admin step):
 * they open what they name, as the menu's buttons do.
 */
type AdminTile = 'inviteUser' | 'listUsers';
export function adminTileOf(input: FlowInput): AdminTile | undefined {
  if (input.kind !== 'text') return undefined;
  const tile = menuCommandOf(input.text);
  return tile === 'inviteUser' || tile === 'listUsers' ? tile : undefined;
}

/**
 * A role named in text where the bot asks which role: its label exactly (ครู, ผอ.สพป.), or the one label that
 * contains what was typed (ช่าง → นักวิชาการคอมฯ/ช่าง); undefined otherwise.
 */
export function typedRole<R extends Role>(text: string, roles: readonly R[]): R | undefined {
  const t = text.trim();
  if (t.length === 0) return undefined;
  const exact = roles.find((r) => ROLE_LABELS[r] === t);
  if (exact) return exact;
  const containing = roles.filter((r) => ROLE_LABELS[r].includes(t));
  return containing.length === 1 ? containing[0] : undefined;
}
