import { ROLE_LABELS, type Role } from '../../domain/roles.ts';
import { formatThaiMobile } from '../../domain/phone.ts';
import { formatThaiDate } from '../../domain/thai-date.ts';
import { greetingTexts } from '../greeting/messages.ts';

/**
 * Everything the registration flow says. Button labels are part of the contract with the chat
 * simulator's browser test: change them only together with it.
 */
export const registrationLabels = {
  consentYes: 'ยินยอม',
  consentNo: 'ไม่ยินยอม',
  asTeacher: 'ลงทะเบียนเป็นครู',
  haveInvitation: 'มีรหัสเชิญ',
  noneOfThese: 'ไม่มีในรายการ',
} as const;

export const registrationTexts = {
  greeting: greetingTexts.greeting,
  welcome: greetingTexts.welcome,
  welcomeBack: (name: string) => `ยินดีต้อนรับกลับมาค่ะ คุณ${name} ผู้ช่วย LINE ของกลุ่มงาน ICT ยินดีให้บริการเช่นเดิมค่ะ`,
  consent:
    'ก่อนเริ่มใช้งาน ขออนุญาตเก็บรหัสบัญชี LINE ชื่อ-นามสกุล เบอร์โทรศัพท์ และโรงเรียนหรือหน่วยงานของคุณ ' +
    'เพื่อยืนยันตัวตนและติดต่อกลับเรื่องงานแจ้งซ่อม ยืมอุปกรณ์ และงานอื่นของสำนักงานเท่านั้นค่ะ ' +
    'ดู แก้ไข หรือขอลบข้อมูลได้ทุกเมื่อที่เมนู "ข้อมูลของฉัน" ค่ะ\nยินยอมให้เก็บข้อมูลไหมคะ',
  consentRefused:
    'รับทราบค่ะ เราไม่ได้บันทึกข้อมูลใดของคุณไว้ หากเปลี่ยนใจ พิมพ์ข้อความใดก็ได้เพื่อเริ่มลงทะเบียนใหม่นะคะ',
  pleaseAnswerConsent: 'กรุณากด "ยินยอม" หรือ "ไม่ยินยอม" ด้านล่างก่อนนะคะ',
  choosePath:
    'ขอบคุณค่ะ ครูลงทะเบียนได้ด้วยตนเอง ส่วนผู้อำนวยการโรงเรียนและเจ้าหน้าที่สำนักงานใช้รหัสเชิญจากผู้ดูแลระบบค่ะ เลือกวิธีลงทะเบียนด้านล่างได้เลยค่ะ',
  askSchool: 'กรุณาพิมพ์รหัสโรงเรียน (8, 6 หรือ 10 หลัก) หรือบางส่วนของชื่อโรงเรียน เช่น "หนองบัว" ค่ะ',
  noSchoolFound: (typed: string) => `ไม่พบโรงเรียนที่ตรงกับ "${typed}" ค่ะ ลองพิมพ์ชื่อสั้นลง หรือพิมพ์รหัสโรงเรียนอีกครั้งนะคะ`,
  schoolMatches: (lines: string[], more: boolean) =>
    `พบโรงเรียนเหล่านี้ค่ะ กรุณาเลือกโรงเรียนของคุณจากปุ่มด้านล่าง\n${lines.join('\n')}` +
    (more ? '\nยังมีโรงเรียนอื่นที่ตรงกันอีก พิมพ์ชื่อให้ละเอียดขึ้นได้ค่ะ' : ''),
  schoolLine: (index: number, name: string, district: string) => `${index}. ${name} (${district})`,
  pickFromButtons: 'กรุณาเลือกโรงเรียนจากปุ่มด้านล่าง หรือกด "ไม่มีในรายการ" เพื่อค้นหาใหม่ค่ะ',
  askName: (school: string) => `โรงเรียน: ${school}\nกรุณาพิมพ์ชื่อและนามสกุลของคุณค่ะ`,
  askNameInvited: (role: Role, school: string | null) =>
    `รหัสเชิญถูกต้องค่ะ บทบาท: ${ROLE_LABELS[role]}${school ? ` ${school}` : ''}\nกรุณาพิมพ์ชื่อและนามสกุลของคุณค่ะ`,
  badName: 'กรุณาพิมพ์ชื่อและนามสกุลเป็นตัวอักษร (2–100 ตัวอักษร) ค่ะ',
  codeNotName:
    'ข้อความนี้ดูเหมือนรหัสเชิญ ไม่ใช่ชื่อค่ะ รหัสเชิญมี 8 ตัวอักษร เช่น รหัสเชิญ ABCD-EFGH กรุณาตรวจสอบแล้วส่งอีกครั้ง หรือพิมพ์ชื่อและนามสกุลของคุณเพื่อลงทะเบียนต่อนะคะ',
  codeAlreadyTaken: 'ได้รับรหัสเชิญนี้ไว้แล้วค่ะ ตอนนี้กรุณาพิมพ์ชื่อและนามสกุลของคุณ (ไม่ใช่รหัสเชิญ) ค่ะ',
  askNameAgain: 'ตอนนี้กรุณาพิมพ์ชื่อและนามสกุลของคุณเพื่อลงทะเบียนต่อค่ะ',
  askPhone: 'กรุณาพิมพ์เบอร์โทรศัพท์มือถือของคุณ เช่น 081-234-5678 ค่ะ',
  badPhone: 'เบอร์โทรศัพท์ไม่ถูกต้องค่ะ กรุณาพิมพ์เบอร์มือถือ 10 หลักที่ขึ้นต้นด้วย 06, 08 หรือ 09 เช่น 081-234-5678',
  askCode: 'กรุณาพิมพ์รหัสเชิญ 8 ตัวที่ได้รับจากผู้ดูแลระบบ เช่น ABCD-EFGH ค่ะ',
  codeMalformed: 'รูปแบบรหัสเชิญไม่ถูกต้องค่ะ รหัสเชิญมี 8 ตัวอักษร เช่น ABCD-EFGH กรุณาตรวจสอบแล้วพิมพ์อีกครั้งนะคะ',
  codeUnknown: 'ไม่พบรหัสเชิญนี้ค่ะ กรุณาตรวจสอบรหัสอีกครั้ง หรือติดต่อผู้ดูแลระบบนะคะ',
  codeUsed: 'รหัสเชิญนี้ถูกใช้ไปแล้วค่ะ รหัสเชิญใช้ได้ครั้งเดียว กรุณาขอรหัสใหม่จากผู้ดูแลระบบนะคะ',
  codeExpired: (expiredOn: Date) =>
    `รหัสเชิญนี้หมดอายุแล้วเมื่อ ${formatThaiDate(expiredOn)} ค่ะ รหัสเชิญใช้ได้ภายใน 7 วัน กรุณาขอรหัสใหม่จากผู้ดูแลระบบนะคะ`,
  registered: (name: string, role: Role, school: string | null, phone: string) =>
    `ลงทะเบียนเรียบร้อยแล้วค่ะ\nชื่อ: ${name}\nบทบาท: ${ROLE_LABELS[role]}${school ? `\nโรงเรียน: ${school}` : ''}\nโทรศัพท์: ${formatThaiMobile(phone)}\n` +
    'ใช้เมนูด้านล่างได้เลยค่ะ ดูหรือแก้ไขข้อมูลได้ที่ "ข้อมูลของฉัน"',
  roleGranted: (role: Role, school: string | null) =>
    `ใช้รหัสเชิญเรียบร้อยแล้วค่ะ บทบาทของคุณตอนนี้คือ ${ROLE_LABELS[role]}${school ? ` ${school}` : ''} เมนูด้านล่างจะเปลี่ยนตามบทบาทใหม่ค่ะ`,
  alreadyHasRole: (role: Role) => `คุณมีบทบาท ${ROLE_LABELS[role]} อยู่แล้วค่ะ ไม่ต้องใช้รหัสเชิญนี้ รหัสยังใช้ได้สำหรับผู้อื่นค่ะ`,
  invitationGoneBeforeFinish: 'ขออภัยค่ะ ระหว่างลงทะเบียน รหัสเชิญนี้ถูกใช้หรือหมดอายุไปแล้ว กรุณาขอรหัสใหม่จากผู้ดูแลระบบนะคะ',
} as const;
