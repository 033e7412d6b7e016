import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '../../src/app.ts';
import { replaceSchoolRegister } from '../../src/db/repos/dltv-register.ts';
import { listRounds, schoolIdsOf } from '../../src/db/repos/surveys.ts';
import { roundLabels as RL, roundTexts as RT } from '../../src/flows/survey-rounds/messages.ts';
import { PICKER_LABELS, tickedLabel } from '../../src/kit/picker.ts';
import { loadFormDefinition } from '../../src/flows/surveys/load.ts';
import { runSurveyReminders } from '../../src/flows/surveys/jobs.ts';
import { campaignTexts as C } from '../../src/flows/surveys/messages.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { chatDriver } from '../support/chat.ts';
import { officeFactory } from '../support/factories.ts';
import { startTestService } from '../support/service.ts';
import { testClock } from '../support/test-clock.ts';
import { closeOpenRounds, oneQuestionSchoolForm } from '../support/survey-rounds.ts';

/**
 * A round sent from the chat to a cluster's schools, one to the DLTV schools (those in the DLTV register) and one to
 * schools ticked in the kit's picker, through the emulator: only their directors are invited and shown the round,
 * and the officer's card counts only those schools.
 */
const clock = testClock('2027-03-08', '10:00'); // Monday
let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
const u = { a: '', b: '', c: '', tech: '' };
const school = { s1: 0, s2: 0, s3: 0 };
const CLUSTER = 'กลุ่มทดสอบก';
const clusterTitle = 'สำรวจรายเครือข่าย';
const dltvTitle = 'สำรวจดาวเทียม';
const chosenTitle = 'สำรวจบางโรงเรียน';

const form = oneQuestionSchoolForm;

beforeAll(async () => {
  service = await startTestService({}, { now: clock.now });
  chat = chatDriver(service);
  const db = service.database.db;
  const f = officeFactory(db);
  school.s1 = await f.school('โรงเรียนกลุ่มกหนึ่ง', 'เมือง', CLUSTER);
  school.s2 = await f.school('โรงเรียนกลุ่มข', 'เมือง', 'กลุ่มทดสอบข');
  school.s3 = await f.school('โรงเรียนกลุ่มกสอง', 'นาดี', CLUSTER);
  for (const [key, s] of [['a', school.s1], ['b', school.s2], ['c', school.s3]] as const) {
    u[key] = await chat.newUser(key);
    await f.person(`ผอ. ${key}`, 'school_director', { lineUserId: u[key], schoolId: s });
  }
  u.tech = await chat.newUser('tech');
  await f.person('คุณ tech', 'technician', { lineUserId: u.tech });
  // School two is in the DLTV register (as its answer to template 2 made it).
  const earlier = await f.surveyRound(form('dltv_seed', 'ทะเบียน DLTV เดิม'), { audience: 'school_directors', closesOn: '2027-03-31', opensAt: clock.now() });
  const director = (await chat.personOf(u.b)).id;
  const response = await f.submittedResponse(earlier.roundId, school.s2, director, { ok: true }, clock.now());
  const room = { classroom: 'ป.1', note: null, dish: 'good', lnb: 'good', receiver: 'good', tv: 'good' } as const;
  await replaceSchoolRegister(db, { officeId: DEFAULT_OFFICE_ID, schoolId: school.s2, responseId: response, personId: director, entries: [room] }, clock.now());
  // The demo rounds and that one closed: only this file's rounds invite.
  await closeOpenRounds(db, clock.now());
  for (const [key, title] of [['by_cluster', clusterTitle], ['by_dltv', dltvTitle], ['by_choice', chosenTitle]]) expect((await loadFormDefinition(db, DEFAULT_OFFICE_ID, form(key!, title!), null, clock.now())).ok).toBe(true);
}, 120_000);
afterAll(async () => service.stop());

async function inboxes() {
  await chat.settle();
  const of = async (id: string) => (await chat.inbox(id)).entries.map((e) => String(e.message.text));
  return { a: await of(u.a), b: await of(u.b), c: await of(u.c) };
}

/** ส่งแบบสำรวจใหม่ up to the targets: the form picked, to the schools' directors. */
async function upToTargets(title: string) {
  await chat.say(u.tech, 'ส่งแบบสำรวจใหม่');
  await chat.say(u.tech, title);
  await chat.tap(u.tech, title);
  return chat.tap(u.tech, RL.audiences.school_directors);
}

const openRound = async (title: string) => (await listRounds(service.database.db, DEFAULT_OFFICE_ID)).find((r) => r.round.title === title && r.round.state === 'open')!.round;

describe('a round to a cluster, one to the DLTV schools, one to chosen schools', () => {
  it('รายเครือข่าย: the cluster\'s schools only are invited, shown the round and counted', async () => {
    const targets = await upToTargets(clusterTitle);
    expect(targets.labels).toEqual(expect.arrayContaining([RL.allDistricts, RL.byCluster, RL.dltv]));
    await chat.tap(u.tech, RL.byCluster);
    await chat.tap(u.tech, CLUSTER);
    const summary = await chat.say(u.tech, '2027-03-31');
    // The cluster's own name says กลุ่ม…: not "เครือข่ายกลุ่ม…".
    expect(summary.text).toContain(`ส่งถึง: ผู้ตอบของโรงเรียน (ผู้ประสานงานที่ระบุไว้ หรือผู้อำนวยการ) ${CLUSTER}\n`);
    await chat.tap(u.tech, RL.confirm);
    expect(await openRound(clusterTitle)).toMatchObject({ schoolIds: [school.s1, school.s3].sort((x, y) => x - y), schoolScope: `cluster:${CLUSTER}`, district: null });

    expect(await runSurveyReminders(service.database, clock.set('2027-03-08', '10:30'))).toBe(1);
    const invited = await inboxes();
    expect(invited.a.join('\n')).toContain(clusterTitle);
    expect(invited.c.join('\n')).toContain(clusterTitle);
    expect(invited.b).toEqual([]);
    expect((await chat.say(u.b, 'แบบสำรวจ')).text).not.toContain(clusterTitle);
    expect((await chat.say(u.a, 'แบบสำรวจ')).text).toContain(clusterTitle);
    const cards = JSON.stringify((await chat.say(u.tech, 'แบบสำรวจ')).entries.map((e) => e.message));
    expect(cards).toContain(C.to('ผู้ตอบของโรงเรียน (ผู้ประสานงานที่ระบุไว้ หรือผู้อำนวยการ)', { district: null, schoolScope: `cluster:${CLUSTER}`, schoolIds: [] }));
    expect(cards).toContain(C.rate(0, 2));
  });

  it('โรงเรียน DLTV: the schools in the DLTV register only', async () => {
    await upToTargets(dltvTitle);
    await chat.tap(u.tech, RL.dltv);
    const summary = await chat.say(u.tech, '2027-03-31');
    expect(summary.text).toContain('ส่งถึง: ผู้ตอบของโรงเรียน (ผู้ประสานงานที่ระบุไว้ หรือผู้อำนวยการ) โรงเรียน DLTV');
    await chat.tap(u.tech, RL.confirm);
    const dltvSchools = await schoolIdsOf(service.database.db, DEFAULT_OFFICE_ID, { kind: 'dltv' });
    expect(dltvSchools).toContain(school.s2);
    expect(dltvSchools).not.toContain(school.s1);
    expect(await openRound(dltvTitle)).toMatchObject({ schoolIds: dltvSchools, schoolScope: 'dltv' });

    expect(await runSurveyReminders(service.database, clock.set('2027-03-08', '11:00'))).toBe(1);
    const invited = await inboxes();
    expect(invited.b.join('\n')).toContain(dltvTitle);
    expect(invited.a).toEqual([]);
    expect((await chat.say(u.a, 'แบบสำรวจ')).text).not.toContain(dltvTitle);
    const cards = JSON.stringify((await chat.say(u.tech, 'แบบสำรวจ')).entries.map((e) => e.message));
    expect(cards).toContain(C.to('ผู้ตอบของโรงเรียน (ผู้ประสานงานที่ระบุไว้ หรือผู้อำนวยการ)', { district: null, schoolScope: 'dltv', schoolIds: [] }));
    expect(cards).toContain(C.rate(0, dltvSchools.length));
  });

  it('เลือกโรงเรียน: schools ticked (a second tap unticks), found by a typed part of the name (the narrowed list kept while ticking, until แสดงทั้งหมด); only they are invited and counted', async () => {
    await upToTargets(chosenTitle);
    expect((await chat.tap(u.tech, RL.chooseSchools)).text).toContain(RT.chooseSchools(0));
    expect((await chat.tap(u.tech, RL.schoolsDone)).text).toContain(RT.noSchoolsChosen);
    expect((await chat.say(u.tech, 'ไม่มีโรงเรียนนี้แน่นอน')).text).toContain(RT.noSchoolFound);
    // A typed name narrows the list, and ticking keeps it narrowed (no typing again) until แสดงทั้งหมด. The buttons
    // name the schools without โรงเรียน (the 20 characters tell them apart); the chat shows the full name tapped.
    const narrowed = [RL.schoolsDone, RL.cancel];
    expect((await chat.say(u.tech, 'กลุ่มก')).labels).toEqual(['กลุ่มกสอง', 'กลุ่มกหนึ่ง', PICKER_LABELS.showAll, ...narrowed]);
    const ticked = await chat.tap(u.tech, 'กลุ่มกหนึ่ง');
    expect(ticked.text).toContain(RT.narrowedTo('กลุ่มก', 2));
    expect(ticked.text).toContain(RT.chooseSchools(1));
    expect(ticked.labels).toEqual(['กลุ่มกสอง', tickedLabel('กลุ่มกหนึ่ง', true), PICKER_LABELS.showAll, ...narrowed]);
    const both = await chat.tap(u.tech, 'กลุ่มกสอง');
    expect(both.text).toContain(RT.chooseSchools(2));
    expect(both.labels).toEqual([tickedLabel('กลุ่มกสอง', true), tickedLabel('กลุ่มกหนึ่ง', true), PICKER_LABELS.showAll, ...narrowed]);
    expect((await chat.tap(u.tech, tickedLabel('กลุ่มกสอง', true))).labels).toEqual(ticked.labels);
    // A name not found leaves the view as it was.
    const notFound = await chat.say(u.tech, 'ไม่มีโรงเรียนนี้แน่นอน');
    expect(notFound.text).toContain(RT.noSchoolFound);
    expect(notFound.labels).toEqual(ticked.labels);
    // แสดงทั้งหมด: every school again, the ticked one still ticked.
    const all = await chat.tap(u.tech, PICKER_LABELS.showAll);
    expect(all.text).not.toContain(RT.narrowedTo('กลุ่มก', 2));
    expect(all.text).toContain(RT.chooseSchools(1));
    expect(all.labels).not.toContain(PICKER_LABELS.showAll);
    expect(all.labels.includes('กลุ่มข') || all.labels.includes(PICKER_LABELS.next)).toBe(true);
    await chat.say(u.tech, 'กลุ่มข');
    expect((await chat.tap(u.tech, 'กลุ่มข')).text).toContain(RT.chooseSchools(2));
    const untick = await chat.tap(u.tech, tickedLabel('กลุ่มข', true));
    expect(untick.text).toContain(RT.chooseSchools(1));
    expect(untick.labels).toEqual(['กลุ่มข', PICKER_LABELS.showAll, ...narrowed]);
    await chat.tap(u.tech, RL.schoolsDone);
    const summary = await chat.say(u.tech, '2027-03-31');
    expect(summary.text).toContain('ส่งถึง: ผู้ตอบของโรงเรียน (ผู้ประสานงานที่ระบุไว้ หรือผู้อำนวยการ) โรงเรียนที่เลือก 1 แห่ง');
    await chat.tap(u.tech, RL.confirm);
    expect(await openRound(chosenTitle)).toMatchObject({ schoolIds: [school.s1], schoolScope: 'chosen' });

    expect(await runSurveyReminders(service.database, clock.set('2027-03-09', '10:00'))).toBe(1);
    const invited = await inboxes();
    expect(invited.a.join('\n')).toContain(chosenTitle);
    expect(invited.b).toEqual([]);
    expect(invited.c).toEqual([]);
    expect((await chat.say(u.c, 'แบบสำรวจ')).text).not.toContain(chosenTitle);
    const cards = JSON.stringify((await chat.say(u.tech, 'แบบสำรวจ')).entries.map((e) => e.message));
    expect(cards).toContain(C.to('ผู้ตอบของโรงเรียน (ผู้ประสานงานที่ระบุไว้ หรือผู้อำนวยการ)', { district: null, schoolScope: 'chosen', schoolIds: [school.s1] }));
    expect(cards).toContain(C.rate(0, 1));
  });
});
