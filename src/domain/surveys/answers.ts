import { z } from 'zod';
import { formatThaiDateKey } from '../thai-date.ts';
import { allQuestions, type Column, type Condition, type FormDefinition, type Question } from './form.ts';

/**
 * Answers to a form, and the rules over them: which questions are shown given the answers so far, whether one
 * answer or a whole response is acceptable (with the Thai message the person reads), and which question the
 * chat asks next. Pure: no I/O, no clock.
 */

/** The longest address a place keeps (LINE's location message has no limit of its own). */
export const LOCATION_ADDRESS_MAX = 500;

export const locationAnswerSchema = z.object({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  address: z.string().max(LOCATION_ADDRESS_MAX).optional(),
});
export type LocationAnswer = z.infer<typeof locationAnswerSchema>;

export const tableRowSchema = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));
export type TableRow = z.infer<typeof tableRowSchema>;

/**
 * What one answer may be, as stored: text, a number (number, scale), an option's value or several, a date
 * `YYYY-MM-DD`, yes/no, photos (media file ids), a place, the rows of a table; `null` = asked and left empty.
 */
export const answerValueSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.string()),
  z.array(z.number().int().positive()),
  locationAnswerSchema,
  z.array(tableRowSchema),
  z.null(),
]);
export type AnswerValue = z.infer<typeof answerValueSchema>;

/** A response's answers by question id (the `answers` JSON column). */
export const answersSchema = z.record(z.string(), answerValueSchema);
export type Answers = z.infer<typeof answersSchema>;

/** The Thai messages a person reads when an answer is not accepted. */
export const SURVEY_MESSAGES = {
  required: 'ข้อนี้จำเป็นต้องตอบค่ะ',
  tooLong: (max: number) => `คำตอบยาวเกินไป ตอบได้ไม่เกิน ${max.toLocaleString('en-US')} ตัวอักษรค่ะ`,
  notANumber: 'กรุณาตอบเป็นตัวเลขค่ะ',
  notWhole: 'กรุณาตอบเป็นจำนวนเต็มค่ะ',
  belowMin: (min: number, unit?: string) => `กรุณาตอบตั้งแต่ ${min.toLocaleString('en-US')}${unit ? ` ${unit}` : ''} ขึ้นไปค่ะ`,
  aboveMax: (max: number, unit?: string) => `กรุณาตอบไม่เกิน ${max.toLocaleString('en-US')}${unit ? ` ${unit}` : ''} ค่ะ`,
  between: (min: number, max: number, unit?: string) =>
    `กรุณาตอบตัวเลขตั้งแต่ ${min.toLocaleString('en-US')} ถึง ${max.toLocaleString('en-US')}${unit ? ` ${unit}` : ''} ค่ะ`,
  notAnOption: 'กรุณาเลือกจากตัวเลือกที่มีค่ะ',
  tooManyChosen: (max: number) => `เลือกได้ไม่เกิน ${max} ข้อค่ะ`,
  notOnScale: 'กรุณาเลือกระดับ 1 ถึง 5 ค่ะ',
  notADate: 'กรุณาตอบเป็นวันที่ เช่น 15/1/2570 ค่ะ',
  dateBefore: (min: string) => `กรุณาเลือกวันที่ตั้งแต่ ${formatThaiDateKey(min)} เป็นต้นไปค่ะ`,
  dateAfter: (max: string) => `กรุณาเลือกวันที่ไม่เกิน ${formatThaiDateKey(max)} ค่ะ`,
  notYesNo: 'กรุณาตอบ "ใช่" หรือ "ไม่ใช่" ค่ะ',
  notPhotos: 'กรุณาส่งรูปถ่ายค่ะ',
  tooManyPhotos: (max: number) => `ส่งรูปได้ไม่เกิน ${max} รูปค่ะ`,
  notALocation: 'กรุณาส่งตำแหน่งที่ตั้งค่ะ',
  notATable: 'กรุณากรอกรายการในตารางค่ะ',
  tooManyRows: (max: number, row: string) => `กรอกได้ไม่เกิน ${max} ${row}ค่ะ`,
  inRow: (row: string, n: number, column: string, message: string) => `${row}ที่ ${n} ช่อง "${column}": ${message}`,
} as const;

export type AnswerCheck = { ok: true; value: AnswerValue } | { ok: false; message: string };

const fail = (message: string): AnswerCheck => ({ ok: false, message });
const pass = (value: AnswerValue): AnswerCheck => ({ ok: true, value });

const isEmpty = (value: unknown) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);

interface Bounds {
  min?: number | undefined;
  max?: number | undefined;
  unit?: string | undefined;
  integer?: boolean | undefined;
}

function checkNumber(value: unknown, bounds: Bounds): AnswerCheck {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fail(SURVEY_MESSAGES.notANumber);
  if (bounds.integer && !Number.isInteger(value)) return fail(SURVEY_MESSAGES.notWhole);
  const { min, max, unit } = bounds;
  const outside = (min !== undefined && value < min) || (max !== undefined && value > max);
  if (outside) {
    if (min !== undefined && max !== undefined) return fail(SURVEY_MESSAGES.between(min, max, unit));
    return fail(min !== undefined ? SURVEY_MESSAGES.belowMin(min, unit) : SURVEY_MESSAGES.aboveMax(max!, unit));
  }
  return pass(value);
}

function checkText(value: unknown, maxLength: number): AnswerCheck {
  if (typeof value !== 'string') return fail(SURVEY_MESSAGES.required);
  const text = value.trim();
  return text.length > maxLength ? fail(SURVEY_MESSAGES.tooLong(maxLength)) : pass(text);
}

function validDateKey(key: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(key)) return false;
  const date = new Date(`${key}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === key;
}

function checkColumn(column: Column, value: unknown): AnswerCheck {
  if (isEmpty(value)) return column.required ? fail(SURVEY_MESSAGES.required) : pass(null);
  switch (column.kind) {
    case 'text':
      return checkText(value, column.maxLength);
    case 'number':
      return checkNumber(value, column);
    case 'single_choice':
      return typeof value === 'string' && (column.options ?? []).some((o) => o.value === value) ? pass(value) : fail(SURVEY_MESSAGES.notAnOption);
  }
}

/**
 * Whether one answer is acceptable for its question, and the answer as it is kept (text trimmed, an empty
 * answer as `null`). The message is the Thai sentence the person reads.
 */
export function validateAnswer(question: Question, value: unknown): AnswerCheck {
  if (isEmpty(value)) return question.required ? fail(SURVEY_MESSAGES.required) : pass(null);
  switch (question.kind) {
    case 'text':
    case 'long_text': {
      const checked = checkText(value, question.maxLength);
      if (checked.ok && checked.value === '') return question.required ? fail(SURVEY_MESSAGES.required) : pass(null);
      return checked;
    }
    case 'number':
      return checkNumber(value, question);
    case 'single_choice':
      return typeof value === 'string' && question.options.some((o) => o.value === value) ? pass(value) : fail(SURVEY_MESSAGES.notAnOption);
    case 'multiple_choice': {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && question.options.some((o) => o.value === v))) {
        return fail(SURVEY_MESSAGES.notAnOption);
      }
      // Kept in the options' order, each once.
      const chosen = question.options.map((o) => o.value).filter((v) => value.includes(v));
      if (question.maxSelected !== undefined && chosen.length > question.maxSelected) return fail(SURVEY_MESSAGES.tooManyChosen(question.maxSelected));
      return pass(chosen);
    }
    case 'scale':
      return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5 ? pass(value) : fail(SURVEY_MESSAGES.notOnScale);
    case 'date': {
      if (typeof value !== 'string' || !validDateKey(value)) return fail(SURVEY_MESSAGES.notADate);
      if (question.min !== undefined && value < question.min) return fail(SURVEY_MESSAGES.dateBefore(question.min));
      if (question.max !== undefined && value > question.max) return fail(SURVEY_MESSAGES.dateAfter(question.max));
      return pass(value);
    }
    case 'yes_no':
      return typeof value === 'boolean' ? pass(value) : fail(SURVEY_MESSAGES.notYesNo);
    case 'photo': {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'number' && Number.isInteger(v) && v > 0)) return fail(SURVEY_MESSAGES.notPhotos);
      const ids = [...new Set(value as number[])];
      return ids.length > question.maxPhotos ? fail(SURVEY_MESSAGES.tooManyPhotos(question.maxPhotos)) : pass(ids);
    }
    case 'location': {
      const parsed = locationAnswerSchema.safeParse(value);
      return parsed.success ? pass(parsed.data) : fail(SURVEY_MESSAGES.notALocation);
    }
    case 'table': {
      if (!Array.isArray(value)) return fail(SURVEY_MESSAGES.notATable);
      // Rows left wholly empty (a blank line at the end of the page) are not rows.
      const rows = value.filter((row) => !(row && typeof row === 'object' && Object.values(row as object).every(isEmpty)));
      if (rows.length === 0) return question.required ? fail(SURVEY_MESSAGES.required) : pass(null);
      if (rows.length > question.maxRows) return fail(SURVEY_MESSAGES.tooManyRows(question.maxRows, question.rowLabel));
      const kept: TableRow[] = [];
      for (const [i, row] of rows.entries()) {
        if (!row || typeof row !== 'object' || Array.isArray(row)) return fail(SURVEY_MESSAGES.notATable);
        const cells: TableRow = {};
        for (const column of question.columns) {
          const checked = checkColumn(column, (row as Record<string, unknown>)[column.id]);
          if (!checked.ok) return fail(SURVEY_MESSAGES.inRow(question.rowLabel, i + 1, column.label, checked.message));
          cells[column.id] = checked.value as string | number | null;
        }
        kept.push(cells);
      }
      return pass(kept);
    }
  }
}

/** Whether an answer satisfies a condition: equal to the value (a multiple choice: includes it), or to one of them. */
export function conditionHolds(condition: Condition, answer: AnswerValue | undefined): boolean {
  if (answer === undefined || answer === null) return false;
  const wanted: readonly (string | number | boolean)[] = 'equals' in condition ? [condition.equals] : condition.anyOf;
  if (Array.isArray(answer)) return answer.some((a) => typeof a !== 'object' && wanted.includes(a));
  if (typeof answer === 'object') return false;
  return wanted.includes(answer);
}

/**
 * The questions shown given the answers so far, in order. A question with a condition is shown only when the
 * question it depends on is itself shown and its answer holds: an answer to a hidden question does not count.
 */
export function visibleQuestions(form: Pick<FormDefinition, 'sections'>, answers: Answers): Question[] {
  const shown = new Set<string>();
  const visible: Question[] = [];
  for (const question of allQuestions(form)) {
    const condition = question.showWhen;
    if (condition && !(shown.has(condition.question) && conditionHolds(condition, answers[condition.question]))) continue;
    shown.add(question.id);
    visible.push(question);
  }
  return visible;
}

/**
 * The questions the person may still be asked, for "ข้อ n/m" in the chat: those shown, and those whose condition
 * waits for an answer not given yet. A question drops out only when an answer rules it out, so the count a person
 * sees never grows as they answer (it starts as the form's count, as the introduction says).
 */
export function possibleQuestions(form: Pick<FormDefinition, 'sections'>, answers: Answers): Question[] {
  const possible = new Set<string>();
  const out: Question[] = [];
  for (const question of allQuestions(form)) {
    const condition = question.showWhen;
    if (condition) {
      if (!possible.has(condition.question)) continue;
      const answer = answers[condition.question];
      if (answer !== undefined && !conditionHolds(condition, answer)) continue;
    }
    possible.add(question.id);
    out.push(question);
  }
  return out;
}

export interface ResponseProblem {
  questionId: string;
  message: string;
}

export type ResponseCheck =
  | { ok: true; answers: Answers }
  | { ok: false; problems: ResponseProblem[]; answers: Answers };

/**
 * A whole response, before it is submitted: every shown question's answer checked (required ones present), and
 * the answers as they are kept — answers to hidden or unknown questions dropped, so a changed earlier answer
 * that hides a question leaves no stale answer behind.
 */
export function validateResponse(form: Pick<FormDefinition, 'sections'>, answers: Answers): ResponseCheck {
  const kept: Answers = {};
  const problems: ResponseProblem[] = [];
  // Visibility is decided on the answers as kept so far, in order, so a question hidden by an invalid answer stays hidden.
  for (const question of visibleQuestions(form, answers)) {
    const checked = validateAnswer(question, answers[question.id]);
    if (checked.ok) {
      if (answers[question.id] !== undefined) kept[question.id] = checked.value;
    } else {
      problems.push({ questionId: question.id, message: checked.message });
    }
  }
  return problems.length === 0 ? { ok: true, answers: kept } : { ok: false, problems, answers: kept };
}

/**
 * The next question to ask in the chat: the first shown question not answered yet (an optional question left
 * empty is answered with `null`). `null` when everything shown has an answer: the summary comes next.
 */
export function nextQuestion(form: Pick<FormDefinition, 'sections'>, answers: Answers): Question | null {
  return visibleQuestions(form, answers).find((q) => answers[q.id] === undefined) ?? null;
}

/** Answers without those to questions no longer shown (after an earlier answer changed). */
export function keepVisible(form: Pick<FormDefinition, 'sections'>, answers: Answers): Answers {
  const kept: Answers = {};
  for (const q of visibleQuestions(form, answers)) if (answers[q.id] !== undefined) kept[q.id] = answers[q.id]!;
  return kept;
}

/** The pictures a photo answer holds (file ids); none for anything else. */
export const photosOf = (value: unknown): number[] => (Array.isArray(value) ? value.filter((v): v is number => typeof v === 'number') : []);

/** The kinds a chat can ask with quick replies, pickers, typed text, a photo or a place sent; a table needs the web page. */
export const CHAT_KINDS = ['text', 'long_text', 'number', 'single_choice', 'multiple_choice', 'scale', 'date', 'yes_no', 'photo', 'location'] as const;
/** "Short forms (up to about five questions) can be answered in the chat." */
export const CHAT_MAX_QUESTIONS = 5;

/** A form's questions less those the round answers itself (`preset`): the ones a respondent is asked. */
export function askedQuestions(form: Pick<FormDefinition, 'sections'>, preset: ReadonlySet<string> = new Set()): Question[] {
  return allQuestions(form).filter((q) => !preset.has(q.id));
}

/**
 * The answers a round may preset for its form: those naming one of its questions that the question accepts (a
 * newer version of the form without that question or option simply asks it). The rest are left out.
 */
export function validPresets(form: Pick<FormDefinition, 'sections'>, wanted: Answers): Answers {
  const kept: Answers = {};
  for (const question of allQuestions(form)) {
    if (wanted[question.id] === undefined) continue;
    const checked = validateAnswer(question, wanted[question.id]);
    if (checked.ok && checked.value !== null) kept[question.id] = checked.value;
  }
  return kept;
}

/** Short enough for the chat, of kinds it can ask; the questions the round answers itself (`preset`) are not asked. */
export function answerableInChat(form: Pick<FormDefinition, 'sections'>, preset: ReadonlySet<string> = new Set()): boolean {
  const questions = askedQuestions(form, preset);
  return questions.length <= CHAT_MAX_QUESTIONS && questions.every((q) => (CHAT_KINDS as readonly string[]).includes(q.kind));
}

/** An answer as the summary shows it ("12 เครื่อง", "ใช่", the chosen options' labels). */
export function describeAnswer(question: Question, value: AnswerValue | undefined): string {
  if (value === undefined || value === null) return '-';
  switch (question.kind) {
    case 'number':
      return `${(value as number).toLocaleString('en-US')}${question.unit ? ` ${question.unit}` : ''}`;
    case 'single_choice':
      return question.options.find((o) => o.value === value)?.label ?? String(value);
    case 'multiple_choice':
      return (value as string[]).map((v) => question.options.find((o) => o.value === v)?.label ?? v).join(', ');
    case 'scale':
      return `${value as number} (${question.labels[(value as number) - 1] ?? ''})`;
    case 'date':
      return formatThaiDateKey(value as string);
    case 'yes_no':
      return value ? 'ใช่' : 'ไม่ใช่';
    case 'photo':
      return `${(value as number[]).length} รูป`;
    case 'location': {
      const place = value as LocationAnswer;
      return place.address ?? `${place.latitude.toFixed(5)}, ${place.longitude.toFixed(5)}`;
    }
    case 'table':
      return `${(value as TableRow[]).length} ${question.rowLabel}`;
    case 'text':
    case 'long_text':
      return String(value);
  }
}
