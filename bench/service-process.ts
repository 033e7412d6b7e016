/**
 * The real service in its own process for the benchmark (so its memory and CPU are its own), started
 * through `startService` from src/app.ts exactly as src/main.ts does, with settings from the environment.
 * Answers `backlog` with how many inbox events and outbox rows are still pending, and `report` (a period key
 * and the time to report at) with how long the report's PDF took, as the report page makes it.
 */
import { startService } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { countBacklog } from '../src/db/repos/operations.ts';
import { parseReportPeriodKey } from '../src/domain/report-period.ts';
import { buildOfficeReport } from '../src/flows/reports/build.ts';
import { DEFAULT_OFFICE_ID } from '../src/line/channels.ts';
import { reportPdf } from '../src/reports/report-pdf.ts';
import { createLogger } from '../src/logger.ts';
import { toParent } from './procs.ts';

try {
  const config = loadConfig();
  const service = await startService(config, { logger: createLogger(config.LOG_LEVEL) });
  process.on('message', (m: { type?: string; period?: string; now?: string }) => {
    if (m?.type === 'report') {
      const period = parseReportPeriodKey(m.period ?? '');
      const start = performance.now();
      if (!period) return void toParent({ type: 'error', error: `not a period: ${m.period}` });
      buildOfficeReport(service.database.db, { officeId: DEFAULT_OFFICE_ID, period, now: new Date(m.now ?? Date.now()) })
        .then(async (report) => ({ report, pdf: await reportPdf(report) }))
        .then(
          ({ report, pdf }) => toParent({ type: 'report', ms: performance.now() - start, bytes: pdf.length, sections: report.sections.length }),
          (err: unknown) => toParent({ type: 'error', error: String(err) }),
        );
    } else if (m?.type === 'backlog') {
      countBacklog(service.database.db).then(
          (backlog) => toParent({ type: 'backlog', ...backlog }),
          (err: unknown) => toParent({ type: 'error', error: String(err) }),
        );
    } else if (m?.type === 'stop') {
      void service.stop().finally(() => process.exit(0));
    }
  });
  toParent({ type: 'ready', url: service.url, pid: process.pid, database: service.database.kind });
} catch (err) {
  toParent({ type: 'error', error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
}
