import { z } from 'zod';
import { CHOSEN_AUDIENCES } from '../../domain/surveys/round.ts';
import { definePostbackAction } from '../../line/postback.ts';

export const SURVEY_ROUNDS_FLOW = 'survey-rounds';

/** Every button of a new round carries the draft's id (`d`, its start time): a button of an earlier draft is stale. */
const d = z.number().int().nonnegative();

export const newRoundAction = definePostbackAction('svr:new', SURVEY_ROUNDS_FLOW, z.object({}));
export const roundFormAction = definePostbackAction('svr:form', SURVEY_ROUNDS_FLOW, z.object({ d, f: z.number().int().positive() }));
export const roundFormsPageAction = definePostbackAction('svr:fpage', SURVEY_ROUNDS_FLOW, z.object({ d, o: z.number().int().nonnegative() }));
export const roundAudienceAction = definePostbackAction('svr:aud', SURVEY_ROUNDS_FLOW, z.object({ d, a: z.enum(CHOSEN_AUDIENCES) }));
/** A district by its place in the office's list; -1 = every district. */
export const roundDistrictAction = definePostbackAction('svr:dist', SURVEY_ROUNDS_FLOW, z.object({ d, i: z.number().int().min(-1) }));
export const roundDistrictsPageAction = definePostbackAction('svr:dpage', SURVEY_ROUNDS_FLOW, z.object({ d, o: z.number().int().nonnegative() }));
/** A cluster by its place in the office's list; its page of the list (o = 0: รายเครือข่าย on the district step). */
export const roundClusterAction = definePostbackAction('svr:clu', SURVEY_ROUNDS_FLOW, z.object({ d, i: z.number().int().nonnegative() }));
export const roundClustersPageAction = definePostbackAction('svr:cpage', SURVEY_ROUNDS_FLOW, z.object({ d, o: z.number().int().nonnegative() }));
/** The DLTV schools (those in the DLTV register). */
export const roundDltvAction = definePostbackAction('svr:dltv', SURVEY_ROUNDS_FLOW, z.object({ d }));
/** Chosen schools: a school ticked or unticked (its id), a page of the list (o = 0: เลือกโรงเรียน), and done. */
export const roundSchoolAction = definePostbackAction('svr:sch', SURVEY_ROUNDS_FLOW, z.object({ d, c: z.number().int().positive() }));
export const roundSchoolsPageAction = definePostbackAction('svr:spage', SURVEY_ROUNDS_FLOW, z.object({ d, o: z.number().int().nonnegative() }));
export const roundSchoolsDoneAction = definePostbackAction('svr:schok', SURVEY_ROUNDS_FLOW, z.object({ d }));
/** แสดงทั้งหมด: the picker back to every school after a typed name narrowed it. */
export const roundSchoolsAllAction = definePostbackAction('svr:sall', SURVEY_ROUNDS_FLOW, z.object({ d }));
export const roundClosesAction = definePostbackAction('svr:closes', SURVEY_ROUNDS_FLOW, z.object({ d }));
/** The opening day, picked on the summary (the date in the postback's params). */
export const roundOpensAction = definePostbackAction('svr:opens', SURVEY_ROUNDS_FLOW, z.object({ d }));
export const roundConfirmAction = definePostbackAction('svr:ok', SURVEY_ROUNDS_FLOW, z.object({ d }));
export const roundCancelAction = definePostbackAction('svr:cancel', SURVEY_ROUNDS_FLOW, z.object({ d }));

export const surveyRoundActions = [
  newRoundAction,
  roundFormAction,
  roundFormsPageAction,
  roundAudienceAction,
  roundDistrictAction,
  roundDistrictsPageAction,
  roundClusterAction,
  roundClustersPageAction,
  roundDltvAction,
  roundSchoolAction,
  roundSchoolsPageAction,
  roundSchoolsDoneAction,
  roundSchoolsAllAction,
  roundClosesAction,
  roundOpensAction,
  roundConfirmAction,
  roundCancelAction,
] as const;
