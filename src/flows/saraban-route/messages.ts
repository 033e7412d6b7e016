import { formatThaiDateKey, formatThaiDateTime } from '../../domain/thai-date.ts';

/**
 * Everything the routing flow says. A letter is always named by its headline (`letterHeadline`:
 * "หนังสือลับ รับที่ 124/2569" for a secret one) or by the fields of `chatSafeLetter`, never by a raw subject.
 */


export const routeLabels = {
  assign: 'มอบหมาย',
  acknowledge: 'รับทราบ',
  propose: 'เสนอผู้บริหาร',
  details: 'เปิดดูรายละเอียด',
  none: 'ไม่มี',
  cancel: 'ยกเลิก',
} as const;

export const routeTexts = {
  notRegistered: 'คุณยังไม่ได้ลงทะเบียนค่ะ พิมพ์ข้อความใดก็ได้เพื่อเริ่มลงทะเบียนนะคะ',
  letterNotFound: 'ไม่พบหนังสือนี้ค่ะ',
  cancelled: 'ยกเลิกการมอบหมายแล้วค่ะ',
  textPlease: 'กรุณาพิมพ์เป็นข้อความค่ะ',
  tooLong: (max: number) => `ข้อความยาวเกินไปค่ะ กรุณาพิมพ์ไม่เกิน ${max} ตัวอักษรนะคะ`,

  // Cards.
  newLetterAlt: (headline: string, urgency: string) => `หนังสือใหม่ (${urgency}): ${headline}`,
  assignedAlt: (headline: string) => `มอบหมายหนังสือให้คุณ: ${headline}`,
  letterAlt: (headline: string) => headline,
  fromLine: (from: string) => `จาก: ${from}`,
  docNoLine: (docNo: string) => `ที่ ${docNo}`,
  actByLine: (key: string) => `ดำเนินการภายใน ${formatThaiDateKey(key)}`,
  holderLine: (name: string) => `ผู้ถือเรื่อง: ${name}`,
  registeredLine: (at: Date) => `ลงรับ ${formatThaiDateTime(at)}`,
  assignedLine: (by: string | null, at: Date | null) => `มอบหมาย${by ? `โดย ${by}` : ''}${at ? ` ${formatThaiDateTime(at)}` : ''}`,
  instructionLine: (text: string) => `ข้อสั่งการ: ${text}`,
  secretInstruction: 'ข้อสั่งการ: มี (หนังสือลับ ไม่แสดงในแชท; ผู้รับผิดชอบเปิดดูได้ในหน้ารายละเอียด)',
  attachmentsLine: (n: number) => `ไฟล์แนบ ${n} ไฟล์`,
  secretNote: 'หนังสือลับ: รายละเอียดเปิดดูได้เฉพาะผู้เกี่ยวข้องในหน้ารายละเอียดเท่านั้นค่ะ',

  // The group director's list.
  pendingIntro: (shown: number, total: number) =>
    total > shown ? `หนังสือรอมอบหมาย ${total} ฉบับค่ะ (แสดง ${shown} ฉบับแรก)` : `หนังสือรอมอบหมาย ${total} ฉบับค่ะ`,
  noPending: 'ไม่มีหนังสือรอมอบหมายค่ะ',
  unacknowledged: (lines: string[], total: number) =>
    `หนังสือที่ผู้รับผิดชอบยังไม่รับทราบ ${total} ฉบับค่ะ\n${lines.join('\n')}${total > lines.length ? `\n… และอีก ${total - lines.length} ฉบับ` : ''}`,
  unacknowledgedLine: (headline: string, assignee: string, at: Date | null) => `• ${headline} – ${assignee}${at ? ` (มอบหมาย ${formatThaiDateTime(at)})` : ''}`,

  // Digest.
  digest: (lines: string[], total: number) =>
    `สรุปหนังสือเข้าใหม่ ${total} ฉบับค่ะ\n${lines.join('\n')}${total > lines.length ? `\n… และอีก ${total - lines.length} ฉบับ` : ''}\nกด "มอบหมาย" บนการ์ด หรือพิมพ์ "หนังสือรอพิจารณา" เพื่อดูทั้งหมดนะคะ`,
  digestLine: (headline: string, urgency: string, actBy: string | null) => `• ${headline} [${urgency}]${actBy ? ` ภายใน ${formatThaiDateKey(actBy)}` : ''}`,

  // Assigning.
  pickOfficer: (headline: string, more: boolean) =>
    `มอบหมาย ${headline}\nเลือกผู้รับผิดชอบค่ะ${more ? ' หรือพิมพ์ชื่อบางส่วนเพื่อค้นหา' : ''}`,
  noOfficers: 'ยังไม่มีผู้รับผิดชอบที่ใช้งานระบบในสำนักงานค่ะ',
  noMatch: (typed: string) => `ไม่พบชื่อที่มี "${typed}" ค่ะ ลองพิมพ์ชื่ออีกครั้ง หรือเลือกจากรายชื่อนะคะ`,
  askInstruction: (name: string) => `มอบหมายให้ ${name}\nพิมพ์ข้อสั่งการถึงผู้รับผิดชอบ หรือกด "ไม่มี" ค่ะ`,
  assigned: (headline: string, name: string) => `มอบหมาย ${headline} ให้ ${name} แล้วค่ะ ระบบแจ้งผู้รับผิดชอบให้แล้วนะคะ`,
  assignedToSelf: (headline: string) => `มอบหมาย ${headline} ให้ตัวท่านเองแล้วค่ะ กด "รับทราบ" บนการ์ดด้านล่างเมื่อพร้อมนะคะ`,
  alreadyAssigned: (headline: string, by: string | null, to: string | null, at: Date | null) =>
    `${headline} ได้รับการมอบหมายไปแล้วค่ะ${by ? ` โดย ${by}` : ''}${to ? ` ให้ ${to}` : ''}${at ? ` เมื่อ ${formatThaiDateTime(at)}` : ''}`,
  notAssignable: (headline: string, status: string) => `${headline} อยู่ในสถานะ "${status}" จึงมอบหมายไม่ได้ค่ะ`,
  toOfficer: (headline: string, by: string) => `${by} มอบหมาย ${headline} ให้คุณค่ะ กรุณากด "รับทราบ" นะคะ`,

  // Acknowledging.
  acknowledged: (headline: string) => `รับทราบ ${headline} แล้วค่ะ เมื่อพร้อมแล้วกด "เสนอผู้บริหาร" ได้เลยนะคะ`,
  alreadyAcknowledged: (headline: string, at: Date | null) => `คุณรับทราบ ${headline} ไปแล้วค่ะ${at ? ` เมื่อ ${formatThaiDateTime(at)}` : ''}`,
  notYours: (headline: string) => `${headline} ไม่ได้มอบหมายให้คุณค่ะ`,
  notAwaitingAck: (headline: string, status: string) => `${headline} อยู่ในสถานะ "${status}" แล้วค่ะ`,

  // The officer's list.
  myIntro: (shown: number, total: number) => (total > shown ? `หนังสือของคุณ ${total} ฉบับค่ะ (แสดง ${shown} ฉบับแรก)` : `หนังสือของคุณ ${total} ฉบับค่ะ`),
  noMine: 'ไม่มีหนังสือที่รอคุณดำเนินการค่ะ',
  nextAcknowledge: 'ขั้นต่อไป: กด "รับทราบ"',
  nextPropose: 'ขั้นต่อไป: เสนอผู้บริหาร',
  nextWaitDecision: (name: string | null) => `รอผู้บริหารพิจารณา${name ? ` (${name})` : ''}`,

  // Clocks.
  remindOfficer: (headline: string, at: Date) => `เตือนความจำค่ะ: ${headline} มอบหมายให้คุณเมื่อ ${formatThaiDateTime(at)} ยังไม่ได้กด "รับทราบ" นะคะ`,
  escalateDirector: (headline: string, officer: string, at: Date) =>
    `แจ้งเพื่อทราบค่ะ: ${headline} ที่มอบหมายให้ ${officer} เมื่อ ${formatThaiDateTime(at)} ยังไม่ได้รับทราบ แม้ระบบเตือนแล้วค่ะ`,
} as const;
