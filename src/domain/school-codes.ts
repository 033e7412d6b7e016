import { westernDigits } from './thai-digits.ts';
/**
 * School codes as schools and the office write them: 8-digit SMIS (province + area + running number),
 * 6-digit OBEC, 10-digit Ministry ("10" + province + OBEC code). People type them with spaces or dashes.
 */
export type SchoolCodeKind = 'smis' | 'obec' | 'moe';

export interface SchoolCode {
  kind: SchoolCodeKind;
  code: string;
}

const KIND_BY_LENGTH: Record<number, SchoolCodeKind> = { 8: 'smis', 6: 'obec', 10: 'moe' };

/** Digits only, with Thai digits turned into Arabic ones; null when the text has anything but digits, spaces and dashes. */
export function codeDigits(text: string): string | null {
  const cleaned = westernDigits(text.trim()).replace(/[\s-]/g, '');
  return /^\d+$/.test(cleaned) ? cleaned : null;
}

/** The code typed or imported, classified by its length; null when it is not one of the three kinds. */
export function parseSchoolCode(text: string): SchoolCode | null {
  const digits = codeDigits(text);
  if (!digits) return null;
  const kind = KIND_BY_LENGTH[digits.length];
  return kind ? { kind, code: digits } : null;
}

/** A code of a known kind, or a reason why not (import reports it with the line number). */
export function checkSchoolCode(kind: SchoolCodeKind, text: string): { ok: true; code: string } | { ok: false } {
  const parsed = parseSchoolCode(text);
  return parsed && parsed.kind === kind ? { ok: true, code: parsed.code } : { ok: false };
}


/** How a school's name is compared with what a person typed: without "โรงเรียน"/"รร." and spaces. */
export function normalizeSchoolName(text: string): string {
  return text
    .trim()
    .replace(/^(โรงเรียน|รร\.?)\s*/u, '')
    .replace(/\s+/g, '')
    .toLowerCase();
}
