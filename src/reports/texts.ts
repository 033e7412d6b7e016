import { formatThaiDateTime } from '../domain/thai-date.ts';

/** The words every printed report and form shares. */
export const reportTexts = {
  group: 'กลุ่มส่งเสริมการศึกษาทางไกล เทคโนโลยีสารสนเทศและการสื่อสาร',
  monthlyTitle: 'รายงานผลการดำเนินงานประจำเดือน',
  fiscalYearTitle: 'รายงานผลการดำเนินงานประจำปีงบประมาณ',
  figureHeaders: (currentLabel: string, previousLabel: string) => ['รายการ', currentLabel, previousLabel, 'เปลี่ยนแปลง'],
  asOf: (at: Date, open: boolean) => `ข้อมูล ณ ${formatThaiDateTime(at)}${open ? ' (ช่วงเวลายังไม่สิ้นสุด ตัวเลขเป็นยอดถึงวันนี้)' : ''}`,
  footer: (office: string, at: Date) => `${office} · พิมพ์เมื่อ ${formatThaiDateTime(at)}`,
  empty: 'ยังไม่มีข้อมูลของงานใดในช่วงเวลานี้',
};
