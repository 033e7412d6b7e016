import { z } from 'zod';
import { refId as id, versionedRef } from '../../kit/versioned.ts';
import { definePostbackAction } from '../../line/postback.ts';

export const REPAIR_TRACK_FLOW = 'repair-track';

/** Ticket id and the version the button was drawn for: a ticket changed since makes the button stale. */
const ticketAt = versionedRef('t');

export const trackOpenAction = definePostbackAction('rtk:open', REPAIR_TRACK_FLOW, z.object({}));
/** "ยกเลิกการแจ้ง" on a new ticket: asks once more before cancelling. */
export const cancelTicketAction = definePostbackAction('rtk:cancel', REPAIR_TRACK_FLOW, ticketAt);
export const cancelTicketYesAction = definePostbackAction('rtk:cancelYes', REPAIR_TRACK_FLOW, ticketAt);
export const keepTicketAction = definePostbackAction('rtk:keep', REPAIR_TRACK_FLOW, z.object({}));
/** The school's answer to "resolved — please confirm": ใช้งานได้แล้ว / ยังใช้ไม่ได้. */
export const confirmFixedAction = definePostbackAction('rtk:confirm', REPAIR_TRACK_FLOW, ticketAt);
export const reopenAction = definePostbackAction('rtk:reopen', REPAIR_TRACK_FLOW, ticketAt);
/** Opens the 1–5 choice for a finished ticket (from its card). */
export const rateOpenAction = definePostbackAction('rtk:rateOpen', REPAIR_TRACK_FLOW, z.object({ t: id }));
export const rateAction = definePostbackAction('rtk:rate', REPAIR_TRACK_FLOW, z.object({ t: id, s: z.number().int().min(1).max(5) }));

export const repairTrackActions = [
  trackOpenAction,
  cancelTicketAction,
  cancelTicketYesAction,
  keepTicketAction,
  confirmFixedAction,
  reopenAction,
  rateOpenAction,
  rateAction,
] as const;
