import { formatThaiDateKey, formatThaiDateTime } from '../../domain/thai-date.ts';

/** Everything the keeping flow says: search, lending originals, returns, reminders, the retention notice. */


export const keepLabels = {
  lend: 'ให้ยืมต้นฉบับ',
  return: 'รับคืนต้นฉบับ',
  details: 'เปิดดูรายละเอียด',
  typedName: 'ใช้ชื่อที่พิมพ์',
  pickDue: 'เลือกวันกำหนดคืน',
  byBorrower: 'ผู้ยืมนำมาคืนเอง',
  cancel: 'ยกเลิก',
} as const;

export const keepTexts = {
  notRegistered: 'กรุณาลงทะเบียนก่อนใช้งานนะคะ',
  askSearch:
    'พิมพ์สิ่งที่ต้องการค้นหาได้เลยค่ะ\n• เลขทะเบียนรับ เช่น 123/2569 (หรือ 123 = ปีนี้)\n• เลขทะเบียนส่ง เช่น ส่ง 45/2569\n• บางส่วนของชื่อเรื่อง หรือชื่อผู้ส่ง\n(พิมพ์ "ยกเลิก" เพื่อออก)',
  tooShort: 'กรุณาพิมพ์คำค้นอย่างน้อย 2 ตัวอักษรค่ะ',
  notFound: (typed: string) => `ไม่พบหนังสือที่ตรงกับ "${typed}" ค่ะ ลองพิมพ์คำค้นให้สั้นลง หรือค้นด้วยเลขทะเบียนนะคะ`,
  numberNotFound: (label: string) => `ไม่พบหนังสือ ${label} ค่ะ`,
  found: (total: number, shown: number) =>
    total > shown ? `พบ ${total} ฉบับค่ะ แสดง ${shown} ฉบับล่าสุด (ยังมีอีก ${total - shown} ฉบับ พิมพ์คำค้นให้เจาะจงขึ้นได้นะคะ)` : `พบ ${total} ฉบับค่ะ`,
  foundAlt: (total: number) => `ผลการค้นหาหนังสือ ${total} ฉบับ`,
  menuWhileTyping: 'ตอนนี้รอคำตอบอยู่ค่ะ กรุณาพิมพ์คำตอบ หรือพิมพ์ "ยกเลิก" ก่อนเลือกเมนูอื่นนะคะ',
  textPlease: 'กรุณาพิมพ์เป็นข้อความค่ะ',

  // Lending
  askLendNumber: 'จะให้ยืมต้นฉบับหนังสือฉบับใดคะ พิมพ์ เช่น "ให้ยืมหนังสือ 123/2569" หรือค้นหาหนังสือแล้วกดปุ่ม "ให้ยืมต้นฉบับ" ค่ะ',
  cannotLendCancelled: (headline: string) => `${headline} ถูกยกเลิกแล้ว ให้ยืมไม่ได้ค่ะ`,
  cannotLendSecret: (headline: string) => `${headline} เป็นหนังสือลับ ให้ยืมได้เฉพาะผู้ที่มีสิทธิ์เห็นหนังสือนี้ค่ะ`,
  alreadyLent: (headline: string, borrower: string, due: string) => `${headline} ยังอยู่ระหว่างยืม (ผู้ยืม ${borrower} กำหนดคืน ${formatThaiDateKey(due)}) ค่ะ บันทึกรับคืนก่อนจึงให้ยืมใหม่ได้นะคะ`,
  askBorrower: (headline: string) => `ให้ยืมต้นฉบับ ${headline}\nผู้ยืมชื่ออะไรคะ (พิมพ์ชื่อ-นามสกุล)`,
  nameTooShort: 'กรุณาพิมพ์ชื่อผู้ยืม 2–100 ตัวอักษรค่ะ',
  pickBorrower: (typed: string) => `พบผู้ใช้ที่ชื่อตรงกับ "${typed}" ค่ะ เลือกผู้ยืม (ถ้าเลือกคนที่ใช้ LINE นี้ ระบบจะเตือนเขาเมื่อถึงกำหนดคืน) หรือใช้ชื่อตามที่พิมพ์ค่ะ`,
  askPurpose: (borrower: string) => `ผู้ยืม: ${borrower}\nยืมไปเพื่อใช้ในราชการเรื่องใดคะ (พิมพ์สั้น ๆ)`,
  purposeTooShort: 'กรุณาพิมพ์วัตถุประสงค์ 2–300 ตัวอักษรค่ะ',
  askDue: 'กำหนดคืนวันที่เท่าไรคะ กดปุ่มด้านล่างเพื่อเลือกวันค่ะ',
  dueInvalid: 'กำหนดคืนต้องเป็นวันนี้หรือหลังจากนี้ค่ะ กรุณาเลือกใหม่นะคะ',
  lent: (headline: string, borrower: string, due: string) => `บันทึกการยืมแล้วค่ะ\n${headline}\nผู้ยืม: ${borrower}\nกำหนดคืน: ${formatThaiDateKey(due)}`,

  // Returns
  noOpenLoans: 'ไม่มีต้นฉบับหนังสือที่ยังไม่คืนค่ะ',
  openLoansIntro: (count: number) => `ต้นฉบับที่ยืมอยู่ ${count} รายการค่ะ เลือกรายการที่ได้รับคืน:`,
  openLoanLine: (headline: string, borrower: string, due: string) => `• ${headline} — ${borrower} (กำหนดคืน ${formatThaiDateKey(due)})`,
  notLent: (headline: string) => `${headline} ไม่ได้อยู่ระหว่างยืมค่ะ`,
  loanGone: 'รายการยืมนี้บันทึกรับคืนไปแล้วค่ะ',
  askReturnedBy: (headline: string, borrower: string) => `รับคืน ${headline} (ผู้ยืม ${borrower})\nใครเป็นผู้นำมาคืนคะ กดปุ่ม หรือพิมพ์ชื่อผู้นำมาคืนค่ะ`,
  returned: (headline: string, returnedBy: string, at: Date) => `บันทึกรับคืนแล้วค่ะ\n${headline}\nผู้นำมาคืน: ${returnedBy}\nรับคืนเมื่อ ${formatThaiDateTime(at)}`,

  // Cards
  resultAlt: (headline: string) => `หนังสือ ${headline}`,
  onLoan: (borrower: string, due: string, overdue: boolean) => `ยืมอยู่: ${borrower} · กำหนดคืน ${formatThaiDateKey(due)}${overdue ? ' (เกินกำหนด)' : ''}`,
  secretNote: 'หนังสือลับ: ดูรายละเอียดได้ในหน้าที่ตรวจสอบตัวตนเท่านั้น',
  received: (at: Date) => `ลงทะเบียนเมื่อ ${formatThaiDateTime(at)}`,
  docDate: (key: string) => `ลงวันที่ ${formatThaiDateKey(key)}`,

  // Jobs
  loanReminder: (headline: string, due: string, kind: 'before' | 'due' | 'overdue', toBorrower: boolean, borrower: string) => {
    const when = kind === 'before' ? `ใกล้ถึงกำหนดคืน (${formatThaiDateKey(due)})` : kind === 'due' ? `ครบกำหนดคืนวันนี้ (${formatThaiDateKey(due)})` : `เกินกำหนดคืนแล้ว (กำหนด ${formatThaiDateKey(due)})`;
    return toBorrower
      ? `เรียนผู้ยืมค่ะ ต้นฉบับ ${headline} ${when} กรุณานำส่งคืนเจ้าหน้าที่ธุรการด้วยนะคะ`
      : `ต้นฉบับ ${headline} ที่ ${borrower} ยืมไป ${when} กรุณาติดตามรับคืนด้วยนะคะ`;
  },
  retentionNotice: (listYear: number, receive: number, send: number) =>
    `ถึงเวลาสำรวจหนังสือครบอายุการเก็บ ประจำปี ${listYear} ค่ะ\nมีหนังสือที่ครบอายุการเก็บแล้ว ${receive + send} ฉบับ (ทะเบียนรับ ${receive} ฉบับ ทะเบียนส่ง ${send} ฉบับ)\nระเบียบกำหนดให้จัดทำบัญชีหนังสือขอทำลายภายใน 60 วันหลังสิ้นปีปฏิทิน ขอรายการ (แบบที่ 25) จากผู้ดูแลระบบได้ด้วยคำสั่ง\nnpm run export-letters -- destruction ${listYear}`,
} as const;
