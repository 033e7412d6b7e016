import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import type { RunningService } from '../../src/app.ts';
import { replaceSchoolRegister } from '../../src/db/repos/dltv-register.ts';
import { closeRound, listRounds } from '../../src/db/repos/surveys.ts';
import { schools } from '../../src/db/schema.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { fiscalYearOf } from '../../src/domain/fiscal-year.ts';
import { bangkokDateKey, bangkokTime } from '../../src/domain/office-time.ts';
import type { FormDefinitionInput } from '../../src/domain/surveys/form.ts';
import { deniedMessage } from '../../src/kit/steps.ts';
import { encodePostback } from '../../src/line/postback.ts';
import { surveyCloseAction, surveyRankingAction } from '../../src/flows/surveys/actions.ts';
import { campaignLabels as CL, rankingTexts as RT } from '../../src/flows/surveys/messages.ts';
import { actionsIn, chatDriver, loadDemoSchools } from '../support/chat.ts';
import { officeFactory } from '../support/factories.ts';
import { startTestService } from '../support/service.ts';

/**
 * The officer's ranked views in the chat, through the emulator: the card of a computer-needs round offers
 * ผลจัดลำดับ, which answers with a short card of the top needs of the plan; a DLTV replacement/repair round's
 * card lists the schools meeting the allocation criteria with their open repair tickets; closing a ranked round
 * offers the result at once, and it is still there once closed. Someone who does not run surveys is refused.
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
    expect(card).toContain(RT.export(needsRound));
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
