import type { AccessLevel } from '../../domain/access.ts';
import type { RequestState } from '../../kit/requests.ts';

/** The access request's words (Thai, polite, short). */

export const ACCESS_LEVEL_LABELS: Record<AccessLevel, string> = { view: 'ดูข้อมูล', record: 'บันทึกข้อมูล', admin: 'ผู้ดูแล' };

/** Where a request is, in the words of the register and the cards. */
export function accessStateLabel(r: { state: RequestState; endedAt: Date | null; refusedBy: number | null }): string {
  if (r.state === 'fulfilled') return r.endedAt ? 'ยกเลิกสิทธิ์แล้ว' : 'ให้สิทธิ์แล้ว';
  if (r.state === 'cancelled' && r.refusedBy !== null) return 'ไม่สามารถให้สิทธิ์';
  switch (r.state) {
    case 'submitted':
      return 'รออนุมัติ';
    case 'approved':
      return 'อนุมัติแล้ว รอผู้ดูแลระบบให้สิทธิ์';
    case 'declined':
      return 'ไม่อนุมัติ';
    case 'cancelled':
      return 'ผู้ขอถอนคำขอแล้ว';
    default:
      return r.state;
  }
}

export const accessLabels = {
  cancel: 'ยกเลิก',
  send: 'ส่งคำขอ',
  approve: 'อนุมัติ',
  decline: 'ไม่อนุมัติ',
  grant: 'ให้สิทธิ์แล้ว',
  refuse: 'ไม่สามารถให้สิทธิ์',
  end: 'ยกเลิกสิทธิ์',
  withdraw: 'ถอนคำขอ',
  headline: (id: number | null) => (id === null ? 'คำขอสิทธิ์ใช้ระบบ (ร่าง)' : `คำขอสิทธิ์ใช้ระบบ #${id}`),
  draftStatus: 'ยังไม่ได้ส่ง',
  level: (label: string) => `ระดับสิทธิ์: ${label}`,
  reason: (text: string) => `เหตุผล: ${text}`,
  requester: (name: string) => `ผู้ขอ: ${name}`,
  note: (text: string) => `หมายเหตุ: ${text}`,
} as const;

/** A reminder's list: the lines shown and how many there are in all. */
export interface ReminderList {
  total: number;
  shown: readonly string[];
}

/**
 * A system named in a sentence: "ระบบ DMC" as it is, "DMC" as "ระบบ DMC", so a name that already says ระบบ is
 * never written "ระบบ ระบบ DMC".
 */
const systemPhrase = (system: string): string => (system.startsWith('ระบบ') ? system : `ระบบ ${system}`);

const moreOf = (list: ReminderList): string[] => (list.total > list.shown.length ? [...list.shown, `และอีก ${list.total - list.shown.length} รายการ`] : [...list.shown]);

export const accessTexts = {
  notRegistered: 'กรุณาลงทะเบียนก่อนขอสิทธิ์ใช้ระบบค่ะ',
  noSystems: 'ยังไม่มีรายการระบบสารสนเทศให้ขอสิทธิ์ค่ะ กรุณาติดต่อผู้ดูแลระบบของสำนักงาน',
  pickSystem: (paged: boolean) => (paged ? 'ขอสิทธิ์ใช้ระบบใดคะ (พิมพ์ส่วนหนึ่งของชื่อเพื่อค้นหาได้)' : 'ขอสิทธิ์ใช้ระบบใดคะ'),
  noMatch: (typed: string) => `ไม่พบระบบที่ชื่อมี "${typed}" ค่ะ`,
  askLevel: (system: string) => `ขอสิทธิ์ระดับใดใน${systemPhrase(system)} คะ`,
  askReason: 'กรุณาพิมพ์เหตุผลที่ขอสิทธิ์ค่ะ',
  tooLong: (max: number) => `ข้อความยาวเกิน ${max} ตัวอักษรค่ะ กรุณาพิมพ์ให้สั้นลง`,
  textPlease: 'กรุณาพิมพ์เป็นข้อความค่ะ',
  buttonsPlease: 'กรุณาเลือกจากปุ่มด้านล่างค่ะ',
  summaryHint: 'ตรวจสอบคำขอ แล้วกด "ส่งคำขอ" ค่ะ',
  sent: 'ส่งคำขอแล้วค่ะ จะแจ้งผลเมื่อผู้อำนวยการกลุ่มพิจารณาแล้ว',
  cancelled: 'ยกเลิกแล้วค่ะ',
  systemClosed: 'ระบบนี้ปิดรับคำขอสิทธิ์แล้วค่ะ กรุณาพิมพ์ ขอสิทธิ์ใช้ระบบ เพื่อเลือกใหม่',
  notFound: 'ไม่พบคำขอนี้ค่ะ',
  toDecide: (id: number, name: string, system: string) => `คำขอสิทธิ์ใช้ระบบ #${id} ของ ${name} (${system}) รอท่านพิจารณาค่ะ`,
  /** To the people who were to decide or grant it: nothing more to do (their card's buttons answer where it is). */
  toWithdrawn: (id: number, name: string, system: string) => `คำขอสิทธิ์ใช้ระบบ #${id} ของ ${name} (${system}) ผู้ขอถอนคำขอแล้วค่ะ ไม่ต้องดำเนินการต่อ`,
  toGrant: (id: number, name: string, system: string) => `คำขอสิทธิ์ใช้${systemPhrase(system)} #${id} ของ ${name} ได้รับอนุมัติแล้ว กรุณาให้สิทธิ์และบันทึกผลค่ะ`,
  askDeclineReason: 'กรุณาพิมพ์เหตุผลที่ไม่อนุมัติค่ะ',
  askRefuseReason: 'กรุณาพิมพ์เหตุผลที่ไม่สามารถให้สิทธิ์ค่ะ',
  done: (what: string, id: number) => `บันทึก "${what}" คำขอ #${id} แล้วค่ะ`,
  alreadyDone: (id: number, state: string) => `คำขอ #${id} ตอนนี้: ${state} ค่ะ`,
  notTheAdmin: 'เฉพาะผู้ดูแลระบบนี้เท่านั้นที่บันทึกการให้สิทธิ์ได้ค่ะ',
  noAdmin: (system: string) => `${systemPhrase(system)} ยังไม่มีผู้ดูแลระบบในรายการ กรุณาแจ้งผู้ดูแลระบบของสำนักงานค่ะ`,
  outcome: (id: number, system: string, what: string, note: string | null) => `คำขอสิทธิ์ใช้${systemPhrase(system)} #${id}: ${what}${note ? ` (${note})` : ''}ค่ะ`,
  pendingIntro: (n: number) => `คำขอสิทธิ์ใช้ระบบรอท่านพิจารณา ${n} รายการ`,
  granted: 'สิทธิ์ใช้ระบบที่ท่านดูแล',
  noGranted: 'ไม่มีสิทธิ์ใช้ระบบที่ยังมีผลในระบบที่ท่านดูแลค่ะ',
  mine: (shown: number, total: number) => (shown < total ? `คำขอสิทธิ์ใช้ระบบของท่าน ${shown} รายการล่าสุด จาก ${total} รายการ` : `คำขอสิทธิ์ใช้ระบบของท่าน ${total} รายการ`),
  noMine: 'ท่านยังไม่มีคำขอสิทธิ์ใช้ระบบค่ะ พิมพ์ ขอสิทธิ์ใช้ระบบ เพื่อยื่นคำขอ',
  notYours: 'เฉพาะผู้ยื่นคำขอเท่านั้นที่ถอนคำขอนี้ได้ค่ะ',
  reminderLine: (id: number, name: string, system: string, asked: string) => `• #${id} ${name} – ${system} (ยื่น ${asked})`,
  reminder: (toDecide: ReminderList, toGrant: ReminderList) =>
    [
      'เตือนค่ะ: คำขอสิทธิ์ใช้ระบบรอท่านดำเนินการ',
      ...(toDecide.total > 0 ? [`รออนุมัติ ${toDecide.total} รายการ (ดูได้ที่ รายการรออนุมัติ)`, ...moreOf(toDecide)] : []),
      ...(toGrant.total > 0 ? [`อนุมัติแล้ว รอท่านให้สิทธิ์ ${toGrant.total} รายการ`, ...moreOf(toGrant)] : []),
    ].join('\n'),
  reminderAlt: (n: number) => `คำขอสิทธิ์ใช้ระบบรอท่านดำเนินการ ${n} รายการ`,
  registerEmpty: 'ยังไม่มีผู้ได้รับสิทธิ์ใช้ระบบใดค่ะ',
  registerIntro: (inForce: number, ended: number) => `ทะเบียนสิทธิ์ใช้ระบบ: มีผล ${inForce} รายการ, สิ้นสุดแล้ว ${ended} รายการ`,
  registerSince: (granted: string) => `ตั้งแต่ ${granted}`,
  registerEnded: (granted: string, ended: string) => `${granted} – ยกเลิก ${ended}`,
  registerMore: (n: number) => `และอีก ${n} รายการ ดูทั้งหมดด้วย npm run info-systems -- access`,
} as const;
