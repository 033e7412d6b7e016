import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { historyColumns, offices, people, schools } from '../schema.ts';
import { vcSessions } from './vc.ts';

/**
 * Surveys (issue 13): forms as versioned definitions (src/domain/surveys/form.ts), rounds that send one form
 * version to an audience until a closing day, the responses (one per school or per person: `respondent_key`),
 * and the rounds' history.
 */

/** A form definition of one version; `definition` is the zod-checked JSON, read back through the same schema. */
export const surveyForms = pgTable(
  'survey_forms',
  {
    id: serial('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    definition: jsonb('definition').notNull(),
    /** draft | open | closed (src/domain/surveys/round.ts FORM_STATES). */
    state: text('state').notNull().default('draft'),
    createdBy: integer('created_by').references(() => people.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('survey_forms_key_version_uq').on(t.officeId, t.key, t.version), check('survey_forms_state_ck', sql`${t.state} IN ('draft', 'open', 'closed')`)],
);

/** One sending of a form (a campaign): to whom, from when, until which day. */
export const surveyRounds = pgTable(
  'survey_rounds',
  {
    id: serial('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    formId: integer('form_id')
      .notNull()
      .references(() => surveyForms.id),
    title: text('title').notNull(),
    /** school_directors | school_teachers | office_staff | attendees (the people of `respondentIds`). */
    audience: text('audience').notNull(),
    /** The attendees an activity sent the round to (people ids); null for an audience by role. */
    respondentIds: integer('respondent_ids').array(),
    /** The video conference whose evaluation the round is (one round per session). */
    vcSessionId: integer('vc_session_id').references(() => vcSessions.id),
    /** Only the schools of this district; null = all the office's schools. */
    district: text('district'),
    /** Only these schools (fixed when sent), and which they are: `cluster:<name>`, `dltv` or `chosen`; null = no such limit. */
    schoolIds: integer('school_ids').array(),
    schoolScope: text('school_scope'),
    /** Answers the round gives every respondent (question id → answer), shown as answered and never asked; null = none. */
    presetAnswers: jsonb('preset_answers'),
    opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
    /** The last day answers are taken, YYYY-MM-DD (Bangkok). */
    closesOn: text('closes_on').notNull(),
    /** open | closed. */
    state: text('state').notNull().default('open'),
    version: integer('version').notNull().default(1),
    createdBy: integer('created_by').references(() => people.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    index('survey_rounds_open_idx').on(t.officeId, t.state),
    check('survey_rounds_state_ck', sql`${t.state} IN ('open', 'closed')`),
    check('survey_rounds_audience_ck', sql`${t.audience} IN ('school_directors', 'school_teachers', 'office_staff', 'attendees')`),
    check('survey_rounds_attendees_ck', sql`(${t.audience} = 'attendees') = (${t.respondentIds} IS NOT NULL)`),
    uniqueIndex('survey_rounds_vc_session_uq').on(t.vcSessionId).where(sql`${t.vcSessionId} IS NOT NULL`),
  ],
);

/** A school's or a person's answers to a round: a draft while being written, then submitted (once). */
export const surveyResponses = pgTable(
  'survey_responses',
  {
    id: serial('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    roundId: integer('round_id')
      .notNull()
      .references(() => surveyRounds.id),
    /** school:<id> or person:<id> (src/domain/surveys/round.ts respondentKeyOf): one response each. */
    respondentKey: text('respondent_key').notNull(),
    schoolId: integer('school_id').references(() => schools.id),
    /** Who last wrote it. */
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    formVersion: integer('form_version').notNull(),
    answers: jsonb('answers').notNull().default({}),
    /** draft | submitted. */
    state: text('state').notNull().default('draft'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedBy: integer('submitted_by').references(() => people.id),
    /** The officer's review of a submitted response: accepted | rejected, or returned (back to a draft to correct). */
    review: text('review'),
    reviewNote: text('review_note'),
    reviewedBy: integer('reviewed_by').references(() => people.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('survey_responses_respondent_uq').on(t.roundId, t.respondentKey), check('survey_responses_state_ck', sql`${t.state} IN ('draft', 'submitted')`)],
);

/** A round's history: opened, closed, a response started or submitted, reminders (the sweeps' marks). */
export const surveyEvents = pgTable(
  'survey_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    roundId: integer('round_id')
      .notNull()
      .references(() => surveyRounds.id),
    responseId: integer('response_id').references(() => surveyResponses.id),
    ...historyColumns(),
  },
  (t) => [index('survey_events_round_idx').on(t.roundId, t.id)],
);

/**
 * Who answers the office's school surveys for a school when not its director: a registered teacher of that school,
 * named by the school's director (src/flows/survey-contact/). One per school; no row: the director.
 */
export const schoolSurveyContacts = pgTable('school_survey_contacts', {
  schoolId: integer('school_id')
    .primaryKey()
    .references(() => schools.id),
  officeId: text('office_id')
    .notNull()
    .references(() => offices.id),
  personId: integer('person_id')
    .notNull()
    .references(() => people.id),
  namedBy: integer('named_by')
    .notNull()
    .references(() => people.id),
  namedAt: timestamp('named_at', { withTimezone: true }).notNull(),
});

export const surveysSchema = { surveyForms, surveyRounds, surveyResponses, surveyEvents, schoolSurveyContacts };
