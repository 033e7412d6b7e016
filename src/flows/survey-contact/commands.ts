/** The director names the school's survey contact (a teacher of the school), or hands the surveys back (null). */
export type SurveyContactCommand = { type: 'nameSurveyContact'; contactId: number | null };
