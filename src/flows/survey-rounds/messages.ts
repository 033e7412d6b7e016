/** Sending a new survey round from the chat (Thai, polite, short). */
export const roundTexts = {
  notRegistered: 'กรุณาลงทะเบียนก่อนใช้งานนะคะ',
  noForms: 'ยังไม่มีแบบฟอร์มในระบบค่ะ ผู้ดูแลระบบนำเข้าแบบฟอร์มได้ด้วยคำสั่ง npm run surveys -- load',
  chooseForm: (paged: boolean) => `ส่งแบบสำรวจใหม่: เลือกแบบฟอร์มค่ะ${paged ? ' (พิมพ์ส่วนหนึ่งของชื่อเพื่อค้นหาได้)' : ''}`,
  chooseAudience: (title: string) => `"${title}" ตอบหนึ่งชุดต่อโรงเรียน ส่งถึงใครคะ`,
  chooseDistrict: 'ส่งถึงโรงเรียนอำเภอไหนคะ',
  chooseCloses: 'ปิดรับคำตอบวันไหนคะ แตะ "เลือกวันปิดรับ" หรือพิมพ์ เช่น 31/1/2570',
  closesInPast: 'วันปิดรับต้องเป็นวันนี้หรือหลังจากนี้ค่ะ',
  notADate: 'กรุณาเลือกวันที่ หรือพิมพ์ เช่น 31/1/2570 ค่ะ',
  summary: (title: string, to: string, closes: string) => `ตรวจสอบก่อนส่งค่ะ\nแบบฟอร์ม: ${title}\nส่งถึง: ${to}\nปิดรับ: ${closes}\nผู้รับจะได้รับคำเชิญในเวลาราชการ และการเตือนหากยังไม่ตอบ`,
  sent: (title: string) => `ส่ง "${title}" แล้วค่ะ คำเชิญจะส่งถึงผู้รับในเวลาราชการ ติดตามผลได้ที่เมนู "แบบสำรวจ"`,
  cancelled: 'ยกเลิกการส่งแบบสำรวจแล้วค่ะ',
  formGone: 'แบบฟอร์มนี้ไม่มีแล้ว หรือปิดใช้แล้วค่ะ',
  pickFromButtons: 'กรุณาแตะปุ่มด้านล่างค่ะ',
  allDistricts: 'ทุกอำเภอ',
  district: (name: string) => `อำเภอ${name}`,
} as const;

export const roundLabels = {
  newRound: 'ส่งแบบสำรวจใหม่',
  pickCloses: 'เลือกวันปิดรับ',
  confirm: 'ยืนยันส่ง',
  cancel: 'ยกเลิก',
  allDistricts: 'ทุกอำเภอ',
  /** Buttons hold 20 characters: the audiences in short. */
  audiences: { school_directors: 'ผอ.โรงเรียน', school_teachers: 'ครูและ ผอ.โรงเรียน', office_staff: 'บุคลากรสำนักงาน' },
} as const;

/** The text that starts it, typed (the officer's card has the button). */
export const NEW_ROUND_COMMAND = 'ส่งแบบสำรวจใหม่';
