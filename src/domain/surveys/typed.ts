import { SURVEY_MESSAGES, validateAnswer, type AnswerCheck } from './answers.ts';
import type { Question } from './form.ts';
import { typedNumber, westernDigits } from '../thai-digits.ts';

/**
 * An answer typed in the chat, read as the question's kind expects (Thai digits, "1,234", a unit typed after the
 * number, "15/1/2570" with the Buddhist year, "ใช่"/"ไม่ใช่", an option's number or name, "1, 3" for several) and
 * then checked like any answer. Pure.
 */

const squeeze = (text: string) => westernDigits(text).replace(/\s+/g, '').toLowerCase();

/** "1,234.5", "12 เครื่อง", "๑๒": the number, or null when the text is not one (`typedNumber`). */
export const readNumber = typedNumber;

/**
 * "15/1/2570", "15-01-2026", "2026-01-15": day/month/year with the Buddhist year (over 2400) or the Christian
 * one; an ISO key as it is. Null when it is not a date.
 */
export function readDate(text: string): string | null {
  const t = westernDigits(text).trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  let y: number, m: number, d: number;
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (dmy) [d, m, y] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
  else return null;
  if (y > 2400) y -= 543;
  const key = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const date = new Date(`${key}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === key ? key : null;
}

const YES = ['ใช่', 'มี', 'ได้', 'yes', 'y', 'ใช่ค่ะ', 'ใช่ครับ', 'มีค่ะ', 'มีครับ'];
const NO = ['ไม่ใช่', 'ไม่', 'ไม่มี', 'ไม่ได้', 'no', 'n', 'ไม่ใช่ค่ะ', 'ไม่ใช่ครับ', 'ไม่มีค่ะ', 'ไม่มีครับ'];

export function readYesNo(text: string): boolean | null {
  const t = squeeze(text);
  if (YES.includes(t)) return true;
  if (NO.includes(t)) return false;
  return null;
}

/** An option by its number in the list ("2") or its name (whole, spaces ignored). */
function readOption(options: readonly { value: string; label: string }[], text: string): string | null {
  const t = squeeze(text);
  if (/^\d+$/.test(t)) return options[Number(t) - 1]?.value ?? null;
  return options.find((o) => squeeze(o.label) === t || squeeze(o.value) === t)?.value ?? null;
}

/** The answer a typed text gives to the question, checked (the Thai message when it is not acceptable). */
export function answerFromText(question: Question, text: string): AnswerCheck {
  const fail = (message: string): AnswerCheck => ({ ok: false, message });
  if (text.trim() === '') return validateAnswer(question, null);
  switch (question.kind) {
    case 'text':
    case 'long_text':
      return validateAnswer(question, text.replace(/[ \t]+/g, ' '));
    case 'number': {
      const n = readNumber(text, question.unit);
      return n === null ? fail(SURVEY_MESSAGES.notANumber) : validateAnswer(question, n);
    }
    case 'scale': {
      const n = readNumber(text);
      if (n !== null) return validateAnswer(question, n);
      const at = question.labels.findIndex((l) => squeeze(l) === squeeze(text));
      return at >= 0 ? validateAnswer(question, at + 1) : fail(SURVEY_MESSAGES.notOnScale);
    }
    case 'single_choice': {
      const value = readOption(question.options, text);
      return value === null ? fail(SURVEY_MESSAGES.notAnOption) : validateAnswer(question, value);
    }
    case 'multiple_choice': {
      const parts = westernDigits(text).split(/[,\s]+/).filter(Boolean);
      const whole = readOption(question.options, text);
      const values = whole !== null ? [whole] : parts.map((p) => readOption(question.options, p));
      if (values.length === 0 || values.some((v) => v === null)) return fail(SURVEY_MESSAGES.notAnOption);
      return validateAnswer(question, values);
    }
    case 'date': {
      const key = readDate(text);
      return key === null ? fail(SURVEY_MESSAGES.notADate) : validateAnswer(question, key);
    }
    case 'yes_no': {
      const yes = readYesNo(text);
      return yes === null ? fail(SURVEY_MESSAGES.notYesNo) : validateAnswer(question, yes);
    }
    case 'photo':
      return fail(SURVEY_MESSAGES.notPhotos);
    case 'location':
      return fail(SURVEY_MESSAGES.notALocation);
    case 'table':
      return fail(SURVEY_MESSAGES.notATable);
  }
}

/**
 * An answer from the web page, where a number is typed in a text box and comes as text ("๑๒", "1,250 บาท"), on its
 * own or in a table's cells: read as the chat reads it, then checked like any answer. Everything else as given.
 */
export function fromPage(question: Question, value: unknown): unknown {
  if (question.kind === 'number' && typeof value === 'string') return readNumber(value, question.unit) ?? value;
  if (question.kind === 'table' && Array.isArray(value)) {
    const numeric = question.columns.filter((c) => c.kind === 'number');
    return value.map((row) => {
      if (typeof row !== 'object' || row === null) return row;
      const cells: Record<string, unknown> = { ...(row as Record<string, unknown>) };
      for (const column of numeric) {
        const cell = cells[column.id];
        if (typeof cell === 'string') cells[column.id] = readNumber(cell, column.unit) ?? cell;
      }
      return cells;
    });
  }
  return value;
}
