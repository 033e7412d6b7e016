import { districtLabel } from '../../domain/place-names.ts';

/** Sending a new survey round from the chat (Thai, polite, short). */
export const roundTexts = {
  notRegistered: 'กรุณาลงทะเบียนก่อนใช้งานนะคะ',
  noForms: 'ยังไม่มีแบบฟอร์มในระบบค่ะ ผู้ดูแลระบบนำเข้าแบบฟอร์มได้ด้วยคำสั่ง npm run surveys -- load',
  chooseForm: (paged: boolean) => `ส่งแบบสำรวจใหม่: เลือกแบบฟอร์มค่ะ${paged ? ' (พิมพ์ส่วนหนึ่งของชื่อเพื่อค้นหาได้)' : ''}`,
  chooseAudience: (title: string) => `"${title}" ตอบหนึ่งชุดต่อโรงเรียน ส่งถึงใครคะ`,
  chooseDistrict: 'ส่งถึงโรงเรียนอำเภอไหนคะ (หรือรายเครือข่าย หรือโรงเรียน DLTV)',
  chooseCluster: 'ส่งถึงโรงเรียนเครือข่ายไหนคะ',
  chooseSchools: (n: number) => `แตะชื่อโรงเรียนเพื่อเลือก (แตะซ้ำเพื่อเอาออก) พิมพ์ส่วนหนึ่งของชื่อเพื่อค้นหาได้ เลือกแล้ว ${n} แห่ง แตะ "เลือกเสร็จแล้ว" เมื่อครบค่ะ`,
  noSchoolsChosen: 'ยังไม่ได้เลือกโรงเรียนค่ะ กรุณาเลือกอย่างน้อย 1 แห่ง',
  noSchoolFound: 'ไม่พบโรงเรียนชื่อนี้ค่ะ',
  narrowedTo: (typed: string, n: number) => `แสดงเฉพาะโรงเรียนที่ชื่อมี "${typed}" (${n} แห่ง) แตะ "แสดงทั้งหมด" เพื่อดูทุกโรงเรียนค่ะ`,
  chooseCloses: 'ปิดรับคำตอบวันไหนคะ แตะ "เลือกวันปิดรับ" หรือพิมพ์ เช่น 31/1/2570',
  closesInPast: 'วันปิดรับต้องเป็นวันนี้หรือหลังจากนี้ค่ะ',
  notADate: 'กรุณาเลือกวันที่ หรือพิมพ์ เช่น 31/1/2570 ค่ะ',
  summary: (title: string, to: string, opens: string, closes: string) =>
    `ตรวจสอบก่อนส่งค่ะ\nแบบฟอร์ม: ${title}\nส่งถึง: ${to}\nเปิดรับ: ${opens}\nปิดรับ: ${closes}\nผู้รับจะได้รับคำเชิญในเวลาราชการของวันเปิดรับ และการเตือนหากยังไม่ตอบ (เปลี่ยนวันเปิดรับ: แตะ "เลือกวันเปิดรับ" หรือพิมพ์วันที่)`,
  today: 'วันนี้',
  opensInPast: 'วันเปิดรับต้องเป็นวันนี้หรือหลังจากนี้ค่ะ',
  opensAfterCloses: 'วันเปิดรับต้องไม่หลังวันปิดรับค่ะ',
  sentLater: (title: string, opens: string) => `ตั้งส่ง "${title}" แล้วค่ะ จะเปิดรับและส่งคำเชิญในวันที่ ${opens} ในเวลาราชการ ติดตามผลได้ที่เมนู "แบบสำรวจ"`,
  sent: (title: string) => `ส่ง "${title}" แล้วค่ะ คำเชิญจะส่งถึงผู้รับในเวลาราชการ ติดตามผลได้ที่เมนู "แบบสำรวจ"`,
  cancelled: 'ยกเลิกการส่งแบบสำรวจแล้วค่ะ',
  formGone: 'แบบฟอร์มนี้ไม่มีแล้ว หรือปิดใช้แล้วค่ะ',
  pickFromButtons: 'กรุณาแตะปุ่มด้านล่างค่ะ',
  allDistricts: 'ทุกอำเภอ',
  district: districtLabel,
} as const;

export const roundLabels = {
  newRound: 'ส่งแบบสำรวจใหม่',
  pickCloses: 'เลือกวันปิดรับ',
  pickOpens: 'เลือกวันเปิดรับ',
  confirm: 'ยืนยันส่ง',
  cancel: 'ยกเลิก',
  allDistricts: 'ทุกอำเภอ',
  byCluster: 'รายเครือข่าย',
  dltv: 'โรงเรียน DLTV',
  chooseSchools: 'เลือกโรงเรียน',
  schoolsDone: 'เลือกเสร็จแล้ว',
  /** Buttons hold 20 characters: the audiences in short. */
  audiences: { school_directors: 'ผู้ตอบของโรงเรียน', school_teachers: 'ครูและ ผอ.โรงเรียน', office_staff: 'บุคลากรสำนักงาน' },
} as const;

/** The text that starts it, typed (the officer's card has the button). */
export const NEW_ROUND_COMMAND = 'ส่งแบบสำรวจใหม่';
