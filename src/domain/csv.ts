/**
 * A small RFC 4180 reader: commas, double-quoted fields (with "" inside and line breaks), CRLF or LF,
 * an optional UTF-8 BOM. Each record keeps the line number it starts on, for error reports.
 */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export function parseCsv(input: string): CsvRecord[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let fieldStarted = false;

  const endField = () => {
    fields.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    // A blank line is no record.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
  };

  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 1;
        } else {
          quoted = false;
        }
      } else {
        if (ch === '\n') line += 1;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (ch === ',') {
      endField();
    } else if (ch === '\r' && text[i + 1] === '\n') {
      // CRLF: the \n ends the record.
    } else if (ch === '\n' || ch === '\r') {
      endRecord();
      line += 1;
      recordLine = line;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (field !== '' || fields.length > 0 || fieldStarted) endRecord();
  return records;
}

// ── Tables read from a spreadsheet, and written back for one ────────────────────────────────────────────

/** Lower case, spaces and underscores squeezed to one space: how headers and typed labels are compared. */
export function looseKey(text: string): string {
  return text.trim().toLowerCase().replace(/[\s_]+/g, ' ');
}

/** A column of an imported table and the header names it is known by (Thai and English). */
export interface ColumnNames<C extends string> {
  column: C;
  names: readonly string[];
}

/** Which field each column is in, from the header row's names (loosely compared); a column not found is absent. */
export function mapHeader<C extends string>(fields: readonly string[], columns: readonly ColumnNames<C>[]): Map<C, number> {
  const found = new Map<C, number>();
  fields.forEach((field, index) => {
    const key = looseKey(field);
    const match = columns.find((c) => !found.has(c.column) && c.names.some((name) => looseKey(name) === key));
    if (match) found.set(match.column, index);
  });
  return found;
}

/** A row of an imported table, after the header. */
export interface CsvTableRow<C extends string> {
  line: number;
  fields: string[];
  /** Filled fields beyond the header's: the row is refused rather than guessed at. */
  extraFields: boolean;
  /**
   * The trimmed cell of a column (undefined: the file has no such column). The export writes a cell that would start
   * a formula with a leading ' (csvField): it is read back as it was.
   */
  cell: (column: C) => string | undefined;
}

export interface CsvTable<C extends string> {
  headerLine: number;
  /** Which field each column is in; a column not found is absent. */
  header: Map<C, number>;
  rows: CsvTableRow<C>[];
}

/**
 * An imported table (schools, rooms, the loan inventory): lines starting with '#' are notes for people (a demo file
 * says it is a demo) and are left out; the first other line is the header. Null: there is no line but notes.
 */
export function readCsvTable<C extends string>(csvText: string, columns: readonly ColumnNames<C>[]): CsvTable<C> | null {
  const records = parseCsv(csvText).filter((record) => !(record.fields[0] ?? '').trimStart().startsWith('#'));
  const [headerRecord, ...rest] = records;
  if (!headerRecord) return null;
  const header = mapHeader(headerRecord.fields, columns);
  const width = headerRecord.fields.length;
  const rows = rest.map((record) => ({
    line: record.line,
    fields: record.fields,
    extraFields: record.fields.slice(width).some((f) => f.trim() !== ''),
    cell: (column: C) => {
      const index = header.get(column);
      return index === undefined ? undefined : (record.fields[index] ?? '').trim().replace(/^'(?=[=+\-@])/, '');
    },
  }));
  return { headerLine: headerRecord.line, header, rows };
}

/** A row of an imported file that was not taken, and why (Thai): the rest of the file is imported. */
export interface ImportProblem {
  /** Line in the file (the header is line 1 unless notes come before it). */
  line: number;
  message: string;
}

export interface ImportResult {
  inserted: number;
  updated: number;
  problems: ImportProblem[];
}

/** Yes/no as a spreadsheet writes it (ได้/ไม่ได้, ใช่/ไม่ใช่, y/n, 1/0, true/false); null when neither. */
export function parseYesNo(text: string): boolean | null {
  const key = looseKey(text);
  if (['yes', 'y', 'true', '1', 'ได้', 'ใช่', 'ให้ยืม', '✓'].includes(key)) return true;
  if (['no', 'n', 'false', '0', 'ไม่ได้', 'ไม่ใช่', 'ไม่', 'ไม่ให้ยืม', '-'].includes(key)) return false;
  return null;
}

/**
 * CSV for a spreadsheet: UTF-8 with a byte-order mark (Excel then shows Thai), CRLF line ends, every field quoted
 * when it needs to be, and a cell that would start a formula made plain text.
 */
export const CSV_BOM = '\uFEFF';

export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  // A cell starting with = + - @ (or a tab/CR) would run as a formula in a spreadsheet.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole CSV file: the header, then the rows. */
export function csvDocument(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  return `${CSV_BOM}${[header, ...rows].map((row) => row.map((v) => csvField(v)).join(',')).join('\r\n')}\r\n`;
}
