import { z } from 'zod';
import { definePostbackAction } from '../../line/postback.ts';
import { MENU_COMMANDS, menuCommandOf } from '../../line/rich-menus/commands.ts';
import { WAIT_REASONS } from './messages.ts';

export const REPAIR_WORK_FLOW = 'repair-work';

const id = z.number().int().positive();
/** Ticket id and the version the button was drawn for: a ticket changed since makes the button stale. */
const ticketAt = z.object({ t: id, v: z.number().int().positive() });

export const acceptAction = definePostbackAction('rw:accept', REPAIR_WORK_FLOW, ticketAt);
/** A datetime picker: the chosen time comes in the postback's params. */
export const visitAction = definePostbackAction('rw:visit', REPAIR_WORK_FLOW, ticketAt);
export const waitAction = definePostbackAction('rw:wait', REPAIR_WORK_FLOW, ticketAt);
export const waitReasonAction = definePostbackAction('rw:waitWhy', REPAIR_WORK_FLOW, ticketAt.extend({ r: z.enum(WAIT_REASONS) }));
export const resumeAction = definePostbackAction('rw:resume', REPAIR_WORK_FLOW, ticketAt);
export const resolveAction = definePostbackAction('rw:resolve', REPAIR_WORK_FLOW, ticketAt);
export const assignAction = definePostbackAction('rw:assign', REPAIR_WORK_FLOW, ticketAt);
export const assignToAction = definePostbackAction('rw:assignTo', REPAIR_WORK_FLOW, ticketAt.extend({ p: id }));
export const timelineAction = definePostbackAction('rw:timeline', REPAIR_WORK_FLOW, z.object({ t: id }));
export const skipAction = definePostbackAction('rw:skip', REPAIR_WORK_FLOW, z.object({}));

export const repairWorkActions = [
  acceptAction,
  visitAction,
  waitAction,
  waitReasonAction,
  resumeAction,
  resolveAction,
  assignAction,
  assignToAction,
  timelineAction,
  skipAction,
] as const;

export type RepairWorkMenu = 'newJobs' | 'myJobs' | 'repairSummary';

/** The rich-menu texts this flow answers: งานใหม่, งานของฉัน, สรุปงานซ่อม. */
export function repairWorkMenuOf(text: string): RepairWorkMenu | undefined {
  const command = menuCommandOf(text);
  return command === 'newJobs' || command === 'myJobs' || command === 'repairSummary' ? command : undefined;
}

export const REPAIR_WORK_MENU_TEXTS = [MENU_COMMANDS.newJobs, MENU_COMMANDS.myJobs, MENU_COMMANDS.repairSummary] as const;
