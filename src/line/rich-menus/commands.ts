import type { Action } from '../../domain/permissions.ts';

/**
 * The commands behind the rich menu tiles. A tile is a `message` action that sends exactly this text, so
 * tapping a tile and typing the words are the same input: flows recognise these texts (import them from
 * here, never retype them).
 */
export const MENU_COMMANDS = {
  /** The one tile of the menu people see before they register. */
  register: 'ลงทะเบียน',
  reportFault: 'แจ้งซ่อม',
  trackRepairs: 'ติดตามงานซ่อม',
  borrowEquipment: 'ยืมอุปกรณ์',
  bookRoom: 'จองห้อง',
  surveys: 'แบบสำรวจ',
  myInfo: 'ข้อมูลของฉัน',
  schoolWork: 'งานของโรงเรียน',
  myJobs: 'งานของฉัน',
  newJobs: 'งานใหม่',
  equipmentLoans: 'คืนอุปกรณ์/ยืม',
  videoConference: 'ประชุมทางไกล',
  receiveLetter: 'ลงรับหนังสือ',
  registerOutgoing: 'ลงทะเบียนส่ง',
  searchLetters: 'ค้นหาหนังสือ',
  pendingLetters: 'หนังสือรอพิจารณา',
  myLetters: 'หนังสือของฉัน',
  repairSummary: 'สรุปงานซ่อม',
  reports: 'รายงาน',
  // Not the bare word "อนุมัติ": that is also one of a director's decisions, typed inside a decision.
  approvals: 'รายการรออนุมัติ',
  inviteUser: 'เชิญผู้ใช้',
  listUsers: 'รายชื่อผู้ใช้',
} as const;

export type MenuCommand = keyof typeof MENU_COMMANDS;
export type MenuCommandText = (typeof MENU_COMMANDS)[MenuCommand];

/**
 * What a command leads to, in the permission table's words: a role may see the command on its menu when it
 * may do at least one of these (the flow still checks the exact action on the server). Empty = anyone.
 */
export const MENU_COMMAND_PERMISSIONS: Record<MenuCommand, readonly Action[]> = {
  register: [],
  reportFault: ['report_fault'],
  trackRepairs: ['report_fault'],
  borrowEquipment: ['borrow_equipment'],
  bookRoom: ['book_room'],
  surveys: ['answer_survey', 'run_survey'],
  myInfo: ['view_own_info'],
  schoolWork: ['view_school_tickets', 'confirm_school_request'],
  myJobs: ['update_ticket'],
  newJobs: ['take_ticket'],
  equipmentLoans: ['lend_equipment'],
  // The officer's sessions; a school's director or contact sees the school's invitations.
  videoConference: ['plan_vc_session', 'answer_vc_invitation', 'view_office_report'],
  receiveLetter: ['register_letter'],
  registerOutgoing: ['register_letter'],
  searchLetters: ['search_letters'],
  // A group director assigns letters; the area director and deputies decide on them.
  pendingLetters: ['assign_letter', 'decide_letter'],
  myLetters: ['handle_letter'],
  repairSummary: ['view_reports'],
  reports: ['view_office_report'],
  approvals: ['approve_loan', 'approve_booking', 'decide_letter'],
  inviteUser: ['create_invitation'],
  listUsers: ['view_people'],
};

const byText = new Map<string, MenuCommand>(
  (Object.entries(MENU_COMMANDS) as [MenuCommand, string][]).map(([command, text]) => [normalise(text), command]),
);

/** Thai has no letter case; people add stray spaces (also zero-width ones pasted from elsewhere). */
function normalise(text: string): string {
  return text.normalize('NFC').replace(/[\s\u200b\u200c\u200d\ufeff]+/g, '');
}

/** The menu command a typed or tapped text stands for, if any (spaces ignored). */
export function menuCommandOf(text: string): MenuCommand | undefined {
  return byText.get(normalise(text));
}
