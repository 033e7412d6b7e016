import { z } from 'zod';
import { refId as id, versionedRef } from '../../kit/versioned.ts';
import { definePostbackAction } from '../../line/postback.ts';
import { menuCommandOf } from '../../line/rich-menus/commands.ts';
import type { Role } from '../../domain/roles.ts';

export const SARABAN_ROUTE_FLOW = 'saraban-route';

/** Letter id and the version the button was drawn for: a letter changed since makes the button stale. */
const letterAt = versionedRef('l');

/** The group director's "มอบหมาย" on a new letter's card. */
export const assignAction = definePostbackAction('sr:assign', SARABAN_ROUTE_FLOW, letterAt);
/** The officer chosen (a quick reply). */
export const assignToAction = definePostbackAction('sr:to', SARABAN_ROUTE_FLOW, letterAt.extend({ p: id }));
/** The next page of names (`o` = how many were shown before). */
export const morePeopleAction = definePostbackAction('sr:more', SARABAN_ROUTE_FLOW, letterAt.extend({ o: z.number().int().min(0) }));
/** "ไม่มี": no instruction. */
export const noInstructionAction = definePostbackAction('sr:none', SARABAN_ROUTE_FLOW, z.object({}));
/** The officer's "รับทราบ". */
export const acknowledgeAction = definePostbackAction('sr:ack', SARABAN_ROUTE_FLOW, letterAt);
export const cancelAction = definePostbackAction('sr:cancel', SARABAN_ROUTE_FLOW, z.object({}));

export const sarabanRouteActions = [assignAction, assignToAction, morePeopleAction, noInstructionAction, acknowledgeAction, cancelAction] as const;

export type RouteMenu = 'pendingLetters' | 'myLetters';

/**
 * The rich-menu texts this flow answers. "หนังสือรอพิจารณา" is the group director's here; the area and
 * deputy directors' same text belongs to the decision flow.
 */
export function routeMenuOf(text: string, role: Role | undefined): RouteMenu | undefined {
  const command = menuCommandOf(text);
  if (command === 'pendingLetters') return role === 'group_director' ? 'pendingLetters' : undefined;
  if (command === 'myLetters') return 'myLetters';
  return undefined;
}
