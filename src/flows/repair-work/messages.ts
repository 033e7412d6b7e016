import { formatThaiDate, formatThaiDateTime } from '../../domain/thai-date.ts';
import type { CountBy, Figures, PeriodFigures } from './figures.ts';

/** Everything the office's side of repairs says (technicians, the group director, directors). */

export const THAI_MONTHS = ['มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน', 'กรกฎาคม', 'สิงหาคม', 'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม'];

export const WAIT_REASONS = ['parts', 'vendor', 'school'] as const;
export type WaitReason = (typeof WAIT_REASONS)[number];

export const STATUS_LABELS: Record<string, string> = {
  new: 'รอรับงาน',
  accepted: 'รับงานแล้ว',
  scheduled: 'นัดเข้าซ่อมแล้ว',
  waiting: 'รอดำเนินการ',
  resolved: 'ซ่อมเสร็จ รอโรงเรียนยืนยัน',
  confirmed: 'โรงเรียนยืนยันแล้ว',
  closed: 'ปิดงานแล้ว',
  cancelled: 'ยกเลิกแล้ว',
};

export const EVENT_LABELS: Record<string, string> = {
  created: 'แจ้งซ่อม',
  report_added: 'แจ้งเพิ่มเติม',
  accepted: 'รับงาน',
  assigned: 'มอบหมายงาน',
  scheduled: 'นัดเข้าซ่อม',
  waiting: 'รอดำเนินการ',
  resumed: 'ดำเนินการต่อ',
  resolved: 'ซ่อมเสร็จ',
  confirmed: 'โรงเรียนยืนยัน',
  reopened: 'แจ้งว่ายังใช้ไม่ได้',
  closed: 'ปิดงาน',
  auto_closed: 'ปิดงานอัตโนมัติ',
  cancelled: 'ยกเลิก',
  rated: 'ให้คะแนน',
  reminded: 'แจ้งเตือน',
  escalated: 'แจ้งผู้อำนวยการกลุ่ม',
};

export const repairWorkLabels = {
  accept: 'รับงาน',
  visit: 'นัดวันเข้าซ่อม',
  wait: 'รออะไหล่/ผู้ขาย',
  resume: 'ดำเนินการต่อ',
  resolve: 'ซ่อมเสร็จ',
  timeline: 'ประวัติงาน',
  photos: (count: number) => `ดูรูปทั้งหมด (${count})`,
  assign: 'มอบหมายช่าง',
  skip: 'ข้าม',
  waitReasons: { parts: 'รออะไหล่', vendor: 'รอผู้ขาย/ผู้รับจ้าง', school: 'รอโรงเรียน' } satisfies Record<WaitReason, string>,
} as const;

export const PRIORITY_LABELS: Record<string, string> = { urgent: 'ด่วน (หยุดการสอน)', normal: 'ปกติ' };

export function formatOfficeMinutes(minutes: number | null): string {
  if (minutes === null) return '-';
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  if (h === 0) return `${m} นาที`;
  return m === 0 ? `${h} ชม.` : `${h} ชม. ${m} นาที`;
}

const percent = (share: number | null) => (share === null ? '-' : `${Math.round(share * 100)}%`);
const listOf = (items: CountBy[], max = 5) =>
  items.length === 0 ? '-' : items.slice(0, max).map((i) => `${i.label} ${i.count}`).join(', ');

function periodLines(title: string, f: PeriodFigures): string[] {
  return [
    `【${title}】`,
    `แจ้งใหม่ ${f.opened} | ปิดงาน ${f.closed}`,
    `เวลารับงาน (มัธยฐาน): ${formatOfficeMinutes(f.medianAcceptMinutes)}`,
    `เวลาซ่อมเสร็จ (มัธยฐาน): ${formatOfficeMinutes(f.medianResolveMinutes)}`,
    `ทันเป้าหมาย: ${percent(f.withinTarget)}${f.judged > 0 ? ` (จาก ${f.judged} งาน)` : ''}`,
    `ตามประเภท: ${listOf(f.byKind)}`,
    `ตามอำเภอ: ${listOf(f.byDistrict)}`,
    `โรงเรียนที่แจ้งมากที่สุด: ${listOf(f.topSchools)}`,
  ];
}

export const repairWorkTexts = {
  notRegistered: 'คุณยังไม่ได้ลงทะเบียนค่ะ พิมพ์ข้อความใดก็ได้เพื่อเริ่มลงทะเบียนนะคะ',
  ticketNotFound: 'ไม่พบงานซ่อมนี้ค่ะ',
  noNewTickets: 'ตอนนี้ไม่มีงานซ่อมใหม่ที่รอรับค่ะ',
  newTicketsIntro: (n: number) => `งานซ่อมใหม่ที่รอรับ ${n} งานค่ะ`,
  noMyTickets: 'ตอนนี้คุณไม่มีงานซ่อมค้างอยู่ค่ะ',
  myTicketsIntro: (n: number) => `งานซ่อมของคุณ ${n} งาน เรียงจากเร่งด่วนที่สุดค่ะ`,
  accepted: (number: string) => `รับงาน ${number} แล้วค่ะ กรุณานัดวันเข้าซ่อมด้วยปุ่ม "นัดวันเข้าซ่อม" นะคะ`,
  takenBy: (number: string, name: string) => `งาน ${number} มีผู้รับไปแล้วค่ะ (${name})`,
  notNewAnymore: (number: string, status: string) => `งาน ${number} อยู่ในสถานะ "${status}" แล้ว จึงรับงานไม่ได้ค่ะ`,
  notYourTicket: (number: string) => `งาน ${number} ไม่ได้มอบหมายให้คุณค่ะ`,
  notNow: (number: string, status: string) => `งาน ${number} อยู่ในสถานะ "${status}" ทำรายการนี้ไม่ได้ค่ะ`,
  visitSet: (number: string, at: Date) => `นัดเข้าซ่อมงาน ${number} วันที่ ${formatThaiDateTime(at)} แล้วค่ะ ระบบแจ้งผู้แจ้งแล้ว`,
  visitInvalid: 'วันเวลาที่เลือกไม่ถูกต้อง หรือเป็นเวลาที่ผ่านมาแล้วค่ะ กรุณาเลือกใหม่นะคะ',
  askWaitNote: (reason: WaitReason) => `${repairWorkLabels.waitReasons[reason]}: กรุณาพิมพ์รายละเอียดสั้น ๆ (เช่น อะไหล่ที่รอ) ค่ะ`,
  waiting: (number: string) => `บันทึกแล้วค่ะ งาน ${number} อยู่ระหว่างรอ นาฬิกาเป้าหมายหยุดนับจนกว่าจะกด "ดำเนินการต่อ" ค่ะ`,
  chooseWaitReason: 'รอเรื่องใดคะ',
  resumed: (number: string) => `งาน ${number} กลับมาดำเนินการต่อแล้วค่ะ`,
  askResolution: 'ซ่อมอะไรไปบ้างคะ กรุณาพิมพ์สิ่งที่ทำค่ะ',
  askParts: 'ใช้อะไหล่อะไรบ้างคะ (พิมพ์ หรือกด "ข้าม")',
  askPhoto: 'ส่งรูปหลังซ่อม 1 รูปได้ค่ะ (หรือกด "ข้าม")',
  resolved: (number: string) => `บันทึกงาน ${number} ว่าซ่อมเสร็จแล้วค่ะ ระบบขอให้โรงเรียนยืนยันการใช้งานแล้ว`,
  textPlease: 'กรุณาพิมพ์เป็นข้อความค่ะ',
  pickTechnician: (number: string, paged = false) => `มอบหมายงาน ${number} ให้ช่างคนใดคะ${paged ? ' หรือพิมพ์ชื่อบางส่วนเพื่อค้นหา' : ''}`,
  noTechnicianMatch: (typed: string) => `ไม่พบช่างชื่อ "${typed}" ค่ะ ลองพิมพ์ใหม่ หรือเลือกจากปุ่มด้านล่างนะคะ`,
  noTechnicians: 'ยังไม่มีช่างในระบบค่ะ',
  assigned: (number: string, name: string) => `มอบหมายงาน ${number} ให้ ${name} แล้วค่ะ`,
  youWereAssigned: (number: string, school: string) => `คุณได้รับมอบหมายงานซ่อม ${number} (${school}) ค่ะ ดูได้ที่ "งานของฉัน"`,
  summaryDenied: 'ขออภัยค่ะ สรุปงานซ่อมสำหรับผู้บริหารเท่านั้นค่ะ',
  // To the reporter (push): accepted with a visit date, resolved — please confirm.
  toReporterVisit: (number: string, technician: string, at: Date) =>
    `งานแจ้งซ่อม ${number}: ${technician} รับงานแล้ว และนัดเข้าซ่อมวันที่ ${formatThaiDateTime(at)} ค่ะ`,
  confirmCardTitle: 'ซ่อมเสร็จแล้ว รอโรงเรียนยืนยัน',
  toReporterResolved: (number: string, resolution: string) =>
    `งานแจ้งซ่อม ${number} ซ่อมเสร็จแล้วค่ะ (${resolution}) กรุณาตรวจสอบ แล้วกดปุ่มด้านล่าง หรือที่เมนู "ติดตามงานซ่อม" นะคะ`,
  // Jobs.
  remindAssignee: (number: string, school: string, due: Date) =>
    `เตือนค่ะ: งานซ่อม ${number} (${school}) ใกล้ครบกำหนดซ่อมเสร็จ ${formatThaiDateTime(due)}`,
  escalation: (number: string, school: string, clock: 'accept' | 'resolve', level: number, due: Date, assignee: string | null) =>
    [
      `แจ้งเตือนงานซ่อมเกินกำหนด (ระดับ ${level}) ค่ะ`,
      `${number} ${school}`,
      clock === 'accept' ? `ยังไม่มีผู้รับงาน กำหนดรับงาน ${formatThaiDateTime(due)}` : `ยังซ่อมไม่เสร็จ กำหนด ${formatThaiDateTime(due)}`,
      ...(assignee ? [`ผู้รับผิดชอบ: ${assignee}`] : []),
    ].join('\n'),
  confirmReminder: (number: string, closeAt: string) =>
    `งานแจ้งซ่อม ${number} ซ่อมเสร็จแล้ว รอการยืนยันจากโรงเรียนค่ะ หากไม่ได้ยืนยันภายใน ${closeAt} ระบบจะปิดงานให้อัตโนมัติ กรุณากดปุ่มด้านล่าง หรือที่เมนู "ติดตามงานซ่อม" นะคะ`,
  autoClosedNote: 'ปิดอัตโนมัติ: โรงเรียนไม่ได้ยืนยันภายในเวลาที่กำหนด',
  digest: (date: Date, sections: { title: string; lines: string[]; total: number }[]) =>
    [
      `สรุปงานซ่อมประจำวัน ${formatThaiDate(date)}`,
      ...sections.flatMap((s) => [
        '',
        `${s.title} ${s.total} งาน`,
        ...s.lines,
        ...(s.total > s.lines.length ? [`และอีก ${s.total - s.lines.length} งาน`] : []),
      ]),
    ].join('\n'),
  digestNew: 'งานใหม่รอรับ',
  digestOverdue: 'งานเกินกำหนด',
  digestWaiting: 'งานที่รอ',
  /** `month`: the month with its Buddhist year ("ธันวาคม 2569"). */
  figures: (f: Figures, month: string, fiscalYearBE: number) =>
    [`สรุปงานซ่อม (เวลาเป็นเวลาทำการ)`, `งานค้างอยู่ตอนนี้: ${f.openNow} งาน`, '', ...periodLines(`เดือน${month}`, f.month), '', ...periodLines(`ปีงบประมาณ ${fiscalYearBE}`, f.fiscalYear)].join('\n'),
  timelineAlt: (number: string) => `ประวัติงานซ่อม ${number}`,
  photosIntro: (number: string, count: number, shown: number) =>
    shown < count ? `รูปของงาน ${number} (แสดง ${shown} จาก ${count} รูป) ค่ะ` : `รูปของงาน ${number} (${count} รูป) ค่ะ`,
  noPhotos: (number: string) => `งาน ${number} ไม่มีรูปแนบค่ะ`,
  photosUnavailable: (number: string, count: number) =>
    `งาน ${number} มีรูป ${count} รูป แต่ตอนนี้ยังแสดงในแชทไม่ได้ค่ะ (ระบบยังไม่ได้ตั้งที่อยู่ https ของบริการ) กรุณาแจ้งผู้ดูแลระบบนะคะ`,
  alertAlt: (number: string, school: string) => `งานซ่อมใหม่ ${number} ${school}`,
  ticketAlt: (number: string) => `งานซ่อม ${number}`,
} as const;
