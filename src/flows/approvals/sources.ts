import type { AnyPendingDecisionSource } from '../../kit/pending-decisions.ts';
import { lettersToDecide } from '../saraban-decide/pending-decisions.ts';
import { lettersToAssign } from '../saraban-route/pending-decisions.ts';
import { bookingsToApprove } from '../bookings/pending-decisions.ts';
import { loansToApprove, loansToEndorse } from '../loans/pending-decisions.ts';
import { extensionsToDecide } from '../loans-desk/pending-decisions.ts';
import { accessToApprove } from '../access/pending-decisions.ts';

/**
 * Every kind of decision "รายการรออนุมัติ" gathers, in the order shown. A capability that asks someone to decide
 * adds its source here.
 */
export const PENDING_DECISION_SOURCES: readonly AnyPendingDecisionSource[] = [lettersToDecide, lettersToAssign, loansToApprove, loansToEndorse, extensionsToDecide, bookingsToApprove, accessToApprove];
