import { z } from 'zod';

/**
 * Official letters (งานสารบรรณ) as the saraban regulation (ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ พ.ศ. 2526
 * and amendments) describes them. Codes are English and stable (stored, carried by buttons); labels are
 * the regulation's Thai words.
 */

/** The two registers: แบบที่ 13 (receive) and แบบที่ 14 (send). Numbers run per register per calendar year. */
export const REGISTERS = ['receive', 'send'] as const;
export const registerSchema = z.enum(REGISTERS);
export type LetterRegister = z.infer<typeof registerSchema>;

/** The register counter's name in `register_counters` (repairs use `repair`). */
export const REGISTER_COUNTER: Record<LetterRegister, string> = { receive: 'saraban_receive', send: 'saraban_send' };

/** The six kinds of letters of the regulation. */
export const LETTER_KINDS = ['external', 'internal', 'stamped', 'directive', 'publicity', 'evidence'] as const;
export const letterKindSchema = z.enum(LETTER_KINDS);
export type LetterKind = z.infer<typeof letterKindSchema>;
export const LETTER_KIND_LABELS: Record<LetterKind, string> = {
  external: 'หนังสือภายนอก',
  internal: 'หนังสือภายใน',
  stamped: 'หนังสือประทับตรา',
  directive: 'หนังสือสั่งการ',
  publicity: 'หนังสือประชาสัมพันธ์',
  evidence: 'หนังสือที่เจ้าหน้าที่ทำขึ้นหรือรับไว้เป็นหลักฐาน',
};

/** Urgency, most urgent last. An "act by" date (ด่วนภายใน) is a separate, optional field. */
export const URGENCIES = ['normal', 'urgent', 'very_urgent', 'most_urgent'] as const;
export const urgencySchema = z.enum(URGENCIES);
export type Urgency = z.infer<typeof urgencySchema>;
export const URGENCY_LABELS: Record<Urgency, string> = {
  normal: 'ปกติ',
  urgent: 'ด่วน',
  very_urgent: 'ด่วนมาก',
  most_urgent: 'ด่วนที่สุด',
};

/** ด่วนมาก and ด่วนที่สุด reach the group director at once by push; the rest wait for the digest. */
export function alertsAtOnce(urgency: Urgency): boolean {
  return urgency === 'very_urgent' || urgency === 'most_urgent';
}

/** Secrecy levels (ระเบียบว่าด้วยการรักษาความลับของทางราชการ พ.ศ. 2544). */
export const SECRECY_LEVELS = ['none', 'confidential', 'secret', 'top_secret'] as const;
export const secrecySchema = z.enum(SECRECY_LEVELS);
export type Secrecy = z.infer<typeof secrecySchema>;
export const SECRECY_LABELS: Record<Secrecy, string> = {
  none: 'ไม่ลับ',
  confidential: 'ลับ',
  secret: 'ลับมาก',
  top_secret: 'ลับที่สุด',
};

export function isSecret(secrecy: Secrecy): boolean {
  return secrecy !== 'none';
}

/** ลับที่สุด stays on paper: the register keeps its number and date only (no subject, sender or files). */
export function keepsDetails(secrecy: Secrecy): boolean {
  return secrecy !== 'top_secret';
}

/**
 * Where a received letter is in its life. `registered` waits for the group director; `assigned` waits for
 * the officer's รับทราบ; `returned` went back to the officer for correction (ส่งคืนแก้ไข) and may be proposed
 * again. A sent letter is `sent`. Cancelled letters keep their number (never reused).
 */
export const LETTER_STATUSES = ['registered', 'assigned', 'acknowledged', 'proposed', 'decided', 'returned', 'sent', 'cancelled'] as const;
export const letterStatusSchema = z.enum(LETTER_STATUSES);
export type LetterStatus = z.infer<typeof letterStatusSchema>;
export const LETTER_STATUS_LABELS: Record<LetterStatus, string> = {
  registered: 'รอมอบหมาย',
  assigned: 'มอบหมายแล้ว รอรับทราบ',
  acknowledged: 'ผู้รับผิดชอบรับทราบแล้ว',
  proposed: 'เสนอผู้บริหารแล้ว รอพิจารณา',
  decided: 'ผู้บริหารพิจารณาแล้ว',
  returned: 'ส่งคืนแก้ไข',
  sent: 'ส่งแล้ว',
  cancelled: 'ยกเลิก',
};

/** What the officer asks the director for. */
export const PROPOSAL_ASKS = ['acknowledge', 'consider', 'approve', 'endorse', 'order'] as const;
export const proposalAskSchema = z.enum(PROPOSAL_ASKS);
export type ProposalAsk = z.infer<typeof proposalAskSchema>;
export const PROPOSAL_ASK_LABELS: Record<ProposalAsk, string> = {
  acknowledge: 'เพื่อโปรดทราบ',
  consider: 'เพื่อโปรดพิจารณา',
  approve: 'เพื่อโปรดอนุมัติ',
  endorse: 'เพื่อโปรดเห็นชอบ',
  order: 'เพื่อโปรดสั่งการ',
};

/** A director's decision (สั่งการ carries the order's text). */
export const DECISIONS = ['acknowledged', 'approved', 'endorsed', 'rejected', 'returned', 'ordered'] as const;
export const decisionSchema = z.enum(DECISIONS);
export type Decision = z.infer<typeof decisionSchema>;
export const DECISION_LABELS: Record<Decision, string> = {
  acknowledged: 'ทราบ',
  approved: 'อนุมัติ',
  endorsed: 'เห็นชอบ',
  rejected: 'ไม่อนุมัติ',
  returned: 'ส่งคืนแก้ไข',
  ordered: 'สั่งการ',
};

/** Deciding for someone else (src/domain/acting.ts), re-exported where letters have always found it. */
export { ACTING_KINDS, actingKindSchema, ACTING_KIND_LABELS, type ActingKind } from '../acting.ts';

/** `รับที่ 123/2569` / `ส่งที่ 45/2569`: the register number as the office writes it. */
export function letterNumberLabel(register: LetterRegister, number: number, year: number): string {
  return `${register === 'receive' ? 'รับที่' : 'ส่งที่'} ${number}/${year}`;
}
