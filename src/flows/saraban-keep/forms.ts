import { registerActionText } from '../../domain/saraban/decisions.ts';
import { isSecret, LETTER_KIND_LABELS, SECRECY_LABELS, type LetterRegister } from '../../domain/saraban/letter.ts';
import type { SarabanSettings } from '../../domain/saraban/settings.ts';
import type { Letter } from '../../domain/saraban/view.ts';
import { formatThaiDate, formatThaiDateTime } from '../../domain/thai-date.ts';
import { printData } from '../../reports/thai-text.ts';
import type { PdfJob } from '../../reports/typst-compile.ts';
import { DESTRUCTION_HEADER, RECEIVE_HEADER, registerRemarks, SEND_HEADER, thaiDateOfKey } from './csv.ts';
import { keptUntilYear } from './retention.ts';

/**
 * The registers and the destruction list as printed forms (PDF), in the regulation's columns as the CSV
 * exports: ทะเบียนหนังสือรับ (แบบที่ 13), ทะเบียนหนังสือส่ง (แบบที่ 14), บัญชีหนังสือขอทำลาย (แบบที่ 25).
 *
 * Unlike the CSV (the clerk's file, kept on the office's computer), a printed page travels: a secret letter's
 * ที่, sender, recipient and subject are never printed. Its line keeps the register number, the date and the
 * secrecy ("หนังสือลับ"), so the paper register has no gap; the clerk writes the rest in by hand if the paper
 * register must hold it.
 */

const T = {
  receiveTitle: 'ทะเบียนหนังสือรับ',
  sendTitle: 'ทะเบียนหนังสือส่ง',
  receiveForm: 'แบบที่ 13',
  sendForm: 'แบบที่ 14',
  destructionForm: 'แบบที่ 25',
  destructionTitle: (year: number) => `บัญชีหนังสือขอทำลาย ประจำปี พ.ศ. ${year}`,
  year: (year: number) => `ประจำปี พ.ศ. ${year}`,
  range: (from: string, to: string) => `ตั้งแต่วันที่ ${from} ถึงวันที่ ${to}`,
  secretLine: (label: string) => `หนังสือ${label} (ไม่แสดงรายละเอียด)`,
  secretNote: 'หนังสือลับแสดงเฉพาะเลขทะเบียน วันที่ และชั้นความลับ รายละเอียดบันทึกด้วยลายมือในทะเบียนฉบับกระดาษ',
  empty: 'ไม่มีหนังสือในช่วงนี้',
  footer: (office: string, at: Date) => `${office} · พิมพ์เมื่อ ${formatThaiDateTime(at)}`,
  sheet: 'แผ่นที่ ........',
  date: (at: Date) => `วันที่ ${formatThaiDate(at)}`,
  signLine: 'ลงชื่อ ...........................................',
  signatures: ['ประธานกรรมการ', 'กรรมการ', 'กรรมการ'],
};

export interface PrintOptions {
  officeName: string;
  thaiDigits: boolean;
  now: Date;
}

/** The line of a letter as printed: a secret letter keeps number, date and its secrecy only. */
function printedRow(letter: Letter): Array<string | number> {
  const secret = isSecret(letter.secrecy);
  const subject = secret ? T.secretLine(SECRECY_LABELS[letter.secrecy]) : (letter.subject ?? '');
  const head = [letter.number, secret ? '' : (letter.docNo ?? ''), thaiDateOfKey(letter.docDate), secret ? '' : (letter.fromName ?? ''), secret ? '' : (letter.toName ?? ''), subject];
  // The decision's words stay; an order's text or the clerk's remarks on a secret letter do not.
  const shown = secret ? { ...letter, decisionText: null, remarks: null, cancelReason: null } : letter;
  const remarks = registerRemarks(shown);
  return letter.register === 'receive' ? [...head, registerActionText(shown), remarks] : [...head, remarks];
}

/** ทะเบียนหนังสือรับ/ส่ง of a year or a range, in number order. */
export function registerPdfJob(register: LetterRegister, letters: readonly Letter[], scope: { year: number } | { from: Date; to: Date }, options: PrintOptions): PdfJob {
  const sorted = letters.filter((l) => l.register === register).sort((a, b) => a.year - b.year || a.number - b.number);
  const receive = register === 'receive';
  const subtitle = 'year' in scope ? T.year(scope.year) : T.range(formatThaiDate(scope.from), formatThaiDate(new Date(scope.to.getTime() - 1)));
  const data = printData(
    {
      form: receive ? T.receiveForm : T.sendForm,
      title: receive ? T.receiveTitle : T.sendTitle,
      subtitle,
      office: options.officeName,
      footer: T.footer(options.officeName, options.now),
      empty: T.empty,
      headers: [...(receive ? RECEIVE_HEADER : SEND_HEADER)],
      columns: receive ? ['3cm', '2.6cm', '3.1cm', '2.8cm', '2.4cm', '1fr', '3.4cm', '3.4cm'] : ['3cm', '2.6cm', '3.1cm', '2.6cm', '3cm', '1fr', '3.8cm'],
      aligns: receive ? ['center', 'left', 'left', 'left', 'left', 'left', 'left', 'left'] : ['center', 'left', 'left', 'left', 'left', 'left', 'left'],
      rows: sorted.map(printedRow),
      note: sorted.some((l) => isSecret(l.secrecy)) ? T.secretNote : null,
    },
    options.thaiDigits,
  );
  return { template: 'register', data, inputs: { 'thai-digits': options.thaiDigits ? '1' : '0' }, createdAtSeconds: Math.floor(options.now.getTime() / 1000) };
}

/** บัญชีหนังสือขอทำลาย (แบบที่ 25) of the list made in `listYear`: รหัสแฟ้ม and การพิจารณา left for the committee. */
export function destructionPdfJob(letters: readonly Letter[], listYear: number, settings: SarabanSettings, options: PrintOptions): PdfJob {
  const sorted = [...letters].sort((a, b) => (a.register === b.register ? 0 : a.register === 'receive' ? -1 : 1) || a.year - b.year || a.number - b.number);
  const rows = sorted.map((letter, i) => {
    const secret = isSecret(letter.secrecy);
    const where = `${letter.register === 'receive' ? 'ทะเบียนรับ' : 'ทะเบียนส่ง'} ${letter.number}/${letter.year}`;
    const note = [where, LETTER_KIND_LABELS[letter.kind], `เก็บถึงสิ้นปี ${keptUntilYear(letter, settings)}`];
    if (secret) note.push(SECRECY_LABELS[letter.secrecy]);
    return [i + 1, secret ? '' : (letter.docNo ?? ''), thaiDateOfKey(letter.docDate), secret ? T.secretLine(SECRECY_LABELS[letter.secrecy]) : (letter.subject ?? ''), '', '', note.join('; ')];
  });
  const data = printData(
    {
      form: T.destructionForm,
      sheet: T.sheet,
      title: T.destructionTitle(listYear),
      office: options.officeName,
      date: T.date(options.now),
      footer: T.footer(options.officeName, options.now),
      empty: T.empty,
      headers: [...DESTRUCTION_HEADER],
      columns: ['1.6cm', '3.4cm', '2.8cm', '1fr', '2.4cm', '3cm', '5.4cm'],
      aligns: ['center', 'left', 'left', 'left', 'left', 'left', 'left'],
      rows,
      signLine: T.signLine,
      signatures: T.signatures,
    },
    options.thaiDigits,
  );
  return { template: 'destruction', data, inputs: { 'thai-digits': options.thaiDigits ? '1' : '0' }, createdAtSeconds: Math.floor(options.now.getTime() / 1000) };
}
