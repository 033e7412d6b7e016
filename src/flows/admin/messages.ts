import type { BackupHealth } from '../../domain/backups.ts';
import type { Person } from '../../domain/people.ts';
import { formatThaiMobile } from '../../domain/phone.ts';
import { ROLE_LABELS, type Role } from '../../domain/roles.ts';
import { formatThaiDateTime } from '../../domain/thai-date.ts';

export const adminLabels = {
  invite: 'สร้างรหัสเชิญ',
  list: 'รายชื่อตามบทบาท',
  changeRole: 'เปลี่ยนบทบาท',
  revoke: 'ยกเลิกบทบาท',
  noneOfThese: 'ไม่มีในรายการ',
} as const;

export const adminTexts = {
  notRegistered: 'คุณยังไม่ได้ลงทะเบียนค่ะ พิมพ์ข้อความใดก็ได้เพื่อเริ่มลงทะเบียนนะคะ',
  menu: 'เมนูผู้ดูแลระบบค่ะ เลือกรายการด้านล่างได้เลย',
  chooseInviteRole: 'จะเชิญบุคคลในบทบาทใดคะ',
  askInviteSchool: 'ผู้อำนวยการโรงเรียนต้องระบุโรงเรียน กรุณาพิมพ์รหัสหรือบางส่วนของชื่อโรงเรียนค่ะ',
  noSchoolFound: (typed: string) => `ไม่พบโรงเรียนที่ตรงกับ "${typed}" ค่ะ ลองพิมพ์ใหม่อีกครั้งนะคะ`,
  pickSchool: (lines: string[]) => `เลือกโรงเรียนจากปุ่มด้านล่างค่ะ\n${lines.join('\n')}`,
  invitationCreated: (code: string, role: Role, school: string | null, expiresAt: Date, link: string | null) =>
    [
      `สร้างรหัสเชิญแล้วค่ะ: ${code}`,
      `บทบาท: ${ROLE_LABELS[role]}${school ? ` ${school}` : ''}`,
      `ใช้ได้ครั้งเดียว ภายใน ${formatThaiDateTime(expiresAt)}`,
      link
        ? `ส่งลิงก์นี้ให้ผู้รับเชิญ (กดแล้วส่งข้อความได้ทันที): ${link}`
        : `ให้ผู้รับเชิญเพิ่มเพื่อนบัญชีนี้ แล้วพิมพ์ว่า "รหัสเชิญ ${code}"`,
    ].join('\n'),
  forwardText: (code: string) => `รหัสเชิญ ${code}`,
  chooseListRole: 'ต้องการดูรายชื่อบทบาทใดคะ',
  peopleList: (role: Role, people: Person[], more: boolean) =>
    people.length === 0
      ? `ยังไม่มีผู้ใช้บทบาท ${ROLE_LABELS[role]} ค่ะ`
      : [
          `รายชื่อ ${ROLE_LABELS[role]} (${people.length}${more ? '+' : ''} คน)`,
          ...people.map(
            (p, i) =>
              `${i + 1}. ${p.fullName}${p.schoolName ? ` – ${p.schoolName}` : ''}${p.phone ? ` โทร ${formatThaiMobile(p.phone)}` : ''}${p.status === 'inactive' ? ' (เลิกติดตาม)' : ''}`,
          ),
        ].join('\n'),
  askPersonName: 'กรุณาพิมพ์ชื่อ (บางส่วน) ของผู้ที่ต้องการเปลี่ยนบทบาทค่ะ',
  noPersonFound: (typed: string) => `ไม่พบผู้ใช้ชื่อ "${typed}" ค่ะ ลองพิมพ์ใหม่อีกครั้งนะคะ`,
  pickPerson: (lines: string[]) => `เลือกผู้ใช้จากปุ่มด้านล่างค่ะ\n${lines.join('\n')}`,
  personLine: (i: number, p: Person) => `${i}. ${p.fullName} (${ROLE_LABELS[p.role]}${p.schoolName ? ` ${p.schoolName}` : ''})`,
  chooseNewRole: (p: Person) => `${p.fullName} มีบทบาท ${ROLE_LABELS[p.role]} ค่ะ เลือกบทบาทใหม่ หรือ "ยกเลิกบทบาท" ค่ะ`,
  roleChanged: (p: Person, to: Role) => `เปลี่ยนบทบาทของ ${p.fullName} จาก ${ROLE_LABELS[p.role]} เป็น ${ROLE_LABELS[to]} แล้วค่ะ ระบบแจ้งเจ้าตัวแล้ว`,
  youRoleChanged: (to: Role) => `ผู้ดูแลระบบได้เปลี่ยนบทบาทของคุณเป็น ${ROLE_LABELS[to]} แล้วค่ะ เมนูด้านล่างจะเปลี่ยนตามบทบาทใหม่`,
  youRoleRevoked: (to: Role) =>
    `ผู้ดูแลระบบได้ยกเลิกบทบาทเดิมของคุณแล้วค่ะ ตอนนี้บทบาทของคุณคือ ${ROLE_LABELS[to]} หากมีข้อสงสัย กรุณาติดต่อผู้ดูแลระบบนะคะ`,
  needsSchool: 'บทบาทนี้ต้องมีโรงเรียน แต่ผู้ใช้นี้ไม่มีโรงเรียนในระบบค่ะ กรุณาสร้างรหัสเชิญพร้อมระบุโรงเรียนแทนนะคะ',
  notYourself: 'เปลี่ยนบทบาทของตนเองไม่ได้ค่ะ กรุณาให้ผู้ดูแลระบบคนอื่นดำเนินการนะคะ',
  personGone: 'ไม่พบผู้ใช้นี้แล้วค่ะ อาจลบข้อมูลไปแล้ว',
  pickFromButtons: 'กรุณาเลือกจากปุ่มด้านล่างค่ะ',
  backupLine,
} as const;

/** The menu's lines about backups: the last good one, or what is wrong. */
function backupLine(health: BackupHealth): string {
  if (health.external) return 'การสำรองข้อมูล: ฐานข้อมูลนี้สำรองโดยผู้ดูแลเซิร์ฟเวอร์ (นอกระบบนี้) ค่ะ';
  const last = health.lastGood;
  const lines = [last ? `สำรองข้อมูลล่าสุด (ตรวจสอบแล้ว): ${formatThaiDateTime(last.startedAt)}` : 'ยังไม่มีข้อมูลสำรองที่ตรวจสอบแล้วค่ะ'];
  if (health.copyFailed) lines.push('แต่คัดลอกไปยังที่เก็บสำรองแห่งที่สองไม่สำเร็จค่ะ');
  const run = health.lastRun;
  if (run?.status === 'failed' && (!last || run.startedAt > last.startedAt)) lines.push(`การสำรองครั้งล่าสุด ${formatThaiDateTime(run.startedAt)} ไม่สำเร็จค่ะ`);
  if (health.overdue) lines.push('⚠️ ไม่มีการสำรองข้อมูลที่สำเร็จมาเกิน 2 วันแล้ว กรุณาแจ้งผู้ดูแลเครื่องนะคะ');
  return lines.join('\n');
}
