import { describe, expect, it } from '@jest/globals';
import type { FlowInput, StepResult } from '../../src/bot/flow.ts';
import type { Person } from '../../src/domain/people.ts';
import type { Role } from '../../src/domain/roles.ts';
import { leaksSecret, type Letter } from '../../src/domain/saraban/view.ts';
import type { PostbackAction } from '../../src/line/postback.ts';
import { MENU_COMMANDS } from '../../src/line/rich-menus/commands.ts';
import {
  confirmAction,
  correctAction,
  correctFieldAction,
  correctValueAction,
  dateAction,
  filesDoneAction,
  kindAction,
  noActByAction,
  secrecyAction,
  urgencyAction,
  voidAction,
} from '../../src/flows/saraban-register/actions.ts';
import { completeDraft, nextQuestion, parseCorrectionRequest, parseTypedDate, thaiDateOfKey, type LetterDraft } from '../../src/flows/saraban-register/draft.ts';
import { registerStep } from '../../src/flows/saraban-register/flow.ts';
import { registerTexts } from '../../src/flows/saraban-register/messages.ts';
import { useLiffLinks } from '../../src/line/liff.ts';
import type { RegisterPrepared } from '../../src/flows/saraban-register/prepare.ts';
import type { RegisterData, RegisterState } from '../../src/flows/saraban-register/state.ts';
import { letterFixture } from '../support/letter-fixture.ts';

const NOW = new Date('2027-03-01T03:05:00Z'); // 10:05 in Bangkok
const D = NOW.getTime();

function person(role: Role = 'saraban_clerk'): Person {
  return {
    id: 5,
    officeId: 'default',
    channelId: 'default',
    lineUserId: 'U5',
    fullName: 'นางสาวสารบรรณ ขยัน',
    phone: '0812345678',
    role,
    schoolId: null,
    schoolName: null,
    status: 'active',
    consentAt: NOW,
    createdAt: NOW,
  };
}

function letter(overrides: Partial<Letter> = {}): Letter {
  return letterFixture({
    id: 9, number: 12, docNo: 'ศธ 04001/ว99', docDate: '2027-02-27', subject: 'การประชุมผู้บริหาร',
    registeredAt: NOW, registeredById: 5, registeredByName: 'สารบรรณ', ...overrides,
  });
}

const text = (value: string): FlowInput => ({ kind: 'text', userId: 'U5', text: value });
const tap = <P>(action: PostbackAction, payload: P, params: { date?: string } = {}): FlowInput => ({ kind: 'postback', userId: 'U5', action, payload, params });
const file = (name: string, size = 1000): FlowInput => ({ kind: 'file', userId: 'U5', messageId: `m-${name}`, fileName: name, fileSize: size });

type Result = StepResult<RegisterData>;
const step = (state: RegisterState | null, input: FlowInput, prepared: RegisterPrepared = {}, who: Person | null = person()): Result =>
  registerStep(state, input, NOW, { person: who, prepared });
const said = (result: Result) => JSON.stringify(result.effects);

/** Drives a draft through its questions, returning each result. */
function run(inputs: Array<[FlowInput, RegisterPrepared?]>, start: string = MENU_COMMANDS.receiveLetter): Result[] {
  const results: Result[] = [step(null, text(start))];
  for (const [input, prepared] of inputs) results.push(step(results.at(-1)!.state as RegisterState, input, prepared ?? {}));
  return results;
}

describe('who may register letters', () => {
  it.each<Role>(['teacher', 'technician', 'group_director', 'area_director'])('refuses a %s politely and records the refusal', (role) => {
    const result = step(null, text(MENU_COMMANDS.receiveLetter), {}, person(role));
    expect(result.state).toBeNull();
    expect(said(result)).toContain('ขออภัย');
    expect(result.effects).toContainEqual({ kind: 'command', command: { type: 'recordDenial', action: 'register_letter' } });
  });
});

describe('registering a received letter', () => {
  it('asks secrecy, number, date, from, to, subject, kind, urgency, act-by and files, then registers under the number prepare read', () => {
    const results = run([
      [tap(secrecyAction, { d: D, s: 'none' })],
      [text('ศธ 04001/ว1234')],
      [tap(dateAction, { d: D, f: 'docDate' }, { date: '2027-02-27' })],
      [text('สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน')],
      [text('ผู้อำนวยการสำนักงานเขตพื้นที่')],
      [text('การประชุมผู้บริหาร')],
      [tap(kindAction, { d: D, k: 'external' })],
      [tap(urgencyAction, { d: D, u: 'very_urgent' })],
      [text('15/3/2570')],
      [file('หนังสือ.pdf'), { media: { mediaId: 31 } }],
      [{ kind: 'image', userId: 'U5', messageId: 'p1' }, { media: { mediaId: 32 } }],
      [tap(filesDoneAction, { d: D })],
    ]);
    expect(results.map((r) => r.state?.step)).toEqual([
      'secrecy', 'docNo', 'docDate', 'fromName', 'toName', 'subject', 'kind', 'urgency', 'actBy', 'files', 'files', 'files', 'summary',
    ]);
    const summary = results.at(-1)!;
    expect(said(summary)).toContain('การประชุมผู้บริหาร');
    expect(said(summary)).toContain('15 มีนาคม 2570');
    const done = step(summary.state as RegisterState, tap(confirmAction, { d: D }), { number: { year: 2570, number: 124 } });
    expect(done.state).toBeNull();
    expect(done.effects[0]).toEqual({
      kind: 'command',
      command: expect.objectContaining({
        type: 'registerLetter', register: 'receive', year: 2570, number: 124, docNo: 'ศธ 04001/ว1234', docDate: '2027-02-27',
        subject: 'การประชุมผู้บริหาร', urgency: 'very_urgent', actBy: '2027-03-15', secrecy: 'none', mediaIds: [31, 32],
      }),
    });
    expect(said(done)).toContain('รับที่ 124/2570');
    expect(said(done)).toContain('1 มีนาคม 2570 เวลา 10:05 น.');
  });

  it('asks a ลับ letter nothing secret in the chat: its details and files go on the form page linked from the reply', () => {
    useLiffLinks({ mode: 'emulator', liffId: '1-x', loginChannelId: '1', loginApiBaseUrl: 'http://login', pageBaseUrl: 'http://bot' });
    try {
      const results = run([
        [tap(secrecyAction, { d: D, s: 'secret' })],
        [tap(dateAction, { d: D, f: 'docDate' }, { date: '2027-02-27' })],
        [tap(kindAction, { d: D, k: 'external' })],
        [tap(urgencyAction, { d: D, u: 'normal' })],
        [tap(noActByAction, { d: D })],
      ]);
      expect(results.map((r) => r.state?.step)).toEqual(['secrecy', 'docDate', 'kind', 'urgency', 'actBy', 'summary']);
      const summary = results.at(-1)!;
      expect(said(summary)).toContain('หนังสือลับ');
      expect(said(summary)).toContain(registerTexts.onForm);
      // A file sent anyway is not downloaded (nothing was prepared) and the clerk is pointed at the page.
      const sent = step(results[2]!.state as RegisterState, file('ลับ.pdf'));
      expect(sent.state).toEqual(results[2]!.state);
      expect(said(sent)).toContain(registerTexts.secretFileOnForm);
      const done = step(summary.state as RegisterState, tap(confirmAction, { d: D }), { number: { year: 2570, number: 7 } });
      expect(done.effects[0]).toMatchObject({
        kind: 'command',
        command: { secrecy: 'secret', docNo: null, subject: null, fromName: null, toName: null, mediaIds: [] },
      });
      expect(said(done)).toContain('หนังสือลับ รับที่ 7/2570');
      expect(said(done)).toContain('1 มีนาคม 2570 เวลา 10:05 น.');
      const uris = JSON.stringify(done.effects).match(/"uri":"[^"]+"/g);
      expect(uris).toEqual(['"uri":"http://bot/liff/letters/receive-2570-7/details-form"']);
      expect(said(done)).toContain('กรอกรายละเอียดหนังสือลับ');
      expect(said(done)).toContain('แก้ไขรายการ');
    } finally {
      useLiffLinks(undefined);
    }
  });

  it('offers no typed fields of a ลับ letter in the chat correction, but a link to its form', () => {
    useLiffLinks({ mode: 'emulator', liffId: '1-x', loginChannelId: '1', loginApiBaseUrl: 'http://login', pageBaseUrl: 'http://bot' });
    try {
      const secret = letter({ secrecy: 'confidential', docNo: null, fromName: null, toName: null, subject: null });
      const shown = step(null, text('แก้ไขหนังสือ 12/2570'), { letter: secret });
      expect(shown.state?.step).toBe('fixMenu');
      const labels = JSON.stringify(shown.effects);
      for (const field of ['"ที่ (เลขที่หนังสือ)"', '"จาก"', '"ถึง"', '"เรื่อง"']) expect(labels).not.toContain(`"label":${field}`);
      expect(labels).toContain('"label":"ลงวันที่"');
      expect(labels).toContain('http://bot/liff/letters/9/details-form');
      expect(labels).toContain('http://bot/liff/letters/9"');
      // An old button for a typed field is not taken.
      const old = step(null, tap(correctFieldAction, { r: 'receive', y: 2570, n: 12, v: 1, f: 'subject' }), { letter: secret });
      expect(old.effects).toEqual([{ kind: 'staleButton' }]);
    } finally {
      useLiffLinks(undefined);
    }
  });

  it('asks a ลับที่สุด letter only for number, date, kind and urgency, and keeps no files', () => {
    const results = run([
      [tap(secrecyAction, { d: D, s: 'top_secret' })],
      [text('ลข 9/2570')],
      [text('27/2/2570')],
      [tap(kindAction, { d: D, k: 'directive' })],
      [tap(urgencyAction, { d: D, u: 'most_urgent' })],
      [tap(noActByAction, { d: D })],
    ]);
    expect(results.map((r) => r.state?.step)).toEqual(['secrecy', 'docNo', 'docDate', 'kind', 'urgency', 'actBy', 'summary']);
    const refused = step(results[3]!.state as RegisterState, file('a.pdf'));
    expect(said(refused)).toContain(registerTexts.topSecretNoFiles);
    const done = step(results.at(-1)!.state as RegisterState, tap(confirmAction, { d: D }), { number: { year: 2570, number: 3 } });
    expect(done.effects[0]).toMatchObject({ command: { subject: null, fromName: null, toName: null, mediaIds: [] } });
  });

  it('refuses files other than PDF, and files sent before the attachments question', () => {
    const early = run([[tap(secrecyAction, { d: D, s: 'none' })]]).at(-1)!;
    expect(said(step(early.state as RegisterState, file('a.pdf')))).toContain(registerTexts.fileNotNow);
    const atFiles: RegisterState = { step: 'files', data: { draft: { d: D, r: 'receive', mediaIds: [] } } };
    expect(said(step(atFiles, file('รายงาน.docx')))).toContain(registerTexts.fileNotPdf);
    expect(said(step(atFiles, file('ใหญ่.pdf', 50 * 1024 * 1024)))).toContain('MB');
  });

  it('treats a button of an earlier draft as stale', () => {
    const state = run([[tap(secrecyAction, { d: D, s: 'none' })]]).at(-1)!.state as RegisterState;
    expect(step(state, tap(kindAction, { d: D - 1, k: 'internal' })).effects).toEqual([{ kind: 'staleButton' }]);
  });
});

describe('registering a sent letter', () => {
  it('asks no sender and no act-by date, and the reply carries ส่งที่ N/year', () => {
    const results = run(
      [
        [tap(secrecyAction, { d: D, s: 'none' })],
        [text('ศธ 04123/100')],
        [text('2570-03-01')],
        [text('โรงเรียนบ้านหนองบัวทอง')],
        [text('แจ้งกำหนดการนิเทศ')],
        [tap(kindAction, { d: D, k: 'external' })],
        [tap(urgencyAction, { d: D, u: 'normal' })],
        [tap(filesDoneAction, { d: D })],
      ],
      MENU_COMMANDS.registerOutgoing,
    );
    expect(results.map((r) => r.state?.step)).toEqual(['secrecy', 'docNo', 'docDate', 'toName', 'subject', 'kind', 'urgency', 'files', 'summary']);
    const done = step(results.at(-1)!.state as RegisterState, tap(confirmAction, { d: D }), { number: { year: 2570, number: 45 } });
    expect(done.effects[0]).toMatchObject({ command: { register: 'send', fromName: null, actBy: null } });
    expect(said(done)).toContain('ส่งที่ 45/2570');
  });
});

describe('correcting and cancelling a registered letter', () => {
  const ref = { r: 'receive' as const, y: 2570, n: 12, v: 1 };

  it('opens the letter typed as "แก้ไขหนังสือ 12/2570" and corrects one field with the version it saw', () => {
    const opened = step(null, text('แก้ไขหนังสือ 12/2570'), { letter: letter() });
    expect(opened.state?.step).toBe('fixMenu');
    const asked = step(opened.state as RegisterState, tap(correctFieldAction, { ...ref, f: 'subject' }), { letter: letter() });
    expect(asked.state?.step).toBe('fixValue');
    const fixed = step(asked.state as RegisterState, text('การประชุมผู้บริหารสถานศึกษา'), { letter: letter() });
    expect(fixed.effects[0]).toEqual({
      kind: 'command',
      command: { type: 'correctLetter', letterId: 9, expectedVersion: 1, field: 'subject', value: 'การประชุมผู้บริหารสถานศึกษา' },
    });
    expect(fixed.state?.data.fix?.v).toBe(2);
  });

  it('answers a button drawn for an earlier version of the letter as stale', () => {
    const result = step(null, tap(correctValueAction, { ...ref, f: 'urgency', u: 'urgent' }), { letter: letter({ version: 2 }) });
    expect(result.effects).toEqual([{ kind: 'staleButton' }]);
  });

  it('cancels a number with a reason, and refuses once the letter is with a director', () => {
    const asked = step(null, tap(voidAction, ref), { letter: letter() });
    expect(asked.state?.step).toBe('voidReason');
    const done = step(asked.state as RegisterState, text('ลงรับซ้ำ'), { letter: letter() });
    expect(done.effects[0]).toEqual({ kind: 'command', command: { type: 'cancelLetter', letterId: 9, expectedVersion: 1, reason: 'ลงรับซ้ำ' } });
    const late = step(null, tap(voidAction, ref), { letter: letter({ status: 'proposed' }) });
    expect(late.effects.some((e) => e.kind === 'command')).toBe(false);
  });

  it('lets only the clerk who registered a secret letter correct or cancel it (another could lower its secrecy)', () => {
    const secret = letter({ secrecy: 'confidential', registeredById: 77 });
    const other = step(null, text('แก้ไขหนังสือ 12/2570'), { letter: secret });
    expect(said(other)).toContain('เฉพาะเจ้าหน้าที่ที่ลงรับ');
    expect(other.state).toBeNull();
    const tapped = step(null, tap(correctValueAction, { ...ref, f: 'secrecy', s: 'none' }), { letter: secret });
    expect(tapped.effects.some((e) => e.kind === 'command')).toBe(false);
    expect(step(null, tap(voidAction, ref), { letter: secret }).effects.some((e) => e.kind === 'command')).toBe(false);
    // The clerk who registered it may.
    expect(step(null, text('แก้ไขหนังสือ 12/2570'), { letter: secret }, { ...person(), id: 77 }).state?.step).toBe('fixMenu');
  });

  it('tells the clerk a number is not in the register, and refuses a corrector who is not a clerk', () => {
    expect(said(step(null, text('แก้ไขหนังสือ 99'), { letter: null }))).toContain('รับที่ 99/2570');
    expect(said(step(null, tap(correctAction, ref), {}, person('teacher')))).toContain('ขออภัย');
  });
});

describe('the pure pieces', () => {
  it('reads typed dates in Buddhist or Christian years and Thai digits, and refuses impossible ones', () => {
    expect(parseTypedDate('1/3/2570')).toBe('2027-03-01');
    expect(parseTypedDate('๑/๓/๒๕๗๐')).toBe('2027-03-01');
    expect(parseTypedDate('2027-03-01')).toBe('2027-03-01');
    expect(parseTypedDate('31/2/2570')).toBeNull();
    expect(parseTypedDate('พรุ่งนี้')).toBeNull();
    expect(thaiDateOfKey('2027-03-01')).toBe('1 มีนาคม 2570');
  });

  it('reads a correction request for either register', () => {
    expect(parseCorrectionRequest('แก้ไขหนังสือ 123/2569')).toEqual({ register: 'receive', number: 123, year: 2569 });
    expect(parseCorrectionRequest('แก้ไขหนังสือส่ง 45')).toEqual({ register: 'send', number: 45, year: null });
    expect(parseCorrectionRequest('แก้ไขหนังสือ')).toBeNull();
  });

  it('counts a draft complete only when every question its secrecy asks is answered', () => {
    const draft: LetterDraft = { d: 1, r: 'receive', secrecy: 'top_secret', docNo: null, docDate: '2027-03-01', kind: 'internal', urgency: 'normal', actBy: null, mediaIds: [] };
    expect(nextQuestion(draft)).toBeNull();
    expect(completeDraft({ ...draft, secrecy: 'none' })).toBeNull();
    expect(nextQuestion({ ...draft, secrecy: 'none' })).toBe('fromName');
  });
});
