import { describe, expect, it } from '@jest/globals';
import type { FlowInput, StepResult } from '../../src/bot/flow.ts';
import type { RepairCategory } from '../../src/db/repos/repair-categories.ts';
import type { RepairTicket } from '../../src/db/repos/repair-tickets.ts';
import type { Person } from '../../src/domain/people.ts';
import type { Role } from '../../src/domain/roles.ts';
import type { LineMessage } from '../../src/line/outbox.ts';
import type { PostbackAction } from '../../src/line/postback.ts';
import {
  cancelReportAction,
  categoryAction,
  confirmReportAction,
  groupAction,
  mergeReportAction,
  newTicketAnywayAction,
  noClassroomAction,
  photosDoneAction,
  teachingAction,
} from '../../src/flows/repair-report/actions.ts';
import { reportStep } from '../../src/flows/repair-report/flow.ts';
import { reportLabels, reportTexts } from '../../src/flows/repair-report/messages.ts';
import type { ReportPrepared } from '../../src/flows/repair-report/prepare.ts';
import { finishIntent, type ReportData, type ReportState } from '../../src/flows/repair-report/state.ts';
import { cancelTicketAction, confirmFixedAction, rateAction, reopenAction } from '../../src/flows/repair-track/actions.ts';
import { trackStep } from '../../src/flows/repair-track/flow.ts';
import { trackLabels, trackTexts } from '../../src/flows/repair-track/messages.ts';
import type { TrackData, TrackPrepared } from '../../src/flows/repair-track/prepare.ts';

const NOW = new Date('2026-06-03T02:15:00Z');
const D = NOW.getTime();

function person(role: Role = 'teacher', overrides: Partial<Person> = {}): Person {
  return {
    id: 7,
    officeId: 'default',
    channelId: 'default',
    lineUserId: 'U7',
    fullName: 'ครูสมศรี ใจดี',
    phone: '0812345678',
    role,
    schoolId: 3,
    schoolName: 'โรงเรียนบ้านหนองบัวทอง',
    status: 'active',
    consentAt: NOW,
    createdAt: NOW,
    ...overrides,
  };
}

const category = (id: number, groupCode: 'dltv' | 'computer', label: string): RepairCategory => ({
  id,
  officeId: 'default',
  groupCode,
  code: `c${id}`,
  label,
  sortOrder: id,
  active: true,
});
const CATEGORIES = [category(1, 'dltv', 'ไม่มีสัญญาณ'), category(2, 'dltv', 'โทรทัศน์'), category(7, 'computer', 'เครื่องพิมพ์')];

function ticket(overrides: Partial<RepairTicket> = {}): RepairTicket {
  return {
    id: 41,
    officeId: 'default',
    number: 'ซ่อม 2569/0041',
    fiscalYear: 2569,
    seq: 41,
    schoolId: 3,
    schoolName: 'โรงเรียนบ้านหนองบัวทอง',
    district: 'เมือง',
    reporterId: 7,
    reporterName: 'ครูสมศรี ใจดี',
    categoryId: 1,
    categoryCode: 'c1',
    categoryLabel: 'ไม่มีสัญญาณ',
    groupCode: 'dltv',
    description: 'จอขึ้นว่าไม่มีสัญญาณ',
    classroom: null,
    teachingStopped: true,
    priority: 'urgent',
    status: 'new',
    version: 1,
    assigneeId: null,
    assigneeName: null,
    visitAt: null,
    waitingReason: null,
    waitingSince: null,
    pausedOfficeMinutes: 0,
    acceptDueAt: null,
    resolveDueAt: null,
    acceptedAt: null,
    resolvedAt: null,
    confirmedAt: null,
    closedAt: null,
    resolution: null,
    partsUsed: null,
    rating: null,
    ratingComment: null,
    acceptEscalationLevel: 0,
    resolveEscalationLevel: 0,
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

const text = (value: string): FlowInput => ({ kind: 'text', userId: 'U7', text: value });
const image = (messageId: string): FlowInput => ({ kind: 'image', userId: 'U7', messageId });
const tap = <P>(action: PostbackAction, payload: P): FlowInput => ({ kind: 'postback', userId: 'U7', action, payload, params: {} });

function report(state: ReportState | null, input: FlowInput, prepared: ReportPrepared = {}, who: Person | null = person()) {
  return reportStep(state, input, NOW, { person: who, prepared });
}

function repliesOf(result: StepResult<unknown>): LineMessage[] {
  return result.effects.flatMap((e) => (e.kind === 'reply' ? e.messages : []));
}
const textsOf = (result: StepResult<unknown>) => repliesOf(result).map((m) => ('text' in m ? m.text : m.type === 'flex' ? m.altText : '')).join('\n');
const quickLabels = (result: StepResult<unknown>) => {
  const last = repliesOf(result).at(-1) as { quickReply?: { items: Array<{ action: { label?: string; type: string } }> } } | undefined;
  return last?.quickReply?.items.map((i) => i.action.label ?? i.action.type) ?? [];
};
const commandsOf = (result: StepResult<unknown>) => result.effects.flatMap((e) => (e.kind === 'command' ? [e.command] : []));

const complete: ReportData = {
  d: D,
  group: 'dltv',
  categoryId: 1,
  categoryLabel: 'DLTV (ทีวีดาวเทียม) – ไม่มีสัญญาณ',
  description: 'จอขึ้นว่าไม่มีสัญญาณ',
  mediaIds: [11, 12],
  classroom: 'ป.4/1',
  teachingStopped: true,
};
const atSummary: ReportState = { step: 'summary', data: complete };

describe('แจ้งซ่อม: choosing the kind', () => {
  it('offers the two groups first, then the categories of the chosen group', () => {
    const start = report(null, text('แจ้งซ่อม'), { categories: CATEGORIES });
    expect(start.state?.step).toBe('group');
    expect(quickLabels(start)).toEqual([reportLabels.groups.dltv, reportLabels.groups.computer]);
    const group = report(start.state as ReportState, tap(groupAction, { d: D, g: 'dltv' }), { categories: CATEGORIES.filter((c) => c.groupCode === 'dltv') });
    expect(group.state?.step).toBe('category');
    expect(quickLabels(group)).toEqual(['ไม่มีสัญญาณ', 'โทรทัศน์']);
  });

  it('goes straight to the categories when only one group has any', () => {
    const start = report(null, text('แจ้งซ่อม'), { categories: CATEGORIES.filter((c) => c.groupCode === 'computer') });
    expect(start.state?.step).toBe('category');
    expect(quickLabels(start)).toEqual(['เครื่องพิมพ์']);
  });

  it('refuses a category retired meanwhile and keeps asking', () => {
    const state: ReportState = { step: 'category', data: { d: D, group: 'dltv', mediaIds: [] } };
    const result = report(state, tap(categoryAction, { d: D, id: 2 }), { picked: { ...CATEGORIES[1]!, active: false } });
    expect(result.state).toEqual(state);
    expect(textsOf(result)).toBe(reportTexts.categoryGone);
  });

  it('turns away someone who may not report, and a staff member without a school', () => {
    const guest = report(null, text('แจ้งซ่อม'), {}, person('guest'));
    expect(guest.state).toBeNull();
    expect(commandsOf(guest)).toEqual([{ type: 'recordDenial', action: 'report_fault' }]);
    const technician = report(null, text('แจ้งซ่อม'), {}, person('technician', { schoolId: null }));
    expect(textsOf(technician)).toBe(reportTexts.noSchool);
  });
});

describe('แจ้งซ่อม: description, photos, classroom, teaching', () => {
  it('keeps up to three photos, with camera and camera-roll quick replies, then moves on by itself', () => {
    let state: ReportState = { step: 'photos', data: { ...complete, classroom: undefined, teachingStopped: undefined, mediaIds: [] } };
    const first = report(state, image('m1'), { photo: { mediaId: 21 } });
    expect(quickLabels(first)).toEqual([reportLabels.camera, reportLabels.cameraRoll, reportLabels.photosDone]);
    state = first.state as ReportState;
    state = report(state, image('m2'), { photo: { mediaId: 22 } }).state as ReportState;
    const third = report(state, image('m3'), { photo: { mediaId: 23 } });
    expect(third.state?.step).toBe('classroom');
    expect(third.state?.data.mediaIds).toEqual([21, 22, 23]);
    expect(textsOf(third)).toContain(reportTexts.photoReceived(3));
  });

  it('a photo that LINE did not give is asked for again, and nothing is kept', () => {
    const state: ReportState = { step: 'photos', data: { ...complete, mediaIds: [] } };
    const result = report(state, image('m1'), { photo: 'failed' });
    expect(result.state).toEqual(state);
    expect(textsOf(result)).toBe(reportTexts.photoFailed);
  });

  it('a photo sent before the description is kept and the description still asked', () => {
    const state: ReportState = { step: 'describe', data: { d: D, categoryId: 1, categoryLabel: 'x', mediaIds: [] } };
    const result = report(state, image('m1'), { photo: { mediaId: 5 } });
    expect(result.state).toEqual({ step: 'describe', data: { ...state.data, mediaIds: [5] } });
    const described = report(result.state as ReportState, text('ทีวีไม่มีภาพ'));
    expect(described.state?.step).toBe('photos');
    expect(textsOf(described)).toBe(reportTexts.photoReceived(1));
  });

  it('rejects a too-short description; the classroom may be skipped; teaching stopped makes it urgent', () => {
    const describe_: ReportState = { step: 'describe', data: { d: D, categoryId: 1, categoryLabel: 'x', mediaIds: [] } };
    expect(textsOf(report(describe_, text('เสีย')))).not.toBe(reportTexts.descriptionTooShort);
    expect(textsOf(report(describe_, text('อ')))).toBe(reportTexts.descriptionTooShort);
    const room = report({ step: 'classroom', data: complete }, tap(noClassroomAction, { d: D }));
    expect(room.state).toEqual({ step: 'teaching', data: { ...complete, classroom: null } });
    const summary = report({ step: 'teaching', data: complete }, tap(teachingAction, { d: D, s: true }));
    expect(summary.state?.step).toBe('summary');
    expect(JSON.stringify(repliesOf(summary))).toContain('ด่วน');
  });

  it('treats another menu command as a question, not as the description', () => {
    const state: ReportState = { step: 'describe', data: { d: D, categoryId: 1, categoryLabel: 'x', mediaIds: [] } };
    const result = report(state, text('ติดตามงานซ่อม'));
    expect(result.state).toEqual(state);
    // The note, then the question again (LINE shows quick replies under the latest message only).
    expect(textsOf(result)).toBe([reportTexts.busyReporting, reportTexts.askDescription('x')].join('\n'));
  });
});

describe('แจ้งซ่อม: confirming', () => {
  it('opens the ticket under the number prepare took and says it in the reply', () => {
    const result = report(atSummary, tap(confirmReportAction, { d: D }), { duplicate: null, number: { fiscalYear: 2569, seq: 42 } });
    expect(result.state).toBeNull();
    expect(commandsOf(result)).toEqual([
      { type: 'createRepairTicket', fiscalYear: 2569, seq: 42, categoryId: 1, description: complete.description, classroom: 'ป.4/1', teachingStopped: true, mediaIds: [11, 12] },
    ]);
    expect(textsOf(result)).toContain('ซ่อม 2569/0042');
  });

  it('offers the school’s open ticket of the same kind first', () => {
    const result = report(atSummary, tap(confirmReportAction, { d: D }), { duplicate: ticket() });
    expect(result.state).toEqual({ step: 'duplicate', data: { ...complete, duplicateId: 41 } });
    expect(commandsOf(result)).toEqual([]);
    expect(textsOf(result)).toContain(reportTexts.duplicateFound('ซ่อม 2569/0041'));
    expect(quickLabels(result)).toEqual([reportLabels.merge, reportLabels.newAnyway, reportLabels.cancel]);
  });

  it('adds the report to the open ticket, or opens a new one when that ticket closed meanwhile', () => {
    const dup: ReportState = { step: 'duplicate', data: { ...complete, duplicateId: 41 } };
    const merged = report(dup, tap(mergeReportAction, { d: D, t: 41 }), { mergeTarget: ticket({ status: 'accepted' }) });
    expect(commandsOf(merged)).toEqual([{ type: 'addRepairReport', ticketId: 41, description: complete.description, classroom: 'ป.4/1', mediaIds: [11, 12] }]);
    expect(textsOf(merged)).toBe(reportTexts.merged('ซ่อม 2569/0041'));
    const closed = report(dup, tap(mergeReportAction, { d: D, t: 41 }), { mergeTarget: ticket({ status: 'closed' }), number: { fiscalYear: 2569, seq: 43 } });
    expect(commandsOf(closed)[0]).toMatchObject({ type: 'createRepairTicket', seq: 43 });
    const anyway = report(dup, tap(newTicketAnywayAction, { d: D }), { number: { fiscalYear: 2569, seq: 44 } });
    expect(commandsOf(anyway)[0]).toMatchObject({ type: 'createRepairTicket', seq: 44 });
  });

  it('a button of an earlier draft is stale, and only a complete summary may be confirmed', () => {
    expect(report(atSummary, tap(confirmReportAction, { d: D - 1 })).effects).toEqual([{ kind: 'staleButton' }]);
    expect(report(null, tap(photosDoneAction, { d: D })).effects).toEqual([{ kind: 'staleButton' }]);
    const partial: ReportState = { step: 'summary', data: { d: D, mediaIds: [] } };
    expect(finishIntent(partial, tap(confirmReportAction, { d: D }), person())).toBeNull();
    expect(finishIntent(atSummary, tap(confirmReportAction, { d: D }), person())).toEqual({ kind: 'confirm' });
    expect(finishIntent(atSummary, tap(confirmReportAction, { d: D }), person('guest'))).toBeNull();
  });

  it('cancel from the summary ends the report', () => {
    const result = report(atSummary, tap(cancelReportAction, { d: D }));
    expect(result.state).toBeNull();
    expect(textsOf(result)).toBe(reportTexts.cancelled);
  });
});

function track(state: { step: string; data: TrackData } | null, input: FlowInput, prepared: TrackPrepared = {}, who: Person = person()) {
  return trackStep(state, input, NOW, { person: who, prepared });
}

describe('ติดตามงานซ่อม', () => {
  it('shows cancel on a new ticket to its reporter, confirm/reopen on a resolved one', () => {
    const result = track(null, text('ติดตามงานซ่อม'), { tickets: [ticket(), ticket({ id: 42, status: 'resolved', version: 5 })] });
    const json = JSON.stringify(repliesOf(result));
    expect(json).toContain(trackLabels.cancel);
    expect(json).toContain(trackLabels.confirm);
    expect(json).toContain(trackLabels.reopen);
    expect(textsOf(result)).toContain('ยังไม่เสร็จ 2 งาน');
  });

  it('a cancel button drawn for an earlier version is stale; another teacher of the school may not cancel', () => {
    expect(track(null, tap(cancelTicketAction, { t: 41, v: 1 }), { ticket: ticket({ version: 2 }) }).effects).toEqual([{ kind: 'staleButton' }]);
    const other = track(null, tap(cancelTicketAction, { t: 41, v: 1 }), { ticket: ticket() }, person('teacher', { id: 8 }));
    expect(textsOf(other)).toBe(trackTexts.notYours);
  });

  it('confirming offers the reporter a rating; a low rating asks for a comment that goes to the group director', () => {
    const confirmed = track(null, tap(confirmFixedAction, { t: 41, v: 5 }), { ticket: ticket({ status: 'resolved', version: 5 }) });
    expect(commandsOf(confirmed)).toEqual([{ type: 'schoolTicketDecision', ticketId: 41, expectedVersion: 5, decision: 'confirm', note: null }]);
    expect(quickLabels(confirmed)).toEqual([...trackLabels.scores]);

    const low = track(null, tap(rateAction, { t: 41, s: 2 }), { ticket: ticket({ status: 'confirmed', version: 6 }) });
    expect(low.state).toEqual({ step: 'comment', data: { t: 41, s: 2 } });
    expect(commandsOf(low)).toEqual([]);
    const menuTapped = track(low.state, text('แจ้งซ่อม'), { ticket: ticket({ status: 'confirmed', version: 6 }) });
    expect(menuTapped.state).toEqual(low.state);
    expect(commandsOf(menuTapped)).toEqual([]);
    const director = person('group_director', { id: 2, lineUserId: 'UDIR', schoolId: null, fullName: 'ผอ.กลุ่ม' });
    const commented = track(low.state, text('ช่างมาช้ามาก'), { ticket: ticket({ status: 'confirmed', version: 6 }), directors: [director] });
    expect(commandsOf(commented)).toEqual([{ type: 'rateRepairTicket', ticketId: 41, rating: 2, comment: 'ช่างมาช้ามาก' }]);
    const push = commented.effects.find((e) => e.kind === 'push');
    expect(push).toMatchObject({ kind: 'push', to: 'UDIR' });
    expect(JSON.stringify(push)).toContain('ช่างมาช้ามาก');
  });

  it('a good rating is recorded at once; only the reporter rates, once', () => {
    const good = track(null, tap(rateAction, { t: 41, s: 5 }), { ticket: ticket({ status: 'closed' }) });
    expect(commandsOf(good)).toEqual([{ type: 'rateRepairTicket', ticketId: 41, rating: 5, comment: null }]);
    expect(textsOf(track(null, tap(rateAction, { t: 41, s: 5 }), { ticket: ticket({ status: 'closed' }) }, person('school_director', { id: 9 })))).toBe(trackTexts.onlyReporterRates);
    expect(textsOf(track(null, tap(rateAction, { t: 41, s: 4 }), { ticket: ticket({ status: 'closed', rating: 3 }) }))).toBe(trackTexts.ratedAlready(3));
  });

  it('reopening needs a resolved ticket; a teacher of the school may say it still does not work', () => {
    const reopened = track(null, tap(reopenAction, { t: 41, v: 5 }), { ticket: ticket({ status: 'resolved', version: 5, reporterId: 99 }) });
    expect(commandsOf(reopened)).toMatchObject([{ decision: 'reopen' }]);
    expect(track(null, tap(reopenAction, { t: 41, v: 5 }), { ticket: ticket({ status: 'accepted', version: 5 }) }).effects).toEqual([{ kind: 'staleButton' }]);
  });
});
