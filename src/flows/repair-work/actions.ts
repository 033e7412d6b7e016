import { z } from 'zod';
import { refId as id, versionedRef } from '../../kit/versioned.ts';
import { definePostbackAction } from '../../line/postback.ts';
import { MENU_COMMANDS, menuCommandOf } from '../../line/rich-menus/commands.ts';
import { WAIT_REASONS } from './messages.ts';

export const REPAIR_WORK_FLOW = 'repair-work';

/** Ticket id and the version the button was drawn for: a ticket changed since makes the button stale. */
const ticketAt = versionedRef('t');

export const acceptAction = definePostbackAction('rw:accept', REPAIR_WORK_FLOW, ticketAt);
/** A datetime picker: the chosen time comes in the postback's params. */
export const visitAction = definePostbackAction('rw:visit', REPAIR_WORK_FLOW, ticketAt);
export const waitAction = definePostbackAction('rw:wait', REPAIR_WORK_FLOW, ticketAt);
export const waitReasonAction = definePostbackAction('rw:waitWhy', REPAIR_WORK_FLOW, ticketAt.extend({ r: z.enum(WAIT_REASONS) }));
export const resumeAction = definePostbackAction('rw:resume', REPAIR_WORK_FLOW, ticketAt);
export const resolveAction = definePostbackAction('rw:resolve', REPAIR_WORK_FLOW, ticketAt);
export const assignAction = definePostbackAction('rw:assign', REPAIR_WORK_FLOW, ticketAt);
export const assignToAction = definePostbackAction('rw:assignTo', REPAIR_WORK_FLOW, ticketAt.extend({ p: id }));
/** Another page of technicians (`o`: the first one on it). */
export const assignMoreAction = definePostbackAction('rw:assignMore', REPAIR_WORK_FLOW, ticketAt.extend({ o: z.number().int().min(0) }));
export const timelineAction = definePostbackAction('rw:timeline', REPAIR_WORK_FLOW, z.object({ t: id }));
/** All the ticket's photos, sent as images (read only, like the timeline: no version). */
export const photosAction = definePostbackAction('rw:photos', REPAIR_WORK_FLOW, z.object({ t: id }));
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
  assignMoreAction,
  timelineAction,
  photosAction,
  skipAction,
] as const;

export type RepairWorkMenu = 'newJobs' | 'myJobs' | 'repairSummary';

/** The rich-menu texts this flow answers: งานใหม่, งานของฉัน, สรุปงานซ่อม. */
export function repairWorkMenuOf(text: string): RepairWorkMenu | undefined {
  const command = menuCommandOf(text);
  return command === 'newJobs' || command === 'myJobs' || command === 'repairSummary' ? command : undefined;
}

export const REPAIR_WORK_MENU_TEXTS = [MENU_COMMANDS.newJobs, MENU_COMMANDS.myJobs, MENU_COMMANDS.repairSummary] as const;
