import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import type { RunningService } from '../../src/app.ts';
import { replaceSchoolRegister } from '../../src/db/repos/dltv-register.ts';
import { closeRound, listRounds } from '../../src/db/repos/surveys.ts';
import { schools } from '../../src/db/schema.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { fiscalYearOf } from '../../src/domain/fiscal-year.ts';
import { DLTV_NEEDS_HEADER } from '../../src/domain/surveys/dltv-eligibility.ts';
import { NEEDS_PLAN_HEADER } from '../../src/domain/surveys/needs-plan.ts';
import type { ResultsPageView } from '../../src/flows/surveys/results-page.ts';
import { readXlsx } from '../../src/reports/xlsx.ts';
import { bangkokDateKey, bangkokTime } from '../../src/domain/office-time.ts';
import type { FormDefinitionInput } from '../../src/domain/surveys/form.ts';
import { deniedMessage } from '../../src/kit/steps.ts';
import { encodePostback } from '../../src/line/postback.ts';
import { surveyCloseAction, surveyRankingAction } from '../../src/flows/surveys/actions.ts';
import { campaignLabels as CL, rankingTexts as RT, resultsPageTexts as PT } from '../../src/flows/surveys/messages.ts';
import { launchBrowser, openPage, PHONE_VIEWPORT } from '../support/browser.ts';
import { actionsIn, chatDriver, loadDemoSchools } from '../support/chat.ts';
import { officeFactory } from '../support/factories.ts';
import { oneQuestionSchoolForm } from '../support/survey-rounds.ts';
import { liffPeople } from '../support/liff.ts';
import { startTestService } from '../support/service.ts';

/**
 * The officer's ranked views in the chat, through the emulator: the card of a computer-needs round offers
 * ผลจัดลำดับ, which answers with a short card of the top needs of the plan; a DLTV replacement/repair round's
 * card lists the schools meeting the allocation criteria with their open repair tickets; closing a ranked round
 * offers the result at once, and it is still there once closed. Someone who does not run surveys is refused.
 * The card links to the round's results page, where the whole ranked table downloads as the `ranking` command's
 * Excel file (for a ranked round only, for the same people as the results).
 */
let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
const clock = new Date(Date.now() + 10 * 60_000);
const closesOn = bangkokDateKey(new Date(clock.getTime() + 14 * 24 * 3600_000));
const form = (file: string): FormDefinitionInput => JSON.parse(readFileSync(new URL(`../../scripts/surveys/${file}`, import.meta.url), 'utf8'));
let needsRound: number;
let dltvRound: number;

beforeAll(async () => {
  service = await startTestService({}, { now: () => clock });
  chat = chatDriver(service);
  await loadDemoSchools(service);
  const db = service.database.db;
  // The start-up's demo rounds (the two ranked forms among them) are closed: only this file's rounds are under way.
  for (const { round } of await listRounds(db, DEFAULT_OFFICE_ID)) await closeRound(db, DEFAULT_OFFICE_ID, round.id, null, clock);
  const f = officeFactory(db);
  const opensAt = new Date(clock.getTime() - 60_000);
  needsRound = (await f.surveyRound(form('computer-needs.json'), { audience: 'school_directors', closesOn, opensAt })).roundId;
  dltvRound = (await f.surveyRound(form('dltv-repair.json'), { audience: 'school_directors', closesOn, opensAt })).roundId;
  const schoolId = async (name: string) => (await db.select({ id: schools.id }).from(schools).where(eq(schools.name, name)))[0]!.id;
  const north = await schoolId('โรงเรียนบ้านหนองบัวทอง');
  const clean = await schoolId('โรงเรียนบ้านโนนสะอาด');
  const director = (await f.person('ผอ.ทดสอบ', 'school_director', { schoolId: north, lineUserId: null })).id;
  const need = (item: string, quantity: number, urgency: string) => ({ item, category: 'desktop', quantity, unit_price: 18000, urgency, use: 'teaching', reason: 'เครื่องเดิมชำรุด' });
  await f.submittedResponse(needsRound, north, director, { pupils: 120, computers_working: 2, needs: [need('คอมพิวเตอร์ห้องเรียน', 12, 'high'), need('คอมพิวเตอร์สำรอง', 1, 'low')] }, clock);
  await f.submittedResponse(needsRound, clean, director, { pupils: 40, computers_working: 10, needs: [need('คอมพิวเตอร์ครู', 2, 'medium')] }, clock);
  const item = (equipment: string, action: string, quantity: number) => ({ equipment, action, quantity, problem: null });
  const northDltv = await f.submittedResponse(dltvRound, north, director, { pupils: 90, merger_planned: false, received_before: false, outage_percent: 5, items: [item('receiver', 'replace', 3)] }, clock);
  await f.submittedResponse(dltvRound, clean, director, { pupils: 90, merger_planned: true, received_before: false, outage_percent: 5, items: [item('tv', 'repair', 1)] }, clock);
  // The school's DLTV register (template 2) says one receiver is broken.
  const room = { classroom: 'ป.1', note: null, dish: 'good', lnb: 'good', receiver: 'broken', tv: 'good' } as const;
  await replaceSchoolRegister(db, { officeId: DEFAULT_OFFICE_ID, schoolId: north, responseId: northDltv, personId: director, entries: [room] }, clock);
  const categories = await f.categories();
  await f.ticket({ schoolId: north, categoryId: categories.get('dltv_no_signal')!.id, reporterId: director, createdAt: clock, status: 'new' });
}, 120_000);
afterAll(async () => service.stop());

/** The sealed data of the button in these messages built as `unsealed` (the dispatcher seals every button). */
function sealed(entries: Parameters<typeof actionsIn>[0], unsealed: string): string {
  const found = actionsIn(entries).find((a) => a.data.startsWith(`${unsealed}.`));
  if (!found) throw new Error(`no button ${unsealed}`);
  return found.data;
}
const json = (entries: Array<{ message: unknown }>) => JSON.stringify(entries.map((e) => e.message));

describe('the ranked results in the chat', () => {
  let tech: string;
  let needsButton: string;

  it('a computer-needs round\'s card offers ผลจัดลำดับ: the top needs of the fiscal year\'s plan, highest score first', async () => {
    tech = await chat.registerInvited('ช่างสมชาย', 'technician', clock);
    const tile = await chat.say(tech, 'แบบสำรวจ');
    expect(actionsIn(tile.entries).filter((a) => a.label === CL.ranking)).toHaveLength(2);
    needsButton = sealed(tile.entries, encodePostback(surveyRankingAction, { r: needsRound }));
    const card = json((await chat.tapData(tech, needsButton)).entries);
    const planYear = fiscalYearOf(bangkokTime(closesOn)) + 1;
    expect(card).toContain(RT.needs.status(planYear));
    expect(card).toContain(RT.needs.count(3, 2));
    expect(card).toContain(RT.needs.budget('270,000'));
    // Urgent, for teaching, in a school with 2 computers for 120 pupils: 6 + 2 + 2 × 0.83 of 10.
    expect(card).toContain(RT.needs.line(1, 'โรงเรียนบ้านหนองบัวทอง', 'คอมพิวเตอร์ห้องเรียน', 12, 'เร่งด่วนมาก', 96.7));
    expect(card).toContain(RT.needs.line(2, 'โรงเรียนบ้านโนนสะอาด', 'คอมพิวเตอร์ครู', 2, 'เร่งด่วน', 50));
    // The whole table is a download on the results page the card links to, not a command to type.
    expect(card).toContain(RT.exportHint);
    expect(card).toContain(`"label":"${RT.exportLink}"`);
    expect(card).toMatch(new RegExp(`"uri":"[^"]*/liff/surveys/${needsRound}/results"`));
    expect(card).not.toContain('npm run');
  });

  it('a DLTV replacement/repair round\'s card lists the schools meeting the criteria, with their open repair tickets and what their DLTV register says is broken', async () => {
    const tile = await chat.say(tech, 'แบบสำรวจ');
    const card = json((await chat.tapData(tech, sealed(tile.entries, encodePostback(surveyRankingAction, { r: dltvRound })))).entries);
    expect(card).toContain(RT.dltv.status(1, 2));
    expect(card).toContain('นักเรียน 50–120 คน');
    expect(card).toContain(RT.dltv.line(1, 'โรงเรียนบ้านหนองบัวทอง', 3, 0, 1, 1));
    expect(card).not.toContain('โรงเรียนบ้านโนนสะอาด');
    expect(card).toContain(RT.dltv.notEligible(1));
    expect(card).toContain('ทะเบียนเสีย 1');
  });

  it('someone who does not run surveys is refused', async () => {
    const teacher = await chat.registerTeacher('ครูสมพร ใฝ่รู้');
    expect((await chat.tapData(teacher, needsButton)).text).toBe(deniedMessage('run_survey'));
  });

  it('closing a ranked round offers its result at once; it is still shown once the round is closed', async () => {
    const tile = await chat.say(tech, 'แบบสำรวจ');
    await chat.tapData(tech, sealed(tile.entries, encodePostback(surveyCloseAction, { r: needsRound, v: 1 })));
    const closed = await chat.tap(tech, CL.confirmClose);
    expect(closed.labels).toEqual([CL.ranking]);
    const card = json((await chat.tap(tech, CL.ranking)).entries);
    expect(card).toContain(RT.needs.count(3, 2));
  });
});

describe('the ranked table as an Excel file, from the results page', () => {
  let officer: string;
  const people = () => liffPeople(service, () => clock);
  const headerOf = async (res: Response) => {
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const [first] = await readXlsx(Buffer.from(await res.arrayBuffer()));
    return first!;
  };

  it('the officer downloads the plan or the DLTV list (the ranking command\'s workbook); a teacher is refused', async () => {
    officer = await chat.registerInvited('ช่างสมศักดิ์', 'technician', clock);
    const plan = await headerOf(await people().get(officer, `/surveys/${needsRound}/ranking/xlsx`));
    expect(plan.name).toBe(`แผนจัดหา ${fiscalYearOf(bangkokTime(closesOn)) + 1}`);
    expect(plan.rows[0]).toEqual([...NEEDS_PLAN_HEADER]);
    expect(plan.rows[1]).toContain('โรงเรียนบ้านหนองบัวทอง');
    const dltv = await headerOf(await people().get(officer, `/surveys/${dltvRound}/ranking/xlsx`));
    expect(dltv.rows[0]).toEqual([...DLTV_NEEDS_HEADER]);
    const teacher = await chat.registerTeacher('ครูสมใจ รักเรียน');
    const refused = await people().get(teacher, `/surveys/${needsRound}/ranking/xlsx`);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ message: PT.forbidden });
  });

  it('a round that is not ranked has no such download', async () => {
    // A round of its own (on a PostgreSQL server the start-up opens no demo round to borrow).
    const plain = (await officeFactory(service.database.db).surveyRound(oneQuestionSchoolForm('not_ranked', 'สำรวจไม่จัดลำดับ'), { audience: 'school_directors', closesOn, opensAt: clock })).roundId;
    const page = (await (await people().get(officer, `/surveys/${plain}/results`)).json()) as ResultsPageView;
    expect(page.ranked).toBe(false);
    expect((await people().get(officer, `/surveys/${plain}/ranking/xlsx`)).status).toBe(404);
    expect(((await (await people().get(officer, `/surveys/${needsRound}/results`)).json()) as ResultsPageView).ranked).toBe(true);
  });

  it('on the page the card links to, the second button saves the ranked table', async () => {
    const tile = await chat.say(officer, 'แบบสำรวจ');
    const card = json((await chat.tapData(officer, sealed(tile.entries, encodePostback(surveyRankingAction, { r: dltvRound })))).entries);
    const link = new RegExp(`"uri":"([^"]*/liff/surveys/${dltvRound}/results)"`).exec(card)![1]!;
    const browser: Browser = await launchBrowser();
    try {
      const { page, errors } = await openPage(browser, PHONE_VIEWPORT);
      await page.goto(`${link}#idToken=${encodeURIComponent(await people().idToken(officer))}`);
      await page.getByTestId('ranking-xlsx').filter({ hasText: PT.rankingExcel }).click();
      await expect(page.getByTestId('ranking-xlsx-link').getAttribute('download')).resolves.toBe(`ranking-${dltvRound}.xlsx`);
      // The answers' download is still its own button.
      await expect(page.getByTestId('pdf').textContent()).resolves.toBe(PT.excel);
      // Only the favicon the browser asks for may be missing (the service has none).
      expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
