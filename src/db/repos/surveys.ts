import { and, asc, count, desc, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { dltvRegister, people, schoolSurveyContacts, schools, surveyEvents, surveyForms, surveyResponses, surveyRounds } from '../schema.ts';
import { isSchoolContact } from './school-answerer.ts';
import { answersSchema, type Answers } from '../../domain/surveys/answers.ts';
import { formDefinitionSchema, type FormDefinition } from '../../domain/surveys/form.ts';
import type { Expected } from '../../domain/surveys/results.ts';
import { audienceRoles, OFFICE_STAFF_ROLES, type SchoolScope } from '../../domain/surveys/round.ts';
import {
  roundsOpenTo,
  type Audience,
  type FormState,
  type Respondent,
  type ResponseState,
  type ReviewDecision,
  type ReviewOutcome,
  type RoundState,
  REVIEW_OUTCOME,
  type SurveyForm,
  type SurveyResponse,
  type SurveyRound,
} from '../../domain/surveys/round.ts';

export type { SurveyForm, SurveyResponse, SurveyRound } from '../../domain/surveys/round.ts';

/** Survey forms, rounds, responses and their history (issue 13). Rules are the domain's (src/domain/surveys/). */

type FormRow = typeof surveyForms.$inferSelect;
type RoundRow = typeof surveyRounds.$inferSelect;
type ResponseRow = typeof surveyResponses.$inferSelect;

function toForm(row: FormRow): SurveyForm {
  // Stored definitions passed this schema when imported; reading them through it again fills the defaults.
  return { id: row.id, officeId: row.officeId, key: row.key, version: row.version, title: row.title, definition: formDefinitionSchema.parse(row.definition), state: row.state as FormState };
}

function toRound(row: RoundRow): SurveyRound {
  return {
    id: row.id,
    officeId: row.officeId,
    formId: row.formId,
    title: row.title,
    audience: row.audience as Audience,
    district: row.district,
    respondentIds: row.respondentIds ?? null,
    schoolIds: row.schoolIds ?? null,
    schoolScope: row.schoolScope ?? null,
    vcSessionId: row.vcSessionId ?? null,
    presetAnswers: row.presetAnswers ? answersSchema.parse(row.presetAnswers) : null,
    opensAt: row.opensAt,
    closesOn: row.closesOn,
    state: row.state as RoundState,
    version: row.version,
  };
}

function toResponse(row: ResponseRow): SurveyResponse {
  return {
    id: row.id,
    roundId: row.roundId,
    respondentKey: row.respondentKey,
    schoolId: row.schoolId,
    personId: row.personId,
    formVersion: row.formVersion,
    answers: answersSchema.parse(row.answers),
    state: row.state as ResponseState,
    version: row.version,
    updatedAt: row.updatedAt,
    submittedAt: row.submittedAt,
    review: (row.review as ReviewOutcome | null) ?? null,
    reviewNote: row.reviewNote,
  };
}

export type FormImport = { outcome: 'inserted' | 'same'; form: SurveyForm } | { outcome: 'conflict'; form: SurveyForm };

/**
 * Stores a form version. The same key and version stored already: the same definition is that form ('same'); a
 * different one is refused ('conflict': a changed form is a new version, responses keep the one they answered).
 */
export async function importForm(ex: Executor, officeId: string, definition: FormDefinition, createdBy: number | null, now: Date): Promise<FormImport> {
  const [inserted] = await ex
    .insert(surveyForms)
    .values({ officeId, key: definition.key, version: definition.version, title: definition.title, definition, state: 'draft', createdBy, createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning();
  if (inserted) return { outcome: 'inserted', form: toForm(inserted) };
  const [existing] = await ex
    .select()
    .from(surveyForms)
    .where(and(eq(surveyForms.officeId, officeId), eq(surveyForms.key, definition.key), eq(surveyForms.version, definition.version)));
  const form = toForm(existing!);
  return { outcome: JSON.stringify(form.definition) === JSON.stringify(definition) ? 'same' : 'conflict', form };
}

export async function getForm(ex: Executor, officeId: string, id: number): Promise<SurveyForm | null> {
  const [row] = await ex.select().from(surveyForms).where(and(eq(surveyForms.officeId, officeId), eq(surveyForms.id, id)));
  return row ? toForm(row) : null;
}

export async function listForms(ex: Executor, officeId: string): Promise<SurveyForm[]> {
  const rows = await ex.select().from(surveyForms).where(eq(surveyForms.officeId, officeId)).orderBy(asc(surveyForms.key), asc(surveyForms.version));
  return rows.map(toForm);
}

export async function countForms(ex: Executor, officeId: string): Promise<number> {
  const [row] = await ex.select({ n: count() }).from(surveyForms).where(eq(surveyForms.officeId, officeId));
  return row?.n ?? 0;
}

export async function setFormState(ex: Executor, officeId: string, formId: number, state: FormState, now: Date): Promise<void> {
  await ex.update(surveyForms).set({ state, updatedAt: now }).where(and(eq(surveyForms.officeId, officeId), eq(surveyForms.id, formId)));
}

export interface RoundInput {
  officeId: string;
  formId: number;
  title: string;
  audience: Audience;
  district: string | null;
  /** An `attendees` round: the people it is sent to. */
  respondentIds?: number[] | null;
  /** Only these schools, and which they are (`SurveyRound.schoolScope`). */
  schoolIds?: number[] | null;
  schoolScope?: string | null;
  /** The video conference it evaluates. */
  vcSessionId?: number | null;
  /** Answers given for every respondent (`SurveyRound.presetAnswers`). */
  presetAnswers?: Answers | null;
  opensAt: Date;
  closesOn: string;
  createdBy: number | null;
}

/** Opens a round of the form (the form becomes open too), recorded in the round's history. */
export async function openRound(ex: Executor, input: RoundInput, now: Date): Promise<SurveyRound> {
  const [row] = await ex.insert(surveyRounds).values({ ...input, state: 'open', createdAt: now }).returning();
  await setFormState(ex, input.officeId, input.formId, 'open', now);
  await addSurveyEvent(ex, { officeId: input.officeId, roundId: row!.id, actorId: input.createdBy, action: 'opened', data: { audience: input.audience, district: input.district, schoolScope: input.schoolScope ?? null, closesOn: input.closesOn } }, now);
  return toRound(row!);
}

/** An `attendees` round sent to more people (the list kept without repeats), recorded in the round's history. */
export async function addRoundRespondents(ex: Executor, officeId: string, roundId: number, personIds: readonly number[], actorId: number | null, now: Date): Promise<void> {
  if (personIds.length === 0) return;
  await ex
    .update(surveyRounds)
    .set({ respondentIds: sql`array(select distinct unnest(${surveyRounds.respondentIds} || ARRAY[${sql.join(personIds.map((id) => sql`${id}`), sql`, `)}]::integer[]) order by 1)`, version: sql`${surveyRounds.version} + 1` })
    .where(and(eq(surveyRounds.officeId, officeId), eq(surveyRounds.id, roundId), eq(surveyRounds.audience, 'attendees')));
  await addSurveyEvent(ex, { officeId, roundId, actorId, action: 'respondents_added', data: { personIds } }, now);
}

/** The rounds that evaluate these video conferences, with their forms (a session without one is left out). */
export async function roundsOfVcSessions(ex: Executor, officeId: string, vcSessionIds: readonly number[]): Promise<Array<{ round: SurveyRound; form: SurveyForm }>> {
  if (vcSessionIds.length === 0) return [];
  const rows = await ex
    .select({ round: surveyRounds, form: surveyForms })
    .from(surveyRounds)
    .innerJoin(surveyForms, eq(surveyForms.id, surveyRounds.formId))
    .where(and(eq(surveyRounds.officeId, officeId), inArray(surveyRounds.vcSessionId, [...vcSessionIds])))
    .orderBy(asc(surveyRounds.id));
  return rows.map((row) => ({ round: toRound(row.round), form: toForm(row.form) }));
}

/** The round that evaluates a video conference, with its form (null: none sent yet). */
export async function roundOfVcSession(ex: Executor, officeId: string, vcSessionId: number): Promise<{ round: SurveyRound; form: SurveyForm } | null> {
  return (await roundsOfVcSessions(ex, officeId, [vcSessionId]))[0] ?? null;
}

/** The newest stored version of a form (by its key) that is not closed, or null. */
export async function latestFormOfKey(ex: Executor, officeId: string, key: string): Promise<SurveyForm | null> {
  const [row] = await ex
    .select()
    .from(surveyForms)
    .where(and(eq(surveyForms.officeId, officeId), eq(surveyForms.key, key), sql`${surveyForms.state} <> 'closed'`))
    .orderBy(desc(surveyForms.version))
    .limit(1);
  return row ? toForm(row) : null;
}

export async function closeRound(ex: Executor, officeId: string, roundId: number, actorId: number | null, now: Date): Promise<boolean> {
  const closed = await ex
    .update(surveyRounds)
    .set({ state: 'closed', closedAt: now, version: sql`${surveyRounds.version} + 1` })
    .where(and(eq(surveyRounds.officeId, officeId), eq(surveyRounds.id, roundId), eq(surveyRounds.state, 'open')))
    .returning({ id: surveyRounds.id });
  if (closed.length === 0) return false;
  await addSurveyEvent(ex, { officeId, roundId, actorId, action: 'closed' }, now);
  return true;
}

export async function getRound(ex: Executor, officeId: string, id: number): Promise<{ round: SurveyRound; form: SurveyForm } | null> {
  const [row] = await ex
    .select({ round: surveyRounds, form: surveyForms })
    .from(surveyRounds)
    .innerJoin(surveyForms, eq(surveyForms.id, surveyRounds.formId))
    .where(and(eq(surveyRounds.officeId, officeId), eq(surveyRounds.id, id)));
  return row ? { round: toRound(row.round), form: toForm(row.form) } : null;
}

export async function listRounds(ex: Executor, officeId: string): Promise<Array<{ round: SurveyRound; form: SurveyForm }>> {
  const rows = await ex
    .select({ round: surveyRounds, form: surveyForms })
    .from(surveyRounds)
    .innerJoin(surveyForms, eq(surveyForms.id, surveyRounds.formId))
    .where(eq(surveyRounds.officeId, officeId))
    .orderBy(desc(surveyRounds.id));
  return rows.map((r) => ({ round: toRound(r.round), form: toForm(r.form) }));
}

/** A round open to a person, with the response they write into (their school's or their own), if started. */
export interface OpenSurvey {
  round: SurveyRound;
  form: SurveyForm;
  respondentKey: string;
  response: SurveyResponse | null;
}

/** Who the person is as an audience sees them: role, school, the school's district, whether its contact. */
export async function respondentOf(ex: Executor, person: { id: number; officeId: string; role: Respondent['role']; schoolId: number | null }): Promise<Respondent> {
  if (person.schoolId === null) return { id: person.id, role: person.role, schoolId: null, district: null };
  const [school] = await ex
    .select({ district: schools.district, schoolContact: isSchoolContact })
    .from(people)
    .innerJoin(schools, and(eq(schools.officeId, person.officeId), eq(schools.id, people.schoolId)))
    .where(eq(people.id, person.id));
  return { id: person.id, role: person.role, schoolId: person.schoolId, district: school?.district ?? null, schoolContact: school?.schoolContact ?? false };
}

/** The office's rounds in the open state with their forms, oldest first. */
export async function openRoundsOf(ex: Executor, officeId: string): Promise<Array<{ round: SurveyRound; form: SurveyForm }>> {
  const rows = await ex
    .select({ round: surveyRounds, form: surveyForms })
    .from(surveyRounds)
    .innerJoin(surveyForms, eq(surveyForms.id, surveyRounds.formId))
    .where(and(eq(surveyRounds.officeId, officeId), eq(surveyRounds.state, 'open')))
    .orderBy(asc(surveyRounds.id));
  return rows.map((row) => ({ round: toRound(row.round), form: toForm(row.form) }));
}

/** The responses of these rounds (of these respondents, when given), in one query. */
export async function responsesOfRounds(ex: Executor, roundIds: readonly number[], keys?: readonly string[]): Promise<SurveyResponse[]> {
  if (roundIds.length === 0 || keys?.length === 0) return [];
  const rows = await ex
    .select()
    .from(surveyResponses)
    .where(and(inArray(surveyResponses.roundId, [...roundIds]), keys ? inArray(surveyResponses.respondentKey, [...keys]) : undefined));
  return rows.map(toResponse);
}

/** The rounds of the person's office open to them now, oldest first, each with its response as it stands. */
export async function openSurveysFor(ex: Executor, officeId: string, respondent: Respondent, now: Date): Promise<OpenSurvey[]> {
  const mine = roundsOpenTo(await openRoundsOf(ex, officeId), respondent, now);
  const responses = await responsesOfRounds(ex, mine.map((s) => s.round.id), [...new Set(mine.map((s) => s.respondentKey))]);
  return mine.map((s) => ({ ...s, response: responses.find((r) => r.roundId === s.round.id && r.respondentKey === s.respondentKey) ?? null }));
}

export async function getResponse(ex: Executor, roundId: number, respondentKey: string, opts: { lock?: boolean } = {}): Promise<SurveyResponse | null> {
  const query = ex.select().from(surveyResponses).where(and(eq(surveyResponses.roundId, roundId), eq(surveyResponses.respondentKey, respondentKey)));
  const [row] = opts.lock ? await query.for('update') : await query;
  return row ? toResponse(row) : null;
}

/** A draft's answers as they are written: the response's own fields, and the office it belongs to. */
export type DraftInput = Pick<SurveyResponse, 'roundId' | 'respondentKey' | 'schoolId' | 'personId' | 'formVersion' | 'answers'> & { officeId: string };

/**
 * Keeps the answers so far as the response's draft (created on the first answer). A submitted response is not
 * touched: 'submitted' is returned instead.
 */
export async function saveDraft(ex: Executor, input: DraftInput, now: Date): Promise<{ outcome: 'saved'; response: SurveyResponse } | { outcome: 'submitted' }> {
  const [row] = await ex
    .insert(surveyResponses)
    .values({ ...input, state: 'draft', createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [surveyResponses.roundId, surveyResponses.respondentKey],
      set: { answers: input.answers, personId: input.personId, formVersion: input.formVersion, updatedAt: now, version: sql`${surveyResponses.version} + 1` },
      setWhere: eq(surveyResponses.state, 'draft'),
    })
    .returning({ id: surveyResponses.id, inserted: sql<boolean>`(xmax = 0)` });
  if (!row) return { outcome: 'submitted' };
  if (row.inserted) {
    await addSurveyEvent(ex, { officeId: input.officeId, roundId: input.roundId, responseId: row.id, actorId: input.personId, action: 'started', data: { respondent: input.respondentKey } }, now);
  }
  const saved = await getResponse(ex, input.roundId, input.respondentKey);
  return { outcome: 'saved', response: saved! };
}

/** Submits the draft as it was seen (`expectedVersion`) with its checked answers; 'stale' when it changed or is submitted. */
export async function submitResponse(
  ex: Executor,
  input: { officeId: string; responseId: number; expectedVersion: number; personId: number; answers: Answers },
  now: Date,
): Promise<'submitted' | 'stale'> {
  const [row] = await ex
    .update(surveyResponses)
    // A resubmission after a correction waits for a new review.
    .set({ state: 'submitted', answers: input.answers, submittedAt: now, submittedBy: input.personId, updatedAt: now, review: null, version: sql`${surveyResponses.version} + 1` })
    .where(
      and(
        eq(surveyResponses.officeId, input.officeId),
        eq(surveyResponses.id, input.responseId),
        eq(surveyResponses.version, input.expectedVersion),
        eq(surveyResponses.state, 'draft'),
      ),
    )
    .returning({ roundId: surveyResponses.roundId, respondentKey: surveyResponses.respondentKey });
  if (!row) return 'stale';
  await addSurveyEvent(ex, { officeId: input.officeId, roundId: row.roundId, responseId: input.responseId, actorId: input.personId, action: 'submitted', data: { respondent: row.respondentKey } }, now);
  return 'submitted';
}

export interface SurveyEventInput {
  officeId: string;
  roundId: number;
  responseId?: number | null;
  actorId: number | null;
  action: string;
  data?: Record<string, unknown>;
}

export async function addSurveyEvent(ex: Executor, event: SurveyEventInput, now: Date): Promise<void> {
  await ex.insert(surveyEvents).values({ ...event, responseId: event.responseId ?? null, data: event.data ?? {}, at: now });
}

export async function surveyEventsOf(ex: Executor, roundId: number): Promise<Array<{ action: string; actorId: number | null; responseId: number | null; data: Record<string, unknown>; at: Date }>> {
  const rows = await ex.select().from(surveyEvents).where(eq(surveyEvents.roundId, roundId)).orderBy(asc(surveyEvents.id));
  return rows.map((r) => ({ action: r.action, actorId: r.actorId, responseId: r.responseId, data: (r.data ?? {}) as Record<string, unknown>, at: r.at }));
}

/** Who opened the round (its `opened` event's actor; null when a command or the demo opened it). */
export async function roundOpenedBy(ex: Executor, roundId: number): Promise<number | null> {
  const [row] = await ex
    .select({ actorId: surveyEvents.actorId })
    .from(surveyEvents)
    .where(and(eq(surveyEvents.roundId, roundId), eq(surveyEvents.action, 'opened')))
    .orderBy(asc(surveyEvents.id))
    .limit(1);
  return row?.actorId ?? null;
}

/** How many responses of a round are drafts and how many are submitted. */
export async function roundResponseCounts(ex: Executor, roundId: number): Promise<{ draft: number; submitted: number }> {
  const rows = await ex.select({ state: surveyResponses.state, n: count() }).from(surveyResponses).where(eq(surveyResponses.roundId, roundId)).groupBy(surveyResponses.state);
  return { draft: rows.find((r) => r.state === 'draft')?.n ?? 0, submitted: rows.find((r) => r.state === 'submitted')?.n ?? 0 };
}

/**
 * Whom a round expects an answer from: every school of the office (of its district, when it names one) for a
 * school form; for a form answered by each person, every active member of the audience — the office's staff, or
 * the schools' directors (and teachers) of the district, each under their school's district (the feedback after a
 * training for schools).
 */
export async function expectedRespondents(ex: Executor, round: SurveyRound, form: SurveyForm): Promise<Expected[]> {
  // A round to some schools (a cluster's, the DLTV schools, chosen ones) expects only theirs.
  const ofSchools = round.schoolIds === null ? undefined : inArray(schools.id, round.schoolIds.length > 0 ? round.schoolIds : [0]);
  if (form.definition.respondent === 'school') {
    const rows = await ex
      .select({ id: schools.id, name: schools.name, district: schools.district, smis: schools.smisCode, obec: schools.obecCode })
      .from(schools)
      .where(and(eq(schools.officeId, round.officeId), round.district === null ? undefined : eq(schools.district, round.district), ofSchools))
      .orderBy(asc(schools.name));
    return rows.map((r) => ({ key: `school:${r.id}`, name: r.name, district: r.district, code: r.smis ?? r.obec }));
  }
  if (round.audience === 'attendees') {
    // Each under their school's district; the office's own staff under สำนักงาน.
    const rows = await ex
      .select({ id: people.id, name: people.fullName, school: schools.name, district: schools.district })
      .from(people)
      .leftJoin(schools, eq(schools.id, people.schoolId))
      .where(and(eq(people.officeId, round.officeId), inArray(people.id, round.respondentIds?.length ? round.respondentIds : [0])))
      .orderBy(asc(people.fullName));
    return rows.map((r) => ({ key: `person:${r.id}`, name: r.school ? `${r.name} (${r.school})` : r.name, district: r.district ?? 'สำนักงาน' }));
  }
  if (round.audience !== 'office_staff') {
    const rows = await ex
      .select({ id: people.id, name: people.fullName, school: schools.name, district: schools.district })
      .from(people)
      .innerJoin(schools, eq(schools.id, people.schoolId))
      .where(
        and(
          eq(people.officeId, round.officeId),
          eq(people.status, 'active'),
          inArray(people.role, [...audienceRoles(round.audience)]),
          round.district === null ? undefined : eq(schools.district, round.district),
          ofSchools,
        ),
      )
      .orderBy(asc(people.fullName));
    return rows.map((r) => ({ key: `person:${r.id}`, name: `${r.name} (${r.school})`, district: r.district }));
  }
  const rows = await ex
    .select({ id: people.id, name: people.fullName })
    .from(people)
    .where(and(eq(people.officeId, round.officeId), eq(people.status, 'active'), inArray(people.role, [...OFFICE_STAFF_ROLES])))
    .orderBy(asc(people.fullName));
  return rows.map((r) => ({ key: `person:${r.id}`, name: r.name, district: 'สำนักงาน' }));
}

/** The submitted responses of a round, oldest first. */
export async function submittedResponses(ex: Executor, roundId: number): Promise<SurveyResponse[]> {
  const rows = await ex
    .select()
    .from(surveyResponses)
    .where(and(eq(surveyResponses.roundId, roundId), eq(surveyResponses.state, 'submitted')))
    .orderBy(asc(surveyResponses.submittedAt), asc(surveyResponses.id));
  return rows.map(toResponse);
}

/** Locks a round's row for a sweep (the round read again in the same transaction); null when not in the office. */
export async function lockRound(ex: Executor, officeId: string, roundId: number): Promise<{ round: SurveyRound; form: SurveyForm } | null> {
  const [locked] = await ex
    .select({ id: surveyRounds.id })
    .from(surveyRounds)
    .where(and(eq(surveyRounds.officeId, officeId), eq(surveyRounds.id, roundId)))
    .for('update');
  return locked ? getRound(ex, officeId, roundId) : null;
}

export async function openRoundIds(ex: Executor, officeId: string): Promise<number[]> {
  const rows = await ex.select({ id: surveyRounds.id }).from(surveyRounds).where(and(eq(surveyRounds.officeId, officeId), eq(surveyRounds.state, 'open'))).orderBy(asc(surveyRounds.id));
  return rows.map((r) => r.id);
}

/** A person of the office who can be reached (active, with a LINE id), as an audience sees them. */
export interface ReachableRespondent extends Respondent {
  fullName: string;
  channelId: string;
  lineUserId: string;
}

/**
 * The office's reachable people of these roles, with their school's district; with the schools' contacts too when
 * the roles are the school directors' (a contact answers for the school in their place).
 */
export async function reachableRespondents(ex: Executor, officeId: string, roles: readonly Respondent['role'][]): Promise<ReachableRespondent[]> {
  if (roles.length === 0) return [];
  const wanted = roles.includes('school_director') ? or(inArray(people.role, [...roles]), isSchoolContact) : inArray(people.role, [...roles]);
  const rows = await ex
    .select({ id: people.id, fullName: people.fullName, role: people.role, schoolId: people.schoolId, district: schools.district, channelId: people.channelId, lineUserId: people.lineUserId, schoolContact: isSchoolContact })
    .from(people)
    .leftJoin(schools, eq(schools.id, people.schoolId))
    .where(and(eq(people.officeId, officeId), eq(people.status, 'active'), isNotNull(people.lineUserId), wanted))
    .orderBy(asc(people.id));
  return rows.map((r) => ({ ...r, role: r.role as Respondent['role'], district: r.district ?? null, lineUserId: r.lineUserId! }));
}

/**
 * The school's contact for its surveys, while still an active teacher of the school (null: none, or one who moved or
 * left: its director answers).
 */
export async function schoolSurveyContactOf(ex: Executor, officeId: string, schoolId: number): Promise<{ id: number; fullName: string } | null> {
  const [row] = await ex
    .select({ id: people.id, fullName: people.fullName })
    .from(schoolSurveyContacts)
    .innerJoin(people, and(eq(people.id, schoolSurveyContacts.personId), eq(people.schoolId, schoolSurveyContacts.schoolId), eq(people.role, 'teacher'), eq(people.status, 'active')))
    .where(and(eq(schoolSurveyContacts.officeId, officeId), eq(schoolSurveyContacts.schoolId, schoolId)));
  return row ?? null;
}

/** Names the school's contact (replacing any), or (null) hands its surveys back to its director. */
export async function setSchoolSurveyContact(ex: Executor, officeId: string, schoolId: number, personId: number | null, namedBy: number, now: Date): Promise<void> {
  if (personId === null) {
    await ex.delete(schoolSurveyContacts).where(and(eq(schoolSurveyContacts.officeId, officeId), eq(schoolSurveyContacts.schoolId, schoolId)));
    return;
  }
  await ex
    .insert(schoolSurveyContacts)
    .values({ schoolId, officeId, personId, namedBy, namedAt: now })
    .onConflictDoUpdate({ target: schoolSurveyContacts.schoolId, set: { personId, namedBy, namedAt: now } });
}

/** The respondent keys of a round that have submitted. */
export async function submittedKeys(ex: Executor, roundId: number): Promise<Set<string>> {
  const rows = await ex
    .select({ key: surveyResponses.respondentKey })
    .from(surveyResponses)
    .where(and(eq(surveyResponses.roundId, roundId), eq(surveyResponses.state, 'submitted')));
  return new Set(rows.map((r) => r.key));
}

/** The schools of a cluster, the DLTV schools (those with a line in the DLTV register), or the chosen ones of the office: a round's `schoolIds`. */
export async function schoolIdsOf(ex: Executor, officeId: string, scope: SchoolScope): Promise<number[]> {
  const ofOffice = eq(schools.officeId, officeId);
  const rows =
    scope.kind === 'dltv'
      ? await ex.selectDistinct({ id: dltvRegister.schoolId }).from(dltvRegister).innerJoin(schools, eq(schools.id, dltvRegister.schoolId)).where(ofOffice)
      : await ex
          .select({ id: schools.id })
          .from(schools)
          .where(and(ofOffice, scope.kind === 'cluster' ? eq(schools.cluster, scope.name) : inArray(schools.id, scope.ids.length > 0 ? scope.ids : [0])));
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

export async function getResponseById(ex: Executor, officeId: string, id: number, opts: { lock?: boolean } = {}): Promise<SurveyResponse | null> {
  const query = ex.select().from(surveyResponses).where(and(eq(surveyResponses.officeId, officeId), eq(surveyResponses.id, id)));
  const [row] = opts.lock ? await query.for('update') : await query;
  return row ? toResponse(row) : null;
}

/** The submitted responses of a round no officer has reviewed yet, oldest first. */
export async function responsesToReview(ex: Executor, roundId: number): Promise<SurveyResponse[]> {
  return (await submittedResponses(ex, roundId)).filter((r) => r.review === null);
}

/**
 * An officer's decision on a submitted response as seen at `expectedVersion`: accepted or rejected stay submitted;
 * returned goes back to a draft for the school to correct and submit again. Recorded in the round's history.
 */
export async function reviewResponse(
  ex: Executor,
  input: { officeId: string; responseId: number; expectedVersion: number; decision: ReviewDecision; note: string | null; reviewerId: number },
  now: Date,
): Promise<'reviewed' | 'stale'> {
  const outcome = REVIEW_OUTCOME[input.decision];
  const [row] = await ex
    .update(surveyResponses)
    .set({
      review: outcome,
      reviewNote: input.note,
      reviewedBy: input.reviewerId,
      reviewedAt: now,
      updatedAt: now,
      version: sql`${surveyResponses.version} + 1`,
      ...(input.decision === 'return' ? { state: 'draft', submittedAt: null } : {}),
    })
    .where(and(eq(surveyResponses.officeId, input.officeId), eq(surveyResponses.id, input.responseId), eq(surveyResponses.version, input.expectedVersion), eq(surveyResponses.state, 'submitted')))
    .returning({ roundId: surveyResponses.roundId, respondentKey: surveyResponses.respondentKey });
  if (!row) return 'stale';
  await addSurveyEvent(ex, { officeId: input.officeId, roundId: row.roundId, responseId: input.responseId, actorId: input.reviewerId, action: 'reviewed', data: { decision: outcome, respondent: row.respondentKey, note: input.note } }, now);
  return 'reviewed';
}

/** Moves a round's closing day (the round as seen at `expectedVersion`), recorded in its history. */
export async function changeRoundCloses(ex: Executor, officeId: string, roundId: number, expectedVersion: number, closesOn: string, actorId: number | null, now: Date): Promise<'changed' | 'stale'> {
  const [before] = await ex.select({ closesOn: surveyRounds.closesOn }).from(surveyRounds).where(and(eq(surveyRounds.officeId, officeId), eq(surveyRounds.id, roundId)));
  const changed = await ex
    .update(surveyRounds)
    .set({ closesOn, version: sql`${surveyRounds.version} + 1` })
    .where(and(eq(surveyRounds.officeId, officeId), eq(surveyRounds.id, roundId), eq(surveyRounds.state, 'open'), eq(surveyRounds.version, expectedVersion)))
    .returning({ id: surveyRounds.id });
  if (changed.length === 0) return 'stale';
  await addSurveyEvent(ex, { officeId, roundId, actorId, action: 'closing_changed', data: { from: before?.closesOn, to: closesOn } }, now);
  return 'changed';
}
