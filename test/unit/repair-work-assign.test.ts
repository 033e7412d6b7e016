import { describe, expect, it } from '@jest/globals';
import type { FlowInput, FlowState, StepResult } from '../../src/bot/flow.ts';
import type { TicketView } from '../../src/db/repos/repair-work-views.ts';
import type { Person } from '../../src/domain/people.ts';
import { PICKER_LABELS } from '../../src/kit/picker.ts';
import { QUICK_REPLY_MAX } from '../../src/kit/steps.ts';
import { assignAction, assignMoreAction } from '../../src/flows/repair-work/actions.ts';
import { repairWorkStep } from '../../src/flows/repair-work/flow.ts';
import type { RepairWorkData, RepairWorkPrepared } from '../../src/flows/repair-work/prepare.ts';

const now = new Date('2027-03-01T02:00:00Z');
const director: Person = {
  id: 1, officeId: 'default', channelId: 'c', lineUserId: 'Udirector', fullName: 'ผอ.กลุ่ม ดูแล', phone: null, role: 'group_director', schoolId: null, schoolName: null, status: 'active', consentAt: null, createdAt: now,
};
const ticket: TicketView = {
  id: 7, officeId: 'default', number: 'ซ่อม 2570/0007', status: 'new', version: 2, priority: 'normal', schoolId: 1, schoolName: 'โรงเรียนบ้านหนองบัว', district: 'เมือง',
  categoryLabel: 'DLTV', description: 'จอดับ', classroom: null, reporterId: 2, reporterName: 'ครู', reporterPhone: null, reporterLineUserId: null, assigneeId: null, assigneeName: null,
  assigneeLineUserId: null, visitAt: null, waitingReason: null, waitingSince: null, pausedOfficeMinutes: 0, acceptDueAt: null, resolveDueAt: null, acceptedAt: null, resolvedAt: null,
  confirmedAt: null, closedAt: null, rating: null, acceptEscalationLevel: 0, resolveEscalationLevel: 0, createdAt: now, firstPhotoId: null, photoCount: 0, dltvRegister: [],
};
// Twenty technicians: more than one page of quick replies.
const technicians = Array.from({ length: 20 }, (_, i) => ({ id: 100 + i, fullName: i === 15 ? 'ช่างสมชาย ใจดี' : `ช่างคนที่ ${i + 1}`, lineUserId: `Utech${i}` }));
const prepared: RepairWorkPrepared = { ticket, technicians };

const tap = (action: typeof assignAction | typeof assignMoreAction, payload: object): FlowInput => ({ kind: 'postback', userId: 'Udirector', action, payload, params: {} });
const step = (state: FlowState<RepairWorkData> | null, input: FlowInput): StepResult<RepairWorkData> => repairWorkStep(state, input, now, { person: director, prepared });
const quickLabels = (result: StepResult<RepairWorkData>): string[] => {
  const effect = result.effects.find((e) => e.kind === 'reply');
  const message = effect?.kind === 'reply' ? effect.messages[0] : undefined;
  return (message?.quickReply?.items ?? []).map((i) => i.action?.label ?? '');
};

describe('assigning a ticket: the technicians are offered a page at a time, and a typed name narrows them', () => {
  it('twenty technicians: the first page has ถัดไป and stays within LINE’s 13 quick replies; the next page goes back with ก่อนหน้า', () => {
    const first = step(null, tap(assignAction, { t: 7, v: 2 }));
    const labels = quickLabels(first);
    expect(labels.length).toBeLessThanOrEqual(QUICK_REPLY_MAX);
    expect(labels).toContain(PICKER_LABELS.next);
    expect(labels).toContain('ช่างคนที่ 1');
    expect(first.state?.step).toBe('assignPick');

    const shownFirst = labels.filter((l) => l !== PICKER_LABELS.next).length;
    const second = quickLabels(step(first.state, tap(assignMoreAction, { t: 7, v: 2, o: shownFirst })));
    expect(second).toContain(PICKER_LABELS.previous);
    expect(second).toContain('ช่างคนที่ 20');
    expect(second).not.toContain('ช่างคนที่ 1');
  });

  it('typing part of a name shows only the technicians it matches', () => {
    const first = step(null, tap(assignAction, { t: 7, v: 2 }));
    const narrowed = step(first.state, { kind: 'text', userId: 'Udirector', text: 'สมชาย' });
    expect(quickLabels(narrowed)).toEqual(['ช่างสมชาย ใจดี']);
  });

  it('a page button of a ticket changed since is no longer valid', () => {
    expect(step(null, tap(assignMoreAction, { t: 7, v: 1, o: 11 })).effects).toEqual([{ kind: 'staleButton' }]);
  });
});
