import { periodLabel, type ReportPeriod } from '../../domain/report-period.ts';

/** Everything the reports say: the chat (รายงาน), the monthly card and the report's page. */
export const reportTexts = {
  // Chat
  choosePeriod: 'ต้องการดูรายงานช่วงไหนคะ',
  thisMonth: 'เดือนนี้',
  lastMonth: 'เดือนที่แล้ว',
  chooseMonth: 'เลือกเดือน',
  fiscalYear: 'ปีงบประมาณนี้',
  lastFiscalYear: 'ปีงบประมาณที่แล้ว',
  pickMonth: 'เลือกวันใดก็ได้ในเดือนที่ต้องการจากปฏิทินค่ะ (หรือพิมพ์ เช่น 3/2570)',
  pickMonthButton: 'เปิดปฏิทิน',
  notAMonth: 'ไม่เข้าใจเดือนที่พิมพ์ค่ะ ลองพิมพ์แบบ 3/2570 หรือเลือกจากปุ่มนะคะ',
  future: 'ช่วงเวลานี้ยังไม่เริ่มค่ะ เลือกเดือนที่ผ่านมาแล้วหรือเดือนนี้นะคะ',
  denied: 'ขออภัยค่ะ รายงานนี้สำหรับ ผอ.สพป. รอง ผอ.สพป. และผู้อำนวยการกลุ่มเท่านั้น',
  noLiff: 'ขออภัยค่ะ ระบบยังไม่ได้ตั้งค่าหน้าเว็บใน LINE จึงเปิดรายงานไม่ได้ กรุณาแจ้งผู้ดูแลระบบค่ะ',
  failed: 'ขออภัยค่ะ สร้างรายงานไม่สำเร็จ กรุณาลองใหม่อีกครั้งค่ะ',
  // Card
  cardTitle: (period: ReportPeriod) => (period.kind === 'month' ? `รายงานประจำเดือน${periodLabel(period)}` : `รายงานประจำ${periodLabel(period)}`),
  cardSubtitle: (office: string, open: boolean) => `${office}${open ? ' · ยอดถึงวันนี้' : ''}`,
  cardAlt: (title: string, figures: string) => `${title}: ${figures}`,
  openReport: 'เปิดรายงาน',
  comparedWith: (label: string) => `เทียบกับ${label}`,
  // Page
  pageTitle: 'รายงานผลการดำเนินงาน',
  downloadPdf: 'ดาวน์โหลด PDF',
  preparingPdf: 'กำลังสร้าง PDF…',
  savePdf: 'บันทึกไฟล์ PDF',
  figure: 'รายการ',
  change: 'เปลี่ยนแปลง',
  notes: 'หมายเหตุ',
  forbidden: 'ขออภัยค่ะ รายงานนี้สำหรับ ผอ.สพป. รอง ผอ.สพป. และผู้อำนวยการกลุ่มเท่านั้น',
  notFound: 'ไม่พบรายงานของช่วงเวลานี้ค่ะ',
} as const;
