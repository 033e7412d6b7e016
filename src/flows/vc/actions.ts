import { z } from 'zod';
import { VC_ANSWERS, VC_PLATFORMS } from '../../domain/vc/session.ts';
import { refId as id, versionedRef } from '../../kit/versioned.ts';
import { definePostbackAction } from '../../line/postback.ts';

export const VC_FLOW = 'vc';

/** A session, or an invitation, and the version the button was drawn for. */
const sessionAt = versionedRef('s');
const invitationAt = versionedRef('i');
/**
 * A school's buttons on the invitation card: the session, and the version of the tapping school's invitation the card
 * was drawn for. The school is the person's own (read on the server), so one card serves every invited school: it
 * is drawn once for a thousand of them, and a card forwarded to another school acts only for that school.
 */
const schoolCardAt = versionedRef('s');
const name = z.string().min(1).max(60);

// ── Planning (the officer) ──
/** นัดประชุมใหม่. */
export const newSessionAction = definePostbackAction('vc:new', VC_FLOW, z.object({}));
/** The officer's list of sessions. */
export const listAction = definePostbackAction('vc:list', VC_FLOW, z.object({}));
/** The start (a date-and-time picker: the value comes in the postback's params). */
export const startAction = definePostbackAction('vc:from', VC_FLOW, z.object({}));
/** The end (a time picker). */
export const endAction = definePostbackAction('vc:to', VC_FLOW, z.object({}));
export const platformAction = definePostbackAction('vc:pf', VC_FLOW, z.object({ p: z.enum(VC_PLATFORMS) }));
/** A room free at the session's time (0 = no room). */
export const roomAction = definePostbackAction('vc:room', VC_FLOW, z.object({ r: z.number().int().min(0) }));
/** A VC kit free on the session's day (0 = none): reserved with the session. */
export const kitAction = definePostbackAction('vc:kit', VC_FLOW, z.object({ k: z.number().int().min(0) }));
/** A technician put on (or taken off) the session's team; the team chosen. */
export const teamAction = definePostbackAction('vc:team', VC_FLOW, z.object({ p: id }));
export const teamDoneAction = definePostbackAction('vc:teamOk', VC_FLOW, z.object({}));
export const audienceAction = definePostbackAction('vc:aud', VC_FLOW, z.object({ k: z.enum(['all', 'district', 'cluster', 'schools']) }));
/** A district or a cluster, by name. */
export const groupAction = definePostbackAction('vc:grp', VC_FLOW, z.object({ n: name }));
/** A page of a picker (districts, clusters, schools). */
export const pageAction = definePostbackAction('vc:page', VC_FLOW, z.object({ o: z.number().int().min(0) }));
/** A school chosen (or taken out again) for the invitation. */
export const schoolAction = definePostbackAction('vc:sch', VC_FLOW, z.object({ c: id }));
export const schoolsDoneAction = definePostbackAction('vc:schOk', VC_FLOW, z.object({}));
/** แสดงทั้งหมด: the schools picker back to every school after a typed name narrowed it. */
export const schoolsAllAction = definePostbackAction('vc:schAll', VC_FLOW, z.object({}));
export const confirmAction = definePostbackAction('vc:ok', VC_FLOW, z.object({}));
export const quitAction = definePostbackAction('vc:quit', VC_FLOW, z.object({}));

// ── Watching and closing a session (the officer) ──
export const byDistrictAction = definePostbackAction('vc:dist', VC_FLOW, z.object({ s: id }));
export const unansweredAction = definePostbackAction('vc:wait', VC_FLOW, z.object({ s: id }));
/**
 * The attendance picker of a session: a paging button (`o`) keeps what was typed to narrow it; without `o` (the card's
 * บันทึกผู้เข้าร่วม, แสดงทั้งหมด) it shows every school.
 */
export const attendanceAction = definePostbackAction('vc:att', VC_FLOW, z.object({ s: id, o: z.number().int().min(0).optional() }));
/** A school ticked (or unticked) as attended by the officer. */
export const tickAction = definePostbackAction('vc:tick', VC_FLOW, invitationAt.extend({ o: z.number().int().min(0).optional() }));
/** The evaluation sent to the schools that attended. */
export const sendEvaluationAction = definePostbackAction('vc:evalSend', VC_FLOW, sessionAt);
/** The session's report to the area director (the session is then ended). */
export const reportAction = definePostbackAction('vc:report', VC_FLOW, sessionAt);

// ── Cancelling and moving a session (the officer, before its start) ──
/** ยกเลิกการประชุม: asks to confirm. */
export const cancelAction = definePostbackAction('vc:cancel', VC_FLOW, sessionAt);
/** ยืนยันยกเลิก: the session is cancelled and the schools told. */
export const cancelConfirmAction = definePostbackAction('vc:cancelOk', VC_FLOW, sessionAt);
/** ย้ายเวลา: asks the new start and end (the planning's pickers), then a summary. */
export const moveAction = definePostbackAction('vc:move', VC_FLOW, sessionAt);
/** ยืนยันย้ายเวลา: the session, its room and kit move; the schools are told. */
export const moveConfirmAction = definePostbackAction('vc:moveOk', VC_FLOW, z.object({}));

// ── The school ──
export const answerAction = definePostbackAction('vc:ans', VC_FLOW, schoolCardAt.extend({ a: z.enum(VC_ANSWERS) }));
/** Who the school sends: asked as typed text. */
export const delegateAction = definePostbackAction('vc:who', VC_FLOW, schoolCardAt);
/** เข้าร่วมแล้ว. */
export const attendedAction = definePostbackAction('vc:here', VC_FLOW, schoolCardAt);
/** One answer of the evaluation: question `q` (0–2) scored `n` (1–5). */
export const scoreAction = definePostbackAction('vc:score', VC_FLOW, z.object({ i: id, q: z.number().int().min(0).max(2), n: z.number().int().min(1).max(5) }));

export const vcActions = [
  newSessionAction,
  listAction,
  startAction,
  endAction,
  platformAction,
  roomAction,
  kitAction,
  teamAction,
  teamDoneAction,
  audienceAction,
  groupAction,
  pageAction,
  schoolAction,
  schoolsAllAction,
  schoolsDoneAction,
  confirmAction,
  quitAction,
  byDistrictAction,
  unansweredAction,
  attendanceAction,
  tickAction,
  sendEvaluationAction,
  reportAction,
  cancelAction,
  cancelConfirmAction,
  moveAction,
  moveConfirmAction,
  answerAction,
  delegateAction,
  attendedAction,
  scoreAction,
] as const;
