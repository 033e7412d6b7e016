import type { LineMessage } from '../line/outbox.ts';

/** What the dispatcher itself says, whatever flow the user is in. */
export const botMessages = {
  apology:
    'ขออภัยค่ะ ระบบขัดข้องชั่วคราว จึงยังดำเนินการตามข้อความล่าสุดของคุณไม่ได้ เจ้าหน้าที่จะตรวจสอบให้ค่ะ กรุณาลองใหม่อีกครั้งภายหลังนะคะ',
  notThereAnyMore: 'ไม่พบรายการนี้แล้วค่ะ อาจถูกยกเลิกหรือเปลี่ยนแปลงไปแล้ว กรุณาเลือกจากเมนูล่าสุดนะคะ',
  changedMeanwhile: 'รายการนี้เพิ่งมีการเปลี่ยนแปลงค่ะ กรุณาเลือกจากเมนูล่าสุดหรือลองใหม่อีกครั้งนะคะ',
  buttonNoLongerValid: 'ปุ่มนี้ใช้ไม่ได้แล้วค่ะ กรุณาเลือกจากเมนูล่าสุด หรือพิมพ์ข้อความเพื่อเริ่มใหม่อีกครั้งนะคะ',
  conversationExpired: 'การสนทนาก่อนหน้าหมดเวลาแล้ว เพราะไม่มีการตอบกลับเกิน 30 นาทีค่ะ ขอเริ่มต้นใหม่นะคะ',
  flowUpdated: 'ระบบเพิ่งได้รับการปรับปรุง ขออภัยที่ต้องขอเริ่มรายการเดิมใหม่อีกครั้งนะคะ',
  cancelled: 'ยกเลิกรายการเรียบร้อยแล้วค่ะ หากต้องการความช่วยเหลือ พิมพ์ข้อความถึงเราได้ทุกเมื่อนะคะ',
  nothingToCancel: 'ตอนนี้ไม่มีรายการที่ค้างอยู่ค่ะ',
} as const;

/** Words that leave any flow. Compared after trimming and lower-casing. */
export const CANCEL_WORDS: ReadonlySet<string> = new Set(['ยกเลิก', 'cancel']);

export function isCancel(text: string): boolean {
  return CANCEL_WORDS.has(text.trim().toLowerCase());
}

export const text = (value: string): LineMessage => ({ type: 'text', text: value });
