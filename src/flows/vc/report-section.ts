import { listVcInvitationsOf, vcSessionsBetween } from '../../db/repos/vc-sessions.ts';
import type { Period } from '../../domain/fiscal-year.ts';
import { currentLabel, previousLabel } from '../../domain/report-period.ts';
import type { Executor } from '../../db/database.ts';
import { evaluationAverage, tallyOf, withSurveyEvaluation, type VcInvitation, type VcSession, type VcTally } from '../../domain/vc/session.ts';
import { surveyEvaluationOf } from './evaluation.ts';
import type { ReportFigure, ReportSectionDefinition, SectionReport } from '../../reports/model.ts';

/**
 * Video conferences in the report (issue 12): sessions held, the schools invited, answering and attending (in all
 * and per district), the attendance rate and the evaluation's average. Counted by the session's start in the
 * period; a session is held once its start has passed and it was not cancelled. A school invited to three sessions
 * counts three times. Left out for an office with no session in the period or the one before.
 */

export const VC_SECTION_ID = 'vc';

const T = {
  title: 'การประชุมทางไกลกับโรงเรียน',
  held: 'การประชุมที่จัด',
  cancelled: 'ยกเลิกการประชุม',
  invited: 'โรงเรียนที่ได้รับเชิญ',
  answered: 'โรงเรียนที่ตอบคำเชิญ',
  attended: 'โรงเรียนที่เข้าร่วมจริง',
  attendanceRate: 'อัตราการเข้าร่วม (ของที่เชิญ)',
  evaluation: 'คะแนนประเมินเฉลี่ย',
  times: 'ครั้ง',
  schools: 'โรงเรียน',
  byDistrictTitle: 'การเชิญและการเข้าร่วมแยกตามอำเภอ',
  byDistrictHeaders: ['อำเภอ', 'เชิญ', 'ตอบ', 'เข้าร่วมจริง', 'อัตราการเข้าร่วม'],
  summary: (now: string, held: number, invited: number, attended: number, rate: string, prev: string, prevHeld: number) =>
    `${now} จัดประชุมทางไกล ${held} ครั้ง เชิญโรงเรียน ${invited} โรงเรียน เข้าร่วมจริง ${attended} โรงเรียน (${rate}) (${prev}: ${prevHeld} ครั้ง)`,
  summaryScore: (score: string, n: number) => `คะแนนประเมินเฉลี่ย ${score} จากแบบประเมิน ${n} ราย`,
  notes: [
    'นับตามเวลาเริ่มประชุมในช่วงนี้ เฉพาะการประชุมที่ถึงเวลาแล้วและไม่ถูกยกเลิก โรงเรียนที่ได้รับเชิญหลายครั้งนับทุกครั้ง',
    'อัตราการเข้าร่วม = โรงเรียนที่เข้าร่วมจริง ÷ โรงเรียนที่ได้รับเชิญ; คะแนนประเมินเฉลี่ย = ค่าเฉลี่ยของคะแนนเฉลี่ยข้อระดับความพึงพอใจ (เต็ม 5) ของแบบประเมินแต่ละราย (แบบติดตาม ประเมินผล และรับข้อเสนอแนะ หรือ 3 ข้อแบบเดิม)',
  ],
};

const startsIn = (session: VcSession, range: Period) => session.startsAt >= range.start && session.startsAt < range.end;
const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const percent = (v: number | null) => (v === null ? '-' : `${Math.round(v * 100)}%`);

interface Counts {
  held: number;
  cancelled: number;
  tally: VcTally;
}

async function countsOf(ex: Executor, officeId: string, sessions: readonly VcSession[], invitations: readonly VcInvitation[], range: Period, now: Date): Promise<Counts> {
  const inRange = sessions.filter((s) => startsIn(s, range));
  const held = new Set(inRange.filter((s) => s.state !== 'cancelled' && s.startsAt <= now).map((s) => s.id));
  return {
    held: held.size,
    cancelled: inRange.filter((s) => s.state === 'cancelled').length,
    // One tally over every invitation of the sessions held, with their evaluation rounds' answers: the sums, the
    // districts and the averages at once.
    tally: withSurveyEvaluation(tallyOf(invitations.filter((i) => held.has(i.sessionId))), await surveyEvaluationOf(ex, officeId, [...held])),
  };
}

export const vcReportSection: ReportSectionDefinition = {
  id: VC_SECTION_ID,
  title: T.title,
  async build(ex, context): Promise<SectionReport | null> {
    const sessions = await vcSessionsBetween(ex, context.officeId, context.previousRange.start, context.range.end);
    if (sessions.length === 0) return null;
    const invitations = await listVcInvitationsOf(
      ex,
      context.officeId,
      sessions.map((s) => s.id),
    );
    const current = await countsOf(ex, context.officeId, sessions, invitations, context.range, context.now);
    const previous = await countsOf(ex, context.officeId, sessions, invitations, context.previousRange, context.now);
    const answered = (c: Counts) => c.tally.joined + c.tally.declined;
    const rate = (c: Counts) => share(c.tally.attended, c.tally.invited);
    const figures: ReportFigure[] = [
      { key: 'held', label: T.held, value: current.held, previous: previous.held, format: 'count', unit: T.times, headline: 9 },
      { key: 'invited', label: T.invited, value: current.tally.invited, previous: previous.tally.invited, format: 'count', unit: T.schools },
      { key: 'answered', label: T.answered, value: answered(current), previous: answered(previous), format: 'count', unit: T.schools },
      { key: 'attended', label: T.attended, value: current.tally.attended, previous: previous.tally.attended, format: 'count', unit: T.schools },
      { key: 'attendanceRate', label: T.attendanceRate, value: rate(current), previous: rate(previous), format: 'share', better: 'up' },
      { key: 'evaluation', label: T.evaluation, value: evaluationAverage(current.tally), previous: evaluationAverage(previous.tally), format: 'rating', better: 'up' },
      { key: 'cancelled', label: T.cancelled, value: current.cancelled, previous: previous.cancelled, format: 'count', unit: T.times },
    ];
    const sentences = [
      T.summary(currentLabel(context.period, context.now), current.held, current.tally.invited, current.tally.attended, percent(rate(current)), previousLabel(context.period, context.now), previous.held),
    ];
    const average = evaluationAverage(current.tally);
    if (average !== null) sentences.push(T.summaryScore(`${average}/5`, current.tally.evaluated));
    const rows = current.tally.byDistrict.map((d) => [d.district, d.invited, d.joined + d.declined, d.attended, percent(share(d.attended, d.invited))]);
    return {
      id: VC_SECTION_ID,
      title: T.title,
      summary: [sentences.join(' ')],
      figures,
      charts: [],
      tables: rows.length > 0 ? [{ title: T.byDistrictTitle, headers: T.byDistrictHeaders, rows, columns: ['1fr', 'auto', 'auto', 'auto', 'auto'], aligns: ['left', 'right', 'right', 'right', 'right'] }] : [],
      notes: T.notes,
    };
  },
};
