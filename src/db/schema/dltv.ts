import { sql } from 'drizzle-orm';
import { type AnyPgColumn, check, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { offices, people, schools } from '../schema.ts';
import { surveyResponses } from './surveys.ts';

/**
 * The schools' DLTV equipment register (issue 13, migration 0021_dltv_register): one row per school and classroom
 * with the state of each device, written from the school's latest submitted answer to the DLTV survey
 * (src/domain/repair/dltv-register.ts), read beside DLTV faults.
 */

const deviceState = (column: AnyPgColumn) => sql`${column} IS NULL OR ${column} IN ('good', 'partial', 'broken', 'none')`;

export const dltvRegister = pgTable(
  'dltv_register',
  {
    id: serial('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    classroom: text('classroom').notNull(),
    /** The matching key of the classroom (domain classroomKey): "ห้อง ป. 1" and "ป.1" are one classroom. */
    classroomKey: text('classroom_key').notNull(),
    /** The order the school listed its classrooms in. */
    position: integer('position').notNull(),
    /** good | partial | broken | none; null = a state the form no longer offers. */
    dish: text('dish'),
    lnb: text('lnb'),
    receiver: text('receiver'),
    tv: text('tv'),
    note: text('note'),
    /** The survey answer the line comes from. */
    responseId: integer('response_id')
      .notNull()
      .references(() => surveyResponses.id),
    updatedBy: integer('updated_by').references(() => people.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('dltv_register_school_classroom_uq').on(t.schoolId, t.classroomKey),
    check('dltv_register_dish_ck', deviceState(t.dish)),
    check('dltv_register_lnb_ck', deviceState(t.lnb)),
    check('dltv_register_receiver_ck', deviceState(t.receiver)),
    check('dltv_register_tv_ck', deviceState(t.tv)),
  ],
);

export const dltvSchema = { dltvRegister };
