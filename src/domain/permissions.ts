import type { Role } from './roles.ts';

/**
 * THE permission table: which role may do which action. Every server-side action asks `can` with the
 * person's role as stored now, never a role carried by a button.
 */
export const ACTIONS = [
  'view_own_info',
  'report_fault',
  'view_school_tickets',
  'confirm_school_request',
  'take_ticket',
  'update_ticket',
  'assign_ticket',
  'register_letter',
  'route_letter',
  'assign_letter',
  'decide_letter',
  'handle_letter',
  'search_letters',
  'lend_letter',
  'manage_acting',
  'borrow_equipment',
  'lend_equipment',
  'approve_loan',
  'book_room',
  'approve_booking',
  'plan_vc_session',
  'answer_vc_invitation',
  'answer_survey',
  'run_survey',
  'name_survey_contact',
  'request_system_access',
  'approve_system_access',
  'view_reports',
  'view_office_report',
  'create_invitation',
  'manage_roles',
  'view_people',
  'manage_directory',
  'administer',
] as const;
export type Action = (typeof ACTIONS)[number];

export const ACTION_LABELS: Record<Action, string> = {
  view_own_info: 'ดูข้อมูลของตนเอง',
  report_fault: 'แจ้งซ่อม',
  view_school_tickets: 'ดูรายการแจ้งซ่อมของโรงเรียน',
  confirm_school_request: 'รับรองคำขอของโรงเรียน',
  take_ticket: 'รับงานซ่อม',
  update_ticket: 'อัปเดตงานซ่อม',
  assign_ticket: 'มอบหมายงานซ่อม',
  register_letter: 'ลงทะเบียนหนังสือ',
  route_letter: 'ส่งต่อหนังสือ',
  assign_letter: 'มอบหมายผู้รับผิดชอบหนังสือ',
  decide_letter: 'สั่งการหนังสือ',
  handle_letter: 'รับผิดชอบหนังสือและเสนอผู้บริหาร',
  search_letters: 'ค้นหาหนังสือ',
  lend_letter: 'ให้ยืมต้นฉบับหนังสือ',
  manage_acting: 'กำหนดผู้ปฏิบัติราชการแทน/รักษาราชการแทน',
  borrow_equipment: 'ยืมอุปกรณ์',
  lend_equipment: 'จ่ายและรับคืนอุปกรณ์',
  approve_loan: 'อนุมัติการยืม',
  book_room: 'จองห้อง',
  approve_booking: 'อนุมัติการจองห้อง',
  plan_vc_session: 'จัดประชุมทางไกลกับโรงเรียน',
  answer_vc_invitation: 'ตอบรับการประชุมทางไกลของโรงเรียน',
  answer_survey: 'ตอบแบบสำรวจ',
  run_survey: 'ติดตามและปิดรอบแบบสำรวจ',
  name_survey_contact: 'กำหนดผู้ตอบแบบสำรวจของโรงเรียน',
  request_system_access: 'ขอสิทธิ์ใช้ระบบสารสนเทศ',
  approve_system_access: 'อนุมัติคำขอสิทธิ์ใช้ระบบสารสนเทศ',
  view_reports: 'ดูรายงานสรุป',
  view_office_report: 'ดูรายงานประจำเดือนและประจำปีงบประมาณ',
  create_invitation: 'สร้างรหัสเชิญ',
  manage_roles: 'เปลี่ยนบทบาทผู้ใช้',
  view_people: 'ดูรายชื่อผู้ใช้',
  manage_directory: 'จัดการทะเบียนโรงเรียน',
  administer: 'ผู้ดูแลระบบ',
};

const STAFF = ['technician', 'saraban_clerk', 'group_director', 'area_director', 'deputy_director', 'admin'] as const;
const EVERYONE_REGISTERED = ['teacher', 'school_director', ...STAFF] as const;
const DIRECTORS = ['group_director', 'area_director', 'deputy_director'] as const;

const TABLE: Record<Action, readonly Role[]> = {
  view_own_info: [...EVERYONE_REGISTERED, 'guest'],
  report_fault: EVERYONE_REGISTERED,
  view_school_tickets: ['school_director', 'technician', 'group_director', 'admin'],
  confirm_school_request: ['school_director'],
  take_ticket: ['technician'],
  update_ticket: ['technician'],
  assign_ticket: ['technician', 'group_director', 'admin'],
  register_letter: ['saraban_clerk'],
  route_letter: ['saraban_clerk'],
  assign_letter: ['group_director'],
  decide_letter: ['area_director', 'deputy_director'],
  // The officers a group director may assign a letter to: the group's staff (the group director too).
  handle_letter: ['technician', 'saraban_clerk', 'group_director'],
  search_letters: ['saraban_clerk', ...DIRECTORS],
  lend_letter: ['saraban_clerk'],
  manage_acting: ['area_director', 'admin'],
  borrow_equipment: EVERYONE_REGISTERED,
  lend_equipment: ['technician'],
  approve_loan: ['group_director'],
  book_room: EVERYONE_REGISTERED,
  approve_booking: ['group_director'],
  // The ICT group plans the video conferences for schools: its technicians/officers and its director.
  plan_vc_session: ['technician', 'group_director'],
  // A school answers an invitation through its director, or its contact (a teacher) where it has no director.
  answer_vc_invitation: ['school_director', 'teacher'],
  // Schools answer the office's surveys; its staff answer the staff forms (a round to office staff).
  answer_survey: EVERYONE_REGISTERED,
  // The ICT group runs the office's surveys: its staff (technicians / ICT officers) and its director.
  run_survey: ['technician', 'group_director'],
  // A school director names which teacher answers the office's school surveys for the school.
  name_survey_contact: ['school_director'],
  // Access to the office's information systems (work area 5): anyone registered asks; the group director decides.
  request_system_access: EVERYONE_REGISTERED,
  approve_system_access: ['group_director'],
  view_reports: [...DIRECTORS, 'admin'],
  // The report to the area director: the directors only (it carries every work area's figures).
  view_office_report: DIRECTORS,
  create_invitation: ['admin'],
  manage_roles: ['admin'],
  view_people: ['admin'],
  manage_directory: ['admin'],
  administer: ['admin'],
};

/** Whether a person of `role` may do `action`. No role (an unregistered user) may do nothing. */
export function can(role: Role | null | undefined, action: Action): boolean {
  if (!role) return false;
  return TABLE[action].includes(role);
}

/** The roles allowed an action (rich menus and help texts show only what a role can do). */
export function rolesAllowed(action: Action): readonly Role[] {
  return TABLE[action];
}

export function actionsOf(role: Role): Action[] {
  return ACTIONS.filter((action) => can(role, action));
}
