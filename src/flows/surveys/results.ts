import type { Executor } from '../../db/database.ts';
import { expectedRespondents, getRound, listRounds, responsesToReview, submittedKeys, submittedResponses } from '../../db/repos/surveys.ts';
import { csvDocument } from '../../domain/csv.ts';
import { allQuestions } from '../../domain/surveys/form.ts';
import { responseCells, responseRates, responseRow, summarizeResponses, type Campaign, type QuestionResult, type ReviewItem } from '../../domain/surveys/results.ts';
import { xlsxWorkbook, type XlsxColumn } from '../../reports/xlsx.ts';
import { AUDIENCE_LABELS, countsInFigures } from '../../domain/surveys/round.ts';
import { formatThaiDateKey, formatThaiDateTime } from '../../domain/thai-date.ts';
import { districtLabel } from '../../domain/place-names.ts';

/**
 * A round's results for its owner (`npm run surveys -- results <round>`): the response rate overall and by
 * district, who has not answered, each question's figures, and a CSV with one row per submitted response.
 */

const rate = (submitted: number, expected: number) => `${submitted}/${expected} (${expected === 0 ? 0 : Math.round((submitted / expected) * 1000) / 10}%)`;

function questionLines(n: number, q: QuestionResult): string[] {
  const head = `${n}. ${q.label} — ตอบ ${q.answered}`;
  const lines = [head];
  for (const c of q.counts ?? []) lines.push(`     ${c.label}: ${c.count} (${c.percent}%)`);
  if (q.mean !== undefined) lines.push(`     เฉลี่ย ${q.mean}${q.kind === 'number' && q.sum !== undefined ? `, รวม ${q.sum}` : ''}`);
  if (q.rows !== undefined) lines.push(`     รวม ${q.rows} รายการ`);
  for (const c of q.columns ?? []) {
    if (c.sum !== undefined) lines.push(`     ${c.label} รวม ${c.sum}${c.unit ? ` ${c.unit}` : ''}`);
    for (const line of c.counts ?? []) lines.push(`     ${c.label} · ${line.label}: ${line.count} (${line.percent}%)`);
  }
  for (const text of q.texts ?? []) lines.push(`     - ${text}`);
  return lines;
}

export async function roundResults(ex: Executor, officeId: string, roundId: number, now: Date = new Date()): Promise<{ lines: string[]; csv: string; xlsx: () => Promise<Buffer> } | null> {
  const found = await getRound(ex, officeId, roundId);
  if (!found) return null;
  const { round, form } = found;
  const expected = await expectedRespondents(ex, round, form);
  const sent = await submittedResponses(ex, round.id);
  // Who sent counts in the response rate; an answer an officer rejected (ไม่รับ) stays out of the figures and the files.
  const rates = responseRates(expected, new Set(sent.map((r) => r.respondentKey)));
  const responses = sent.filter(countsInFigures);
  const rejected = sent.length - responses.length;
  const lines = [
    `${round.title} (รอบ #${round.id}) → ${AUDIENCE_LABELS[round.audience]}${round.district ? ` ${districtLabel(round.district)}` : ''} ปิดรับ ${formatThaiDateKey(round.closesOn)}${round.state === 'closed' ? ' (ปิดแล้ว)' : ''}`,
    `ส่งแล้ว ${rate(rates.total.submitted, rates.total.expected)}`,
    ...rates.byDistrict.map((d) => `  ${d.district}: ${rate(d.submitted, d.expected)}`),
    `ยังไม่ส่ง ${rates.missing.length}`,
    ...rates.missing.map((m) => `  ${m.district} · ${m.name}`),
    ...(rejected > 0 ? [`ไม่รับ ${rejected} คำตอบ (ไม่นับในสรุปและในไฟล์)`] : []),
    'สรุปรายข้อ',
    ...summarizeResponses(form.definition, responses.map((r) => r.answers)).flatMap((q, i) => questionLines(i + 1, q)),
  ];
  const byKey = new Map(expected.map((e) => [e.key, e]));
  const header = ['ผู้ตอบ', 'รหัส', 'อำเภอ', 'ส่งเมื่อ', ...allQuestions(form.definition).map((q) => q.label)];
  const rows = responses.map((r) => {
    const who = byKey.get(r.respondentKey);
    return [who?.name ?? r.respondentKey, who?.code ?? '', who?.district ?? '', r.submittedAt ? formatThaiDateTime(r.submittedAt) : '', ...responseRow(form.definition, r.answers)];
  });
  const questions = allQuestions(form.definition);
  const columns: XlsxColumn[] = [
    { header: 'ผู้ตอบ', width: 30 },
    { header: 'รหัส', width: 12 },
    { header: 'อำเภอ', width: 16 },
    { header: 'ส่งเมื่อ', width: 20, type: 'datetime' },
    ...questions.map((q): XlsxColumn => ({ header: q.label, width: q.kind === 'table' || q.kind === 'long_text' ? 40 : 18, type: q.kind === 'number' || q.kind === 'scale' ? 'number' : 'text' })),
  ];
  const sheetRows = responses.map((r) => {
    const who = byKey.get(r.respondentKey);
    return [who?.name ?? r.respondentKey, who?.code ?? '', who?.district ?? '', r.submittedAt, ...responseCells(form.definition, r.answers)];
  });
  const rateRows = [...rates.byDistrict, rates.total].map((d) => [d.district, d.expected, d.submitted, d.expected === 0 ? 0 : Math.round((d.submitted / d.expected) * 1000) / 10]);
  const xlsx = () =>
    xlsxWorkbook(
      [
        { name: 'คำตอบ', columns, rows: sheetRows },
        { name: 'อัตราการตอบ', columns: [{ header: 'อำเภอ', width: 20 }, { header: 'ต้องตอบ', width: 10, type: 'number' }, { header: 'ส่งแล้ว', width: 10, type: 'number' }, { header: 'ร้อยละ', width: 10, type: 'number' }], rows: rateRows },
      ],
      { created: now },
    );
  return { lines, csv: csvDocument(header, rows), xlsx };
}

/** LINE shows at most 12 cards side by side: the newest rounds under way. */
const CAMPAIGNS_SHOWN = 12;

/** The office's open rounds (or the one asked for), newest first, each with its response rates now. */
export async function loadCampaigns(ex: Executor, officeId: string, roundId?: number): Promise<Campaign[]> {
  const rounds = (await listRounds(ex, officeId)).filter((r) => r.round.state === 'open' && (roundId === undefined || r.round.id === roundId)).slice(0, CAMPAIGNS_SHOWN);
  const out: Campaign[] = [];
  for (const { round, form } of rounds) out.push({ round, form, rates: responseRates(await expectedRespondents(ex, round, form), await submittedKeys(ex, round.id)) });
  return out;
}

/** The submitted responses of a round waiting for an officer's review, each with who sent it. */
export async function loadReviewQueue(ex: Executor, campaign: Campaign): Promise<ReviewItem[]> {
  const names = new Map((await expectedRespondents(ex, campaign.round, campaign.form)).map((e) => [e.key, e]));
  return (await responsesToReview(ex, campaign.round.id)).map((response) => ({ response, name: names.get(response.respondentKey)?.name ?? response.respondentKey }));
}
