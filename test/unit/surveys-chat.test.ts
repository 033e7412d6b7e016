import { describe, expect, it } from '@jest/globals';
import type { Effect, FlowInput, StepResult } from '../../src/bot/flow.ts';
import type { Person } from '../../src/domain/people.ts';
import type { Role } from '../../src/domain/roles.ts';
import type { Answers } from '../../src/domain/surveys/answers.ts';
import { SURVEY_MESSAGES } from '../../src/domain/surveys/answers.ts';
import { formDefinitionSchema } from '../../src/domain/surveys/form.ts';
import type { SurveyResponse } from '../../src/domain/surveys/round.ts';
import type { PostbackAction } from '../../src/line/postback.ts';
import {
  surveyAnswerAction,
  surveyPickAction,
  surveyChosenAction,
  surveyDateAction,
  surveyEditAction,
  surveyReanswerAction,
  surveySubmitAction,
  surveyToggleAction,
} from '../../src/flows/surveys/actions.ts';
import { surveysStep } from '../../src/flows/surveys/flow.ts';
import { surveyLabels as L, surveyTexts as T } from '../../src/flows/surveys/messages.ts';
import type { OpenSurvey } from '../../src/flows/surveys/prepare.ts';
import type { SurveyChatData } from '../../src/flows/surveys/state.ts';

/** The chat's steps for the kinds the short demo form does not have: several choices, a choice by number, a date, editing. */

const NOW = new Date('2027-03-01T03:00:00Z');
const person = (role: Role = 'school_director'): Person => ({
  id: 7,
  officeId: 'default',
  channelId: 'default',
  lineUserId: 'U7',
  fullName: 'ผอ.สมชาย',
  phone: null,
  role,
  schoolId: 3,
  schoolName: 'โรงเรียนบ้านทดสอบ',
  status: 'active',
  consentAt: NOW,
  createdAt: NOW,
});

const definition = formDefinitionSchema.parse({
  format: 1,
  key: 'kinds',
  version: 1,
  title: 'แบบทดสอบชนิดคำถาม',
  respondent: 'school',
  sections: [
    {
      id: 's',
      title: 'ส่วนเดียว',
      questions: [
        { id: 'problems', kind: 'multiple_choice', label: 'ปัญหาที่พบ', required: true, options: [{ value: 'signal', label: 'ไม่มีสัญญาณ' }, { value: 'tv', label: 'ทีวีเสีย' }, { value: 'power', label: 'ไฟดับ' }] },
        { id: 'dish', kind: 'single_choice', label: 'ชนิดจาน', required: true, options: [{ value: 'ku', label: 'KU-Band' }, { value: 'c', label: 'C-Band' }] },
        { id: 'since', kind: 'date', label: 'เริ่มมีปัญหาเมื่อ', required: true, max: '2027-03-01' },
      ],
    },
  ],
});

function survey(answers: Answers | null, state: 'draft' | 'submitted' = 'draft', version = 1, presetAnswers: Answers | null = null): OpenSurvey {
  const response: SurveyResponse | null =
    answers === null
      ? null
      : { id: 5, roundId: 9, respondentKey: 'school:3', schoolId: 3, personId: 7, formVersion: 1, answers, state, version, updatedAt: NOW, submittedAt: state === 'submitted' ? NOW : null, review: null, reviewNote: null };
  return {
    round: { id: 9, officeId: 'default', formId: 1, title: 'แบบทดสอบชนิดคำถาม', audience: 'school_directors', district: null, respondentIds: null, schoolIds: null, schoolScope: null, vcSessionId: null, presetAnswers, opensAt: NOW, closesOn: '2027-03-31', state: 'open', version: 1 },
    form: { id: 1, officeId: 'default', key: 'kinds', version: 1, title: 'แบบทดสอบชนิดคำถาม', definition, state: 'open' },
    respondentKey: 'school:3',
    response,
  };
}

const tap = <S extends PostbackAction>(action: S, payload: unknown, params: Record<string, string> = {}): FlowInput => ({ kind: 'postback', userId: 'U7', action, payload, params });
const typed = (text: string): FlowInput => ({ kind: 'text', userId: 'U7', text });
const ctx = (s: OpenSurvey | null, role: Role = 'school_director') => ({ person: person(role), prepared: { list: s ? [s] : [], survey: s } });
const asking = (q: string, picks?: string[]) => ({ step: 'ask', data: { r: 9, q, ...(picks ? { picks } : {}) } as SurveyChatData });

function texts(result: StepResult<SurveyChatData>): string {
  return result.effects.flatMap((e) => (e.kind === 'reply' ? e.messages.map((m) => ('text' in m ? m.text : '')) : [])).join('\n');
}
function labels(result: StepResult<SurveyChatData>): string[] {
  const last = result.effects.flatMap((e) => (e.kind === 'reply' ? e.messages : [])).at(-1) as { quickReply?: { items: Array<{ action: { label: string } }> } } | undefined;
  return last?.quickReply?.items.map((i) => i.action.label) ?? [];
}
const commands = (result: StepResult<SurveyChatData>) => result.effects.filter((e): e is Extract<Effect, { kind: 'command' }> => e.kind === 'command').map((e) => e.command);

describe('answering in the chat: several choices, a choice by number, a date', () => {
  it('several choices are tapped one by one (tapped again: unchosen), then เลือกเสร็จแล้ว saves them', () => {
    const start = surveysStep(null, tap(surveyEditAction, { r: 9 }), NOW, ctx(survey(null)));
    expect(start.state?.step).toBe('edit');

    const first = surveysStep(asking('problems') as never, tap(surveyToggleAction, { r: 9, q: 'problems', i: 1 }), NOW, ctx(survey(null)));
    expect(first.state?.data.picks).toEqual(['tv']);
    expect(labels(first)).toContain('✓ ทีวีเสีย');
    expect(texts(first)).toContain('เลือกแล้ว: ทีวีเสีย');
    expect(commands(first)).toEqual([]);
    const second = surveysStep(first.state as never, tap(surveyToggleAction, { r: 9, q: 'problems', i: 0 }), NOW, ctx(survey(null)));
    const unpicked = surveysStep(second.state as never, tap(surveyToggleAction, { r: 9, q: 'problems', i: 1 }), NOW, ctx(survey(null)));
    expect(unpicked.state?.data.picks).toEqual(['signal']);
    const done = surveysStep(second.state as never, tap(surveyChosenAction, { r: 9, q: 'problems' }), NOW, ctx(survey(null)));
    expect(commands(done)).toEqual([{ type: 'saveSurveyAnswer', roundId: 9, questionId: 'problems', value: ['signal', 'tv'] }]);
    expect(texts(done)).toContain('ข้อ 2/3: ชนิดจาน');
  });

  it('nothing chosen: เลือกเสร็จแล้ว asks to choose first; typing "1,3" answers at once', () => {
    const none = surveysStep(asking('problems') as never, tap(surveyChosenAction, { r: 9, q: 'problems' }), NOW, ctx(survey(null)));
    expect(texts(none)).toContain(T.nothingChosen);
    expect(commands(none)).toEqual([]);
    const typedPicks = surveysStep(asking('problems') as never, typed('1,3'), NOW, ctx(survey(null)));
    expect(commands(typedPicks)).toEqual([{ type: 'saveSurveyAnswer', roundId: 9, questionId: 'problems', value: ['signal', 'power'] }]);
  });

  it('a choice by its button or its number; a number not in the list is refused', () => {
    const s = survey({ problems: ['tv'] });
    const byButton = surveysStep(asking('dish') as never, tap(surveyAnswerAction, { r: 9, q: 'dish', i: 1 }), NOW, ctx(s));
    expect(commands(byButton)).toEqual([{ type: 'saveSurveyAnswer', roundId: 9, questionId: 'dish', value: 'c' }]);
    expect(labels(byButton)[0]).toBe('เลือกวันที่');
    const wrong = surveysStep(asking('dish') as never, typed('5'), NOW, ctx(s));
    expect(texts(wrong)).toContain(SURVEY_MESSAGES.notAnOption);
    expect(wrong.state?.data.q).toBe('dish');
  });

  it('a date from the picker or typed with the Buddhist year; after its latest day it is refused', () => {
    const s = survey({ problems: ['tv'], dish: 'ku' }, 'draft', 2);
    const picked = surveysStep(asking('since') as never, tap(surveyDateAction, { r: 9, q: 'since' }, { date: '2027-02-14' }), NOW, ctx(s));
    expect(commands(picked)).toEqual([{ type: 'saveSurveyAnswer', roundId: 9, questionId: 'since', value: '2027-02-14' }]);
    // All answered: the summary, whose ส่งคำตอบ carries the version after this save.
    expect(texts(picked)).toContain('3. เริ่มมีปัญหาเมื่อ: 14 กุมภาพันธ์ 2570');
    expect(picked.state?.step).toBe('summary');
    expect(labels(picked)).toEqual([L.submit, L.edit, L.later]);
    const typedDate = surveysStep(asking('since') as never, typed('14/2/2570'), NOW, ctx(s));
    expect(commands(typedDate)).toEqual([{ type: 'saveSurveyAnswer', roundId: 9, questionId: 'since', value: '2027-02-14' }]);
    const late = surveysStep(asking('since') as never, typed('2/3/2570'), NOW, ctx(s));
    expect(texts(late)).toContain(SURVEY_MESSAGES.dateAfter('2027-03-01'));
  });

  it('แก้ไขคำตอบ asks the chosen question again; a button of a question not asked now is stale', () => {
    const s = survey({ problems: ['tv'], dish: 'ku', since: '2027-02-14' }, 'draft', 3);
    const edit = surveysStep({ step: 'summary', data: { r: 9 } } as never, tap(surveyEditAction, { r: 9 }), NOW, ctx(s));
    expect(labels(edit)).toEqual(['1. ปัญหาที่พบ', '2. ชนิดจาน', '3. เริ่มมีปัญหาเมื่อ']);
    const again = surveysStep(edit.state as never, tap(surveyReanswerAction, { r: 9, q: 'dish' }), NOW, ctx(s));
    expect(texts(again)).toContain('ข้อ 2/3: ชนิดจาน');
    const old = surveysStep(again.state as never, tap(surveyAnswerAction, { r: 9, q: 'problems', i: 0 }), NOW, ctx(s));
    expect(old.effects).toEqual([{ kind: 'staleButton' }]);
  });

  it('ส่งคำตอบ submits the version it was drawn for; another version is stale; an incomplete draft asks what is missing', () => {
    const s = survey({ problems: ['tv'], dish: 'ku', since: '2027-02-14' }, 'draft', 3);
    const sent = surveysStep({ step: 'summary', data: { r: 9 } } as never, tap(surveySubmitAction, { r: 9, v: 3 }), NOW, ctx(s));
    expect(commands(sent)).toEqual([{ type: 'submitSurvey', roundId: 9, expectedVersion: 3 }]);
    expect(sent.state).toBeNull();
    const old = surveysStep({ step: 'summary', data: { r: 9 } } as never, tap(surveySubmitAction, { r: 9, v: 2 }), NOW, ctx(s));
    expect(old.effects).toEqual([{ kind: 'staleButton' }]);
    const missing = surveysStep({ step: 'summary', data: { r: 9 } } as never, tap(surveySubmitAction, { r: 9, v: 1 }), NOW, ctx(survey({ problems: ['tv'] })));
    expect(texts(missing)).toContain(T.notComplete(SURVEY_MESSAGES.required));
    expect(missing.state?.data.q).toBe('dish');
  });

  it('a question the round answers itself (a preset answer) is never asked, nor counted, nor offered to edit; the summary shows it answered', () => {
    const preset = { dish: 'ku' };
    const start = surveysStep(null, tap(surveyPickAction, { r: 9 }), NOW, ctx(survey(null, 'draft', 1, preset)));
    expect(texts(start)).toContain(T.intro('แบบทดสอบชนิดคำถาม', 2, '31 มีนาคม 2570', false));
    expect(texts(start)).toContain('ข้อ 1/2: ปัญหาที่พบ');
    const picked = surveysStep(asking('problems', ['tv']) as never, tap(surveyChosenAction, { r: 9, q: 'problems' }), NOW, ctx(survey(null, 'draft', 1, preset)));
    // ชนิดจาน is skipped: the next question asked is the date, the second of two.
    expect(commands(picked)).toEqual([{ type: 'saveSurveyAnswer', roundId: 9, questionId: 'problems', value: ['tv'] }]);
    expect(texts(picked)).toContain('ข้อ 2/2: เริ่มมีปัญหาเมื่อ');
    expect(texts(picked)).not.toContain('ชนิดจาน');
    const s = survey({ problems: ['tv'], since: '2027-02-14' }, 'draft', 3, preset);
    const summary = surveysStep(null, tap(surveyPickAction, { r: 9 }), NOW, ctx(s));
    expect(summary.state?.step).toBe('summary');
    expect(texts(summary)).toContain('2. ชนิดจาน: KU-Band');
    const edit = surveysStep(summary.state as never, tap(surveyEditAction, { r: 9 }), NOW, ctx(s));
    expect(labels(edit)).toEqual(['1. ปัญหาที่พบ', '2. เริ่มมีปัญหาเมื่อ']);
    expect(surveysStep(edit.state as never, tap(surveyReanswerAction, { r: 9, q: 'dish' }), NOW, ctx(s)).effects).toEqual([{ kind: 'staleButton' }]);
  });

  it('a round no longer open to the person (closed, or not theirs) says so; a role without the permission is refused', () => {
    const closed = surveysStep(null, tap(surveyAnswerAction, { r: 9, q: 'dish', i: 0 }), NOW, ctx(null));
    expect(texts(closed)).toBe(T.notOpen);
    const guest = surveysStep(null, typed('แบบสำรวจ'), NOW, ctx(survey(null), 'guest'));
    expect(commands(guest)).toEqual([{ type: 'recordDenial', action: 'answer_survey' }]);
  });
});
