import { calendarYearOf } from '../../domain/fiscal-year.ts';
import type { LetterRegister } from '../../domain/saraban/letter.ts';

/**
 * What a person typed to find a letter: a register number (`123/2569`, `123` = this year, `ส่ง 45/2569`
 * for the send register, `รับที่ 12/2569` as the bot writes it), or a piece of the subject, sender or the
 * letter's own number (Thai has no spaces between words: any substring).
 */
export type SearchQuery =
  | { kind: 'number'; register: LetterRegister; number: number; year: number }
  | { kind: 'text'; text: string }
  | { kind: 'tooShort' };

export const MIN_TEXT_LENGTH = 2;
export const MAX_TEXT_LENGTH = 100;

const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙';

/** Thai digits (๑๒๓) as Arabic ones: both are written in offices. */
export function arabicDigits(text: string): string {
  return text.replace(/[๐-๙]/g, (d) => String(THAI_DIGITS.indexOf(d)));
}

const NUMBER = /^(?:(รับ|ส่ง)\s*(?:ที่)?\s*)?(\d{1,6})(?:\s*\/\s*(\d{2}|\d{4}))?$/;

function yearOf(typed: string | undefined, now: Date): number {
  if (typed === undefined) return calendarYearOf(now);
  const year = Number(typed);
  if (typed.length === 2) return 2500 + year; // "69" = 2569
  return year < 2400 ? year + 543 : year; // a Christian-era year typed by habit
}

export function parseSearchText(typed: string, now: Date): SearchQuery {
  const text = arabicDigits(typed.normalize('NFC').replace(/[\u200b\u200c\u200d\ufeff]/g, '')).replace(/\s+/g, ' ').trim();
  const number = NUMBER.exec(text);
  if (number) {
    const value = Number(number[2]);
    if (value >= 1) return { kind: 'number', register: number[1] === 'ส่ง' ? 'send' : 'receive', number: value, year: yearOf(number[3], now) };
  }
  if (text.length < MIN_TEXT_LENGTH) return { kind: 'tooShort' };
  return { kind: 'text', text: text.slice(0, MAX_TEXT_LENGTH) };
}

/** "ให้ยืมหนังสือ 123/2569" / "คืนหนังสือ ส่ง 4/2569": the register number after a command word, if any. */
export function numberAfter(prefix: string, typed: string, now: Date): { matched: boolean; query: SearchQuery | null } {
  const text = typed.normalize('NFC').replace(/[\u200b\u200c\u200d\ufeff]/g, '').trim();
  if (!text.replace(/\s+/g, '').startsWith(prefix)) return { matched: false, query: null };
  // The prefix with or without spaces inside ("ให้ยืม หนังสือ").
  let rest = text;
  for (const ch of prefix) {
    rest = rest.replace(/^\s+/, '');
    if (!rest.startsWith(ch)) return { matched: false, query: null };
    rest = rest.slice(ch.length);
  }
  rest = rest.trim();
  if (!rest) return { matched: true, query: null };
  return { matched: true, query: parseSearchText(rest, now) };
}
