import type { CorrectableLetterField } from '../../domain/saraban/commands.ts';
import { LETTER_STATUS_LABELS, type LetterKind, type LetterRegister, type LetterStatus, type Secrecy, type Urgency } from '../../domain/saraban/letter.ts';
import { MAX_ATTACHMENTS, MAX_FILE_BYTES } from './draft.ts';

/**
 * Everything "ลงรับหนังสือ" / "ลงทะเบียนส่ง" says. Nothing here repeats what the clerk typed about a letter:
 * a secret letter's subject, sender, recipient and number must not come back into the chat.
 */

export const registerLabels = {
  /** Quick-reply labels stop at 20 characters. */
  kinds: {
    external: 'ภายนอก',
    internal: 'ภายใน',
    stamped: 'ประทับตรา',
    directive: 'สั่งการ',
    publicity: 'ประชาสัมพันธ์',
    evidence: 'เก็บไว้เป็นหลักฐาน',
  } satisfies Record<LetterKind, string>,
  pickDate: 'เลือกวันที่',
  noDocNo: 'ไม่มีเลขที่',
  noActBy: 'ไม่มี',
  filesDone: 'เสร็จ',
  noFiles: 'ไม่มีไฟล์แนบ',
  confirm: { receive: 'ยืนยันลงรับ', send: 'ยืนยันลงทะเบียนส่ง' } satisfies Record<LetterRegister, string>,
  edit: 'แก้ไข',
  cancel: 'ยกเลิก',
  correct: 'แก้ไขรายการ',
  voidNumber: 'ยกเลิกเลขนี้',
  openDetails: 'เปิดดูรายละเอียด',
  /** The form's card title; its button (20 characters at most) reads fillDetails. */
  fillSecretDetails: 'กรอกรายละเอียดหนังสือลับ',
  fillDetails: 'กรอกรายละเอียด',
  secretForm: 'กรอก/แก้รายละเอียด',
  done: 'เสร็จแล้ว',
  draftFields: {
    secrecy: 'ชั้นความลับ',
    docNo: 'ที่ (เลขที่หนังสือ)',
    docDate: 'ลงวันที่',
    fromName: 'จาก',
    toName: 'ถึง',
    subject: 'เรื่อง',
    kind: 'ประเภทหนังสือ',
    urgency: 'ความเร่งด่วน',
    actBy: 'ดำเนินการภายใน',
    files: 'ไฟล์แนบ',
  },
} as const;

export const FIELD_LABELS: Record<CorrectableLetterField, string> = {
  docNo: 'ที่ (เลขที่หนังสือ)',
  docDate: 'ลงวันที่',
  fromName: 'จาก',
  toName: 'ถึง',
  subject: 'เรื่อง',
  kind: 'ประเภทหนังสือ',
  urgency: 'ความเร่งด่วน',
  actBy: 'ดำเนินการภายใน',
  secrecy: 'ชั้นความลับ',
};

const what = (register: LetterRegister) => (register === 'receive' ? 'การลงรับหนังสือ' : 'การลงทะเบียนส่งหนังสือ');

export const registerTexts = {
  notRegistered: 'กรุณาลงทะเบียนก่อนใช้งานนะคะ',
  askSecrecy: (register: LetterRegister) =>
    register === 'receive'
      ? 'ลงรับหนังสือค่ะ หนังสือฉบับนี้มีชั้นความลับหรือไม่คะ'
      : 'ลงทะเบียนหนังสือส่งค่ะ หนังสือฉบับนี้มีชั้นความลับหรือไม่คะ',
  topSecretNote: 'หนังสือลับที่สุดบันทึกเฉพาะเลขที่และวันที่ ตัวหนังสือเก็บเป็นกระดาษเท่านั้น ไม่ต้องพิมพ์เรื่องหรือส่งไฟล์นะคะ',
  secretNote: 'หนังสือลับ: ในแชทจะถามเฉพาะวันที่ ประเภท และความเร่งด่วน ไม่ต้องพิมพ์ที่ จาก ถึง เรื่อง หรือส่งไฟล์ในแชทนะคะ หลังลงทะเบียนแล้วกรอกรายละเอียดและแนบไฟล์ในหน้าเว็บที่ระบบให้ค่ะ',
  askDocNo: 'กรุณาพิมพ์เลขที่หนังสือ (ที่) เช่น ศธ 04001/ว1234 ค่ะ',
  askDocDate: 'หนังสือลงวันที่เท่าไรคะ กด "เลือกวันที่" หรือพิมพ์ เช่น 1/3/2570',
  badDate: 'ยังอ่านวันที่ไม่ได้ค่ะ กรุณากด "เลือกวันที่" หรือพิมพ์ เช่น 1/3/2570',
  askFrom: 'หนังสือมาจากหน่วยงานใดคะ (จาก)',
  askTo: (register: LetterRegister) => (register === 'receive' ? 'หนังสือถึงใครคะ (เรียน)' : 'ส่งถึงหน่วยงานหรือบุคคลใดคะ (ถึง)'),
  askSubject: 'กรุณาพิมพ์ชื่อเรื่องของหนังสือค่ะ',
  askKind: 'เป็นหนังสือประเภทใดคะ',
  askUrgency: 'หนังสือฉบับนี้มีความเร่งด่วนระดับใดคะ',
  askActBy: 'มีกำหนดให้ดำเนินการภายในวันที่ใดไหมคะ ถ้าไม่มี กด "ไม่มี" ได้เลย',
  // The button under it says ไม่มีไฟล์แนบ until a file arrives, then เสร็จ (fileReceived says so).
  askFiles: `ส่งไฟล์ PDF หรือถ่ายรูปหนังสือทีละหน้าเข้ามาได้เลยค่ะ (ไม่เกิน ${MAX_ATTACHMENTS} ไฟล์) ถ้าไม่มีไฟล์แนบ กด "ไม่มีไฟล์แนบ" ได้เลยค่ะ`,
  fileReceived: (count: number) =>
    count >= MAX_ATTACHMENTS ? `ได้รับไฟล์ครบ ${MAX_ATTACHMENTS} ไฟล์แล้วค่ะ` : `ได้รับไฟล์แนบที่ ${count} แล้วค่ะ ส่งเพิ่มได้ หรือกด "เสร็จ"`,
  fileFailed: 'ขออภัยค่ะ รับไฟล์นี้ไม่สำเร็จ กรุณาส่งใหม่อีกครั้งนะคะ',
  fileTooBig: `ไฟล์ใหญ่เกิน ${Math.round(MAX_FILE_BYTES / 1024 / 1024)} MB ค่ะ กรุณาแยกไฟล์หรือถ่ายรูปทีละหน้าแทนนะคะ`,
  fileNotPdf: 'รับเฉพาะไฟล์ PDF หรือรูปภาพค่ะ ไฟล์นี้จึงไม่ได้บันทึกไว้',
  fileLimit: `แนบได้ไม่เกิน ${MAX_ATTACHMENTS} ไฟล์ค่ะ ไฟล์นี้จึงไม่ได้บันทึกไว้`,
  fileNotNow: 'ตอนนี้ยังไม่ได้ขอไฟล์ค่ะ กรุณาตอบคำถามล่าสุดก่อน แล้วจึงส่งไฟล์ตอนถามถึงไฟล์แนบนะคะ',
  secretFileOnForm: 'หนังสือลับไม่รับไฟล์ทางแชทค่ะ ไฟล์นี้จึงไม่ได้บันทึกไว้ หลังลงทะเบียนแล้วกรุณาแนบไฟล์ในหน้าเว็บนะคะ',
  topSecretNoFiles: 'หนังสือลับที่สุดเก็บเป็นกระดาษเท่านั้นค่ะ ไฟล์นี้จึงไม่ได้บันทึกไว้',
  sendFileOrDone: 'กรุณาส่งไฟล์ PDF หรือรูป หรือกด "เสร็จ" ค่ะ',
  textTooLong: (max: number) => `ข้อความยาวเกิน ${max} ตัวอักษรค่ะ กรุณาพิมพ์ให้สั้นลงนะคะ`,
  emptyText: 'กรุณาพิมพ์ข้อความค่ะ',
  pickFromButtons: 'กรุณาเลือกจากปุ่มด้านล่างค่ะ',
  busy: (register: LetterRegister) => `ตอนนี้${what(register)}ยังค้างอยู่ค่ะ ตอบคำถามล่าสุดเพื่อทำต่อ หรือพิมพ์ "ยกเลิก" เพื่อออกก่อนนะคะ`,
  summaryTitle: (register: LetterRegister) => (register === 'receive' ? 'สรุปการลงรับหนังสือ' : 'สรุปการลงทะเบียนส่งหนังสือ'),
  summaryAlt: (register: LetterRegister) => `${register === 'receive' ? 'สรุปการลงรับหนังสือ' : 'สรุปการลงทะเบียนส่ง'} กรุณาตรวจสอบและยืนยัน`,
  summaryHint: (register: LetterRegister) =>
    `ตรวจสอบแล้วกด "${registerLabels.confirm[register]}" ระบบจะออกเลขทะเบียนให้ทันทีค่ะ`,
  secretHidden: 'หนังสือลับ (ไม่แสดงในแชท)',
  onForm: 'กรอกในหน้าเว็บหลังลงทะเบียน',
  keptOnPaper: 'เก็บเป็นกระดาษเท่านั้น',
  noDocNo: 'ไม่มีเลขที่',
  none: 'ไม่มี',
  fileCount: (n: number) => `${n} ไฟล์`,
  chooseEdit: 'ต้องการแก้ไขส่วนใดคะ',
  draftCancelled: (register: LetterRegister) => `ยกเลิก${what(register)}แล้วค่ะ ยังไม่ได้ออกเลขทะเบียน`,
  registered: (numberLabel: string, at: string, secret: boolean, topSecret: boolean, register: LetterRegister, form = false) =>
    [
      register === 'receive' ? `ลงรับหนังสือแล้วค่ะ\n${numberLabel}` : `ลงทะเบียนส่งแล้วค่ะ\n${numberLabel}`,
      `${register === 'receive' ? 'รับเมื่อ' : 'ลงทะเบียนเมื่อ'} ${at}`,
      secret
        ? form
          ? `กรุณากด "${registerLabels.fillDetails}" เพื่อกรอกที่ จาก ถึง เรื่อง และแนบไฟล์ในหน้าเว็บ (ไม่ต้องพิมพ์ในแชท) ค่ะ`
          : 'หนังสือลับ: รายละเอียดกรอกในหน้าเว็บเท่านั้น ไม่พิมพ์ในแชทค่ะ'
        : null,
      topSecret ? 'ตัวหนังสือเก็บเป็นกระดาษเท่านั้นนะคะ' : null,
      register === 'receive' ? 'ระบบจะแจ้งผู้อำนวยการกลุ่มตามความเร่งด่วนของหนังสือค่ะ' : null,
      `หากบันทึกผิด กด "${registerLabels.correct}" ได้ค่ะ`,
    ]
      .filter((line) => line !== null)
      .join('\n'),

  // Corrections and cancellations of a registered letter.
  notYourSecretLetter: (headline: string) => `${headline} แก้ไขหรือยกเลิกได้เฉพาะเจ้าหน้าที่ที่ลงรับหนังสือฉบับนี้ค่ะ`,
  letterNotFound: (label: string) => `ไม่พบหนังสือ ${label} ในทะเบียนค่ะ กรุณาตรวจสอบเลขอีกครั้งนะคะ`,
  letterCancelled: (headline: string) => `${headline} ถูกยกเลิกไปแล้วค่ะ แก้ไขไม่ได้`,
  secretFormHint: `รายละเอียดของหนังสือลับ (ที่ จาก ถึง เรื่อง ไฟล์แนบ) แก้ไขได้ในหน้าเว็บ กด "${registerLabels.secretForm}" ค่ะ`,
  correctMenu: (headline: string) => `แก้ไขรายการ ${headline} ค่ะ เลือกส่วนที่จะแก้ไข หรือ "${registerLabels.voidNumber}"`,
  askNewValue: (field: string) => `กรุณาพิมพ์${field}ที่ถูกต้องค่ะ`,
  askNewChoice: (field: string) => `เลือก${field}ที่ถูกต้องค่ะ`,
  askNewDate: (field: string) => `${field}ที่ถูกต้องคือวันใดคะ กด "เลือกวันที่" หรือพิมพ์ เช่น 1/3/2570`,
  corrected: (headline: string, field: string) => `แก้ไข${field}ของ ${headline} แล้วค่ะ บันทึกประวัติการแก้ไขไว้แล้ว จะแก้ไขส่วนอื่นอีกไหมคะ`,
  unchanged: 'ค่าใหม่เหมือนค่าเดิมค่ะ ไม่มีอะไรเปลี่ยน',
  cannotVoid: (headline: string, status: LetterStatus) =>
    `${headline} อยู่ในขั้น "${LETTER_STATUS_LABELS[status]}" แล้วค่ะ ยกเลิกเลขไม่ได้ แต่ยังแก้ไขรายการได้`,
  askVoidReason: (headline: string) => `จะยกเลิก ${headline} ค่ะ กรุณาพิมพ์เหตุผลสั้น ๆ (เลขนี้จะคงอยู่ในทะเบียนโดยหมายเหตุว่ายกเลิก และไม่นำไปใช้ซ้ำ)`,
  voided: (headline: string) => `ยกเลิก ${headline} แล้วค่ะ เลขนี้คงอยู่ในทะเบียนโดยหมายเหตุว่ายกเลิก และจะไม่นำไปใช้ซ้ำ`,
  leftCorrection: 'ออกจากการแก้ไขรายการแล้วค่ะ กรุณากดเมนูที่ต้องการอีกครั้งนะคะ',
} as const;

export const SECRECY_CHOICES: readonly Secrecy[] = ['none', 'confidential', 'secret', 'top_secret'];
export const URGENCY_CHOICES: readonly Urgency[] = ['normal', 'urgent', 'very_urgent', 'most_urgent'];
