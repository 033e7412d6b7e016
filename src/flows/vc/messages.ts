import { formatThaiTimeSpan } from '../../domain/thai-date.ts';
import type { SchoolReach } from '../../domain/school-answerer.ts';
import { VC_ANSWER_LABELS, type VcAnswer } from '../../domain/vc/session.ts';
import { tickedLabel } from '../../kit/picker.ts';
import { MENU_COMMANDS } from '../../line/rich-menus/commands.ts';
import { districtLabel } from '../../domain/place-names.ts';

/** "10 ธันวาคม 2569 เวลา 09:00–11:00 น.": a session's time, written as a booking's is. */
export const whenText = formatThaiTimeSpan;

/** The text that opens the service (typed, or the technicians' tile). */
export const VC_TEXT = MENU_COMMANDS.videoConference;

/** The buttons' words (at most 20 characters each). */
export const vcLabels = {
  newSession: 'นัดประชุมใหม่',
  standingLink: (room: string) => `ลิงก์ ${room}`,
  list: 'รายการประชุม',
  start: 'เลือกวันและเวลาเริ่ม',
  end: 'เลือกเวลาสิ้นสุด',
  noRoom: 'ไม่ใช้ห้องประชุม',
  noKit: 'ไม่ใช้ชุด VC',
  teamDone: 'เลือกทีมงานแล้ว',
  all: 'ทุกโรงเรียน',
  district: 'ตามอำเภอ',
  cluster: 'ตามกลุ่มโรงเรียน',
  schools: 'เลือกโรงเรียน',
  schoolsDone: 'เลือกเสร็จแล้ว',
  confirm: 'ยืนยันและส่งคำเชิญ',
  quit: 'ยกเลิก',
  byDistrict: 'ดูตามอำเภอ',
  unanswered: 'ยังไม่ตอบ',
  repliesPage: 'ดูคำตอบทั้งหมด',
  attendance: 'บันทึกผู้เข้าร่วม',
  sendEvaluation: 'ส่งแบบประเมิน',
  answerEvaluation: 'ตอบแบบประเมิน',
  report: 'ส่งรายงาน ผอ.สพป.',
  join: VC_ANSWER_LABELS.join,
  decline: VC_ANSWER_LABELS.decline,
  delegate: 'แจ้งชื่อผู้เข้าร่วม',
  attended: 'เข้าร่วมแล้ว',
  openLink: 'เปิดลิงก์ประชุม',
  move: 'ย้ายเวลา',
  cancelSession: 'ยกเลิกการประชุม',
  confirmCancel: 'ยืนยันยกเลิก',
  keepSession: 'ไม่ยกเลิก',
  confirmMove: 'ยืนยันย้ายเวลา',
  ticked: (name: string) => tickedLabel(name, true),
} as const;

export const vcTexts = {
  notRegistered: 'กรุณาลงทะเบียนก่อนใช้บริการประชุมทางไกลนะคะ',
  officerIntro: (n: number) => (n === 0 ? 'ยังไม่มีการประชุมทางไกลที่กำลังจะมาถึงค่ะ กด "นัดประชุมใหม่" เพื่อเริ่มนัดค่ะ' : `การประชุมทางไกล ${n} รายการค่ะ`),
  reportsIntro: (n: number) => (n === 0 ? 'ยังไม่มีรายงานการประชุมทางไกลค่ะ' : `รายงานการประชุมทางไกลล่าสุด ${n} รายการค่ะ`),
  schoolIntro: (n: number) => (n === 0 ? 'ยังไม่มีคำเชิญประชุมทางไกลถึงโรงเรียนของคุณค่ะ' : `คำเชิญประชุมทางไกลของโรงเรียน ${n} รายการค่ะ`),
  askTitle: 'กรุณาพิมพ์ชื่อการประชุมทางไกลค่ะ',
  titleTooLong: (max: number) => `ชื่อการประชุมยาวเกิน ${max} ตัวอักษร กรุณาพิมพ์ให้สั้นลงค่ะ`,
  askStart: 'เลือกวันและเวลาเริ่มประชุมค่ะ',
  badStart: 'เวลาเริ่มต้องเป็นเวลาหลังจากนี้ กรุณาเลือกใหม่ค่ะ',
  askEnd: (start: string) => `ประชุมเริ่ม ${start} เลือกเวลาสิ้นสุดค่ะ`,
  badEnd: 'เวลาสิ้นสุดต้องหลังเวลาเริ่ม กรุณาเลือกใหม่ค่ะ',
  askPlatform: 'ใช้โปรแกรมประชุมใดคะ',
  askLink: (platform: string) => `กรุณาวางลิงก์ห้องประชุม ${platform} (ขึ้นต้นด้วย https://) ค่ะ`,
  askLinkOrStanding: (platform: string) => `กรุณาวางลิงก์ห้องประชุม ${platform} (ขึ้นต้นด้วย https://) หรือเลือกลิงก์ประจำห้องด้านล่างค่ะ`,
  badLink: 'ลิงก์ต้องขึ้นต้นด้วย https:// กรุณาวางลิงก์อีกครั้งค่ะ',
  askRoom: (n: number) => (n === 0 ? 'ไม่มีห้องประชุมว่างในเวลานั้น จะจัดโดยไม่ใช้ห้องไหมคะ' : `ใช้ห้องประชุมใดคะ (ว่าง ${n} ห้องในเวลานั้น)`),
  askKit: (n: number) => (n === 0 ? 'ไม่มีชุดประชุมทางไกล (VC) ว่างในวันนั้นค่ะ' : `ใช้ชุดประชุมทางไกล (VC) ชุดใดคะ (ว่าง ${n} ชุดในวันนั้น)`),
  toRoomApprover: (room: string, title: string, when: string) =>
    `มีการจอง${room} สำหรับประชุมทางไกล "${title}" ${when} รอการอนุมัติค่ะ พิจารณาได้ที่ "รายการรออนุมัติ" ค่ะ`,
  kitTaken: 'ชุด VC ที่เลือกเพิ่งถูกจองไปเมื่อสักครู่ค่ะ กรุณาเริ่มนัดใหม่และเลือกชุดอื่นนะคะ',
  kitPurpose: (title: string) => `ประชุมทางไกล: ${title}`,
  askTeam: (n: number) => `เลือกทีมงานที่ปฏิบัติหน้าที่ (แตะชื่อเพื่อเลือกหรือเอาออก) เลือกแล้ว ${n} คน แล้วกด "เลือกทีมงานแล้ว" ค่ะ`,
  toTeam: (title: string, when: string, link: string) => `คุณอยู่ในทีมงานประชุมทางไกล "${title}" ${when} ลิงก์ประชุม ${link} ค่ะ`,
  askAudience: 'เชิญโรงเรียนใดบ้างคะ',
  askGroup: (kind: 'district' | 'cluster') => (kind === 'district' ? 'เลือกอำเภอค่ะ' : 'เลือกกลุ่มโรงเรียนค่ะ'),
  noGroups: 'ทะเบียนโรงเรียนยังไม่มีข้อมูลนี้ กรุณาเลือกแบบอื่นค่ะ',
  schoolsNarrowedTo: (typed: string, n: number) => `แสดงเฉพาะโรงเรียนที่ชื่อมี "${typed}" (${n} โรงเรียน) แตะ "แสดงทั้งหมด" เพื่อดูทุกโรงเรียนค่ะ`,
  askSchools: (chosen: number) => `แตะชื่อโรงเรียนที่จะเชิญ (พิมพ์บางส่วนของชื่อเพื่อค้นหา) เลือกแล้ว ${chosen} โรงเรียน แล้วกด "เลือกเสร็จแล้ว" ค่ะ`,
  noSchoolFound: 'ไม่พบโรงเรียนชื่อนี้ค่ะ ลองพิมพ์ใหม่อีกครั้งนะคะ',
  noSchoolsChosen: 'ยังไม่ได้เลือกโรงเรียนค่ะ',
  emptyAudience: 'ไม่พบโรงเรียนตามที่เลือก กรุณาเลือกใหม่ค่ะ',
  summaryAlt: (title: string) => `สรุปการประชุมทางไกล: ${title}`,
  planned: (title: string, n: number) => `นัดประชุม "${title}" แล้ว และส่งคำเชิญถึง ${n} โรงเรียนแล้วค่ะ คำตอบจะแสดงในการ์ดของการประชุม (พิมพ์ ประชุมทางไกล)`,
  roomTaken: 'ห้องประชุมที่เลือกเพิ่งถูกจองไปเมื่อสักครู่ค่ะ กรุณาเริ่มนัดใหม่และเลือกห้องอื่นนะคะ',
  quit: 'ยกเลิกการนัดประชุมแล้วค่ะ',
  useButtons: 'กรุณาเลือกจากปุ่มด้านล่างค่ะ',
  // The school
  invitation: (title: string, when: string, school?: string) =>
    `ขอเชิญ${school ?? 'โรงเรียน'} เข้าร่วมประชุมทางไกล "${title}" ${when} กรุณาตอบรับด้วยปุ่มในการ์ดค่ะ`,
  notInvited: 'โรงเรียนของคุณไม่ได้รับเชิญในการประชุมนี้ค่ะ',
  answered: (answer: VcAnswer, school: string) => (answer === 'join' ? `บันทึกแล้วค่ะ ${school} เข้าร่วมประชุม แจ้งชื่อผู้เข้าร่วมได้จากปุ่มในการ์ดค่ะ` : `บันทึกแล้วค่ะ ${school} ไม่สะดวกเข้าร่วมครั้งนี้`),
  answersClosed: 'การประชุมนี้ปิดรับคำตอบแล้วค่ะ',
  notYourSchool: 'คำเชิญนี้เป็นของโรงเรียนอื่นค่ะ',
  askDelegate: (school: string) => `กรุณาพิมพ์ชื่อและตำแหน่งผู้ที่ ${school} ส่งเข้าร่วมประชุมค่ะ`,
  delegateSaved: (who: string) => `บันทึกผู้เข้าร่วมแล้วค่ะ: ${who}`,
  delegateTooLong: 'ยาวเกินไป กรุณาพิมพ์ไม่เกิน 200 ตัวอักษรค่ะ',
  notStarted: 'ยังไม่ถึงเวลาประชุมค่ะ กดเข้าร่วมแล้วได้เมื่อการประชุมเริ่มนะคะ',
  attendedThanks: 'บันทึกการเข้าร่วมแล้ว ขอบคุณค่ะ หลังจบการประชุมจะส่งแบบประเมินมาให้นะคะ',
  evaluationInvite: (title: string, closes: string) => `ขอบคุณที่เข้าร่วมประชุม "${title}" ค่ะ รบกวนตอบแบบประเมินภายใน ${closes} นะคะ`,
  /** The survey round's title (the แบบสำรวจ list, the reminders, the yearly summary). */
  evaluationRoundTitle: (title: string) => `ประเมินการประชุมทางไกล: ${title}`,
  /** The three quick-reply questions asked before the evaluation became a survey (buttons still in old chats). */
  question: (n: number, text: string) => `ข้อ ${n}/3 ${text}`,
  evaluationThanks: 'ขอบคุณสำหรับการประเมินค่ะ',
  reminder: (title: string, when: string) => `เตือนความจำค่ะ ยังไม่ได้ตอบรับการประชุมทางไกล "${title}" ${when}`,
  reminderDigest: (n: number, list: string) => `เตือนความจำค่ะ ยังมีคำเชิญประชุมทางไกล ${n} รายการที่ยังไม่ได้ตอบ:\n${list}`,
  linkReminder: (title: string, when: string, link: string) => `การประชุม "${title}" จะเริ่ม ${when} ค่ะ เข้าร่วมได้ที่ ${link} เมื่อเข้าร่วมแล้วกรุณากด "เข้าร่วมแล้ว" ค่ะ`,
  // The officer
  wrapUp: (title: string) => `การประชุม "${title}" จบแล้วค่ะ บันทึกผู้เข้าร่วม ส่งแบบประเมิน และส่งรายงาน ผอ.สพป. ได้จากการ์ดนี้ค่ะ`,
  byDistrictAlt: (title: string) => `คำตอบตามอำเภอ: ${title}`,
  unansweredList: (title: string, n: number, names: string) => (n === 0 ? `ทุกโรงเรียนตอบคำเชิญ "${title}" แล้วค่ะ` : `ยังไม่ตอบ ${n} โรงเรียน (${title}):\n${names}`),
  andMore: (n: number) => `และอีก ${n} โรงเรียน`,
  askAttendance: (attended: number, invited: number) => `แตะชื่อโรงเรียนที่เข้าร่วมประชุม (แตะอีกครั้งเพื่อยกเลิก พิมพ์บางส่วนของชื่อเพื่อค้นหา) เข้าร่วมแล้ว ${attended}/${invited} โรงเรียนค่ะ`,
  ticked: (school: string, on: boolean) => (on ? `บันทึก ${school} เข้าร่วมแล้วค่ะ` : `ยกเลิกการเข้าร่วมของ ${school} แล้วค่ะ`),
  evaluationSent: (n: number) => (n === 0 ? 'ไม่มีผู้เข้าร่วมที่ยังไม่ได้รับแบบประเมินค่ะ' : `ส่งแบบประเมินถึงผู้เข้าร่วม ${n} คนแล้วค่ะ ติดตามคำตอบได้ที่เมนูแบบสำรวจค่ะ`),
  evaluationClosed: 'แบบประเมินของการประชุมนี้ปิดรับแล้วค่ะ',
  evaluationFormClosed: 'แบบติดตาม ประเมินผล และรับข้อเสนอแนะ ถูกปิดใช้งานอยู่ จึงส่งแบบประเมินไม่ได้ค่ะ',
  reportSent: 'ส่งรายงานผลการประชุมถึง ผอ.สพป. แล้วค่ะ',
  reportAlt: (title: string) => `รายงานผลการประชุมทางไกล: ${title}`,
  // Cancelling and moving (the officer)
  moveQuit: 'ไม่ย้ายเวลาแล้วค่ะ การประชุมยังเป็นเวลาเดิมค่ะ',
  notChangeable: 'การประชุมนี้เริ่มแล้วหรือปิดไปแล้ว จึงยกเลิกหรือย้ายเวลาไม่ได้ค่ะ',
  askCancel: (title: string, when: string, told: number) =>
    `ยกเลิกการประชุม "${title}" ${when} ใช่ไหมคะ ระบบจะแจ้งผู้เกี่ยวข้อง ${told} คน (โรงเรียนที่ได้รับเชิญ ยกเว้นที่ตอบไม่สะดวก และทีมงาน) ห้องและชุด VC ที่จองไว้จะถูกยกเลิกค่ะ`,
  cancelledSession: (title: string, told: number) => `ยกเลิกการประชุม "${title}" แล้ว และแจ้งผู้เกี่ยวข้อง ${told} คนแล้วค่ะ`,
  askMoveStart: (title: string, when: string) => `ย้ายเวลาการประชุม "${title}" (เดิม ${when}) เลือกวันและเวลาเริ่มใหม่ค่ะ`,
  moveRoomTaken: (room: string) => `${room} ไม่ว่างในเวลาใหม่ค่ะ กรุณาเลือกเวลาอื่นนะคะ`,
  moveKitTaken: 'ชุด VC ของการประชุมนี้ไม่ว่างในวันใหม่ค่ะ กรุณาเลือกวันอื่นนะคะ',
  moveSummary: (title: string, from: string, to: string, told: number) =>
    `ย้ายการประชุม "${title}"\nจาก ${from}\nเป็น ${to}\nห้องและชุด VC ย้ายตามไปด้วย ระบบจะแจ้งผู้เกี่ยวข้อง ${told} คน (โรงเรียนที่ได้รับเชิญและทีมงาน) ค่ะ`,
  movedSession: (title: string, when: string, told: number) => `ย้ายการประชุม "${title}" เป็น ${when} แล้ว และแจ้งผู้เกี่ยวข้อง ${told} คนแล้วค่ะ`,
  // Cancelling and moving (the schools and the team)
  sessionCancelled: 'การประชุมนี้ถูกยกเลิกแล้วค่ะ',
  toldCancelled: (title: string, when: string) => `แจ้งยกเลิกค่ะ การประชุมทางไกล "${title}" ${when} ถูกยกเลิกแล้ว ขออภัยในความไม่สะดวกค่ะ`,
  toldMoved: (title: string, from: string, to: string, answer: VcAnswer | null) =>
    `แจ้งเปลี่ยนเวลาค่ะ การประชุมทางไกล "${title}" ย้ายจาก ${from} เป็น ${to} ${
      answer === 'join' ? 'หากไม่สะดวกในเวลาใหม่ กรุณากด "ไม่สะดวก" ในการ์ดค่ะ' : answer === 'decline' ? 'หากสะดวกในเวลาใหม่ กด "เข้าร่วม" ในการ์ดได้ค่ะ' : 'กรุณาตอบรับด้วยปุ่มในการ์ดค่ะ'
    }`,
  toldTeamMoved: (title: string, from: string, to: string) => `แจ้งเปลี่ยนเวลาค่ะ การประชุมทางไกล "${title}" ที่คุณอยู่ในทีมงาน ย้ายจาก ${from} เป็น ${to}`,
  // Card lines
  platformLine: (platform: string) => `โปรแกรม: ${platform}`,
  roomLine: (room: string) => `ห้อง: ${room}`,
  kitLine: (kit: string) => `ชุด VC: ${kit}`,
  teamLine: (names: readonly string[]) => `ทีมงาน: ${names.join(', ')}`,
  audienceLine: (text: string, n: number) => `เชิญ: ${text} (${n} โรงเรียน)`,
  /** Whom the invitations reach (src/domain/school-answerer.ts), the kinds with none left out. */
  reachLine: (reach: SchoolReach) =>
    `คำเชิญถึง: ${[
      reach.contact > 0 ? `ผู้ประสานงานที่โรงเรียนระบุไว้ ${reach.contact} แห่ง` : '',
      reach.director > 0 ? `ผู้อำนวยการ ${reach.director} แห่ง` : '',
      reach.teacher > 0 ? `ครู (ยังไม่มี ผอ.ในระบบ) ${reach.teacher} แห่ง` : '',
      reach.nobody > 0 ? `ยังไม่มีผู้รับในระบบ ${reach.nobody} แห่ง` : '',
    ]
      .filter(Boolean)
      .join(' · ')}`,
  budgetLine: (n: number, used: number, budget: number) => `ใช้ข้อความ push ไม่เกิน ${n} (เดือนนี้ใช้ไป ${used} จาก ${budget})`,
  overBudget: (n: number, used: number, budget: number) =>
    `คำเชิญ ${n} ข้อความจะเกินโควตาข้อความของเดือนนี้ (ใช้ไป ${used} จาก ${budget}) ข้อความส่วนที่เกินอาจถูกคิดเงินหรือส่งไม่ถึงค่ะ`,
  countsLine: (joined: number, declined: number, unanswered: number) => `เข้าร่วม ${joined} · ไม่สะดวก ${declined} · ยังไม่ตอบ ${unanswered}`,
  attendedLine: (attended: number) => `เข้าร่วมจริง ${attended} โรงเรียน`,
  unreachedLine: (n: number) => `${n} โรงเรียนยังไม่มีผู้รับในระบบ (ไม่ได้รับข้อความ)`,
  delegateLine: (who: string) => `ผู้เข้าร่วม: ${who}`,
  answerLine: (label: string) => `คำตอบ: ${label}`,
  noAnswer: 'ยังไม่ได้ตอบ',
  districtLine: (d: string, joined: number, declined: number, unanswered: number, invited: number) => `${d}: เข้าร่วม ${joined} ไม่สะดวก ${declined} ยังไม่ตอบ ${unanswered} (จาก ${invited})`,
  scoreLine: (label: string, score: number | undefined) => `${label}: ${score === undefined ? '-' : `${score}/5`}`,
  reportInvited: (invited: number, reached: number) => `เชิญ ${invited} โรงเรียน (ส่งถึง ${reached})`,
  reportAnswered: (answered: number, joined: number, declined: number) => `ตอบ ${answered} (เข้าร่วม ${joined} ไม่สะดวก ${declined})`,
  reportEvaluated: (n: number, average: number | null) => `ตอบแบบประเมิน ${n} ราย${average === null ? '' : ` คะแนนเฉลี่ย ${average}/5`}`,
  stateLabels: { planned: 'นัดแล้ว', cancelled: 'ยกเลิก', ended: 'รายงานแล้ว' },
  headline: 'ประชุมทางไกล',
  reportHeadline: 'รายงานการประชุมทางไกล',
  audienceAll: 'ทุกโรงเรียน',
  audienceDistrict: districtLabel,
  audienceCluster: (c: string) => `กลุ่มโรงเรียน ${c}`,
  audienceSchools: 'โรงเรียนที่เลือก',
} as const;

/** Short names of the evaluation's questions on the report card. */
export const EVALUATION_LABELS = ['ภาพและเสียง', 'ประโยชน์ของเนื้อหา', 'ความพึงพอใจโดยรวม'] as const;

/** The replies' page (src/http/liff-vc.ts): what the officer and the group director read on the phone. */
export const vcRepliesTexts = {
  title: 'คำตอบการประชุมทางไกล',
  forbidden: 'หน้านี้สำหรับผู้จัดประชุมทางไกลและผู้อำนวยการกลุ่มค่ะ',
  notFound: 'ไม่พบการประชุมนี้ค่ะ',
  invited: 'เชิญ',
  joined: 'เข้าร่วม',
  declined: 'ไม่สะดวก',
  unanswered: 'ยังไม่ตอบ',
  attended: 'เข้าร่วมจริง',
  byDistrict: 'ตามอำเภอ',
  districtHeaders: 'อำเภอ,เชิญ,เข้าร่วม,ไม่สะดวก,ไม่ตอบ,มาจริง',
  nobody: 'ไม่มีโรงเรียนในรายการนี้ค่ะ',
  unreached: 'ยังไม่มีผู้รับในระบบ',
  delegate: 'ผู้เข้าร่วม',
  refresh: 'รีเฟรช',
  updatedAt: 'ข้อมูล ณ',
  live: 'ข้อมูลปรับทุก 30 วินาที',
} as const;
