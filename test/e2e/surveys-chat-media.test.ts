import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '../../src/app.ts';
import { getMediaContent, listMedia } from '../../src/db/repos/media.ts';
import { getResponse } from '../../src/db/repos/surveys.ts';
import { bangkokDateKey } from '../../src/domain/office-time.ts';
import type { FormDefinitionInput } from '../../src/domain/surveys/form.ts';
import { surveyLabels as L, surveyTexts as T } from '../../src/flows/surveys/messages.ts';
import { PHOTO_LABELS } from '../../src/kit/steps.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { chatDriver, loadDemoSchools } from '../support/chat.ts';
import { officeFactory } from '../support/factories.ts';
import { bandsPng } from '../support/png.ts';
import { startTestService, type ConversationEntry } from '../support/service.ts';

/**
 * Photo and location questions answered in the chat, through the emulator: a photo question offers the camera and
 * the album and keeps each picture sent (fetched from LINE, stored as the response's file) until it has its
 * `maxPhotos` or ส่งรูปครบแล้ว; a location question offers LINE's map and keeps the place sent (latitude,
 * longitude, address). A picture or a place sent for another question is not kept, and the question is asked again.
 */
let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
const clock = new Date(Date.now() + 10 * 60_000);
const closesOn = bangkokDateKey(new Date(clock.getTime() + 14 * 24 * 3600_000));
const FORM: FormDefinitionInput = {
  format: 1,
  key: 'dish_check',
  version: 1,
  title: 'ตรวจจานดาวเทียม',
  respondent: 'school',
  sections: [
    {
      id: 'dish',
      title: 'จานรับสัญญาณ',
      questions: [
        { id: 'dish_photo', kind: 'photo', label: 'รูปจานดาวเทียม', required: true, maxPhotos: 2 },
        { id: 'dish_place', kind: 'location', label: 'ที่ตั้งจานดาวเทียม', required: true },
        { id: 'note', kind: 'text', label: 'หมายเหตุ' },
      ],
    },
  ],
};
const PHOTO_A = bandsPng(8, 6, [[200, 30, 30], [30, 200, 30]]);
const PHOTO_B = bandsPng(6, 8, [[30, 30, 200]]);
const PLACE = { type: 'location', title: 'โรงเรียนบ้านหนองบัวทอง', address: '12 หมู่ 3 ตำบลหนองบัว อำเภอเมือง', latitude: 15.80681, longitude: 101.98812 };
let roundId = 0;

beforeAll(async () => {
  service = await startTestService({}, { now: () => clock });
  chat = chatDriver(service);
  await loadDemoSchools(service);
  roundId = (await officeFactory(service.database.db).surveyRound(FORM, { audience: 'school_teachers', closesOn, opensAt: new Date(clock.getTime() - 60_000) })).roundId;
}, 120_000);
afterAll(async () => service.stop());

/** The quick-reply actions of the bot's last message (their types and labels). */
function quickActions(entries: ConversationEntry[]): Array<{ type: string; label: string }> {
  const items = (entries.at(-1)?.message.quickReply as { items?: Array<{ action: { type: string; label: string } }> } | undefined)?.items ?? [];
  return items.map((i) => ({ type: i.action.type, label: i.action.label }));
}
const image = (png: Buffer) => ({ type: 'image', contentBase64: png.toString('base64'), contentType: 'image/png' });

describe('photo and location questions in the chat', () => {
  it('keeps the pictures sent (up to maxPhotos) and the place sent, then submits', async () => {
    const teacher = await chat.registerTeacher('ครูภาพ ถ่ายดี');
    const key = `school:${(await chat.personOf(teacher)).schoolId}`;
    const response = async () => (await getResponse(service.database.db, roundId, key))!;
    await chat.say(teacher, 'แบบสำรวจ');
    const asked = await chat.tap(teacher, `1. ${FORM.title}`);
    expect(asked.text).toContain('รูปจานดาวเทียม');
    expect(asked.text).toContain(T.hints.photo(2));
    expect(quickActions(asked.entries).slice(0, 2)).toEqual([
      { type: 'camera', label: PHOTO_LABELS.camera },
      { type: 'cameraRoll', label: PHOTO_LABELS.cameraRoll },
    ]);

    // A place sent for the photo question is not kept; the question is asked again.
    const early = await chat.send(teacher, PLACE);
    expect(early.text).toContain(T.sentNotAsked);
    expect(early.text).toContain('รูปจานดาวเทียม');

    // The first picture: kept as the response's file; the question stays asked, with ส่งรูปครบแล้ว.
    const first = await chat.send(teacher, image(PHOTO_A));
    expect(first.text).toContain(T.photoReceived(1, 2));
    expect(first.labels).toContain(L.photosDone);
    expect(first.labels).not.toContain(L.skip);
    const [photoA] = (await response()).answers.dish_photo as number[];
    expect((await getMediaContent(service.database.db, DEFAULT_OFFICE_ID, photoA!))!.content.equals(PHOTO_A)).toBe(true);

    // The second fills the answer: the location question comes next, with LINE's map.
    const second = await chat.send(teacher, image(PHOTO_B));
    expect(second.text).toContain(T.photosFull(2));
    expect(second.text).toContain('ที่ตั้งจานดาวเทียม');
    expect(quickActions(second.entries)[0]).toEqual({ type: 'location', label: 'ส่งตำแหน่ง' });
    const draft = await response();
    expect(draft.answers.dish_photo).toHaveLength(2);
    expect((await listMedia(service.database.db, 'survey_response', draft.id)).map((m) => m.id)).toEqual(draft.answers.dish_photo);

    // A picture sent for the location question is not fetched nor kept.
    const late = await chat.send(teacher, image(PHOTO_A));
    expect(late.text).toContain(T.sentNotAsked);
    expect((await response()).answers.dish_photo).toEqual(draft.answers.dish_photo);

    const placed = await chat.send(teacher, PLACE);
    expect(placed.text).toContain('หมายเหตุ');
    expect((await response()).answers.dish_place).toEqual({ latitude: PLACE.latitude, longitude: PLACE.longitude, address: PLACE.address });

    const summary = await chat.tap(teacher, L.skip);
    expect(summary.text).toContain('1. รูปจานดาวเทียม: 2 รูป');
    expect(summary.text).toContain(`2. ที่ตั้งจานดาวเทียม: ${PLACE.address}`);
    const done = await chat.tap(teacher, L.submit);
    expect(done.text).toContain(T.submitted(FORM.title));
    expect(await response()).toMatchObject({ state: 'submitted', answers: { dish_photo: draft.answers.dish_photo, dish_place: { address: PLACE.address } } });
  }, 90_000);

  it('ส่งรูปครบแล้ว goes on with fewer pictures than the most', async () => {
    const teacher = await chat.registerTeacher('ครูภาพ สองโรง', 'โนนสะอาด', 'บ้านโนนสะอาด');
    await chat.say(teacher, 'แบบสำรวจ');
    await chat.tap(teacher, `1. ${FORM.title}`);
    await chat.send(teacher, image(PHOTO_B));
    const next = await chat.tap(teacher, L.photosDone);
    expect(next.text).toContain('ที่ตั้งจานดาวเทียม');
    const key = `school:${(await chat.personOf(teacher)).schoolId}`;
    expect(((await getResponse(service.database.db, roundId, key))!.answers.dish_photo as number[])).toHaveLength(1);
  }, 60_000);
});
