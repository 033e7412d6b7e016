/** What the web pages opened from LINE say: Thai, polite, short. One place, for the pages and their API. */
export const liffTexts = {
  pageTitle: 'ผู้ช่วย LINE ของสำนักงาน',
  loading: 'กำลังโหลด…',
  notSetUp: 'ระบบยังไม่ได้ตั้งค่าหน้าเว็บใน LINE (LIFF) กรุณาแจ้งผู้ดูแลระบบค่ะ',
  openFromLine: 'กรุณาเปิดหน้านี้จากปุ่มในห้องแชต LINE ค่ะ',
  tokenMissing: 'ไม่พบการยืนยันตัวตน กรุณาเปิดหน้านี้จากปุ่มในห้องแชต LINE ค่ะ',
  tokenExpired: 'การยืนยันตัวตนหมดเวลาแล้ว กรุณาเปิดหน้านี้จากปุ่มในห้องแชต LINE อีกครั้งค่ะ',
  tokenInvalid: 'ยืนยันตัวตนไม่สำเร็จ กรุณาเปิดหน้านี้จากปุ่มในห้องแชต LINE อีกครั้งค่ะ',
  loginUnavailable: 'ตรวจสอบตัวตนกับ LINE ไม่ได้ชั่วคราว กรุณาลองใหม่อีกครั้งค่ะ',
  notRegistered: 'บัญชี LINE นี้ยังไม่ได้ลงทะเบียนกับระบบ กรุณาลงทะเบียนในห้องแชตก่อนค่ะ',
  inactive: 'บัญชีนี้ยังใช้งานระบบไม่ได้ กรุณาติดต่อผู้ดูแลระบบค่ะ',
  notFound: 'ไม่พบหน้าที่ต้องการค่ะ',
  failed: 'เกิดข้อผิดพลาด กรุณาลองใหม่อีกครั้งค่ะ',
  hello: (name: string) => `สวัสดีค่ะ คุณ${name}`,
  youAre: 'บทบาทของคุณ',
  close: 'ปิดหน้านี้',
} as const;
