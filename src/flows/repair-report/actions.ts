import { z } from 'zod';
import { categoryGroupSchema } from '../../domain/repair/categories.ts';
import { definePostbackAction } from '../../line/postback.ts';
import { CLASSROOM_MAX } from './messages.ts';

export const REPAIR_REPORT_FLOW = 'repair-report';

/**
 * Every button of a report carries the draft's id (`d`, its start time): a button from an earlier
 * draft is stale rather than acting on the one in progress.
 */
const draft = { d: z.number().int().nonnegative() };
const id = z.number().int().positive();

export const startReportAction = definePostbackAction('rpt:start', REPAIR_REPORT_FLOW, z.object({}));
export const groupAction = definePostbackAction('rpt:group', REPAIR_REPORT_FLOW, z.object({ ...draft, g: categoryGroupSchema }));
export const categoryAction = definePostbackAction('rpt:cat', REPAIR_REPORT_FLOW, z.object({ ...draft, id }));
export const photosDoneAction = definePostbackAction('rpt:photosDone', REPAIR_REPORT_FLOW, z.object(draft));
export const noClassroomAction = definePostbackAction('rpt:noRoom', REPAIR_REPORT_FLOW, z.object(draft));
/** A classroom of the school's DLTV register, offered at the classroom question of a DLTV fault (`c`: its name). */
export const classroomAction = definePostbackAction('rpt:room', REPAIR_REPORT_FLOW, z.object({ ...draft, c: z.string().min(1).max(CLASSROOM_MAX) }));
export const teachingAction = definePostbackAction('rpt:teach', REPAIR_REPORT_FLOW, z.object({ ...draft, s: z.boolean() }));
export const confirmReportAction = definePostbackAction('rpt:confirm', REPAIR_REPORT_FLOW, z.object(draft));
export const editReportAction = definePostbackAction('rpt:edit', REPAIR_REPORT_FLOW, z.object(draft));
export const EDIT_FIELDS = ['kind', 'description', 'photos', 'classroom', 'teaching'] as const;
export type EditField = (typeof EDIT_FIELDS)[number];
export const editFieldAction = definePostbackAction('rpt:editField', REPAIR_REPORT_FLOW, z.object({ ...draft, f: z.enum(EDIT_FIELDS) }));
export const cancelReportAction = definePostbackAction('rpt:cancel', REPAIR_REPORT_FLOW, z.object(draft));
/** Add this report to the school's open ticket `t` of the same kind. */
export const mergeReportAction = definePostbackAction('rpt:merge', REPAIR_REPORT_FLOW, z.object({ ...draft, t: id }));
/** Open a ticket of its own even though the school has an open one of the same kind. */
export const newTicketAnywayAction = definePostbackAction('rpt:new', REPAIR_REPORT_FLOW, z.object(draft));

export const repairReportActions = [
  startReportAction,
  groupAction,
  categoryAction,
  photosDoneAction,
  noClassroomAction,
  classroomAction,
  teachingAction,
  confirmReportAction,
  editReportAction,
  editFieldAction,
  cancelReportAction,
  mergeReportAction,
  newTicketAnywayAction,
] as const;
