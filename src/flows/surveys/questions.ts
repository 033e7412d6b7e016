import type { messagingApi } from '@line/bot-sdk';
import { photosOf, possibleQuestions, type Answers } from '../../domain/surveys/answers.ts';
import type { FormDefinition, Question } from '../../domain/surveys/form.ts';
import { encodePostback } from '../../line/postback.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { pickerPage, tickedLabel } from '../../kit/picker.ts';
import { buttonLabel, LOCATION_ITEM, PHOTO_ITEMS, postbackItem, QUICK_REPLY_MAX, type Button } from '../../kit/steps.ts';
import {
  surveyAnswerAction,
  surveyChosenAction,
  surveyDateAction,
  surveyLaterAction,
  surveyOptionsPageAction,
  surveySkipAction,
  surveyToggleAction,
} from './actions.ts';
import { surveyLabels as L, surveyTexts as T } from './messages.ts';

/** One question of a form asked in the chat: its text (numbered among the questions shown) and its quick replies. Pure. */

export interface AskContext {
  roundId: number;
  form: FormDefinition;
  answers: Answers;
  /** A multiple choice's picks so far. */
  picks?: readonly string[] | undefined;
  /** The first option shown (a long list of options is paged). */
  offset?: number | undefined;
  /** The questions the round answers itself: not counted in "ข้อ n/m". */
  preset?: ReadonlySet<string> | undefined;
}

const numberRange = (q: Extract<Question, { kind: 'number' }>) => {
  const fmt = (n: number) => n.toLocaleString('en-US');
  if (q.min !== undefined && q.max !== undefined) return ` ตั้งแต่ ${fmt(q.min)} ถึง ${fmt(q.max)}`;
  if (q.min !== undefined) return ` ตั้งแต่ ${fmt(q.min)} ขึ้นไป`;
  if (q.max !== undefined) return ` ไม่เกิน ${fmt(q.max)}`;
  return '';
};

function hintOf(question: Question, picks: readonly string[]): string {
  switch (question.kind) {
    case 'text':
    case 'long_text':
      return T.hints.text;
    case 'number':
      return T.hints.number(question.unit, numberRange(question));
    case 'single_choice':
      return T.hints.choice(question.options.map((o, i) => `${i + 1}. ${o.label}`));
    case 'multiple_choice': {
      const chosen = question.options.filter((o) => picks.includes(o.value)).map((o) => o.label);
      return T.hints.multiple(
        question.options.map((o, i) => `${i + 1}. ${o.label}`),
        chosen.join(', '),
      );
    }
    case 'scale':
      return T.hints.scale;
    case 'date':
      return T.hints.date;
    case 'yes_no':
      return T.hints.yesNo;
    case 'photo':
      return T.hints.photo(question.maxPhotos);
    case 'location':
      return T.hints.location;
    case 'table':
      return T.notInChat;
  }
}

/** The question's text and quick replies. */
export function askMessage(question: Question, ctx: AskContext): LineMessage {
  const { roundId: r } = ctx;
  const q = question.id;
  const picks = ctx.picks ?? [];
  const possible = possibleQuestions(ctx.form, ctx.answers).filter((x) => !ctx.preset?.has(x.id));
  const at = possible.findIndex((x) => x.id === q);
  const hint = hintOf(question, picks) + (question.required ? '' : T.hints.optional);
  const text = T.question(at < 0 ? possible.length + 1 : at + 1, Math.max(possible.length, at + 1), question.label, question.help, hint);

  const always: Button[] = [];
  if (!question.required) always.push({ label: L.skip, data: encodePostback(surveySkipAction, { r, q }) });
  always.push({ label: L.later, data: encodePostback(surveyLaterAction, { r }) });

  let buttons: Button[] = always;
  const items: messagingApi.QuickReplyItem[] = [];
  switch (question.kind) {
    case 'single_choice':
    case 'multiple_choice': {
      const multiple = question.kind === 'multiple_choice';
      const indexed = question.options.map((option, i) => ({ option, i }));
      const page = pickerPage({
        choices: indexed,
        button: ({ option, i }) => ({
          label: tickedLabel(option.label, multiple && picks.includes(option.value)),
          displayText: option.label,
          data: multiple ? encodePostback(surveyToggleAction, { r, q, i }) : encodePostback(surveyAnswerAction, { r, q, i }),
        }),
        offset: ctx.offset,
        pageData: (o) => encodePostback(surveyOptionsPageAction, { r, q, o }),
        always: multiple ? [{ label: L.done, data: encodePostback(surveyChosenAction, { r, q }) }, ...always] : always,
      });
      buttons = page.buttons;
      break;
    }
    case 'scale':
      buttons = [
        ...question.labels.map((label, i) => ({ label: `${i + 1} ${label}`, data: encodePostback(surveyAnswerAction, { r, q, i: i + 1 }) })),
        ...always,
      ];
      break;
    case 'yes_no':
      buttons = [
        { label: L.yes, data: encodePostback(surveyAnswerAction, { r, q, i: 1 }) },
        { label: L.no, data: encodePostback(surveyAnswerAction, { r, q, i: 0 }) },
        ...always,
      ];
      break;
    case 'date':
      items.push({
        type: 'action',
        action: {
          type: 'datetimepicker',
          label: L.pickDate,
          data: encodePostback(surveyDateAction, { r, q }),
          mode: 'date',
          ...(question.min ? { min: question.min } : {}),
          ...(question.max ? { max: question.max } : {}),
        },
      });
      break;
    case 'photo':
      items.push(...PHOTO_ITEMS);
      // Pictures sent already (the question stays asked until it is full): ส่งรูปครบแล้ว goes on.
      // (ข้าม then would drop them: it is not offered.)
      if (photosOf(ctx.answers[q]).length > 0) buttons = [{ label: L.photosDone, data: encodePostback(surveyChosenAction, { r, q }) }, ...always.filter((b) => b.label !== L.skip)];
      break;
    case 'location':
      items.push(LOCATION_ITEM);
      break;
    default:
      break;
  }
  for (const button of buttons.slice(0, QUICK_REPLY_MAX - items.length)) items.push(postbackItem({ ...button, label: buttonLabel(button.label) }));
  return { type: 'text', text, quickReply: { items } };
}
