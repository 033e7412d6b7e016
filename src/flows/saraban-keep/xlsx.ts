import { registerActionText } from '../../domain/saraban/decisions.ts';
import { LETTER_KIND_LABELS, SECRECY_LABELS, type LetterRegister } from '../../domain/saraban/letter.ts';
import type { SarabanSettings } from '../../domain/saraban/settings.ts';
import type { Letter } from '../../domain/saraban/view.ts';
import { xlsxWorkbook, type XlsxColumn } from '../../reports/xlsx.ts';
import { DESTRUCTION_HEADER, RECEIVE_HEADER, registerRemarks, SEND_HEADER } from './csv.ts';
import { keptUntilYear } from './retention.ts';

/**
 * The registers and the destruction list as Excel files: the same lines as the CSV exports (the clerk's own
 * record: ลับ and ลับมาก keep their subject, ลับที่สุด number and date only), ลงวันที่ as a date.
 */

const col = (header: string, width: number, type: XlsxColumn['type'] = 'text'): XlsxColumn => ({ header, width, type });

export function registerXlsx(register: LetterRegister, letters: readonly Letter[], now: Date): Promise<Buffer> {
  const sorted = letters.filter((l) => l.register === register).sort((a, b) => a.year - b.year || a.number - b.number);
  const receive = register === 'receive';
  const headers = receive ? RECEIVE_HEADER : SEND_HEADER;
  const widths = receive ? [12, 22, 16, 28, 24, 50, 30, 40] : [12, 22, 16, 24, 28, 50, 40];
  const columns = headers.map((h, i) => col(h, widths[i]!, i === 0 ? 'number' : i === 2 ? 'date' : 'text'));
  const rows = sorted.map((letter) => {
    const hidden = letter.secrecy === 'top_secret';
    const head = [letter.number, hidden ? '' : letter.docNo, letter.docDate, hidden ? '' : letter.fromName, hidden ? '' : letter.toName, hidden ? '' : letter.subject];
    return receive ? [...head, registerActionText(letter), registerRemarks(letter)] : [...head, registerRemarks(letter)];
  });
  return xlsxWorkbook([{ name: receive ? 'ทะเบียนหนังสือรับ' : 'ทะเบียนหนังสือส่ง', columns, rows }], { created: now });
}

export function destructionXlsx(letters: readonly Letter[], settings: SarabanSettings, now: Date): Promise<Buffer> {
  const sorted = [...letters].sort((a, b) => (a.register === b.register ? 0 : a.register === 'receive' ? -1 : 1) || a.year - b.year || a.number - b.number);
  const widths = [8, 22, 16, 50, 12, 16, 50];
  const columns = DESTRUCTION_HEADER.map((h, i) => col(h, widths[i]!, i === 0 ? 'number' : i === 2 ? 'date' : 'text'));
  const rows = sorted.map((letter, i) => {
    const hidden = letter.secrecy === 'top_secret';
    const where = `${letter.register === 'receive' ? 'ทะเบียนรับ' : 'ทะเบียนส่ง'} ${letter.number}/${letter.year}`;
    const note = [where, LETTER_KIND_LABELS[letter.kind], `เก็บถึงสิ้นปี ${keptUntilYear(letter, settings)}`];
    if (letter.secrecy !== 'none') note.push(SECRECY_LABELS[letter.secrecy]);
    return [i + 1, hidden ? '' : letter.docNo, letter.docDate, hidden ? '' : letter.subject, '', '', note.join('; ')];
  });
  return xlsxWorkbook([{ name: 'บัญชีหนังสือขอทำลาย', columns, rows }], { created: now });
}
