/**
 * The surveys benchmark (`BENCH_TARGETS=surveys npm run bench`, a scratch database on the PostgreSQL server):
 *
 * 1. A campaign to every school of the area: 183 offices, each its own LINE channel, 200 schools each with its
 *    director registered (36,600), one round open in each office. The invitation sweep (`surveys:reminders`, as its
 *    job runs it at 10:00 on an office day) queues every invitation; timed, and the pushes counted. Target < 10 s.
 * 2. The response-rate view of one office: a round of a 20-question form to its 200 schools, 150 of them submitted.
 *    The officer's card (`loadCampaigns`: rates overall, by district, who is missing) and the owner's results
 *    (`roundResults`: the same and each question's figures, with the CSV), each read 50 times. Target p95 < 100 ms.
 *
 * The outbox holds 100,000 messages sent before (kept 90 days, as the service keeps them), so the campaign's once-only
 * keys are looked up among them.
 *
 * BENCH_SURVEY_OFFICES (183), BENCH_SURVEY_SCHOOLS (200 an office), BENCH_SURVEY_READS (50), BENCH_SURVEY_SENT_BEFORE (100000).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { eq, sql } from 'drizzle-orm';
import { openDatabase, runMigrations, type Database } from '../src/db/database.ts';
import { insertOfficeChannel } from '../src/db/repos/line-channels.ts';
import { outboxMessages } from '../src/db/schema.ts';
import { bangkokTime } from '../src/domain/office-time.ts';
import type { Answers } from '../src/domain/surveys/answers.ts';
import type { FormDefinitionInput } from '../src/domain/surveys/form.ts';
import { runSurveyReminders } from '../src/flows/surveys/jobs.ts';
import { loadCampaigns, roundResults } from '../src/flows/surveys/results.ts';
import { createLogger } from '../src/logger.ts';
import { officeFactory } from '../test/support/factories.ts';
import type { Check } from './report.ts';
import { percentile } from './stats.ts';

const OFFICES = Number(process.env.BENCH_SURVEY_OFFICES ?? 183);
const SCHOOLS = Number(process.env.BENCH_SURVEY_SCHOOLS ?? 200);
const READS = Number(process.env.BENCH_SURVEY_READS ?? 50);
/** Messages sent before the campaign, still kept in the outbox. */
const SENT_BEFORE = Number(process.env.BENCH_SURVEY_SENT_BEFORE ?? 100_000);
const DISTRICTS = ['เมืองชัยภูมิ', 'ภูเขียว', 'แก้งคร้อ', 'คอนสาร', 'หนองบัวแดง', 'เกษตรสมบูรณ์'];
/** An office day (Tuesday) in office hours: the invitation is due. */
const NOW = bangkokTime('2027-01-05', '10:00');
const OPENS = bangkokTime('2027-01-05', '09:00');
const CLOSES = '2027-01-29';
const INTERNET_CHECK: FormDefinitionInput = JSON.parse(readFileSync(new URL('../scripts/surveys/internet-check.json', import.meta.url), 'utf8'));

/** An office of `SCHOOLS` schools, each with its director; the office's channel is its own. */
async function office(database: Database, o: number): Promise<{ officeId: string; schools: number[]; directors: number[] }> {
  const officeId = `bench-office-${o}`;
  await insertOfficeChannel(database.db, { id: `bench-channel-${o}`, officeId, officeName: `สพป. ทดสอบ ${o + 1}`, channelSecret: `secret-${o}`, channelAccessToken: `token-${o}` });
  const f = officeFactory(database.db, officeId, `bench-channel-${o}`);
  const schools = await f.schools(Array.from({ length: SCHOOLS }, (_, i) => ({ name: `โรงเรียนทดสอบ ${o + 1}-${i + 1}`, district: DISTRICTS[i % DISTRICTS.length]! })));
  const directors = await f.people(schools.map((schoolId, i) => ({ fullName: `ผอ.โรงเรียนทดสอบ ${o + 1}-${i + 1}`, role: 'school_director', options: { schoolId } })));
  return { officeId, schools, directors };
}

/** Twenty questions of the kinds a results view counts, sums and averages. */
const TWENTY: FormDefinitionInput = {
  format: 1,
  key: 'bench_twenty',
  version: 1,
  title: 'แบบสำรวจ 20 ข้อ',
  respondent: 'school',
  sections: [
    {
      id: 'all',
      title: 'ทุกข้อ',
      questions: Array.from({ length: 20 }, (_, i) => {
        const id = `q${i + 1}`;
        const label = `ข้อที่ ${i + 1}`;
        switch (i % 5) {
          case 0:
            return { id, kind: 'yes_no' as const, label, required: true };
          case 1:
            return { id, kind: 'number' as const, label, unit: 'เครื่อง', min: 0, max: 500, required: true };
          case 2:
            return { id, kind: 'single_choice' as const, label, required: true, options: ['ก', 'ข', 'ค', 'ง'].map((l, k) => ({ value: `o${k}`, label: l })) };
          case 3:
            return { id, kind: 'scale' as const, label, required: true, labels: ['น้อยที่สุด', 'น้อย', 'ปานกลาง', 'มาก', 'มากที่สุด'] };
          default:
            return { id, kind: 'text' as const, label };
        }
      }),
    },
  ],
};
const answersOf = (n: number): Answers =>
  Object.fromEntries(
    Array.from({ length: 20 }, (_, i) => {
      const value = [n % 2 === 0, (n * 7 + i) % 500, `o${(n + i) % 4}`, ((n + i) % 5) + 1, `ความเห็นของโรงเรียน ${n}`][i % 5]!;
      return [`q${i + 1}`, value];
    }),
  );

async function timed(runs: number, read: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await read();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

export async function benchSurveys(databaseUrl: string, out: (line?: string) => void): Promise<Check[]> {
  const logger = createLogger('silent');
  const database = await openDatabase({ databaseUrl, dataDir: 'memory://', logger, poolSize: 2 });
  try {
    await runMigrations(database);
    const built = performance.now();
    const offices = [];
    for (let o = 0; o < OFFICES; o++) {
      const made = await office(database, o);
      await officeFactory(database.db, made.officeId, `bench-channel-${o}`).surveyRound(INTERNET_CHECK, { audience: 'school_directors', closesOn: CLOSES, opensAt: OPENS });
      offices.push(made);
    }
    // The outbox as the area's service holds it (sent rows are kept 90 days): the once-only keys of a campaign are
    // looked up among these, not in an empty table.
    await database.pool.query(
      `insert into outbox_messages (channel_id, office_id, to_user_id, messages, source_event_id, status, sent_via, sent_at, created_at)
       select 'bench-channel-' || (i % $1), 'bench-office-' || (i % $1), 'U' || lpad(to_hex(i), 32, '0'), '[{"type":"text","text":"ข้อความที่ส่งแล้ว"}]'::jsonb,
              case when i % 2 = 0 then 'job:sent:' || i else 'event:' || i end, 'sent', 'push', $2::timestamptz - (i % 90) * interval '1 day', $2::timestamptz - (i % 90) * interval '1 day'
       from generate_series(1, $3) as i`,
      [OFFICES, NOW.toISOString(), SENT_BEFORE],
    );
    await database.pool.query('analyze');
    out(`  surveys: ${OFFICES} offices × ${SCHOOLS} schools and directors made in ${((performance.now() - built) / 1000).toFixed(0)} s`);

    // ── 1. The campaign's invitations ──
    const t0 = performance.now();
    const marked = await runSurveyReminders(database, NOW);
    const campaignMs = performance.now() - t0;
    const [{ queued }] = (await database.db.select({ queued: sql<number>`count(*)::int` }).from(outboxMessages).where(eq(outboxMessages.status, 'pending'))) as [{ queued: number }];
    out(`  surveys: invitations of ${marked} rounds to ${OFFICES * SCHOOLS} schools queued in ${(campaignMs / 1000).toFixed(2)} s (${queued} pushes)`);

    // ── 2. One office's response-rate view ──
    const { officeId, schools, directors } = offices[0]!;
    const f = officeFactory(database.db, officeId, 'bench-channel-0');
    const { roundId } = await f.surveyRound(TWENTY, { audience: 'school_directors', closesOn: CLOSES, opensAt: OPENS });
    const answered = Math.round(SCHOOLS * 0.75);
    for (let i = 0; i < answered; i++) await f.submittedResponse(roundId, schools[i]!, directors[i]!, answersOf(i), NOW);
    await database.pool.query('analyze');
    const card = await timed(READS, () => loadCampaigns(database.db, officeId, roundId));
    const results = await timed(READS, () => roundResults(database.db, officeId, roundId, NOW));
    const p95 = (times: number[]) => percentile(times, 95);
    out(`  surveys: one office's round (${SCHOOLS} schools, 20 questions, ${answered} submitted), ${READS} reads each: card p50 ${percentile(card, 50).toFixed(1)} / p95 ${p95(card).toFixed(1)} ms; results p50 ${percentile(results, 50).toFixed(1)} / p95 ${p95(results).toFixed(1)} ms`);

    return [
      { what: `survey invitations to ${OFFICES * SCHOOLS} schools of ${OFFICES} offices queued (${queued} pushes)`, value: `${(campaignMs / 1000).toFixed(2)} s`, target: '< 10 s', pass: campaignMs < 10_000 && queued === OFFICES * SCHOOLS },
      { what: `a round's response rates, one office (${SCHOOLS} schools, 20 questions), p95 of ${READS}`, value: `${p95(card).toFixed(1)} ms`, target: '< 100 ms', pass: p95(card) < 100 },
      { what: `a round's results with each question's figures, same round, p95 of ${READS}`, value: `${p95(results).toFixed(1)} ms`, target: '< 100 ms', pass: p95(results) < 100 },
    ];
  } finally {
    await database.close();
  }
}
