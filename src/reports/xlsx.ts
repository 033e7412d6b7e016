import ExcelJS from 'exceljs';

/**
 * Excel files beside the CSV exports (exceljs): Thai headers in bold, frozen under the header row, column widths
 * set, and dates as real dates, so the office can sort and filter them. Excel dates carry no time zone: an
 * instant is written as its Bangkok wall-clock time, and shown with the Buddhist year (Excel's Thai calendar).
 */

export type XlsxCell = string | number | Date | null | undefined;

export interface XlsxColumn {
  header: string;
  /** Width in characters. */
  width: number;
  /**
   * `datetime`: an instant, shown in Bangkok time; `date`: a calendar date (a `Date` at UTC midnight, or a
   * `YYYY-MM-DD` string); `number`; `text` (default).
   */
  type?: 'text' | 'number' | 'date' | 'datetime';
}

export interface XlsxSheet {
  name: string;
  columns: XlsxColumn[];
  rows: XlsxCell[][];
}

const BANGKOK_MS = 7 * 60 * 60 * 1000;
/** Thai locale (041E) with the Thai Buddhist calendar (107): "1 ตุลาคม 2568". */
const DATE_FORMAT = '[$-107041E]d mmmm yyyy;@';
const DATETIME_FORMAT = '[$-107041E]d mmm yyyy hh:mm;@';

function cellValue(value: XlsxCell, type: XlsxColumn['type']): string | number | Date | null {
  if (value === null || value === undefined || value === '') return null;
  if (type === 'datetime' && value instanceof Date) return new Date(value.getTime() + BANGKOK_MS);
  if (type === 'date') {
    if (value instanceof Date) return value;
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T00:00:00Z`);
  }
  if (type === 'number' && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  // A text that starts like a formula stays text (exceljs writes strings as strings, never as formulas).
  return value;
}

export async function xlsxWorkbook(sheets: readonly XlsxSheet[], options: { creator?: string; created?: Date } = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = options.creator ?? 'esa-ict-line-assistant';
  if (options.created) {
    workbook.created = options.created;
    workbook.modified = options.created;
  }
  for (const spec of sheets) {
    // Excel refuses sheet names over 31 characters or with []:*?/\
    const sheet = workbook.addWorksheet(spec.name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = spec.columns.map((c, i) => ({
      key: `c${i}`,
      width: c.width,
      style: c.type === 'date' ? { numFmt: DATE_FORMAT } : c.type === 'datetime' ? { numFmt: DATETIME_FORMAT } : {},
    }));
    const header = sheet.addRow(spec.columns.map((c) => c.header));
    header.font = { bold: true };
    header.alignment = { vertical: 'middle', wrapText: true };
    for (const row of spec.rows) sheet.addRow(spec.columns.map((c, i) => cellValue(row[i], c.type)));
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: spec.columns.length } };
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return Buffer.from(buffer);
}

/** Reads a workbook back (tests, and an operator's check): each sheet's rows as cell values. */
export async function readXlsx(content: Buffer): Promise<Array<{ name: string; rows: unknown[][] }>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  return workbook.worksheets.map((sheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const values = row.values as unknown[];
      rows.push(values.slice(1));
    });
    return { name: sheet.name, rows };
  });
}
