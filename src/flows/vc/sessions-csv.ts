import type { Executor } from '../../db/database.ts';
import { vcSessionsBetween } from '../../db/repos/vc-sessions.ts';
import { csvDocument } from '../../domain/csv.ts';
import { bangkokClock, bangkokDateKey } from '../../domain/office-time.ts';
import { formatThaiDateKey } from '../../domain/thai-date.ts';
import { evaluationAverage, EVALUATION_QUESTIONS, VC_PLATFORM_LABELS } from '../../domain/vc/session.ts';
import { sessionTally } from './evaluation.ts';
import { audienceText } from './cards.ts';
import { EVALUATION_LABELS, vcTexts as T } from './messages.ts';
import { xlsxWorkbook, type XlsxColumn } from '../../reports/xlsx.ts';

/**
 * The video conferences of a period as CSV (UTF-8 with BOM, for a spreadsheet) or Excel: one row per session with
 * its figures (invited, answered, attended, the evaluation's averages), or (`districts`) one row per session and
 * district — the figures the reports ask for (sessions with invited/attended per district).
 */

export const SESSION_HEADER = [
  'ลำดับที่',
  'วันที่',
  'เวลา',
  'เรื่อง',
  'โปรแกรม',
  'ห้อง',
  'ผู้ได้รับเชิญ',
  'เชิญ (โรงเรียน)',
  'ตอบเข้าร่วม',
  'ไม่สะดวก',
  'ยังไม่ตอบ',
  'เข้าร่วมจริง',
  'ตอบแบบประเมิน',
  ...EVALUATION_LABELS.map((l) => `คะแนน${l}`),
  'คะแนนประเมินเฉลี่ย',
  'สถานะ',
] as const;

export const DISTRICT_HEADER = ['วันที่', 'เรื่อง', 'อำเภอ', 'เชิญ (โรงเรียน)', 'ตอบเข้าร่วม', 'ไม่สะดวก', 'ยังไม่ตอบ', 'เข้าร่วมจริง'] as const;

type Cell = string | number | null;

/** The rows of the sessions starting in [from, to), the day as `YYYY-MM-DD` (each file writes it its own way). */
async function sessionRows(ex: Executor, officeId: string, from: Date, to: Date, by: 'session' | 'district'): Promise<Cell[][]> {
  const rows: Cell[][] = [];
  for (const [index, session] of (await vcSessionsBetween(ex, officeId, from, to)).entries()) {
    if (session.state === 'cancelled') continue;
    const tally = await sessionTally(ex, officeId, session.id);
    const day = bangkokDateKey(session.startsAt);
    if (by === 'district') {
      for (const d of tally.byDistrict) rows.push([day, session.title, d.district, d.invited, d.joined, d.declined, d.unanswered, d.attended]);
      continue;
    }
    rows.push([
      index + 1,
      day,
      `${bangkokClock(session.startsAt)}–${bangkokClock(session.endsAt)}`,
      session.title,
      VC_PLATFORM_LABELS[session.platform],
      session.roomName,
      audienceText(session.audience),
      tally.invited,
      tally.joined,
      tally.declined,
      tally.unanswered,
      tally.attended,
      tally.evaluated,
      ...EVALUATION_QUESTIONS.map((q) => tally.scores[q.key] ?? null),
      evaluationAverage(tally),
      T.stateLabels[session.state],
    ]);
  }
  return rows;
}

/** Where วันที่ is in each layout's rows. */
const dayColumn = (by: 'session' | 'district') => (by === 'district' ? 0 : 1);

/** Sessions starting in [from, to), as CSV: วันที่ the Thai way ("16 ธันวาคม 2569"). */
export async function exportVcSessionsCsv(ex: Executor, officeId: string, from: Date, to: Date, by: 'session' | 'district' = 'session'): Promise<string> {
  const day = dayColumn(by);
  const rows = (await sessionRows(ex, officeId, from, to, by)).map((row) => row.map((cell, i) => (i === day && typeof cell === 'string' ? formatThaiDateKey(cell) : cell)));
  return by === 'district' ? csvDocument(DISTRICT_HEADER, rows) : csvDocument(SESSION_HEADER, rows);
}

const TEXT_COLUMNS: ReadonlySet<string> = new Set(['เวลา', 'เรื่อง', 'โปรแกรม', 'ห้อง', 'ผู้ได้รับเชิญ', 'อำเภอ', 'สถานะ']);
const WIDE_COLUMNS: ReadonlySet<string> = new Set(['เรื่อง', 'ผู้ได้รับเชิญ']);

/**
 * The same rows as an Excel file (the shared workbook helper): the CSV's Thai headers, วันที่ a date shown with the
 * Buddhist year, the counts and averages numbers.
 */
export async function exportVcSessionsXlsx(ex: Executor, officeId: string, from: Date, to: Date, by: 'session' | 'district', now: Date): Promise<Buffer> {
  const header: readonly string[] = by === 'district' ? DISTRICT_HEADER : SESSION_HEADER;
  const columns: XlsxColumn[] = header.map((name) => ({
    header: name,
    width: name === 'วันที่' ? 18 : WIDE_COLUMNS.has(name) ? 36 : TEXT_COLUMNS.has(name) ? 16 : 12,
    type: name === 'วันที่' ? 'date' : TEXT_COLUMNS.has(name) ? 'text' : 'number',
  }));
  const rows = await sessionRows(ex, officeId, from, to, by);
  return xlsxWorkbook([{ name: by === 'district' ? 'ประชุมทางไกลตามอำเภอ' : 'ประชุมทางไกล', columns, rows }], { created: now });
}
