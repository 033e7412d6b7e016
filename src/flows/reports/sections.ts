import type { ReportSectionDefinition } from '../../reports/model.ts';
import { loansReportSection } from '../loans/report-section.ts';
import { repairReportSection } from '../repair-work/report-section.ts';
import { sarabanReportSection } from '../saraban-keep/report-section.ts';
import { lineMessagesReportSection } from './line-messages-section.ts';
import { bookingsReportSection } from '../bookings/report-section.ts';
import { vcReportSection } from '../vc/report-section.ts';

/**
 * THE list of report sections, in the order the report shows them. A work area adds its section here (one
 * import, one entry): see src/reports/README.md.
 */
export const REPORT_SECTIONS: readonly ReportSectionDefinition[] = [repairReportSection, sarabanReportSection, loansReportSection, bookingsReportSection, vcReportSection, lineMessagesReportSection];
