import { formatThaiDateKey as d, formatThaiDayMonthKey as dm } from '../../domain/thai-date.ts';

/** What the inventory import and export say to the operator (Thai; a row's problem comes with its line number). */
export const inventoryMessages = {
  noHeader: 'ไม่พบแถวหัวตาราง (ต้องมีคอลัมน์รายการ และเลขครุภัณฑ์หรือจำนวนคงเหลือ)',
  missingName: 'ไม่มีชื่อรายการ',
  noTagOrStock: 'ไม่มีเลขครุภัณฑ์ (วัสดุสิ้นเปลืองให้ใส่จำนวนคงเหลือแทน)',
  tagAndStock: 'มีทั้งเลขครุภัณฑ์และจำนวนคงเหลือ (ครุภัณฑ์ไม่มีจำนวนคงเหลือ)',
  duplicateTag: (tag: string, line: number) => `เลขครุภัณฑ์ ${tag} ซ้ำกับบรรทัด ${line}`,
  duplicateConsumable: (name: string, line: number) => `วัสดุ "${name}" ซ้ำกับบรรทัด ${line}`,
  badCategory: (value: string) => `ไม่รู้จักหมวด "${value}"`,
  badCondition: (value: string) => `ไม่รู้จักสภาพ "${value}" (ใช้ ดี, พอใช้ หรือ ชำรุด)`,
  badYesNo: (column: string, value: string) => `ช่อง${column} "${value}" ต้องเป็น ใช่/ไม่ใช่ หรือ ได้/ไม่ได้`,
  badCount: (column: string, value: string) => `ช่อง${column} "${value}" ต้องเป็นจำนวนเต็มตั้งแต่ 0 ขึ้นไป`,
  tooManyFields: 'จำนวนคอลัมน์มากกว่าหัวตาราง',
  rowFailed: 'บันทึกแถวนี้ไม่สำเร็จ',
  yes: 'ใช่',
  lendableYes: 'ได้',
  lendableNo: 'ไม่ได้',
  defaultUnit: 'ชิ้น',
  sheetName: 'ครุภัณฑ์และวัสดุ',
  labelsTitle: 'ป้ายครุภัณฑ์ (สแกนเพื่อเปิดรายการ)',
  noItemsToLabel: 'ไม่มีครุภัณฑ์ให้พิมพ์ป้าย',
  unknownTags: (tags: string[]) => `ไม่พบเลขครุภัณฑ์: ${tags.join(', ')}`,
} as const;

/** What the borrowing and approval chat says (Thai, polite, short); dates with the Buddhist year. */

const span = (from: string, to: string) => (from === to ? d(from) : `${d(from)} – ${d(to)}`);

export const loanTexts = {
  notRegistered: 'กรุณาลงทะเบียนก่อนยืมอุปกรณ์นะคะ',
  pickWhat: (paged: boolean) => `ต้องการยืมอะไรคะ เลือกจากรายการด้านล่าง${paged ? ' หรือพิมพ์ชื่อบางส่วนเพื่อค้นหา' : ' หรือพิมพ์ชื่อบางส่วน'} (ต้องการเครื่องใดเครื่องหนึ่งโดยเฉพาะ พิมพ์เลขครุภัณฑ์ได้) ค่ะ`,
  nothingToLend: 'ขณะนี้ยังไม่มีอุปกรณ์ให้ยืมค่ะ กรุณาติดต่อกลุ่มงาน ICT นะคะ',
  noMatch: (typed: string) => `ไม่พบอุปกรณ์ที่ชื่อมี "${typed}" ค่ะ ลองเลือกจากรายการนะคะ`,
  howMany: (name: string, max: number) => `ต้องการ ${name} กี่เครื่องคะ (มีทั้งหมด ${max}) เลือกหรือพิมพ์จำนวนได้เลยค่ะ`,
  badQuantity: (max: number) => `กรุณาระบุจำนวน 1 ถึง ${max} ค่ะ`,
  pickFrom: (minNotice: number) => `เริ่มยืมวันไหนคะ${minNotice > 0 ? ` (ต้องแจ้งล่วงหน้าอย่างน้อย ${minNotice} วัน)` : ''}`,
  /** Says the first day picked: a date picker's answer shows nothing in the chat. */
  pickTo: (from: string, maxDays: number) => `เริ่มยืม ${d(from)} ค่ะ คืนวันไหนคะ (ยืมได้ไม่เกิน ${maxDays} วัน)`,
  badFrom: (earliest: string) => `เริ่มยืมได้ตั้งแต่ ${d(earliest)} ค่ะ กรุณาเลือกวันใหม่นะคะ`,
  badTo: (from: string, last: string) => `วันคืนต้องอยู่ระหว่าง ${d(from)} ถึง ${d(last)} ค่ะ`,
  datesPlease: 'กรุณาเลือกวันจากปุ่มด้านล่างค่ะ',
  notEnough: (name: string, wanted: number, free: number, from: string, to: string) =>
    `ช่วง ${span(from, to)} ${name} ว่างเพียง ${free} เครื่อง แต่ต้องการ ${wanted} เครื่องค่ะ`,
  nearest: (ranges: number) => (ranges > 0 ? 'ช่วงวันใกล้เคียงที่ว่างพอ เลือกได้เลยค่ะ หรือเลือกวันใหม่' : 'ไม่พบช่วงวันใกล้เคียงที่ว่างพอ กรุณาเลือกวันใหม่หรือลดจำนวนนะคะ'),
  askPurpose: 'ยืมไปใช้เพื่ออะไรคะ (วัตถุประสงค์ตามแบบบันทึกขอยืม) พิมพ์ได้เลยค่ะ',
  askPlace: 'ใช้ที่ไหนคะ พิมพ์สถานที่ได้เลยค่ะ',
  askSchool: 'ยืมให้โรงเรียนใดคะ เลือกด้านล่าง หรือพิมพ์ชื่อโรงเรียนค่ะ',
  noSchoolFound: (typed: string) => `ไม่พบโรงเรียนที่ชื่อมี "${typed}" ค่ะ`,
  textPlease: 'กรุณาพิมพ์เป็นข้อความค่ะ',
  tooLong: (max: number) => `ยาวเกินไปค่ะ (ไม่เกิน ${max} ตัวอักษร)`,
  summaryAlt: 'ตรวจสอบคำขอยืมอุปกรณ์ก่อนส่งค่ะ',
  summaryHint: 'ตรวจสอบรายละเอียดแล้วกด "ส่งคำขอ" ค่ะ',
  sent: (endorse: boolean) =>
    `ส่งคำขอยืมแล้วค่ะ ${endorse ? 'รอผู้อำนวยการโรงเรียนรับรอง แล้วจึงเสนอผู้อนุมัติ' : 'รอผู้อนุมัติพิจารณา'} จะแจ้งผลในแชทนี้นะคะ`,
  takenMeanwhile: 'ขออภัยค่ะ ระหว่างนี้มีผู้จองอุปกรณ์ชิ้นสุดท้ายไปแล้ว กรุณาเลือกวันอื่นหรือลดจำนวนนะคะ',
  cancelled: 'ยกเลิกแล้วค่ะ',
  myLoans: (count: number) => (count > 0 ? `คำขอยืมของคุณ ${count} รายการ (ล่าสุดอยู่ด้านบน)` : ''),
  loanNotFound: 'ไม่พบคำขอยืมนี้ค่ะ',
  askReason: (decline: boolean) => (decline ? 'กรุณาพิมพ์เหตุผลที่ไม่อนุมัติค่ะ' : 'กรุณาพิมพ์สิ่งที่ต้องแก้ไขค่ะ'),
  decided: (what: string, id: number) => `บันทึก "${what}" คำขอยืมเลขที่ ${id} แล้วค่ะ`,
  withdrawn: (id: number) => `ยกเลิกคำขอยืมเลขที่ ${id} แล้วค่ะ`,
  resubmitted: (id: number) => `ส่งคำขอยืมเลขที่ ${id} อีกครั้งแล้วค่ะ`,
  editing: (id: number) => `แก้ไขคำขอยืมเลขที่ ${id} ได้จากปุ่มบนการ์ด แล้วกด "ส่งคำขอ" ค่ะ`,
  notYourLoan: 'คำขอนี้ไม่ใช่ของคุณค่ะ',
  alreadyDecided: (id: number, state: string) => `คำขอยืมเลขที่ ${id} ตอนนี้${state}ค่ะ`,
  // Pushed
  toDecide: (id: number, name: string, endorse: boolean) => `${endorse ? 'ขอรับรอง' : 'ขออนุมัติ'}คำขอยืมอุปกรณ์เลขที่ ${id} ของ ${name} ค่ะ`,
  outcome: (id: number, what: string, note: string | null) => `คำขอยืมอุปกรณ์เลขที่ ${id}: ${what}${note ? ` เหตุผล: ${note}` : ''}`,
  approvedNext: 'ติดต่อรับอุปกรณ์ที่กลุ่มงาน ICT ในวันเริ่มยืมได้เลยค่ะ',
  returnedNext: 'กด "แก้ไขคำขอ" เพื่อแก้ไขแล้วส่งใหม่ หรือ "ส่งคำขออีกครั้ง" หากไม่ต้องแก้ไข ที่การ์ดด้านล่างค่ะ',
  expired: (id: number, from: string) => `คำขอยืมอุปกรณ์เลขที่ ${id} ไม่ได้รับการพิจารณาก่อนวันเริ่มยืม (${d(from)}) จึงหมดอายุแล้วค่ะ หากยังต้องการ กรุณาส่งคำขอใหม่นะคะ`,
  reminder: 'เตือนค่ะ มีคำขอยืมอุปกรณ์รอท่านพิจารณา (ดูทั้งหมดได้ที่ "รายการรออนุมัติ")',
  pendingIntro: (count: number) => `คำขอยืมอุปกรณ์รออนุมัติ ${count} รายการ`,
  pendingEndorseIntro: (count: number) => `คำขอยืมอุปกรณ์รอรับรอง ${count} รายการ`,
} as const;

export const loanLabels = {
  cancel: 'ยกเลิก',
  calendarHeadline: 'ปฏิทินอุปกรณ์ว่าง',
  calendarTitle: 'ดูว่าอุปกรณ์แต่ละประเภทว่างวันไหน ก่อนเลือกวันยืมค่ะ',
  calendarButton: 'ดูปฏิทินอุปกรณ์ว่าง',
  calendarStatus: 'รายสัปดาห์',
  send: 'ส่งคำขอ',
  from: 'เลือกวันเริ่มยืม',
  to: 'เลือกวันคืน',
  otherFrom: 'เลือกวันใหม่',
  office: 'ใช้ในสำนักงาน',
  approve: 'อนุมัติ',
  decline: 'ไม่อนุมัติ',
  endorse: 'รับรอง',
  notEndorse: 'ไม่รับรอง',
  return: 'ส่งคืนแก้ไข',
  withdraw: 'ยกเลิกคำขอ',
  resubmit: 'ส่งคำขออีกครั้ง',
  edit: 'แก้ไขคำขอ',
  changeDates: 'เปลี่ยนวันที่',
  changePurpose: 'แก้วัตถุประสงค์',
  changePlace: 'แก้สถานที่',
  changeSchool: 'เปลี่ยนโรงเรียน',
  /** A button's dates: "5 มี.ค. – 6 มี.ค.". */
  range: (from: string, to: string) => (from === to ? dm(from) : `${dm(from)} – ${dm(to)}`),
  headline: (id: number | null) => (id === null ? 'คำขอยืมอุปกรณ์ (ยังไม่ส่ง)' : `คำขอยืมอุปกรณ์ เลขที่ ${id}`),
  editHeadline: (id: number) => `แก้ไขคำขอยืม เลขที่ ${id}`,
  draftStatus: 'ร่าง',
  dates: (from: string, to: string) => `วันที่ยืม: ${span(from, to)}`,
  purpose: (text: string) => `วัตถุประสงค์: ${text}`,
  place: (text: string) => `สถานที่ใช้: ${text}`,
  school: (name: string | null) => `สำหรับ: ${name ?? 'สำนักงานเขตพื้นที่ฯ'}`,
  requester: (name: string) => `ผู้ขอยืม: ${name}`,
  endorsed: (name: string) => `รับรองโดย: ${name}`,
  awaitingEndorsement: 'รอผู้อำนวยการโรงเรียนรับรอง',
  decided: (name: string) => `พิจารณาโดย: ${name}`,
  note: (text: string) => `หมายเหตุ: ${text}`,
  line: (name: string, quantity: number) => (quantity > 1 ? `${name} × ${quantity}` : name),
} as const;

/** What each state is called on a card and in the borrower's list (with the next step). */
export const LOAN_STATE_LABELS = {
  draft: 'ร่าง',
  submitted: 'รอพิจารณา',
  approved: 'อนุมัติแล้ว',
  declined: 'ไม่อนุมัติ',
  returned: 'ส่งคืนแก้ไข',
  fulfilled: 'รับอุปกรณ์แล้ว',
  cancelled: 'ยกเลิกแล้ว',
  expired: 'หมดอายุ',
} as const;

export const LOAN_NEXT_STEPS = {
  endorsing: 'รอผู้อำนวยการโรงเรียนรับรอง',
  submitted: 'รอผู้อนุมัติพิจารณา',
  approved: 'รับอุปกรณ์ที่กลุ่มงาน ICT ในวันเริ่มยืม',
  returned: 'แก้ไขแล้วส่งคำขออีกครั้ง',
  out: (day: string) => `คืนอุปกรณ์ที่กลุ่มงาน ICT ภายใน ${day}`,
  overdue: 'เลยกำหนดคืนแล้ว กรุณาคืนอุปกรณ์โดยเร็ว',
} as const;
