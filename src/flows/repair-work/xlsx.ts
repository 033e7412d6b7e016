import type { RepairTicket } from '../../db/repos/repair-tickets.ts';
import { xlsxWorkbook, type XlsxColumn } from '../../reports/xlsx.ts';
import type { OfficeClock } from './clock.ts';
import { CSV_HEADER, ticketRow } from './csv.ts';

/** The repair export as an Excel file: the CSV's columns, times as dates (Bangkok), minutes and ratings as numbers. */

const WIDTHS = [14, 18, 28, 14, 20, 40, 12, 16, 22, 20, 20, 18, 18, 18, 18, 18, 18, 14, 16, 10, 30, 24, 8];
const TYPES: Array<XlsxColumn['type']> = ['text', 'datetime', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'datetime', 'datetime', 'datetime', 'datetime', 'datetime', 'datetime', 'number', 'number', 'text', 'text', 'text', 'number'];

export function ticketsXlsx(tickets: readonly RepairTicket[], clock: OfficeClock, now: Date): Promise<Buffer> {
  const columns = CSV_HEADER.map((header, i) => ({ header, width: WIDTHS[i] ?? 16, type: TYPES[i] ?? 'text' }));
  const rows = tickets.map((t) => ticketRow(t, clock, now));
  return xlsxWorkbook([{ name: 'งานซ่อม', columns, rows }], { created: now });
}
