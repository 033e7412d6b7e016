import { registerActionText } from '../../domain/saraban/decisions.ts';
import { LETTER_KIND_LABELS, SECRECY_LABELS, URGENCY_LABELS, type LetterRegister } from '../../domain/saraban/letter.ts';
import type { SarabanSettings } from '../../domain/saraban/settings.ts';
import type { Letter } from '../../domain/saraban/view.ts';
import { formatThaiDateKey, formatThaiDateTime } from '../../domain/thai-date.ts';
import { csvDocument } from '../../domain/csv.ts';
import { keptUntilYear } from './retention.ts';

/**
 * The registers as CSV files (UTF-8 with a byte-order mark, CRLF, formulas defused), in the columns of
 * the saraban regulation: the receive register (แบบที่ 13), the send register (แบบที่ 14) and the list of
 * letters asked to be destroyed (บัญชีหนังสือขอทำลาย, แบบที่ 25). The register is the clerk's official
 * record, not a chat: ลับ and ลับมาก letters keep their subject here; ลับที่สุด keeps number and date only.
 */

export const RECEIVE_HEADER = ['เลขทะเบียนรับ', 'ที่', 'ลงวันที่', 'จาก', 'ถึง', 'เรื่อง', 'การปฏิบัติ', 'หมายเหตุ'] as const;
export const SEND_HEADER = ['เลขทะเบียนส่ง', 'ที่', 'ลงวันที่', 'จาก', 'ถึง', 'เรื่อง', 'หมายเหตุ'] as const;
export const DESTRUCTION_HEADER = ['ลำดับที่', 'ที่', 'ลงวันที่', 'เรื่อง', 'รหัสแฟ้ม', 'การพิจารณา', 'หมายเหตุ'] as const;

/** "1 ตุลาคม 2568" from `2025-10-01` (the letter's own date is a calendar date, no time zone). */
export function thaiDateOfKey(key: string | null): string {
  return key ? formatThaiDateKey(key) : '';
}

function rows(header: readonly string[], body: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  return csvDocument(header, body);
}

/** หมายเหตุ of a register line: the time of receipt (the stamp), urgency, secrecy, the clerk's remarks, a cancellation. */
export function registerRemarks(letter: Letter): string {
  const parts: string[] = [];
  if (letter.register === 'receive') parts.push(`รับ ${formatThaiDateTime(letter.registeredAt)}`);
  else parts.push(`ส่ง ${formatThaiDateTime(letter.registeredAt)}`);
  if (letter.secrecy !== 'none') parts.push(SECRECY_LABELS[letter.secrecy]);
  if (letter.secrecy !== 'top_secret') {
    if (letter.urgency !== 'normal') parts.push(URGENCY_LABELS[letter.urgency]);
    if (letter.actBy) parts.push(`ดำเนินการภายใน ${thaiDateOfKey(letter.actBy)}`);
    if (letter.remarks?.trim()) parts.push(letter.remarks.trim());
  }
  if (letter.status === 'cancelled') parts.push(`ยกเลิก: ${letter.cancelReason?.trim() || '-'}`);
  return parts.join('; ');
}

/** One register line in the regulation's column order. */
export function registerRow(letter: Letter): Array<string | number | null> {
  const hidden = letter.secrecy === 'top_secret';
  const head = [letter.number, hidden ? '' : letter.docNo, thaiDateOfKey(letter.docDate), hidden ? '' : letter.fromName, hidden ? '' : letter.toName, hidden ? '' : letter.subject];
  if (letter.register === 'receive') {
    // "ยกเลิก" for a cancelled line, nothing for ลับที่สุด, else the decision or where the letter is.
    return [...head, registerActionText(letter), registerRemarks(letter)];
  }
  return [...head, registerRemarks(letter)];
}

/** The receive or send register of a year, in number order (cancelled lines stay, marked in หมายเหตุ). */
export function registerCsv(register: LetterRegister, letters: readonly Letter[]): string {
  const sorted = letters.filter((l) => l.register === register).sort((a, b) => a.year - b.year || a.number - b.number);
  return rows(register === 'receive' ? RECEIVE_HEADER : SEND_HEADER, sorted.map(registerRow));
}

/**
 * The destruction list (แบบที่ 25): one line per letter past retention. รหัสแฟ้ม and การพิจารณา are left for the
 * clerk and the destruction committee; หมายเหตุ says which register line it is, its kind and how long it was kept.
 */
export function destructionCsv(letters: readonly Letter[], settings: SarabanSettings): string {
  const sorted = [...letters].sort((a, b) => (a.register === b.register ? 0 : a.register === 'receive' ? -1 : 1) || a.year - b.year || a.number - b.number);
  return rows(
    DESTRUCTION_HEADER,
    sorted.map((letter, i) => {
      const hidden = letter.secrecy === 'top_secret';
      const where = `${letter.register === 'receive' ? 'ทะเบียนรับ' : 'ทะเบียนส่ง'} ${letter.number}/${letter.year}`;
      const note = [where, LETTER_KIND_LABELS[letter.kind], `เก็บถึงสิ้นปี ${keptUntilYear(letter, settings)}`];
      if (letter.secrecy !== 'none') note.push(SECRECY_LABELS[letter.secrecy]);
      return [i + 1, hidden ? '' : letter.docNo, thaiDateOfKey(letter.docDate), hidden ? '' : letter.subject, '', '', note.join('; ')];
    }),
  );
}
