import type { RepairTicket } from '../../db/repos/repair-tickets.ts';
import { xlsxWorkbook, type XlsxColumn } from '../../reports/xlsx.ts';
import type { OfficeClock } from './clock.ts';
import { CSV_HEADER } from './csv.ts';
import { metTarget } from './figures.ts';
import { PRIORITY_LABELS, repairWorkLabels, STATUS_LABELS } from './messages.ts';

/** The repair export as an Excel file: the CSV's columns, times as dates (Bangkok), minutes and ratings as numbers. */

const WIDTHS = [14, 18, 28, 14, 20, 40, 12, 16, 22, 20, 20, 18, 18, 18, 18, 18, 18, 14, 16, 10, 30, 24, 8];
const TYPES: Array<XlsxColumn['type']> = ['text', 'datetime', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'datetime', 'datetime', 'datetime', 'datetime', 'datetime', 'datetime', 'number', 'number', 'text', 'text', 'text', 'number'];

export function ticketsXlsx(tickets: readonly RepairTicket[], clock: OfficeClock, now: Date): Promise<Buffer> {
  const columns = CSV_HEADER.map((header, i) => ({ header, width: WIDTHS[i] ?? 16, type: TYPES[i] ?? 'text' }));
  const reasons = repairWorkLabels.waitReasons as Record<string, string>;
  const rows = tickets.map((t) => {
    const met = metTarget(t, now);
    return [
      t.number,
      t.createdAt,
      t.schoolName,
      t.district,
      t.categoryLabel,
      t.description,
      t.classroom,
      PRIORITY_LABELS[t.priority] ?? t.priority,
      t.status === 'waiting' && t.waitingReason ? `${STATUS_LABELS.waiting} (${reasons[t.waitingReason] ?? t.waitingReason})` : (STATUS_LABELS[t.status] ?? t.status),
      t.reporterName,
      t.assigneeName,
      t.acceptedAt,
      t.visitAt,
      t.resolvedAt,
      t.closedAt,
      t.acceptDueAt,
      t.resolveDueAt,
      t.acceptedAt ? clock.minutesBetween(t.createdAt, t.acceptedAt) : null,
      t.resolvedAt ? Math.max(0, clock.minutesBetween(t.createdAt, t.resolvedAt) - t.pausedOfficeMinutes) : null,
      met === null ? '' : met ? 'ทัน' : 'ไม่ทัน',
      t.resolution,
      t.partsUsed,
      t.rating,
    ];
  });
  return xlsxWorkbook([{ name: 'งานซ่อม', columns, rows }], { created: now });
}
