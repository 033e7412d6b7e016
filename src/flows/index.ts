import type { AnyFlow } from '../bot/flow.ts';
import { adminFlow } from './admin/flow.ts';
import { approvalsFlow } from './approvals/flow.ts';
import { greetingFlow } from './greeting/flow.ts';
import { loansDeskFlow } from './loans-desk/flow.ts';
import { myInfoFlow } from './my-info/flow.ts';
import { registrationFlow } from './registration/flow.ts';
import { repairReportFlow } from './repair-report/flow.ts';
import { repairTrackFlow } from './repair-track/flow.ts';
import { repairWorkFlow } from './repair-work/flow.ts';
import { sarabanKeepFlow } from './saraban-keep/flow.ts';
import { sarabanDecideFlow } from './saraban-decide/flow.ts';
import { sarabanRouteFlow } from './saraban-route/flow.ts';
import { sarabanRegisterFlow } from './saraban-register/flow.ts';
import { reportsFlow } from './reports/flow.ts';
import { bookingsFlow } from './bookings/flow.ts';
import { loansFlow } from './loans/flow.ts';
import { surveysFlow } from './surveys/flow.ts';
import { surveyRoundsFlow } from './survey-rounds/flow.ts';
import { vcFlow } from './vc/flow.ts';
import { accessFlow } from './access/flow.ts';
import { surveyContactFlow } from './survey-contact/flow.ts';

/**
 * Every flow of the service, in priority order: registration first (it takes every follow and anything
 * from an unregistered user), the catch-all greeting last.
 */
export const allFlows: readonly AnyFlow[] = [registrationFlow, myInfoFlow, adminFlow, repairReportFlow, repairTrackFlow, repairWorkFlow, sarabanDecideFlow, sarabanKeepFlow, sarabanRouteFlow, sarabanRegisterFlow, reportsFlow, bookingsFlow, loansFlow, accessFlow, surveysFlow, surveyRoundsFlow, surveyContactFlow, vcFlow, approvalsFlow, loansDeskFlow, greetingFlow];
