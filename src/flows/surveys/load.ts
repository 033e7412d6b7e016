import type { Executor } from '../../db/database.ts';
import { getForm, importForm, openRound, schoolIdsOf, type SurveyForm, type SurveyRound } from '../../db/repos/surveys.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import { parseFormDefinition } from '../../domain/surveys/form.ts';
import { AUDIENCE_LABELS, audienceFits, roundDaysProblem, roundOpensAt, schoolScopeKey, type Audience, type SchoolScope } from '../../domain/surveys/round.ts';
import { loadMessages as m } from './messages.ts';

/**
 * An officer's side of surveys without a chat yet: a form loaded from its definition file (checked by the form
 * schema) and opened to an audience until a closing day. The `surveys` command and the demo data use these.
 */

export type LoadResult = { ok: true; form: SurveyForm; outcome: 'inserted' | 'same' } | { ok: false; problems: string[] };

export async function loadFormDefinition(ex: Executor, officeId: string, raw: unknown, createdBy: number | null, now: Date): Promise<LoadResult> {
  const parsed = parseFormDefinition(raw);
  if (!parsed.ok) return parsed;
  const stored = await importForm(ex, officeId, parsed.form, createdBy, now);
  if (stored.outcome === 'conflict') return { ok: false, problems: [m.versionTaken(parsed.form.key, parsed.form.version)] };
  return { ok: true, form: stored.form, outcome: stored.outcome };
}

export interface OpenRequest {
  formId: number;
  audience: Audience;
  district: string | null;
  /** YYYY-MM-DD, the last day answers are taken. */
  closesOn: string;
  /** YYYY-MM-DD, the day it opens (invited, listed); today when omitted. */
  opensOn?: string | undefined;
  /** Only some schools: a cluster's or the DLTV schools (their ids read now). */
  schools?: SchoolScope | undefined;
  title?: string | undefined;
  createdBy: number | null;
}

export async function openSurveyRound(ex: Executor, officeId: string, request: OpenRequest, now: Date): Promise<{ ok: true; round: SurveyRound } | { ok: false; problem: string }> {
  const form = await getForm(ex, officeId, request.formId);
  if (!form) return { ok: false, problem: m.formNotFound(request.formId) };
  if (form.state === 'closed') return { ok: false, problem: m.formClosed };
  if (!audienceFits(form.definition.respondent, request.audience)) return { ok: false, problem: m.audienceMismatch(AUDIENCE_LABELS[request.audience]) };
  const days = roundDaysProblem(request.opensOn ?? bangkokDateKey(now), request.closesOn, now);
  if (days) return { ok: false, problem: m.roundDays[days] };
  const scope = request.schools;
  const schoolIds = scope ? await schoolIdsOf(ex, officeId, scope) : null;
  if (schoolIds?.length === 0) return { ok: false, problem: m.noSchoolsInScope };
  const round = await openRound(
    ex,
    { officeId, formId: form.id, title: request.title ?? form.title, audience: request.audience, district: request.district, schoolIds, schoolScope: scope ? schoolScopeKey(scope) : null, opensAt: roundOpensAt(request.opensOn, now), closesOn: request.closesOn, createdBy: request.createdBy },
    now,
  );
  return { ok: true, round };
}
