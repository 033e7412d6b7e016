import { formatThaiDateKey, formatThaiDateTime } from '../../domain/thai-date.ts';
import { ACTING_KIND_LABELS, DECISION_LABELS, PROPOSAL_ASK_LABELS, type ActingKind, type Decision, type ProposalAsk } from '../../domain/saraban/letter.ts';

/**
 * Everything the proposal and decision flow says. A letter is always named by its headline
 * (`letterHeadline`: "หนังสือลับ รับที่ 124/2569" for a secret one), never by its subject here.
 */


/** Typed words that open the acting assignments (no rich-menu tile: the area director's pending list offers it too). */
export const ACTING_MENU_TEXTS = ['ผู้ทำการแทน', 'ผู้ปฏิบัติราชการแทน', 'ผู้รักษาราชการแทน'] as const;

/** Short words on the decision buttons (the director's quick replies). */
export const DECISION_BUTTON_LABELS: Record<Decision, string> = DECISION_LABELS;

/** What is asked, on the officer's quick replies. */
export const ASK_BUTTON_LABELS: Record<ProposalAsk, string> = {
  acknowledge: 'ทราบ',
  consider: 'พิจารณา',
  approve: 'อนุมัติ',
  endorse: 'เห็นชอบ',
  order: 'สั่งการ',
};

export const decideLabels = {
  propose: 'เสนอผู้บริหาร',
  proposeAgain: 'เสนออีกครั้ง',
  none: 'ไม่มี',
  cancel: 'ยกเลิกรายการ',
  details: 'เปิดดูรายละเอียด',
  actingMenu: 'ผู้ทำการแทน',
  actingNew: 'เพิ่มผู้ทำการแทน',
  actingRevoke: (n: number) => `ยกเลิกรายการที่ ${n}`,
  actingFrom: 'เลือกวันเริ่ม',
  actingTo: 'เลือกวันสิ้นสุด',
  actingOpenEnd: 'จนกว่าจะยกเลิก',
  actingKinds: ACTING_KIND_LABELS,
} as const;

export const decideTexts = {
  notRegistered: 'คุณยังไม่ได้ลงทะเบียนค่ะ พิมพ์ข้อความใดก็ได้เพื่อเริ่มลงทะเบียนนะคะ',
  letterNotFound: 'ไม่พบหนังสือนี้ค่ะ',
  textPlease: 'กรุณาพิมพ์เป็นข้อความค่ะ',
  tooLong: (max: number) => `ข้อความยาวเกินไปค่ะ กรุณาพิมพ์ไม่เกิน ${max} ตัวอักษรนะคะ`,
  cancelled: 'ยกเลิกรายการแล้วค่ะ',

  // The officer proposes.
  notAssignee: (headline: string) => `${headline} ไม่ได้มอบหมายให้คุณ จึงเสนอไม่ได้ค่ะ`,
  alreadyProposed: (headline: string, to: string, at: Date) => `${headline} เสนอ ${to} แล้วเมื่อ ${formatThaiDateTime(at)} รอการพิจารณาอยู่ค่ะ`,
  notProposable: (headline: string, status: string) => `${headline} อยู่ในสถานะ "${status}" จึงเสนอไม่ได้ค่ะ`,
  noDirectors: 'ยังไม่มี ผอ.สพป. หรือรอง ผอ.สพป. ในระบบค่ะ กรุณาติดต่อผู้ดูแลระบบนะคะ',
  pickDirector: (headline: string) => `เสนอ ${headline} ถึงผู้บริหารท่านใดคะ`,
  pickAsk: (to: string) => `เสนอ ${to} เพื่อการใดคะ`,
  askNote: (to: string, ask: ProposalAsk) => `เสนอ ${to} ${PROPOSAL_ASK_LABELS[ask]}\nพิมพ์ความเห็นหรือหมายเหตุสั้น ๆ ได้ค่ะ (หรือแตะ "ไม่มี")`,
  proposed: (headline: string, to: string, ask: ProposalAsk) => `เสนอ ${headline} ถึง ${to} ${PROPOSAL_ASK_LABELS[ask]} แล้วค่ะ ระบบจะแจ้งเมื่อท่านพิจารณาแล้ว`,

  // The director decides.
  cardAlt: (headline: string) => `เสนอพิจารณา: ${headline}`,
  reminderAlt: (headline: string, n: number) => `เตือนครั้งที่ ${n}: ${headline} รอการพิจารณา`,
  reminderIntro: (n: number, max: number) => `เตือนความจำ (${n}/${max}) ค่ะ หนังสือนี้ยังรอการพิจารณา`,
  asActing: (kind: ActingKind, principal: string) => `ท่านได้รับหนังสือนี้ในฐานะ${ACTING_KIND_LABELS[kind]} ${principal}`,
  notProposed: (headline: string, status: string) => `${headline} อยู่ในสถานะ "${status}" ไม่ได้รอการพิจารณาค่ะ`,
  notYours: (headline: string, to: string) => `${headline} เสนอ ${to} ค่ะ เฉพาะท่านหรือผู้ทำการแทนที่พิจารณาได้`,
  alreadyDecided: (headline: string, who: string, decision: string, at: Date) =>
    `${headline} พิจารณาแล้วค่ะ: ${who} ${decision} เมื่อ ${formatThaiDateTime(at)} (ไม่มีการเปลี่ยนแปลง)`,
  askOrder: 'กรุณาพิมพ์ข้อความสั่งการค่ะ',
  askReturnNote: 'ส่งคืนแก้ไข: พิมพ์สิ่งที่ให้แก้ไขได้ค่ะ (หรือแตะ "ไม่มี")',
  decided: (headline: string, who: string, decision: string) => `บันทึกแล้วค่ะ: ${headline} — ${who} ${decision}`,
  pendingNone: 'ตอนนี้ไม่มีหนังสือรอการพิจารณาของท่านค่ะ',
  pendingIntro: (n: number) => `หนังสือรอการพิจารณาของท่าน ${n} ฉบับค่ะ`,

  // Told the decision (push): the officer, the clerk, the principal an acting person decided for.
  toOfficer: (headline: string, who: string, decision: string) => `${headline}: ${who} ${decision} แล้วค่ะ`,
  toOfficerReturned: (headline: string, who: string) => `${headline}: ${who} ส่งคืนแก้ไขค่ะ แก้ไขแล้วเสนออีกครั้งได้ด้วยปุ่มด้านล่างนะคะ`,
  toClerk: (headline: string, who: string, decision: string) => `แจ้งผลการพิจารณา ${headline}: ${who} ${decision} ค่ะ`,
  toPrincipal: (headline: string, who: string, decision: string) => `แจ้งให้ทราบค่ะ ${headline} ที่เสนอท่าน: ${who} ${decision} แล้ว`,
  orderLine: (text: string) => `ข้อความสั่งการ: ${text}`,
  noteLine: (text: string) => `หมายเหตุ: ${text}`,
  secretTextHidden: 'ข้อความของหนังสือลับไม่แสดงในแชท กรุณาเปิดดูในหน้ารายละเอียดค่ะ',

  // Act-by reminders to the officer.
  actByBefore: (headline: string, actBy: string) => `เตือนค่ะ: ${headline} ต้องดำเนินการภายใน ${formatThaiDateKey(actBy)}`,
  actByToday: (headline: string, actBy: string) => `เตือนค่ะ: วันนี้ (${formatThaiDateKey(actBy)}) เป็นวันครบกำหนดดำเนินการ ${headline}`,

  // Acting assignments.
  actingList: (lines: string[]) => (lines.length === 0 ? 'ตอนนี้ยังไม่มีผู้ทำการแทนค่ะ' : ['ผู้ทำการแทนที่กำหนดไว้ค่ะ', ...lines].join('\n')),
  actingLine: (n: number, acting: string, kind: ActingKind, principal: string, startsOn: string, endsOn: string | null) =>
    `${n}. ${acting} ${ACTING_KIND_LABELS[kind]} ${principal} ${endsOn ? `ตั้งแต่ ${formatThaiDateKey(startsOn)} ถึง ${formatThaiDateKey(endsOn)}` : `ตั้งแต่ ${formatThaiDateKey(startsOn)} จนกว่าจะยกเลิก`}`,
  pickPrincipal: 'กำหนดผู้ทำการแทนท่านใดคะ',
  pickActing: (principal: string) => `ใครทำการแทน ${principal} คะ`,
  noActingCandidates: 'ไม่มีผู้บริหารท่านอื่นที่ทำการแทนได้ค่ะ',
  pickKind: (acting: string, principal: string) => `${acting} ทำการแทน ${principal} ในฐานะใดคะ`,
  pickFrom: 'เริ่มตั้งแต่วันใดคะ',
  pickTo: 'ถึงวันใดคะ',
  dateInvalid: 'วันที่ที่เลือกไม่ถูกต้องค่ะ (วันสิ้นสุดต้องไม่ก่อนวันเริ่ม และไม่เป็นวันที่ผ่านมาแล้ว) กรุณาเลือกใหม่นะคะ',
  actingSet: (acting: string, kind: ActingKind, principal: string, startsOn: string, endsOn: string | null) =>
    `บันทึกแล้วค่ะ: ${acting} ${ACTING_KIND_LABELS[kind]} ${principal} ${endsOn ? `ตั้งแต่ ${formatThaiDateKey(startsOn)} ถึง ${formatThaiDateKey(endsOn)}` : `ตั้งแต่ ${formatThaiDateKey(startsOn)} จนกว่าจะยกเลิก`}`,
  toActing: (kind: ActingKind, principal: string, startsOn: string, endsOn: string | null) =>
    `แจ้งให้ทราบค่ะ ท่านได้รับมอบหมายให้${ACTING_KIND_LABELS[kind]} ${principal} ${endsOn ? `ตั้งแต่ ${formatThaiDateKey(startsOn)} ถึง ${formatThaiDateKey(endsOn)}` : `ตั้งแต่ ${formatThaiDateKey(startsOn)}`} หนังสือที่เสนอ ${principal} จะส่งถึงท่านด้วย`,
  actingRevoked: 'ยกเลิกผู้ทำการแทนรายการนี้แล้วค่ะ',
  actingGone: 'รายการนี้ถูกยกเลิกไปแล้วค่ะ',
} as const;
