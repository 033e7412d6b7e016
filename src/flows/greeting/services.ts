import { can, type Action } from '../../domain/permissions.ts';
import type { Role } from '../../domain/roles.ts';
import type { MenuCommand } from '../../line/rich-menus/commands.ts';
import { menuCommandsOf } from '../../line/rich-menus/definitions.ts';
import type { HelpTopic } from './actions.ts';

/**
 * THE catalogue of the services people are told about: the help card, the help topics and the answer of a
 * rich-menu tile whose service is not open yet all read it. When a capability lands (loans, bookings, surveys),
 * its line here changes to `open: true` and its tiles go to its flow instead.
 */
export interface Service {
  topic: Exclude<HelpTopic, 'contact'>;
  /** The service's name as people know it. */
  name: string;
  open: boolean;
  /** What it does, for its help topic. */
  about: string;
  /** Open: how to start it from the menu. Not open: what to do meanwhile. */
  next: string;
  /** The tiles `next` tells to tap: a role whose menu has none of them is told `typed` instead (none: `next` for all). */
  nextTiles: readonly MenuCommand[];
  /** How to start it by typing, for a role whose menu has no tile of it (a clerk borrowing a projector). */
  typed: string;
  /** The rich-menu tiles that lead to it. */
  tiles: readonly MenuCommand[];
  /** A role hears of the service when it may do one of these. */
  actions: readonly Action[];
}

const CALL_ICT = 'ระหว่างนี้ติดต่อเจ้าหน้าที่กลุ่มงาน ICT ทางโทรศัพท์ของสำนักงานในเวลาราชการได้เลยค่ะ';

export const SERVICES: readonly Service[] = [
  {
    topic: 'repair',
    name: 'แจ้งซ่อม',
    open: true,
    about: 'แจ้งปัญหาคอมพิวเตอร์ อินเทอร์เน็ต และอุปกรณ์ของสำนักงานหรือโรงเรียน แล้วติดตามสถานะได้ในแชทนี้',
    next: 'กด "แจ้งซ่อม" ที่เมนูด้านล่างเพื่อเริ่ม และ "ติดตามงานซ่อม" เพื่อดูสถานะค่ะ',
    nextTiles: ['reportFault'],
    typed: 'พิมพ์ "แจ้งซ่อม" เพื่อเริ่ม และ "ติดตามงานซ่อม" เพื่อดูสถานะค่ะ',
    tiles: ['reportFault', 'trackRepairs', 'newJobs', 'myJobs', 'repairSummary', 'schoolWork'],
    actions: ['report_fault', 'take_ticket', 'view_school_tickets'],
  },
  {
    topic: 'loan',
    name: 'ยืมอุปกรณ์',
    open: true,
    about: 'ยืมโน้ตบุ๊ก โปรเจกเตอร์ และอุปกรณ์อื่น พร้อมแจ้งเตือนวันคืน',
    next: 'กด "ยืมอุปกรณ์" ที่เมนูด้านล่างเพื่อขอยืมและดูคำขอของคุณ ผู้อนุมัติพิจารณาได้จากการ์ดหรือ "รายการรออนุมัติ" ค่ะ',
    nextTiles: ['borrowEquipment'],
    typed: 'พิมพ์ "ยืมอุปกรณ์" เพื่อขอยืมและดูคำขอของคุณ ผู้อนุมัติพิจารณาได้จากการ์ดหรือ "รายการรออนุมัติ" ค่ะ',
    tiles: ['borrowEquipment', 'equipmentLoans'],
    actions: ['borrow_equipment', 'lend_equipment', 'approve_loan'],
  },
  {
    topic: 'booking',
    name: 'จองห้อง',
    open: true,
    about: 'จองห้องประชุมและห้องอบรมของสำนักงาน ดูว่าห้องว่างหรือไม่ได้ทันที',
    next: 'กด "จองห้อง" ที่เมนูด้านล่าง เลือกวันที่แล้วแตะช่วงเวลาที่ว่าง หรือพิมพ์ "การจองของฉัน" เพื่อดูและยกเลิกการจองค่ะ',
    nextTiles: ['bookRoom'],
    typed: 'พิมพ์ "จองห้อง" เลือกวันที่แล้วแตะช่วงเวลาที่ว่าง หรือพิมพ์ "การจองของฉัน" เพื่อดูและยกเลิกการจองค่ะ',
    tiles: ['bookRoom'],
    actions: ['book_room', 'approve_booking'],
  },
  {
    topic: 'survey',
    name: 'แบบสำรวจ',
    open: true,
    about: 'ตอบแบบสำรวจของสำนักงานได้ในแชทนี้ บันทึกคำตอบไว้ทุกข้อ หยุดแล้วกลับมาตอบต่อได้',
    next: 'กด "แบบสำรวจ" ที่เมนูด้านล่าง (หรือพิมพ์ แบบสำรวจ) เพื่อดูแบบสำรวจที่รอคุณตอบค่ะ',
    nextTiles: ['surveys'],
    typed: 'พิมพ์ "แบบสำรวจ" เพื่อดูแบบสำรวจที่รอคุณตอบค่ะ',
    tiles: ['surveys'],
    actions: ['answer_survey'],
  },
  {
    topic: 'documents',
    name: 'หนังสือราชการ',
    open: true,
    about: 'ลงรับ ส่งต่อ มอบหมาย และสั่งการหนังสือราชการ พร้อมแจ้งเตือนหนังสือที่ส่งถึงคุณ',
    next: 'ใช้เมนูหนังสือด้านล่าง เช่น "หนังสือของฉัน" หรือ "หนังสือรอพิจารณา" ค่ะ',
    nextTiles: ['myLetters', 'pendingLetters'],
    typed: 'พิมพ์ "หนังสือของฉัน" เพื่อดูหนังสือที่ส่งถึงคุณค่ะ',
    tiles: ['receiveLetter', 'registerOutgoing', 'searchLetters', 'pendingLetters', 'myLetters'],
    actions: ['register_letter', 'handle_letter', 'assign_letter', 'decide_letter', 'search_letters'],
  },
  {
    topic: 'vc',
    name: 'ประชุมทางไกล',
    open: true,
    about: 'ประชุมทางไกลของสำนักงานกับโรงเรียน: คำเชิญ ตอบรับ ลิงก์ประชุม และบันทึกการเข้าร่วมในแชทนี้',
    next: 'ตอบคำเชิญจากการ์ดที่ได้รับ หรือพิมพ์ "ประชุมทางไกล" เพื่อดูการประชุมและรายงานผลค่ะ',
    nextTiles: [],
    typed: 'ตอบคำเชิญจากการ์ดที่ได้รับ หรือพิมพ์ "ประชุมทางไกล" เพื่อดูการประชุมและรายงานผลค่ะ',
    tiles: ['videoConference'],
    actions: ['plan_vc_session', 'answer_vc_invitation', 'view_office_report'],
  },
];

/** The services a role hears of (no role: all of them, e.g. for a help text written for everyone). */
export function servicesFor(role: Role | null | undefined): Service[] {
  return SERVICES.filter((s) => !role || s.actions.some((a) => can(role, a)));
}

/** How a person of this role starts the service: from their menu's tile, or by typing when their menu has none. */
export function howToStart(service: Service, role: Role | null): string {
  if (!role || service.nextTiles.length === 0) return service.next;
  const menu = menuCommandsOf(role);
  return service.nextTiles.some((t) => menu.includes(t)) ? service.next : service.typed;
}

export function serviceOfTopic(topic: HelpTopic): Service | undefined {
  return SERVICES.find((s) => s.topic === topic);
}

/** The service a tile leads to, when that service is not open yet. */
export function closedServiceOfTile(tile: MenuCommand | undefined): Service | undefined {
  return tile === undefined ? undefined : SERVICES.find((s) => !s.open && s.tiles.includes(tile));
}
