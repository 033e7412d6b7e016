-- A round may answer some of its form's questions for every respondent (preset answers, by question id): a video
-- conference's evaluation answers template 6's "which activity" question with การประชุมทางไกล. Null: none.
ALTER TABLE "survey_rounds" ADD COLUMN "preset_answers" jsonb;
