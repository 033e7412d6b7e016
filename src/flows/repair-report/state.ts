import { z } from 'zod';
import { postbackFor, type FlowInput, type FlowState } from '../../bot/flow.ts';
import { can } from '../../domain/permissions.ts';
import type { Person } from '../../domain/people.ts';
import { categoryGroupSchema, type CategoryGroup } from '../../domain/repair/categories.ts';
import { confirmReportAction, mergeReportAction, newTicketAnywayAction } from './actions.ts';
import { MAX_PHOTOS } from './messages.ts';

/** A report in progress (the draft), kept in the conversation until it is confirmed or dropped. */
export interface ReportData {
  /** The draft's id (its start time in ms): every button of the draft carries it. */
  d: number;
  group?: CategoryGroup | undefined;
  categoryId?: number | undefined;
  /** "group – category", as chosen (the card shows it without a read). */
  categoryLabel?: string | undefined;
  description?: string | undefined;
  /** Photos already downloaded and kept as drafts (media_files without an owner). */
  mediaIds: number[];
  /** null = asked, and the reporter chose not to say. */
  classroom?: string | null | undefined;
  teachingStopped?: boolean | undefined;
  /** Editing from the summary: after the edited answer the summary comes back. */
  editing?: boolean | undefined;
  /** The school's open ticket of the same kind offered at the duplicate step. */
  duplicateId?: number | undefined;
}

export const reportDataSchema: z.ZodType<ReportData> = z.object({
  d: z.number().int().nonnegative(),
  group: categoryGroupSchema.optional(),
  categoryId: z.number().int().positive().optional(),
  categoryLabel: z.string().optional(),
  description: z.string().optional(),
  mediaIds: z.array(z.number().int().positive()).max(MAX_PHOTOS),
  classroom: z.string().nullable().optional(),
  teachingStopped: z.boolean().optional(),
  editing: z.boolean().optional(),
  duplicateId: z.number().int().positive().optional(),
});

export type ReportState = FlowState<ReportData>;

/** Every answer is in: the summary can be confirmed. */
export interface CompleteReport {
  categoryId: number;
  description: string;
  classroom: string | null;
  teachingStopped: boolean;
  mediaIds: number[];
}

export function completeReport(data: ReportData): CompleteReport | null {
  if (data.categoryId === undefined || data.description === undefined || data.teachingStopped === undefined) return null;
  return {
    categoryId: data.categoryId,
    description: data.description,
    classroom: data.classroom ?? null,
    teachingStopped: data.teachingStopped,
    mediaIds: data.mediaIds,
  };
}

/** The person may report for a school (a staff member without a school cannot). */
export function canReportForSchool(person: Person | null): person is Person & { schoolId: number } {
  return person !== null && can(person.role, 'report_fault') && person.schoolId !== null;
}

/**
 * What a confirming tap asks for, when it is valid now. `prepare` and the step both read the tap through
 * this one function, so a number is taken exactly when the step will use it (no gaps in the register).
 */
export type FinishIntent = { kind: 'confirm' } | { kind: 'new' } | { kind: 'merge'; ticketId: number };

export function finishIntent(state: ReportState | null, input: FlowInput, person: Person | null): FinishIntent | null {
  if (!state || !canReportForSchool(person) || !completeReport(state.data)) return null;
  const confirm = postbackFor(input, confirmReportAction);
  if (confirm) return state.step === 'summary' && confirm.payload.d === state.data.d ? { kind: 'confirm' } : null;
  const again = postbackFor(input, newTicketAnywayAction);
  if (again) return state.step === 'duplicate' && again.payload.d === state.data.d ? { kind: 'new' } : null;
  const merge = postbackFor(input, mergeReportAction);
  if (merge) {
    const valid = state.step === 'duplicate' && merge.payload.d === state.data.d && merge.payload.t === state.data.duplicateId;
    return valid ? { kind: 'merge', ticketId: merge.payload.t } : null;
  }
  return null;
}

/** A picture the step will keep: at the description or photo step, while there is room. */
export function photoWanted(state: ReportState | null, input: FlowInput, person: Person | null): boolean {
  return (
    input.kind === 'image' &&
    canReportForSchool(person) &&
    (state?.step === 'describe' || state?.step === 'photos') &&
    state.data.mediaIds.length < MAX_PHOTOS
  );
}
