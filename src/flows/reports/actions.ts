import { z } from 'zod';
import { reportPeriodKeySchema } from '../../domain/report-period.ts';
import { definePostbackAction } from '../../line/postback.ts';

export const REPORTS_FLOW = 'reports';

/** A period's report: `2027-03` or `fy2570`. */
export const reportPeriodAction = definePostbackAction('rep:period', REPORTS_FLOW, z.object({ k: reportPeriodKeySchema }));
/** The month of the date picked in the calendar (the picker's `params.date`). */
export const reportMonthAction = definePostbackAction('rep:month', REPORTS_FLOW, z.object({}));

export const reportsActions = [reportPeriodAction, reportMonthAction] as const;
