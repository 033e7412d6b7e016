import { z } from 'zod';
import { refId as id, versionedRef } from '../../kit/versioned.ts';
import { definePostbackAction } from '../../line/postback.ts';
import { actingKindSchema, decisionSchema, proposalAskSchema } from '../../domain/saraban/letter.ts';

export const SARABAN_DECIDE_FLOW = 'saraban-decide';

/** Letter id and the version the button was drawn for: a letter changed since makes the button stale. */
const letterAt = versionedRef('l');

/** The officer's "เสนอ" button on a letter (H-route's "หนังสือของฉัน" shows it too). */
export const proposeAction = definePostbackAction('sd:propose', SARABAN_DECIDE_FLOW, letterAt);
/** The director (or deputy) the officer proposes to. */
export const proposeToAction = definePostbackAction('sd:to', SARABAN_DECIDE_FLOW, letterAt.extend({ p: id }));
/** What is asked: ทราบ / พิจารณา / อนุมัติ / เห็นชอบ / สั่งการ. */
export const proposeAskAction = definePostbackAction('sd:ask', SARABAN_DECIDE_FLOW, letterAt.extend({ p: id, a: proposalAskSchema }));
/** "ไม่มี": no note (a proposal's note, a return's note). */
export const noNoteAction = definePostbackAction('sd:none', SARABAN_DECIDE_FLOW, z.object({}));
/** The director's decision on a proposed letter. */
export const decideAction = definePostbackAction('sd:decide', SARABAN_DECIDE_FLOW, letterAt.extend({ d: decisionSchema }));
/** Show a letter's decision card again (from the pending list). */
export const decisionCardAction = definePostbackAction('sd:card', SARABAN_DECIDE_FLOW, z.object({ l: id }));

/** Acting assignments (manage_acting): who is acted for, who acts, how, from/to dates, revoke. */
export const actingMenuAction = definePostbackAction('sd:actMenu', SARABAN_DECIDE_FLOW, z.object({}));
export const actingNewAction = definePostbackAction('sd:actNew', SARABAN_DECIDE_FLOW, z.object({}));
export const actingPrincipalAction = definePostbackAction('sd:actP', SARABAN_DECIDE_FLOW, z.object({ p: id }));
export const actingPersonAction = definePostbackAction('sd:actA', SARABAN_DECIDE_FLOW, z.object({ a: id }));
export const actingKindAction = definePostbackAction('sd:actK', SARABAN_DECIDE_FLOW, z.object({ k: actingKindSchema }));
/** Date pickers: the chosen date comes in the postback's params. */
export const actingFromAction = definePostbackAction('sd:actFrom', SARABAN_DECIDE_FLOW, z.object({}));
export const actingToAction = definePostbackAction('sd:actTo', SARABAN_DECIDE_FLOW, z.object({}));
/** No end date (until revoked). */
export const actingOpenEndAction = definePostbackAction('sd:actOpen', SARABAN_DECIDE_FLOW, z.object({}));
export const actingRevokeAction = definePostbackAction('sd:actRevoke', SARABAN_DECIDE_FLOW, z.object({ i: id }));
export const cancelAction = definePostbackAction('sd:cancel', SARABAN_DECIDE_FLOW, z.object({}));

export const sarabanDecideActions = [
  proposeAction,
  proposeToAction,
  proposeAskAction,
  noNoteAction,
  decideAction,
  decisionCardAction,
  actingMenuAction,
  actingNewAction,
  actingPrincipalAction,
  actingPersonAction,
  actingKindAction,
  actingFromAction,
  actingToAction,
  actingOpenEndAction,
  actingRevokeAction,
  cancelAction,
] as const;
