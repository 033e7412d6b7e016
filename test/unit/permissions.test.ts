import { describe, expect, it } from '@jest/globals';
import { ACTIONS, actionsOf, can, type Action } from '../../src/domain/permissions.ts';
import { INVITABLE_ROLES, RICH_MENU_FAMILIES, ROLE_LABELS, ROLES, richMenuFamilyOf, type Role } from '../../src/domain/roles.ts';
import { LABEL_MAX } from '../../src/kit/steps.ts';

/**
 * The expectation, written out by hand row by row (not derived from the table under test): who may do
 * what. A change to the permission table must change this too, on purpose.
 */
const EXPECTED: Record<Role, readonly Action[]> = {
  teacher: ['view_own_info', 'report_fault', 'borrow_equipment', 'book_room', 'answer_vc_invitation', 'answer_survey', 'request_system_access'],
  school_director: ['view_own_info', 'report_fault', 'view_school_tickets', 'confirm_school_request', 'borrow_equipment', 'book_room', 'answer_vc_invitation', 'answer_survey', 'name_survey_contact', 'request_system_access'],
  technician: ['view_own_info', 'report_fault', 'view_school_tickets', 'take_ticket', 'update_ticket', 'assign_ticket', 'handle_letter', 'borrow_equipment', 'lend_equipment', 'book_room', 'plan_vc_session', 'answer_survey', 'request_system_access', 'run_survey'],
  saraban_clerk: ['view_own_info', 'report_fault', 'register_letter', 'route_letter', 'handle_letter', 'search_letters', 'lend_letter', 'borrow_equipment', 'book_room', 'answer_survey', 'request_system_access'],
  group_director: [
    'view_own_info', 'report_fault', 'view_school_tickets', 'assign_ticket', 'assign_letter', 'handle_letter', 'search_letters', 'borrow_equipment', 'approve_loan', 'book_room', 'approve_booking', 'plan_vc_session', 'answer_survey', 'request_system_access', 'approve_system_access', 'run_survey', 'view_reports', 'view_office_report',
  ],
  area_director: ['view_own_info', 'report_fault', 'decide_letter', 'search_letters', 'manage_acting', 'borrow_equipment', 'book_room', 'view_reports', 'view_office_report', 'answer_survey', 'request_system_access'],
  deputy_director: ['view_own_info', 'report_fault', 'decide_letter', 'search_letters', 'borrow_equipment', 'book_room', 'view_reports', 'view_office_report', 'answer_survey', 'request_system_access'],
  admin: [
    'view_own_info', 'report_fault', 'view_school_tickets', 'assign_ticket', 'borrow_equipment', 'book_room', 'answer_survey', 'request_system_access', 'view_reports',
    'manage_acting', 'create_invitation', 'manage_roles', 'view_people', 'manage_directory', 'administer',
  ],
  guest: ['view_own_info'],
};

describe('the permission table', () => {
  for (const role of ROLES) {
    for (const action of ACTIONS) {
      const allowed = EXPECTED[role].includes(action);
      it(`${role} ${allowed ? 'may' : 'may not'} ${action}`, () => {
        expect(can(role, action)).toBe(allowed);
      });
    }
  }

  it('lists for each role exactly the actions it may do', () => {
    for (const role of ROLES) expect(new Set(actionsOf(role))).toEqual(new Set(EXPECTED[role]));
  });

  it('gives an unregistered user (no role) nothing at all', () => {
    for (const action of ACTIONS) {
      expect(can(null, action)).toBe(false);
      expect(can(undefined, action)).toBe(false);
    }
  });

  it('lets only admins grant roles, and never lets a role act on letters it does not handle', () => {
    expect(ROLES.filter((r) => can(r, 'manage_roles'))).toEqual(['admin']);
    expect(ROLES.filter((r) => can(r, 'decide_letter'))).toEqual(['area_director', 'deputy_director']);
    expect(ROLES.filter((r) => can(r, 'register_letter'))).toEqual(['saraban_clerk']);
  });
});

describe('roles', () => {
  it('puts every registered role in one of the six rich menu families; a guest sees the default menu', () => {
    const families = new Set(ROLES.map(richMenuFamilyOf).filter((f) => f !== null));
    expect([...families].sort()).toEqual([...RICH_MENU_FAMILIES].sort());
    expect(richMenuFamilyOf('area_director')).toBe('director');
    expect(richMenuFamilyOf('deputy_director')).toBe('director');
    expect(richMenuFamilyOf('group_director')).toBe('director');
    expect(richMenuFamilyOf('saraban_clerk')).toBe('saraban');
    expect(richMenuFamilyOf('guest')).toBeNull();
  });

  it('has Thai labels that fit on a LINE button', () => {
    for (const role of ROLES) {
      expect(ROLE_LABELS[role]).toMatch(/[\u0E00-\u0E7F]/);
      expect(ROLE_LABELS[role].length).toBeLessThanOrEqual(LABEL_MAX);
    }
  });

  it('invites to every role but teacher and guest', () => {
    expect([...INVITABLE_ROLES].sort()).toEqual(ROLES.filter((r) => r !== 'teacher' && r !== 'guest').sort());
  });
});
