import type { Executor } from '../../db/database.ts';
import { vcSessionsBetween } from '../../db/repos/vc-sessions.ts';
import { csvDocument } from '../../domain/csv.ts';
import { bangkokClock, bangkokDateKey } from '../../domain/office-time.ts';
import { formatThaiDateKey } from '../../domain/thai-date.ts';
import { evaluationAverage, EVALUATION_QUESTIONS, VC_PLATFORM_LABELS } from '../../domain/vc/session.ts';
import { sessionTally } from './evaluation.ts';
import { audienceText } from './cards.ts';
import { EVALUATION_LABELS, vcTexts as T } from './messages.ts';

/**
 * The video conferences of a period as CSV (UTF-8 with BOM, for a spreadsheet): one row per session with its
 * figures (invited, answered, attended, the evaluation's averages), or (`districts`) one row per session and
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

/** Sessions starting in [from, to). */
export async function exportVcSessionsCsv(ex: Executor, officeId: string, from: Date, to: Date, by: 'session' | 'district' = 'session'): Promise<string> {
  const rows: Array<Array<string | number | null>> = [];
  for (const [index, session] of (await vcSessionsBetween(ex, officeId, from, to)).entries()) {
    if (session.state === 'cancelled') continue;
    const tally = await sessionTally(ex, officeId, session.id);
    const day = formatThaiDateKey(bangkokDateKey(session.startsAt));
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
  return by === 'district' ? csvDocument(DISTRICT_HEADER, rows) : csvDocument(SESSION_HEADER, rows);
}
