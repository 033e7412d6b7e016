/** Everything "ติดตามงานซ่อม" says: the school's tickets, confirmation, cancel and rating. */

export const COMMENT_MAX = 300;
/** A finished ticket stays in the school's list this long. */
export const RECENT_DAYS = 30;
export const LIST_LIMIT = 10;
/** "งานของโรงเรียน" counts up to this many unfinished tickets; the first LIST_LIMIT are shown as cards. */
export const SCHOOL_WORK_LIMIT = 100;

export const trackLabels = {
  cancel: 'ยกเลิกการแจ้ง',
  cancelYes: 'ยืนยันยกเลิก',
  keep: 'ไม่ยกเลิก',
  confirm: 'ใช้งานได้แล้ว',
  reopen: 'ยังใช้ไม่ได้',
  rate: 'ให้คะแนน',
  scores: ['1 ควรปรับปรุง', '2 พอใช้', '3 ปานกลาง', '4 ดี', '5 ดีมาก'] as const,
} as const;

export const trackTexts = {
  notRegistered: 'กรุณาลงทะเบียนก่อนนะคะ',
  noSchool: 'เมนูนี้ใช้ได้สำหรับครูและผู้อำนวยการโรงเรียนที่ระบุโรงเรียนไว้ค่ะ',
  none: 'โรงเรียนของคุณยังไม่มีรายการแจ้งซ่อมค่ะ แจ้งได้ที่เมนู "แจ้งซ่อม" นะคะ',
  header: (school: string, open: number, shown: number) =>
    open > 0 ? `งานแจ้งซ่อมของ${school}: ยังไม่เสร็จ ${open} งาน (แสดง ${shown} รายการล่าสุด)` : `งานแจ้งซ่อมของ${school}: ไม่มีงานค้างค่ะ (แสดง ${shown} รายการล่าสุด)`,
  schoolWorkNone: (school: string) => `งานของ${school}: ไม่มีงานซ่อมที่ยังไม่เสร็จค่ะ แจ้งซ่อมได้ที่เมนู "แจ้งซ่อม" และดูงานที่เสร็จแล้วได้ที่ "ติดตามงานซ่อม" ค่ะ`,
  schoolWork: (school: string, total: number, byStatus: readonly string[], shown: number) =>
    `งานของ${school}: งานซ่อมที่ยังไม่เสร็จ ${total} งาน\n${byStatus.map((line) => `• ${line}`).join('\n')}` +
    (shown < total ? `\n(แสดง ${shown} งานล่าสุด)` : ''),
  statusCount: (label: string, count: number) => `${label} ${count} งาน`,
  listAlt: (open: number) => `งานแจ้งซ่อมของโรงเรียน ยังไม่เสร็จ ${open} งาน`,
  ticketGone: 'ไม่พบงานซ่อมนี้ค่ะ',
  notYours: 'ขออภัยค่ะ รายการนี้ทำได้เฉพาะผู้แจ้งหรือผู้อำนวยการโรงเรียนค่ะ',
  askCancel: (number: string) => `ยืนยันยกเลิกการแจ้งซ่อม ${number} ใช่ไหมคะ`,
  kept: 'ไม่ยกเลิกค่ะ งานซ่อมยังอยู่ตามเดิม',
  cancelled: (number: string) => `ยกเลิกการแจ้งซ่อม ${number} แล้วค่ะ`,
  confirmed: (number: string) => `ขอบคุณที่ยืนยันค่ะ งาน ${number} เสร็จเรียบร้อย`,
  askRating: 'รบกวนให้คะแนนความพึงพอใจต่อบริการครั้งนี้ (1–5) ค่ะ',
  reopened: (number: string) =>
    `รับทราบค่ะ เปิดงาน ${number} ใหม่แล้ว ช่างจะเห็นว่ายังใช้งานไม่ได้และติดตามต่อให้ค่ะ`,
  reopenNote: 'โรงเรียนแจ้งว่ายังใช้งานไม่ได้',
  onlyReporterRates: 'ขออภัยค่ะ ผู้แจ้งซ่อมเท่านั้นที่ให้คะแนนงานนี้ได้',
  notRatable: 'งานนี้ยังให้คะแนนไม่ได้ค่ะ ให้คะแนนได้หลังโรงเรียนยืนยันว่าใช้งานได้แล้ว',
  ratedAlready: (rating: number) => `งานนี้ให้คะแนนไปแล้ว (${rating}/5) ขอบคุณค่ะ`,
  askComment: 'ขออภัยที่บริการยังไม่ดีพอค่ะ รบกวนพิมพ์สั้น ๆ ว่าควรปรับปรุงเรื่องใด ความเห็นนี้จะส่งถึงผู้อำนวยการกลุ่มโดยตรงค่ะ',
  commentPlease: 'กรุณาพิมพ์ความเห็นเป็นข้อความสั้น ๆ ค่ะ (หรือพิมพ์ "ยกเลิก")',
  commentTooLong: `ความเห็นยาวเกิน ${COMMENT_MAX} ตัวอักษรค่ะ กรุณาสรุปให้สั้นลงนะคะ`,
  thanks: (rating: number) => `ขอบคุณสำหรับคะแนน ${rating}/5 ค่ะ`,
  thanksComment: 'ขอบคุณสำหรับความเห็นค่ะ ส่งถึงผู้อำนวยการกลุ่มแล้ว',
  toDirector: (number: string, school: string, rating: number, comment: string, reporter: string) =>
    [`ความเห็นจากโรงเรียน (คะแนนความพึงพอใจต่ำ) ค่ะ`, `${number} ${school}`, `คะแนน ${rating}/5 โดย ${reporter}`, `ความเห็น: ${comment}`].join('\n'),
} as const;
