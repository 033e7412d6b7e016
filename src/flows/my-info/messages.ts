import { DELETED_PERSON_NAME, type Person } from '../../domain/people.ts';
import { formatThaiMobile } from '../../domain/phone.ts';
import { ROLE_LABELS } from '../../domain/roles.ts';
import { formatThaiDate } from '../../domain/thai-date.ts';

/** Everything "ข้อมูลของฉัน" says. Labels are part of the chat simulator's browser test. */
export const myInfoLabels = {
  editName: 'แก้ไขชื่อ',
  editPhone: 'แก้ไขเบอร์โทร',
  deleteData: 'ลบข้อมูลของฉัน',
  confirmDelete: 'ยืนยันลบข้อมูล',
  keep: 'ไม่ลบ',
} as const;

export const myInfoTexts = {
  details: (p: Person) =>
    [
      'ข้อมูลของฉัน',
      `ชื่อ: ${p.fullName}`,
      `บทบาท: ${ROLE_LABELS[p.role]}`,
      ...(p.schoolName ? [`โรงเรียน: ${p.schoolName}`] : []),
      `โทรศัพท์: ${p.phone ? formatThaiMobile(p.phone) : '-'}`,
      `ลงทะเบียนเมื่อ: ${formatThaiDate(p.createdAt)}`,
      'ต้องการแก้ไขหรือลบข้อมูล เลือกจากปุ่มด้านล่างได้ค่ะ',
    ].join('\n'),
  notRegistered: 'คุณยังไม่ได้ลงทะเบียนค่ะ พิมพ์ข้อความใดก็ได้เพื่อเริ่มลงทะเบียนนะคะ',
  askName: 'กรุณาพิมพ์ชื่อและนามสกุลใหม่ค่ะ',
  badName: 'กรุณาพิมพ์ชื่อและนามสกุลเป็นตัวอักษร (2–100 ตัวอักษร) ค่ะ',
  nameChanged: (name: string) => `เปลี่ยนชื่อเป็น ${name} เรียบร้อยแล้วค่ะ`,
  askPhone: 'กรุณาพิมพ์เบอร์โทรศัพท์มือถือใหม่ เช่น 081-234-5678 ค่ะ',
  badPhone: 'เบอร์โทรศัพท์ไม่ถูกต้องค่ะ กรุณาพิมพ์เบอร์มือถือ 10 หลักที่ขึ้นต้นด้วย 06, 08 หรือ 09 เช่น 081-234-5678',
  phoneChanged: (phone: string) => `เปลี่ยนเบอร์โทรศัพท์เป็น ${formatThaiMobile(phone)} เรียบร้อยแล้วค่ะ`,
  confirmDelete:
    'ต้องการลบข้อมูลของคุณใช่ไหมคะ\n' +
    'บัญชีของคุณจะถูกลบ ชื่อ เบอร์โทรศัพท์ และการเชื่อมกับ LINE จะถูกลบออก ' +
    `ส่วนรายการที่สำนักงานต้องเก็บไว้ (เช่น งานแจ้งซ่อม ทะเบียนหนังสือ การยืมอุปกรณ์) จะยังอยู่ โดยแสดงชื่อเป็น "${DELETED_PERSON_NAME}" ค่ะ`,
  deleted:
    'ลบข้อมูลของคุณเรียบร้อยแล้วค่ะ\n' +
    `สิ่งที่เก็บไว้: รายการงานแจ้งซ่อม ทะเบียนหนังสือราชการ การยืมอุปกรณ์ และบันทึกการดำเนินการของระบบที่คุณเกี่ยวข้อง โดยแสดงชื่อเป็น "${DELETED_PERSON_NAME}" ` +
    'เพราะเป็นหลักฐานการปฏิบัติราชการที่สำนักงานต้องเก็บตามระเบียบงานสารบรรณ\n' +
    'หากต้องการใช้บริการอีก พิมพ์ข้อความใดก็ได้เพื่อลงทะเบียนใหม่ค่ะ',
  kept: 'ไม่ได้ลบข้อมูลค่ะ ข้อมูลของคุณยังอยู่เหมือนเดิม',
  pickFromButtons: 'กรุณาเลือกจากปุ่มด้านล่างค่ะ',
} as const;
