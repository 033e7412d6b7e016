import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runSurveysCommand } from '../../scripts/surveys.ts';
import { readXlsx } from '../../src/reports/xlsx.ts';
import type { Database } from '../../src/db/database.ts';
import { getPerson } from '../../src/db/repos/people.ts';
import {
  expectedRespondents,
  getResponse,
  reviewResponse,
  listForms,
  listRounds,
  openSurveysFor,
  respondentOf,
  roundResponseCounts,
  saveDraft,
  submitResponse,
  surveyEventsOf,
} from '../../src/db/repos/surveys.ts';
import { offices, people, schools, surveyEvents, surveyForms, surveyResponses, surveyRounds } from '../../src/db/schema.ts';
import type { FormDefinitionInput } from '../../src/domain/surveys/form.ts';
import { DEMO_SURVEY_FILES, loadDemoSurveysIfEmpty } from '../../src/flows/surveys/demo.ts';
import { loadMessages } from '../../src/flows/surveys/messages.ts';
import { DEFAULT_OFFICE_ID, upsertDefaultChannel } from '../../src/line/channels.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase } from '../support/database.ts';
import { officeFactory } from '../support/factories.ts';

let database: Database;
const OFFICE = DEFAULT_OFFICE_ID;
const logger = createLogger('silent');
const NOW = new Date('2026-12-07T03:00:00Z'); // Monday 10:00 in Bangkok

beforeAll(async () => {
  database = await createTestDatabase();
  await upsertDefaultChannel(database.db, { officeName: 'สพป. ทดสอบ', channelSecret: 's', channelAccessToken: 't' });
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  await database.db.delete(surveyEvents);
  await database.db.delete(surveyResponses);
  await database.db.delete(surveyRounds);
  await database.db.delete(surveyForms);
  await database.db.delete(people);
  await database.db.delete(schools);
});

const shortForm = (respondent: 'school' | 'person' = 'school', key = 'short_form'): FormDefinitionInput => ({
  format: 1,
  key,
  version: 1,
  title: 'แบบสำรวจสั้น',
  respondent,
  sections: [{ id: 's', title: 'ส่วนเดียว', questions: [{ id: 'ok', kind: 'yes_no', label: 'พร้อมไหม', required: true }] }],
});

function io() {
  const lines: string[] = [];
  const files = new Map<string, string>();
  return {
    lines,
    files,
    io: {
      out: (line: string) => lines.push(line),
      readFile: async (p: string) => {
        const text = files.get(p);
        if (text === undefined) throw new Error(`ENOENT: ${p}`);
        return text;
      },
    },
  };
}

describe('the surveys command', () => {
  it('loads a form from its JSON file and opens it to an audience until a closing day (Thai year accepted)', async () => {
    const t = io();
    t.files.set('form.json', JSON.stringify(shortForm()));
    expect(await runSurveysCommand(database.db, OFFICE, ['open', 'form.json', '--closes=31/12/2569', '--audience=school_teachers', '--district=เมือง'], t.io, NOW)).toBe(0);
    expect(t.lines.join('\n')).toMatch(/บันทึกแบบฟอร์มแล้ว: #\d+ แบบสำรวจสั้น/);
    expect(t.lines.join('\n')).toMatch(/เปิดรอบสำรวจ #\d+ "แบบสำรวจสั้น" ถึง ครูและผู้อำนวยการโรงเรียน อำเภอเมือง ปิดรับ 31 ธันวาคม 2569/);
    const [{ round, form }] = (await listRounds(database.db, OFFICE)) as [Awaited<ReturnType<typeof listRounds>>[number]];
    expect(round).toMatchObject({ audience: 'school_teachers', district: 'เมือง', closesOn: '2026-12-31', state: 'open' });
    expect(form.state).toBe('open');
    expect((await surveyEventsOf(database.db, round.id)).map((e) => e.action)).toEqual(['opened']);

    // Loading the same file again finds the same form; a changed form under the same version is refused.
    const again = io();
    again.files.set('form.json', JSON.stringify(shortForm()));
    expect(await runSurveysCommand(database.db, OFFICE, ['load', 'form.json'], again.io, NOW)).toBe(0);
    expect(again.lines[0]).toMatch(/มีแบบฟอร์มนี้อยู่แล้ว/);
    const changed = io();
    changed.files.set('form.json', JSON.stringify({ ...shortForm(), title: 'เปลี่ยนชื่อ' }));
    expect(await runSurveysCommand(database.db, OFFICE, ['load', 'form.json'], changed.io, NOW)).toBe(1);
    expect(changed.lines.join('\n')).toMatch(/เพิ่มเลข version/);
    expect(await listForms(database.db, OFFICE)).toHaveLength(1);
  });

  it('copies a built-in template: as it is (its key kept), as the office\'s own form under a new key and title, or to a file to edit', async () => {
    const t = io();
    expect(await runSurveysCommand(database.db, OFFICE, ['templates'], t.io, NOW)).toBe(0);
    expect(t.lines[0]).toBe('แบบฟอร์มสำเร็จรูป 6 แบบ (คัดลอกด้วย copy <ชื่อ>)');
    expect(t.lines).toContain('  computer-needs: แบบสำรวจความต้องการระบบคอมพิวเตอร์ของหน่วยงาน (computer_needs)');

    expect(await runSurveysCommand(database.db, OFFICE, ['copy', 'computer-needs'], t.io, NOW)).toBe(0);
    expect(await runSurveysCommand(database.db, OFFICE, ['copy', 'follow-up-feedback', '--key=webinar_feedback', '--title=ประเมินการอบรมออนไลน์'], t.io, NOW)).toBe(0);
    const forms = await listForms(database.db, OFFICE);
    expect(forms.map((f) => [f.key, f.version, f.title]).sort()).toEqual([
      ['computer_needs', 1, 'แบบสำรวจความต้องการระบบคอมพิวเตอร์ของหน่วยงาน'],
      ['webinar_feedback', 1, 'ประเมินการอบรมออนไลน์'],
    ]);
    // The copy asks what the template asks (template 6: one answer per person, its yearly summary).
    const copied = forms.find((f) => f.key === 'webinar_feedback')!;
    expect(copied.definition).toMatchObject({ respondent: 'person', yearlySummary: true });

    // A ranked form copied under another key is the office's own: told it has no ranked view.
    const written = new Map<string, string | Buffer>();
    const toFile = { ...io().io, out: (line: string) => t.lines.push(line), writeFile: async (p: string, content: string | Buffer) => void written.set(p, content) };
    expect(await runSurveysCommand(database.db, OFFICE, ['copy', 'dltv-repair', '--key=dltv_repair_2571', '--out=mine.json'], toFile, NOW)).toBe(0);
    expect(t.lines.join('\n')).toMatch(/ไม่มีผลจัดลำดับหรือทะเบียน DLTV ของแบบ "dltv_repair"/);
    expect(JSON.parse(String(written.get('mine.json')))).toMatchObject({ key: 'dltv_repair_2571', version: 1, title: 'แบบสำรวจข้อมูลความต้องการทดแทน/ซ่อมบำรุงอุปกรณ์สัญญาณดาวเทียม' });
    expect(await listForms(database.db, OFFICE)).toHaveLength(2);

    expect(await runSurveysCommand(database.db, OFFICE, ['copy', 'no-such-form'], t.io, NOW)).toBe(1);
    expect(t.lines.at(-1)).toMatch(/ไม่มีแบบฟอร์มสำเร็จรูปชื่อ "no-such-form"/);
    expect(await runSurveysCommand(database.db, OFFICE, ['copy', 'dlit-usage', '--name=x'], t.io, NOW)).toBe(2);
  });

  it('refuses a form that is not valid, naming what is wrong, and stores nothing', async () => {
    const t = io();
    t.files.set('bad.json', JSON.stringify({ ...shortForm(), sections: [{ id: 's', title: 'ส', questions: [{ id: 'x', kind: 'number', label: 'ก', min: 5, max: 1 }] }] }));
    expect(await runSurveysCommand(database.db, OFFICE, ['load', 'bad.json'], t.io, NOW)).toBe(1);
    expect(t.lines.join('\n')).toMatch(/min is above max/);
    expect(await listForms(database.db, OFFICE)).toEqual([]);
  });

  it('refuses a school form to office staff, a closing day already past, an opening day past or after the closing, and bad usage', async () => {
    const t = io();
    t.files.set('form.json', JSON.stringify(shortForm('school')));
    expect(await runSurveysCommand(database.db, OFFICE, ['open', 'form.json', '--closes=2026-12-31', '--audience=office_staff'], t.io, NOW)).toBe(1);
    expect(t.lines.at(-1)).toMatch(/ตอบรายบุคคล/);
    expect(await runSurveysCommand(database.db, OFFICE, ['open', 'form.json', '--closes=2026-12-01'], t.io, NOW)).toBe(1);
    expect(t.lines.at(-1)).toMatch(/วันที่ผ่านมาแล้ว/);
    expect(await runSurveysCommand(database.db, OFFICE, ['open', 'form.json', '--closes=2026-12-31', '--opens=2026-12-01'], t.io, NOW)).toBe(1);
    expect(t.lines.at(-1)).toBe(loadMessages.roundDays.opens_in_past);
    expect(await runSurveysCommand(database.db, OFFICE, ['open', 'form.json', '--closes=2026-12-31', '--opens=2027-01-05'], t.io, NOW)).toBe(1);
    expect(t.lines.at(-1)).toBe(loadMessages.roundDays.opens_after_closes);
    expect(await runSurveysCommand(database.db, OFFICE, ['open', 'form.json', '--closes=2026-12-31', '--opens=soon'], t.io, NOW)).toBe(2);
    expect(await runSurveysCommand(database.db, OFFICE, ['open', 'form.json'], t.io, NOW)).toBe(2);
    expect(await runSurveysCommand(database.db, OFFICE, ['open', 'form.json', '--closes=2026-12-31', '--audience=everyone'], t.io, NOW)).toBe(2);
    // Attendees are named by the activity that opens the round (a video conference's evaluation), never by the command.
    expect(await runSurveysCommand(database.db, OFFICE, ['open', 'form.json', '--closes=2026-12-31', '--audience=attendees'], t.io, NOW)).toBe(2);
    // Schools by one thing only, and a cluster with no school is refused.
    expect(await runSurveysCommand(database.db, OFFICE, ['open', 'form.json', '--closes=2026-12-31', '--cluster=ก', '--district=เมือง'], t.io, NOW)).toBe(2);
    expect(await runSurveysCommand(database.db, OFFICE, ['open', 'form.json', '--closes=2026-12-31', '--schools=some'], t.io, NOW)).toBe(2);
    expect(await runSurveysCommand(database.db, OFFICE, ['open', 'form.json', '--closes=2026-12-31', '--cluster=ไม่มีเครือข่ายนี้'], t.io, NOW)).toBe(1);
    expect(t.lines.at(-1)).toBe(loadMessages.noSchoolsInScope);
    expect(await listRounds(database.db, OFFICE)).toEqual([]);
  });

  it('opens a round to one cluster\'s schools: only they are expected', async () => {
    await database.db.insert(offices).values({ id: 'clusters', name: 'สพป. เครือข่าย' }).onConflictDoNothing();
    const other = officeFactory(database.db, 'clusters');
    const inCluster = await other.school('โรงเรียนในเครือข่าย', 'เมือง', 'ริมน้ำ');
    await other.school('โรงเรียนนอกเครือข่าย', 'เมือง', 'บนเขา');
    const t = io();
    t.files.set('form.json', JSON.stringify(shortForm('school')));
    expect(await runSurveysCommand(database.db, 'clusters', ['open', 'form.json', '--closes=2026-12-31', '--cluster=ริมน้ำ'], t.io, NOW)).toBe(0);
    expect(t.lines.at(-1)).toMatch(/ถึง ผู้ตอบของโรงเรียน \(ผู้ประสานงานที่ระบุไว้ หรือผู้อำนวยการ\) เครือข่ายริมน้ำ ปิดรับ/);
    const [{ round, form }] = (await listRounds(database.db, 'clusters')) as [Awaited<ReturnType<typeof listRounds>>[number]];
    expect(round).toMatchObject({ schoolIds: [inCluster], schoolScope: 'cluster:ริมน้ำ' });
    expect((await expectedRespondents(database.db, round, form)).map((e) => e.key)).toEqual([`school:${inCluster}`]);
  });

  it('lists forms and rounds with their counts, and closes a round', async () => {
    const f = officeFactory(database.db);
    const { roundId } = await f.surveyRound(shortForm(), { audience: 'school_directors', closesOn: '2026-12-31', opensAt: NOW });
    const t = io();
    expect(await runSurveysCommand(database.db, OFFICE, ['list'], t.io, NOW)).toBe(0);
    expect(t.lines.join('\n')).toMatch(new RegExp(`#${roundId} แบบสำรวจสั้น → ผู้ตอบของโรงเรียน \\(ผู้ประสานงานที่ระบุไว้ หรือผู้อำนวยการ\\) ปิดรับ 31 ธันวาคม 2569 open: ส่งแล้ว 0, ร่าง 0`));
    expect(await runSurveysCommand(database.db, OFFICE, ['close', String(roundId)], t.io, NOW)).toBe(0);
    expect(await runSurveysCommand(database.db, OFFICE, ['close', String(roundId)], t.io, NOW)).toBe(1);
    expect((await surveyEventsOf(database.db, roundId)).map((e) => e.action)).toEqual(['opened', 'closed']);
  });
});

describe('who a round is open to', () => {
  async function seed() {
    const f = officeFactory(database.db);
    const inTown = await f.school('โรงเรียนบ้านเมือง', 'เมือง');
    const outOfTown = await f.school('โรงเรียนบ้านนา', 'นาดี');
    const director = await f.person('ผอ.เมือง', 'school_director', { schoolId: inTown });
    const teacher = await f.person('ครูเมือง', 'teacher', { schoolId: inTown });
    const farDirector = await f.person('ผอ.นาดี', 'school_director', { schoolId: outOfTown });
    const tech = await f.person('ช่างสมชาย', 'technician');
    const asRespondent = async (id: number) => respondentOf(database.db, (await getPerson(database.db, OFFICE, id))!);
    return { f, inTown, director, teacher, farDirector, tech, asRespondent };
  }
  const titles = (list: Awaited<ReturnType<typeof openSurveysFor>>) => list.map((s) => s.form.definition.key);

  it('by audience, district and dates; closed rounds and those past their last day are not listed', async () => {
    const { f, director, teacher, farDirector, tech, asRespondent } = await seed();
    await f.surveyRound(shortForm('school', 'to_directors'), { audience: 'school_directors', closesOn: '2026-12-31', opensAt: NOW });
    await f.surveyRound(shortForm('school', 'town_teachers'), { audience: 'school_teachers', district: 'เมือง', closesOn: '2026-12-31', opensAt: NOW });
    await f.surveyRound(shortForm('person', 'staff'), { audience: 'office_staff', closesOn: '2026-12-31', opensAt: NOW });
    await f.surveyRound(shortForm('school', 'later'), { audience: 'school_directors', closesOn: '2026-12-31', opensAt: new Date(NOW.getTime() + 3600_000) });
    await f.surveyRound(shortForm('school', 'past'), { audience: 'school_directors', closesOn: '2026-12-06', opensAt: new Date('2026-11-01T00:00:00Z') });

    expect(titles(await openSurveysFor(database.db, OFFICE, await asRespondent(director.id), NOW))).toEqual(['to_directors', 'town_teachers']);
    expect(titles(await openSurveysFor(database.db, OFFICE, await asRespondent(teacher.id), NOW))).toEqual(['town_teachers']);
    expect(titles(await openSurveysFor(database.db, OFFICE, await asRespondent(farDirector.id), NOW))).toEqual(['to_directors']);
    expect(titles(await openSurveysFor(database.db, OFFICE, await asRespondent(tech.id), NOW))).toEqual(['staff']);
    // The last day counts in Bangkok: 2026-12-31 23:30 there is still open.
    expect(titles(await openSurveysFor(database.db, OFFICE, await asRespondent(director.id), new Date('2026-12-31T16:30:00Z')))).toEqual(['to_directors', 'town_teachers', 'later']);
    expect(titles(await openSurveysFor(database.db, OFFICE, await asRespondent(director.id), new Date('2026-12-31T17:30:00Z')))).toEqual([]);
  });

  it('another office sees none of this office\'s rounds', async () => {
    const { f } = await seed();
    await f.surveyRound(shortForm(), { audience: 'school_directors', closesOn: '2026-12-31', opensAt: NOW });
    await database.db.insert(offices).values({ id: 'other', name: 'สพป. อื่น' }).onConflictDoNothing();
    const other = officeFactory(database.db, 'other');
    const school = await other.school('โรงเรียนอื่น', 'เมือง');
    const director = await other.person('ผอ.อื่น', 'school_director', { schoolId: school, lineUserId: 'U' + 'e'.repeat(32) });
    const respondent = await respondentOf(database.db, (await getPerson(database.db, 'other', director.id))!);
    expect(await openSurveysFor(database.db, 'other', respondent, NOW)).toEqual([]);
  });
});

describe('responses', () => {
  it('a school answers once: drafts are saved and shared by its directors, submitted once, then never changed', async () => {
    const f = officeFactory(database.db);
    const school = await f.school('โรงเรียนบ้านเมือง', 'เมือง');
    const a = await f.person('ผอ.ก', 'school_director', { schoolId: school });
    const b = await f.person('ผอ.ข', 'school_director', { schoolId: school });
    const { roundId } = await f.surveyRound(shortForm(), { audience: 'school_directors', closesOn: '2026-12-31', opensAt: NOW });
    const draft = (personId: number, ok: boolean) =>
      saveDraft(database.db, { officeId: OFFICE, roundId, respondentKey: `school:${school}`, schoolId: school, personId, formVersion: 1, answers: { ok } }, NOW);

    const first = await draft(a.id, true);
    expect(first.outcome).toBe('saved');
    const second = await draft(b.id, false);
    expect(second).toMatchObject({ outcome: 'saved', response: { answers: { ok: false }, personId: b.id, version: 2, state: 'draft' } });
    const [mine] = await openSurveysFor(database.db, OFFICE, await respondentOf(database.db, (await getPerson(database.db, OFFICE, a.id))!), NOW);
    expect(mine!.response).toMatchObject({ answers: { ok: false }, state: 'draft' });

    const response = (await getResponse(database.db, roundId, `school:${school}`))!;
    expect(await submitResponse(database.db, { officeId: OFFICE, responseId: response.id, expectedVersion: 1, personId: a.id, answers: { ok: true } }, NOW)).toBe('stale');
    expect(await submitResponse(database.db, { officeId: OFFICE, responseId: response.id, expectedVersion: 2, personId: a.id, answers: { ok: true } }, NOW)).toBe('submitted');
    expect(await submitResponse(database.db, { officeId: OFFICE, responseId: response.id, expectedVersion: 3, personId: b.id, answers: { ok: false } }, NOW)).toBe('stale');
    expect(await draft(b.id, false)).toEqual({ outcome: 'submitted' });
    expect(await getResponse(database.db, roundId, `school:${school}`)).toMatchObject({ state: 'submitted', answers: { ok: true }, submittedAt: NOW });
    expect(await roundResponseCounts(database.db, roundId)).toEqual({ draft: 0, submitted: 1 });
    expect((await surveyEventsOf(database.db, roundId)).map((e) => [e.action, e.actorId])).toEqual([
      ['opened', null],
      ['started', a.id],
      ['submitted', a.id],
    ]);
  });
});

describe('a staff form', () => {
  it('one response per person: each member of the staff keeps their own draft and submits it once; the round expects each of them', async () => {
    const f = officeFactory(database.db);
    const tech = await f.person('ช่างก', 'technician');
    const group = await f.person('ผอ.กลุ่ม', 'group_director');
    const { roundId } = await f.surveyRound(shortForm('person', 'staff_form'), { audience: 'office_staff', closesOn: '2026-12-31', opensAt: NOW });
    const keyOf = async (id: number) => {
      const [open] = await openSurveysFor(database.db, OFFICE, await respondentOf(database.db, (await getPerson(database.db, OFFICE, id))!), NOW);
      return open!.respondentKey;
    };
    expect([await keyOf(tech.id), await keyOf(group.id)]).toEqual([`person:${tech.id}`, `person:${group.id}`]);
    const draft = (personId: number, ok: boolean) =>
      saveDraft(database.db, { officeId: OFFICE, roundId, respondentKey: `person:${personId}`, schoolId: null, personId, formVersion: 1, answers: { ok } }, NOW);
    expect((await draft(tech.id, true)).outcome).toBe('saved');
    expect((await draft(group.id, false)).outcome).toBe('saved');
    const mine = (await getResponse(database.db, roundId, `person:${tech.id}`))!;
    expect(await submitResponse(database.db, { officeId: OFFICE, responseId: mine.id, expectedVersion: mine.version, personId: tech.id, answers: { ok: true } }, NOW)).toBe('submitted');
    // The technician's answer is theirs alone: the director's draft is untouched and still theirs to send.
    expect(await getResponse(database.db, roundId, `person:${group.id}`)).toMatchObject({ state: 'draft', answers: { ok: false }, personId: group.id });
    expect(await draft(tech.id, false)).toEqual({ outcome: 'submitted' });
    expect(await roundResponseCounts(database.db, roundId)).toEqual({ draft: 1, submitted: 1 });
    const t = io();
    expect(await runSurveysCommand(database.db, OFFICE, ['results', String(roundId)], t.io, NOW)).toBe(0);
    expect(t.lines.join('\n')).toContain('ยังไม่ส่ง 1\n  สำนักงาน · ผอ.กลุ่ม');
  });
});

describe('the results for the round\'s owner', () => {
  it('response rate by district, who has not answered, each question\'s figures and a CSV of the responses', async () => {
    const f = officeFactory(database.db);
    const town = await f.school('โรงเรียนบ้านเมือง', 'เมือง');
    await f.school('โรงเรียนบ้านนา', 'นาดี');
    const director = await f.person('ผอ.เมือง', 'school_director', { schoolId: town });
    const { roundId } = await f.surveyRound(shortForm(), { audience: 'school_directors', closesOn: '2026-12-31', opensAt: NOW });
    await saveDraft(database.db, { officeId: OFFICE, roundId, respondentKey: `school:${town}`, schoolId: town, personId: director.id, formVersion: 1, answers: { ok: true } }, NOW);
    const draft = (await getResponse(database.db, roundId, `school:${town}`))!;
    await submitResponse(database.db, { officeId: OFFICE, responseId: draft.id, expectedVersion: draft.version, personId: director.id, answers: { ok: true } }, NOW);

    const t = io();
    const written = new Map<string, string | Buffer>();
    const code = await runSurveysCommand(database.db, OFFICE, ['results', String(roundId), '--csv=out.csv', '--xlsx=out.xlsx'], { ...t.io, writeFile: async (p, content) => void written.set(p, content) }, NOW);
    expect(code).toBe(0);
    const out = t.lines.join('\n');
    expect(out).toContain('ส่งแล้ว 1/2 (50%)');
    expect(out).toContain('  นาดี: 0/1 (0%)');
    expect(out).toContain('  เมือง: 1/1 (100%)');
    expect(out).toContain('ยังไม่ส่ง 1\n  นาดี · โรงเรียนบ้านนา');
    expect(out).toContain('1. พร้อมไหม — ตอบ 1\n     ใช่: 1 (100%)\n     ไม่ใช่: 0 (0%)');
    const csv = written.get('out.csv') as string;
    const [answersSheet, ratesSheet] = await readXlsx(written.get('out.xlsx') as Buffer);
    expect(answersSheet!.name).toBe('คำตอบ');
    expect(answersSheet!.rows[0]).toEqual(['ผู้ตอบ', 'รหัส', 'อำเภอ', 'ส่งเมื่อ', 'พร้อมไหม']);
    expect(answersSheet!.rows[1]![0]).toBe('โรงเรียนบ้านเมือง');
    expect(ratesSheet!.rows.at(-1)).toEqual(['รวม', 2, 1, 50]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('ผู้ตอบ,รหัส,อำเภอ,ส่งเมื่อ,พร้อมไหม');
    expect(csv).toContain('โรงเรียนบ้านเมือง,,เมือง,');
    expect(await runSurveysCommand(database.db, OFFICE, ['results', '999'], t.io, NOW)).toBe(1);
  });

  it('an answer an officer rejected counts as sent, but not in the figures nor in the files', async () => {
    const f = officeFactory(database.db);
    const hill = await f.school('โรงเรียนบ้านเนิน', 'เนินสูง');
    const dale = await f.school('โรงเรียนบ้านดอน', 'เนินสูง');
    const officer = await f.person('เจ้าหน้าที่ตรวจ', 'technician');
    const { roundId } = await f.surveyRound(shortForm(), { audience: 'school_directors', closesOn: '2026-12-31', opensAt: NOW });
    for (const [school, ok] of [[hill, true], [dale, false]] as const) {
      const director = await f.person(`ผอ.${school}`, 'school_director', { schoolId: school });
      await saveDraft(database.db, { officeId: OFFICE, roundId, respondentKey: `school:${school}`, schoolId: school, personId: director.id, formVersion: 1, answers: { ok } }, NOW);
      const draft = (await getResponse(database.db, roundId, `school:${school}`))!;
      await submitResponse(database.db, { officeId: OFFICE, responseId: draft.id, expectedVersion: draft.version, personId: director.id, answers: { ok } }, NOW);
    }
    const bad = (await getResponse(database.db, roundId, `school:${dale}`))!;
    expect(await reviewResponse(database.db, { officeId: OFFICE, responseId: bad.id, expectedVersion: bad.version, decision: 'reject', note: null, reviewerId: officer.id }, NOW)).toBe('reviewed');

    const t = io();
    const written = new Map<string, string | Buffer>();
    expect(await runSurveysCommand(database.db, OFFICE, ['results', String(roundId), '--csv=out.csv', '--xlsx=out.xlsx'], { ...t.io, writeFile: async (p, content) => void written.set(p, content) }, NOW)).toBe(0);
    const out = t.lines.join('\n');
    expect(out).toContain('  เนินสูง: 2/2 (100%)');
    expect(out).toContain('ไม่รับ 1 คำตอบ');
    expect(out).toContain('1. พร้อมไหม — ตอบ 1\n     ใช่: 1 (100%)\n     ไม่ใช่: 0 (0%)');
    expect(written.get('out.csv') as string).not.toContain('โรงเรียนบ้านดอน');
    const [answersSheet] = await readXlsx(written.get('out.xlsx') as Buffer);
    expect(answersSheet!.rows.map((r) => r[0])).toEqual(['ผู้ตอบ', 'โรงเรียนบ้านเนิน']);
  });
});

describe('the demo surveys', () => {
  const asEmbedded = () => ({ ...database, kind: 'embedded' as const });

  it('an embedded start with no form loads the demo forms once and opens them to the schools\' directors', async () => {
    expect(DEMO_SURVEY_FILES).toHaveLength(6);
    await loadDemoSurveysIfEmpty(asEmbedded(), OFFICE, logger, NOW);
    const rounds = await listRounds(database.db, OFFICE);
    expect(rounds.map((r) => [r.form.definition.key, r.round.audience, r.round.closesOn]).sort()).toEqual([
      ['computer_needs', 'school_directors', '2027-01-06'],
      ['dlit_usage', 'school_directors', '2027-01-06'],
      ['dltv_equipment', 'school_directors', '2027-01-06'],
      ['dltv_repair', 'school_directors', '2027-01-06'],
      ['follow_up_feedback', 'school_directors', '2027-01-06'],
      ['internet_check', 'school_directors', '2027-01-06'],
    ]);
    await loadDemoSurveysIfEmpty(asEmbedded(), OFFICE, logger, NOW);
    expect(await listRounds(database.db, OFFICE)).toHaveLength(6);
  });

  it('never on a PostgreSQL server', async () => {
    await loadDemoSurveysIfEmpty({ ...database, kind: 'server' } as Database, OFFICE, logger, NOW);
    expect(await listForms(database.db, OFFICE)).toEqual([]);
  });

  it('a form file written by an officer loads from disk through the command', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'esa-surveys-'));
    const file = path.join(dir, 'form.json');
    await writeFile(file, JSON.stringify(shortForm()));
    const lines: string[] = [];
    const { readFile } = await import('node:fs/promises');
    expect(await runSurveysCommand(database.db, OFFICE, ['load', file], { out: (l) => lines.push(l), readFile: (p) => readFile(p, 'utf8') }, NOW)).toBe(0);
  });
});
