/**
 * The report benchmark (`BENCH_TARGETS=report npm run bench`): an office of 200 schools in 6 districts with a
 * fiscal year of activity (fiscal year 2570: 5,000 repair tickets, 3,000 letters, 3,000 LINE pushes; loans and
 * bookings once those capabilities exist), written into a scratch database on the PostgreSQL server; then the
 * real service (bench/service-process.ts) is started on it and asked, as the report page asks, for the
 * September 2027 report as a PDF — first right after start (the PDF worker and its fonts load then), then
 * again — and for the fiscal-year report. Prints the times and the service's peak RSS.
 */
import { openDatabase, runMigrations } from '../src/db/database.ts';
import { upsertDefaultChannel } from '../src/line/channels.ts';
import { createLogger } from '../src/logger.ts';
import { bangkokTime } from '../src/domain/office-time.ts';
import type { LetterSeed, TicketSeed } from '../test/support/factories.ts';
import { officeFactory } from '../test/support/factories.ts';
import { forkChild, memoryOf } from './procs.ts';
import type { Check } from './report.ts';

const SCHOOLS = 200;
const DISTRICTS = ['เมืองชัยภูมิ', 'ภูเขียว', 'แก้งคร้อ', 'คอนสาร', 'หนองบัวแดง', 'เกษตรสมบูรณ์'];
const TICKETS = 5000;
const LETTERS = 3000;
const PUSHES = 3000;
const YEAR_START = bangkokTime('2026-10-01').getTime();
const YEAR_END = bangkokTime('2027-10-01').getTime();
const NOW = bangkokTime('2027-10-05', '10:00');
const HOUR = 60 * 60 * 1000;

/** A deterministic pseudo-random sequence, so every run seeds the same office. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
}

/** Writes the office's year into the database at `url`. */
export async function seedReportOffice(url: string): Promise<{ tickets: number; letters: number; pushes: number }> {
  const logger = createLogger('silent');
  const database = await openDatabase({ databaseUrl: url, dataDir: 'memory://', logger, poolSize: 2 });
  try {
    await runMigrations(database);
    await upsertDefaultChannel(database.db, { officeName: 'สพป.ชัยภูมิ เขต 3 (ทดสอบ)', channelSecret: 'bench-secret', channelAccessToken: 'bench-token' });
    const f = officeFactory(database.db);
    const rnd = random(2570);
    const schools: number[] = [];
    for (let i = 0; i < SCHOOLS; i++) schools.push(await f.school(`บ้านทดสอบวิทยาที่ ${i + 1}`, DISTRICTS[i % DISTRICTS.length]!));
    const teachers: number[] = [];
    for (let i = 0; i < SCHOOLS; i++) teachers.push((await f.person(`ครูโรงเรียนที่ ${i + 1}`, 'teacher', { schoolId: schools[i]! })).id);
    const technician = (await f.person('ช่างประจำเขต', 'technician')).id;
    const clerk = (await f.person('เจ้าหน้าที่ธุรการ', 'saraban_clerk')).id;
    const director = (await f.person('ผอ.สพป.', 'area_director')).id;
    await f.person('ผอ.กลุ่ม', 'group_director');
    const categories = [...(await f.categories()).values()].map((c) => c.id);

    const tickets: TicketSeed[] = [];
    for (let i = 0; i < TICKETS; i++) {
      const school = Math.floor(rnd() * SCHOOLS);
      const createdAt = new Date(YEAR_START + rnd() * (YEAR_END - YEAR_START));
      const acceptedAt = new Date(createdAt.getTime() + rnd() * 6 * HOUR);
      const resolvedAt = new Date(acceptedAt.getTime() + rnd() * 72 * HOUR);
      const confirmedAt = new Date(resolvedAt.getTime() + rnd() * 48 * HOUR);
      const done = rnd();
      const status = confirmedAt.getTime() > NOW.getTime() ? 'resolved' : done < 0.6 ? 'confirmed' : done < 0.9 ? 'closed' : done < 0.95 ? 'waiting' : 'cancelled';
      tickets.push({
        schoolId: schools[school]!,
        reporterId: teachers[school]!,
        categoryId: categories[Math.floor(rnd() * categories.length)]!,
        createdAt,
        status,
        priority: rnd() < 0.3 ? 'urgent' : 'normal',
        assigneeId: status === 'cancelled' ? null : technician,
        acceptedAt: status === 'cancelled' ? null : acceptedAt,
        resolvedAt: ['confirmed', 'closed', 'resolved'].includes(status) ? resolvedAt : null,
        confirmedAt: status === 'confirmed' ? confirmedAt : null,
        closedAt: status === 'closed' || status === 'cancelled' ? confirmedAt : null,
        acceptDueAt: new Date(createdAt.getTime() + 4 * HOUR),
        resolveDueAt: new Date(createdAt.getTime() + 48 * HOUR),
        rating: status === 'confirmed' && rnd() < 0.7 ? 1 + Math.floor(rnd() * 5) : null,
        description: 'ไม่มีสัญญาณภาพ จอแสดงข้อความไม่พบสัญญาณ',
      });
    }
    tickets.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    await f.tickets(tickets);

    const letters: LetterSeed[] = [];
    const kinds = ['external', 'internal', 'stamped', 'directive', 'publicity', 'evidence'] as const;
    const urgencies = ['normal', 'normal', 'normal', 'urgent', 'very_urgent', 'most_urgent'] as const;
    for (let i = 0; i < LETTERS; i++) {
      const registeredAt = new Date(YEAR_START + rnd() * (YEAR_END - YEAR_START));
      const send = rnd() < 0.35;
      const decided = !send && rnd() < 0.6;
      const proposedAt = new Date(registeredAt.getTime() + rnd() * 24 * HOUR);
      letters.push({
        register: send ? 'send' : 'receive',
        registeredAt,
        registeredBy: clerk,
        kind: kinds[Math.floor(rnd() * kinds.length)]!,
        urgency: urgencies[Math.floor(rnd() * urgencies.length)]!,
        secrecy: rnd() < 0.03 ? 'confidential' : 'none',
        subject: `ขอความร่วมมือดำเนินการเรื่องที่ ${i + 1} ของสำนักงานเขตพื้นที่การศึกษา`,
        actBy: !send && rnd() < 0.2 ? new Date(registeredAt.getTime() + 5 * 24 * HOUR).toISOString().slice(0, 10) : null,
        proposedTo: decided ? director : null,
        proposedAt: decided ? proposedAt : null,
        decision: decided ? 'approved' : null,
        decidedBy: decided ? director : null,
        decidedAt: decided ? new Date(proposedAt.getTime() + rnd() * 48 * HOUR) : null,
      });
    }
    letters.sort((a, b) => a.registeredAt.getTime() - b.registeredAt.getTime());
    await f.letters(letters);
    for (let i = 0; i < PUSHES; i++) await f.sentMessage(rnd() < 0.8 ? 'push' : 'reply', new Date(YEAR_START + rnd() * (YEAR_END - YEAR_START)));
    return { tickets: TICKETS, letters: LETTERS, pushes: PUSHES };
  } finally {
    await database.close();
  }
}

interface ReportAnswer {
  ms: number;
  bytes: number;
  sections: number;
}

/** Seeds `databaseUrl`, starts the service on it and asks it for the reports; the lines go to `out`. */
export async function benchReports(databaseUrl: string, lineApiBaseUrl: string, out: (line?: string) => void): Promise<Check[]> {
  out('report: seeding 200 schools, a year of 5,000 repair tickets, 3,000 letters and 3,000 LINE messages');
  const seedStart = performance.now();
  const seeded = await seedReportOffice(databaseUrl);
  out(`report: seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s (${seeded.tickets} tickets, ${seeded.letters} letters; loans and bookings: not built yet)`);
  const child = await forkChild(new URL('./service-process.ts', import.meta.url), {
    PORT: '0',
    LOG_LEVEL: 'error',
    LINE_CHANNEL_SECRET: 'bench-secret',
    LINE_CHANNEL_ACCESS_TOKEN: 'bench-token',
    LINE_API_BASE_URL: lineApiBaseUrl,
    LINE_DATA_API_BASE_URL: lineApiBaseUrl,
    DATABASE_URL: databaseUrl,
    DATA_DIR: '/tmp/esa-bench-report-unused',
  }, { nodeFlags: ['--max-semi-space-size=8'] });
  try {
    const ask = async (period: string) => {
      const start = performance.now();
      const answer = await child.request<ReportAnswer>({ type: 'report', period, now: NOW.toISOString() }, 'report', 120_000);
      return { ...answer, wallMs: performance.now() - start };
    };
    const afterStart = memoryOf(child.pid)?.rssMb ?? Number.NaN;
    const cold = await ask('2027-09');
    const warm = await ask('2027-09');
    const year = await ask('fy2570');
    const peak = memoryOf(child.pid)?.peakMb ?? Number.NaN;
    out(`report: service RSS after start ${afterStart.toFixed(0)} MB`);
    for (const [what, r] of [['monthly PDF, first after start', cold], ['monthly PDF, again', warm], ['fiscal-year PDF', year]] as const) {
      out(`report: ${what}: ${r.ms.toFixed(0)} ms in the service (${r.wallMs.toFixed(0)} ms asked from outside), ${(r.bytes / 1024).toFixed(0)} KB, ${r.sections} sections`);
    }
    out(`report: service peak RSS ${peak.toFixed(0)} MB`);
    return [
      { what: 'report: monthly PDF of a year of activity, first after start', value: `${(cold.ms / 1000).toFixed(2)} s`, target: '< 5 s', pass: cold.ms < 5000 },
      { what: 'report: monthly PDF, again', value: `${(warm.ms / 1000).toFixed(2)} s`, target: '< 5 s', pass: warm.ms < 5000 },
      { what: 'report: service peak RSS', value: `${peak.toFixed(0)} MB`, target: '< 400 MB', pass: peak < 400 },
    ];
  } finally {
    await child.stop();
  }
}
