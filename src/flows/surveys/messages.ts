import { schoolScopeOf, type SchoolScope, type SurveyRound } from '../../domain/surveys/round.ts';
import { clusterLabel, districtLabel } from '../../domain/place-names.ts';
/** What the survey capability says, in one place (Thai, polite, short). */

/** The `surveys` command and the loading of forms. */
export const loadMessages = {
  versionTaken: (key: string, version: number) =>
    `แบบฟอร์ม "${key}" ฉบับที่ ${version} มีอยู่แล้วแต่เนื้อหาต่างกัน กรุณาเพิ่มเลข version ในไฟล์เมื่อแก้ไขคำถาม`,
  formNotFound: (id: number) => `ไม่พบแบบฟอร์มหมายเลข ${id}`,
  formClosed: 'แบบฟอร์มนี้ปิดแล้ว',
  audienceMismatch: (audience: string) => `แบบฟอร์มที่ตอบหนึ่งชุดต่อโรงเรียนส่งถึง "${audience}" ไม่ได้ (ต้องเป็นแบบฟอร์มที่ตอบรายบุคคล)`,
  noSchoolsInScope: 'ไม่พบโรงเรียนในกลุ่มที่เลือก',
  roundDays: {
    closes_in_past: 'วันปิดรับคำตอบต้องไม่ใช่วันที่ผ่านมาแล้ว',
    opens_in_past: 'วันเปิดรับคำตอบต้องไม่ใช่วันที่ผ่านมาแล้ว',
    opens_after_closes: 'วันเปิดรับต้องไม่หลังวันปิดรับคำตอบ',
  },
} as const;

/** Answering in the chat. */
export const surveyTexts = {
  notRegistered: 'กรุณาลงทะเบียนก่อนตอบแบบสำรวจนะคะ แตะ "ลงทะเบียน" ที่เมนูด้านล่างได้เลยค่ะ',
  none: 'ตอนนี้ยังไม่มีแบบสำรวจที่รอคุณตอบค่ะ เมื่อสำนักงานส่งแบบสำรวจถึงคุณ จะแสดงที่เมนูนี้นะคะ',
  list: (lines: string[]) => `แบบสำรวจที่เปิดอยู่ ${lines.length} รายการค่ะ\n${lines.join('\n')}\nแตะชื่อแบบสำรวจเพื่อตอบค่ะ`,
  listLine: (n: number, title: string, status: string, closes: string) => `${n}. ${title} (${status}) ปิดรับ ${closes}`,
  status: { new: 'ยังไม่ได้ตอบ', draft: 'ตอบค้างไว้', submitted: 'ส่งแล้ว' },
  notOpen: 'แบบสำรวจนี้ปิดรับคำตอบแล้ว หรือไม่ได้ส่งถึงคุณค่ะ แตะ "แบบสำรวจ" ที่เมนูเพื่อดูแบบสำรวจที่เปิดอยู่นะคะ',
  alreadySubmitted: (title: string, when: string) => `"${title}" ส่งคำตอบแล้วเมื่อ ${when} ขอบคุณค่ะ`,
  webOnly: (title: string, count: number) => `"${title}" มี ${count} ข้อ ตอบบนหน้าเว็บได้เลยค่ะ (แตะ "เปิดแบบสำรวจ") คำตอบบันทึกเป็นร่างระหว่างตอบ กลับมาตอบต่อได้`,
  webOnlyNoPage: (title: string, count: number) =>
    `"${title}" มี ${count} ข้อ ยาวเกินกว่าจะตอบในแชทค่ะ แต่ระบบนี้ยังไม่ได้ตั้งค่าหน้าเว็บ (LIFF) กรุณาติดต่อกลุ่มงาน ICT ค่ะ`,
  webCard: { headline: 'แบบสำรวจ', questions: (count: number) => `${count} ข้อ ตอบบนหน้าเว็บ`, closes: (closes: string) => `ปิดรับ ${closes}` },
  returned: (note: string) => `สำนักงานขอให้แก้ไขคำตอบ: ${note}`,
  intro: (title: string, count: number, closes: string, resumed: boolean) =>
    `${resumed ? 'ตอบต่อจากที่ค้างไว้' : 'เริ่มตอบ'} "${title}" (${count} ข้อ ปิดรับ ${closes}) คำตอบจะบันทึกไว้ทุกข้อ หยุดแล้วกลับมาตอบต่อได้ค่ะ`,
  question: (n: number, of: number, label: string, help: string | undefined, hint: string) => `ข้อ ${n}/${of}: ${label}${help ? `\n(${help})` : ''}\n${hint}`,
  hints: {
    text: 'พิมพ์คำตอบได้เลยค่ะ',
    number: (unit: string | undefined, range: string) => {
      const body = `พิมพ์เป็นตัวเลข${unit ? ` (หน่วย: ${unit})` : ''}${range}`;
      // A space between a figure (or a bracket) and ค่ะ, none after a Thai word.
      return `${body}${/[0-9)]$/.test(body) ? ' ' : ''}ค่ะ`;
    },
    choice: (lines: string[]) => `${lines.join('\n')}\nแตะตัวเลือก หรือพิมพ์หมายเลขค่ะ`,
    multiple: (lines: string[], chosen: string) => `${lines.join('\n')}\nแตะเลือกได้หลายข้อ แล้วแตะ "เลือกเสร็จแล้ว" หรือพิมพ์หมายเลข เช่น 1,3 ค่ะ${chosen ? `\nเลือกแล้ว: ${chosen}` : ''}`,
    scale: 'แตะระดับ 1 ถึง 5 ค่ะ',
    date: 'แตะ "เลือกวันที่" หรือพิมพ์ เช่น 15/1/2570 ค่ะ',
    yesNo: 'แตะ "ใช่" หรือ "ไม่ใช่" ค่ะ',
    photo: (max: number) => `แตะ "ถ่ายรูป" หรือ "เลือกรูปจากอัลบั้ม" แล้วส่งรูปมาได้เลยค่ะ (ไม่เกิน ${max} รูป)`,
    location: 'แตะ "ส่งตำแหน่ง" แล้วเลือกตำแหน่งบนแผนที่ค่ะ',
    optional: ' (ไม่บังคับ แตะ "ข้าม" ได้)',
  },
  invalid: (message: string) => `${message}`,
  nothingChosen: 'ยังไม่ได้เลือกข้อใดค่ะ แตะตัวเลือกก่อน แล้วจึงแตะ "เลือกเสร็จแล้ว" นะคะ',
  summary: (title: string, lines: string[]) => `สรุปคำตอบ "${title}"\n${lines.join('\n')}\nตรวจสอบแล้วแตะ "ส่งคำตอบ" ค่ะ`,
  summaryLine: (n: number, label: string, answer: string) => `${n}. ${label}: ${answer}`,
  chooseEdit: 'ต้องการแก้ไขข้อไหนคะ',
  submitted: (title: string) => `ส่งคำตอบ "${title}" เรียบร้อยแล้ว ขอบคุณที่ให้ข้อมูลค่ะ`,
  notComplete: (message: string) => `ยังส่งไม่ได้ค่ะ มีข้อที่ต้องตอบก่อน: ${message}`,
  savedForLater: 'บันทึกคำตอบไว้แล้วค่ะ กลับมาตอบต่อได้ทุกเมื่อก่อนวันปิดรับ ที่เมนู "แบบสำรวจ" นะคะ',
  pickFromButtons: 'กรุณาแตะปุ่มด้านล่างค่ะ',
  notInChat: 'ข้อนี้ตอบในแชทไม่ได้ค่ะ',
  photoReceived: (n: number, max: number) => `ได้รับรูปที่ ${n} แล้วค่ะ ส่งเพิ่มได้อีก ${max - n} รูป หรือแตะ "ส่งรูปครบแล้ว" ค่ะ`,
  photosFull: (n: number) => `ได้รับรูปครบ ${n} รูปแล้วค่ะ`,
  photoFailed: 'ขออภัยค่ะ รับรูปนี้ไม่สำเร็จ กรุณาส่งใหม่อีกครั้งนะคะ',
  photoLimit: (max: number) => `ข้อนี้รับรูปได้ไม่เกิน ${max} รูป และส่งครบแล้วค่ะ รูปนี้จึงไม่ได้บันทึกไว้`,
  noPhotoYet: 'ยังไม่ได้ส่งรูปค่ะ ถ่ายรูปหรือเลือกรูปแล้วส่งมาได้เลยนะคะ',
  sentNotAsked: 'ข้อที่ถามอยู่ไม่ได้ขอรูปหรือตำแหน่งค่ะ กรุณาตอบข้อนี้ก่อนนะคะ',
} as const;

/** At most this many of those who have not answered are named in one message (a LINE text holds 5,000 characters). */
const MISSING_SHOWN = 60;

/** Which schools a round goes to, after its audience: a cluster's, the DLTV schools, chosen ones, or a district's (or all). */
export function whereTo(district: string | null, scope: SchoolScope | null): string {
  if (scope?.kind === 'cluster') return ` ${clusterLabel(scope.name)}`;
  if (scope?.kind === 'dltv') return ' โรงเรียน DLTV';
  if (scope?.kind === 'chosen') return ` โรงเรียนที่เลือก ${scope.ids.length} แห่ง`;
  return district ? ` ${districtLabel(district)}` : '';
}

/** The officer's side: the rounds under way. */
export const campaignTexts = {
  none: 'ตอนนี้ไม่มีแบบสำรวจที่รอคุณตอบ และไม่มีรอบแบบสำรวจที่เปิดรับอยู่ค่ะ แตะ "ส่งแบบสำรวจใหม่" เพื่อส่งแบบสำรวจได้',
  underWay: (n: number) => `รอบแบบสำรวจที่กำลังเปิดรับ ${n} รอบค่ะ`,
  headline: 'ติดตามแบบสำรวจ',
  open: 'เปิดรับ',
  notYetOpen: 'รอเปิดรับ',
  opens: (date: string) => `เปิดรับ ${date}`,
  to: (audience: string, round: Pick<SurveyRound, 'district' | 'schoolScope' | 'schoolIds'>) => `ส่งถึง ${audience}${whereTo(round.district, schoolScopeOf(round))}`,
  rate: (submitted: number, expected: number) => `ส่งแล้ว ${submitted}/${expected} (${expected === 0 ? 0 : Math.round((submitted / expected) * 100)}%)`,
  district: (name: string, submitted: number, expected: number) => `${name}: ${submitted}/${expected}`,
  moreDistricts: (n: number) => `และอีก ${n} อำเภอ`,
  missingCount: (n: number) => `ยังไม่ส่ง ${n}`,
  closes: (date: string) => `ปิดรับ ${date}`,
  missing: (title: string, lines: string[], more: number) =>
    lines.length === 0 ? `"${title}" ส่งครบแล้วค่ะ` : `ยังไม่ส่ง "${title}" ${lines.length + more} ราย\n${lines.join('\n')}${more > 0 ? `\nและอีก ${more} ราย` : ''}`,
  /** Those who have not answered, by district, the first `MISSING_SHOWN` named. */
  missingOf: (title: string, missing: ReadonlyArray<{ district: string; name: string }>) => {
    const lines = missing.slice(0, MISSING_SHOWN).map((m) => `${m.district} · ${m.name}`);
    return campaignTexts.missing(title, lines, missing.length - lines.length);
  },
  confirmClose: (title: string, submitted: number, expected: number) => `ปิดรับคำตอบ "${title}" ตอนนี้เลยไหมคะ (ส่งแล้ว ${submitted}/${expected}) ปิดแล้วจะตอบเพิ่มไม่ได้`,
  closed: (title: string, submitted: number, expected: number) => `ปิดรับคำตอบ "${title}" แล้วค่ะ (ส่งแล้ว ${submitted}/${expected})`,
  closedStatus: 'ปิดรับแล้ว',
  keptOpen: 'ยังเปิดรับคำตอบต่อค่ะ',
  closingChanged: (title: string, closes: string) => `เปลี่ยนวันปิดรับ "${title}" เป็น ${closes} แล้วค่ะ`,
  closingPast: 'วันปิดรับต้องเป็นวันนี้หรือหลังจากนี้ค่ะ',
  toReview: (title: string, n: number) => (n === 0 ? `"${title}" ไม่มีคำตอบที่รอตรวจค่ะ` : `คำตอบ "${title}" ที่รอตรวจ ${n} รายการ เลือกเพื่อดูค่ะ`),
  reviewOne: (who: string, when: string, lines: string[]) => `คำตอบของ ${who} (ส่งเมื่อ ${when})\n${lines.join('\n')}`,
  askReturnNote: (who: string) => `ขอให้ ${who} แก้ไขเรื่องใดคะ พิมพ์ข้อความที่จะส่งถึงผู้ตอบได้เลยค่ะ`,
  reviewed: { accept: (who: string) => `รับคำตอบของ ${who} แล้วค่ะ`, reject: (who: string) => `ไม่รับคำตอบของ ${who} แล้วค่ะ`, return: 'ส่งกลับให้แก้ไขแล้วค่ะ ผู้ตอบจะได้รับข้อความทันที' },
  noteTooShort: 'กรุณาพิมพ์สิ่งที่ต้องแก้ไขอย่างน้อย 3 ตัวอักษรค่ะ',
  returnedToSchool: (title: string, note: string) => `แบบสำรวจ "${title}" ขอให้แก้ไขคำตอบ: ${note}\nแตะ "แบบสำรวจ" ที่เมนูเพื่อแก้ไขแล้วส่งใหม่ค่ะ`,
  gone: 'รอบแบบสำรวจนี้ปิดแล้วหรือไม่พบค่ะ',
} as const;

/** The ranked result views of templates 1 and 3 (a short card; the whole table downloads from the round's results page). */
export const rankingTexts = {
  needs: {
    headline: 'แผนจัดหาคอมพิวเตอร์',
    status: (fiscalYear: number) => `ปีงบ ${fiscalYear}`,
    count: (needs: number, schools: number) => `${needs} รายการ จาก ${schools} โรงเรียน`,
    budget: (baht: string) => `งบประมาณโดยประมาณ ${baht} บาท`,
    line: (rank: number, school: string, item: string, quantity: number, urgency: string, score: number) => `${rank}. ${school}: ${item} ×${quantity} · ${urgency} (${score} คะแนน)`,
    weights: (urgency: number, teaching: number, shortage: number) => `น้ำหนักเกณฑ์ เร่งด่วน ${urgency} · ใช้สอน ${teaching} · ขาดแคลน ${shortage}`,
  },
  dltv: {
    headline: 'ทดแทน/ซ่อม DLTV',
    status: (eligible: number, of: number) => `เข้าเกณฑ์ ${eligible}/${of}`,
    rules: (rules: string[]) => (rules.length > 0 ? `เกณฑ์: ${rules.join(' · ')}` : 'ไม่ได้ตั้งเกณฑ์การจัดสรร'),
    line: (n: number, school: string, replace: number, repair: number, tickets: number, registerBroken: number | null) =>
      `${n}. ${school}: ทดแทน ${replace} ซ่อม ${repair}${tickets > 0 ? ` · งานซ่อมค้าง ${tickets}` : ''}${registerBroken ? ` · ทะเบียนเสีย ${registerBroken}` : ''}`,
    notEligible: (n: number) => `ไม่เข้าเกณฑ์ ${n} โรงเรียน`,
    fromAnswers: 'ปีที่ได้รับอุปกรณ์ตามคำตอบของโรงเรียน (ทะเบียน DLTV ไม่มีปีที่ได้รับ)',
  },
  more: (n: number) => `และอีก ${n} รายการ`,
  /** The card's link to the results page, where the whole table downloads as Excel. */
  exportHint: 'ตารางเต็มดาวน์โหลดเป็น Excel ได้ที่หน้าผลสำรวจค่ะ',
  exportLink: 'ตารางเต็ม (Excel)',
  none: (title: string) => `"${title}" ยังไม่มีคำตอบที่ส่งแล้วให้จัดลำดับค่ะ`,
  gone: 'ไม่พบรอบแบบสำรวจนี้ หรือแบบสำรวจนี้ไม่มีการจัดลำดับค่ะ',
} as const;

export const campaignLabels = {
  ranking: 'ผลจัดลำดับ',
  results: 'ดูผลสำรวจ',
  missing: 'ผู้ที่ยังไม่ส่ง',
  close: 'ปิดรับคำตอบ',
  confirmClose: 'ยืนยันปิดรับ',
  keepOpen: 'ยังไม่ปิด',
  review: 'ตรวจคำตอบ',
  extend: 'เปลี่ยนวันปิดรับ',
  decisions: { accept: 'รับคำตอบ', return: 'ขอให้แก้ไข', reject: 'ไม่รับ' },
} as const;

export const surveyLabels = {
  yes: 'ใช่',
  no: 'ไม่ใช่',
  skip: 'ข้าม',
  later: 'หยุดไว้ก่อน',
  done: 'เลือกเสร็จแล้ว',
  pickDate: 'เลือกวันที่',
  photosDone: 'ส่งรูปครบแล้ว',
  submit: 'ส่งคำตอบ',
  edit: 'แก้ไขคำตอบ',
  openPage: 'เปิดแบบสำรวจ',
} as const;

/** The survey's web page (LIFF). */
export const surveyPageTexts = {
  title: 'แบบสำรวจ',
  forbidden: 'บทบาทของคุณไม่ได้ตอบแบบสำรวจค่ะ',
  notFound: 'ไม่พบแบบสำรวจนี้ หรือปิดรับคำตอบแล้ว หรือไม่ได้ส่งถึงคุณค่ะ',
  invalid: 'ข้อมูลที่ส่งมาไม่ถูกต้องค่ะ',
  alreadySubmitted: 'แบบสำรวจนี้ส่งคำตอบแล้วค่ะ',
  changedMeanwhile: 'คำตอบมีการแก้ไขจากที่อื่นระหว่างนี้ กรุณาเปิดหน้านี้ใหม่แล้วตรวจสอบอีกครั้งค่ะ',
  notComplete: 'ยังส่งไม่ได้ค่ะ กรุณาตอบข้อที่แจ้งไว้ก่อน',
  photoType: 'รับเฉพาะรูปภาพ JPEG หรือ PNG ค่ะ',
  photoTooBig: 'รูปใหญ่เกิน 10 MB ค่ะ',
  photoLimit: 'ส่งรูปครบจำนวนที่ข้อนี้รับแล้วค่ะ ลบรูปเดิมก่อนหากต้องการเปลี่ยน',
  client: {
    saving: 'กำลังบันทึก…',
    saved: 'บันทึกร่างแล้ว',
    notSaved: 'มีข้อที่ยังไม่ถูกต้อง (ไม่ได้บันทึกข้อนั้น)',
    submit: 'ส่งคำตอบ',
    submittedAt: 'ส่งคำตอบแล้วเมื่อ',
    closes: 'ปิดรับ',
    autosave: 'คำตอบบันทึกเป็นร่างอัตโนมัติ ปิดหน้านี้แล้วกลับมาตอบต่อได้',
    yes: 'ใช่',
    no: 'ไม่ใช่',
    addRow: '+ เพิ่ม',
    removeRow: 'ลบ',
    notOnPage: 'ข้อนี้ยังตอบในหน้านี้ไม่ได้ ข้ามไปได้ค่ะ',
    useHere: 'ใช้ตำแหน่งปัจจุบัน',
    noPlace: 'ยังไม่ได้ระบุตำแหน่ง',
    noDate: 'ยังไม่ได้เลือกวันที่',
    noGeolocation: 'ระบุตำแหน่งไม่ได้ กรุณาอนุญาตการเข้าถึงตำแหน่งแล้วลองอีกครั้งค่ะ',
    preset: 'ตอบไว้ให้แล้ว ไม่ต้องเลือกอีกค่ะ',
  },
} as const;

/** The daily reminder to someone who has not answered. */
export const surveyReminderTexts = {
  reminder: (lines: string[]) => `มีแบบสำรวจรอคำตอบจากคุณ ${lines.length} รายการค่ะ\n${lines.join('\n')}\nแตะ "แบบสำรวจ" ที่เมนู หรือพิมพ์คำว่า แบบสำรวจ เพื่อตอบได้เลยค่ะ`,
  line: (n: number, title: string, closes: string, started: boolean) => `${n}. ${title} (ปิดรับ ${closes}${started ? ' · ตอบค้างไว้' : ''})`,
  /** To whoever runs the round, once its reminders are spent: who is still missing (`missingOf`). */
  missingAfterReminders: (reminders: number, missing: string, closes: string) =>
    `เตือนผู้ที่ยังไม่ตอบครบ ${reminders} ครั้งแล้วค่ะ (ปิดรับ ${closes})\n${missing}\nพิมพ์หรือแตะ "แบบสำรวจ" เพื่อดูรอบนี้ หรือเลื่อนวันปิดรับได้ค่ะ`,
} as const;

/** The results page of a round (LIFF), for whoever runs the office's surveys. */
export const resultsPageTexts = {
  title: 'ผลแบบสำรวจ',
  forbidden: 'หน้านี้สำหรับผู้ติดตามแบบสำรวจของกลุ่มงาน ICT ค่ะ',
  notFound: 'ไม่พบรอบแบบสำรวจนี้ค่ะ',
  to: campaignTexts.to,
  closes: campaignTexts.closes,
  open: 'เปิดรับอยู่',
  closed: campaignTexts.closedStatus,
  asOf: (when: string) => `ข้อมูล ณ ${when}`,
  rate: (submitted: number, expected: number, percent: number) => `ส่งแล้ว ${submitted}/${expected} (${percent}%)`,
  byDistrict: 'อัตราการตอบรายอำเภอ',
  districtHeaders: ['อำเภอ', 'ต้องตอบ', 'ส่งแล้ว', 'ร้อยละ'],
  /** A key figure's column, short enough for a phone: the question by its number (named under the table). */
  yesShare: (n: number) => `ข้อ ${n} % ใช่`,
  average: (n: number) => `ข้อ ${n} เฉลี่ย`,
  keyQuestion: (n: number, label: string, unit?: string) => `ข้อ ${n}: ${label}${unit ? ` (${unit})` : ''}`,
  submittedSeries: 'ส่งแล้ว',
  missingSeries: 'ยังไม่ส่ง',
  answered: (n: number) => `ตอบ ${n} ราย`,
  count: (count: number, percent: number) => `${count} (${percent}%)`,
  mean: 'ค่าเฉลี่ย',
  sum: 'รวม',
  rows: (n: number, row: string) => `รวม ${n} ${row}`,
  columnSum: (label: string, unit?: string) => `${label} รวม${unit ? ` (${unit})` : ''}`,
  byColumn: (row: string, label: string) => `จำนวน${row}ตาม${label}`,
  rowsSeries: 'จำนวนรายการ',
  sumSeries: (label: string) => `${label} (รวม)`,
  respondent: 'ผู้ตอบ',
  moreRows: (shown: number, all: number) => `แสดง ${shown} จาก ${all} รายการ (ทั้งหมดอยู่ในไฟล์ Excel)`,
  /** The download of every response (the `results` command's Excel file). */
  excel: 'ดาวน์โหลดคำตอบทั้งหมด (Excel)',
  /** A ranked round's (templates 1 and 3) table, the `ranking` command's Excel file. */
  rankingExcel: 'ดาวน์โหลดตารางจัดลำดับ (Excel)',
  preparingExcel: 'กำลังเตรียมไฟล์…',
  saveExcel: 'บันทึกไฟล์ Excel',
  moreComments: (n: number) => `และอีก ${n} รายการ`,
  noAnswers: 'ยังไม่มีคำตอบ',
  notSummarized: 'ข้อนี้ไม่มีตัวเลขสรุป (ดูรายละเอียดในไฟล์ Excel)',
  missing: (n: number) => `ยังไม่ส่ง ${n} ราย`,
  allIn: 'ส่งครบแล้ว',
  yearly: {
    title: (form: string) => `สรุปรายปีงบประมาณ: ${form}`,
    year: (fiscalYear: number, rounds: number, responses: number) => `ปีงบประมาณ ${fiscalYear} · ${rounds} ครั้ง · ตอบ ${responses} ราย`,
    round: (title: string, opened: string, responses: number) => `${title} (${opened}) ตอบ ${responses} ราย`,
    headers: ['ประเด็นประเมิน', 'ตอบ', 'เฉลี่ย'],
    chart: (fiscalYear: number) => `ค่าเฉลี่ยรายประเด็น ปีงบประมาณ ${fiscalYear}`,
    comments: (n: number) => `ความคิดเห็นและข้อเสนอแนะ ${n} รายการ`,
  },
} as const;
