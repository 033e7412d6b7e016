/** Everything "รายการรออนุมัติ" says itself (each kind of decision words its own line and cards). */
export const approvalsTexts = {
  notRegistered: 'กรุณาลงทะเบียนก่อนนะคะ',
  summary: (lines: readonly string[]) => `รายการรอการตัดสินใจของท่าน\n${lines.map((line) => `• ${line}`).join('\n')}\nกดปุ่มบนการ์ดด้านล่างเพื่อเปิดหรือตัดสินใจได้เลยค่ะ`,
  /** A role that decides nothing: the tile gathers approvals of several kinds, so no one permission's name is right. */
  denied: 'ขออภัยค่ะ รายการรออนุมัติมีไว้สำหรับผู้ที่อนุมัติคำขอ (การยืมอุปกรณ์ การจองห้อง หรือหนังสือราชการ) หากคิดว่าควรมีหน้าที่นี้ กรุณาติดต่อผู้ดูแลระบบนะคะ',
  none: 'ตอนนี้ไม่มีรายการรอการตัดสินใจของท่านค่ะ',
  /** Services whose approvals will show here once they open (from the catalogue of services). */
  later: (names: readonly string[]) => `เมื่อบริการ${names.join('และ')}เปิดให้ใช้ คำขอที่รอท่านอนุมัติจะแสดงที่นี่ด้วยค่ะ`,
} as const;
