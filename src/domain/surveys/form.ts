import { z } from 'zod';

/**
 * A survey form as data (issue 13, "Forms as data"): a versioned definition, validated by zod when it is
 * imported or read back, never trusted as it is. Sections of questions of a few kinds, required answers and
 * conditions ("show this only when an earlier answer is X"). What an answer may be and how it is checked is
 * in `answers.ts`; this file is only the shape of a form and the rules a definition must keep. Pure: no I/O.
 */

/** The definition format; a later format would be read by its own schema. */
export const FORM_FORMAT = 1;

export const QUESTION_KINDS = [
  'text',
  'long_text',
  'number',
  'single_choice',
  'multiple_choice',
  'scale',
  'date',
  'yes_no',
  'photo',
  'location',
  'table',
] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** Ids are short and plain: they are keys in the stored answers and travel in buttons. */
const idSchema = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'id: a–z, 0–9 and _ only, starting with a letter, at most 40');
const labelSchema = z.string().trim().min(1).max(300);
const dateKeySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is written YYYY-MM-DD (Christian era)');

export const optionSchema = z.object({
  /** What is stored. */
  value: z.string().trim().min(1).max(40),
  /** What people see. */
  label: z.string().trim().min(1).max(100),
});
export type Option = z.infer<typeof optionSchema>;

/**
 * "Show only when an earlier answer is X": the question is asked only when the named earlier question (itself
 * shown) was answered with `equals` (a multiple choice: one of the chosen), or with one of `anyOf`.
 */
export const conditionSchema = z.union([
  z.object({ question: idSchema, equals: z.union([z.string(), z.number(), z.boolean()]) }).strict(),
  z.object({ question: idSchema, anyOf: z.array(z.union([z.string(), z.number()])).min(1) }).strict(),
]);
export type Condition = z.infer<typeof conditionSchema>;

const base = {
  id: idSchema,
  label: labelSchema,
  /** A line under the question (an example, what is meant). */
  help: z.string().trim().max(500).optional(),
  required: z.boolean().default(false),
  showWhen: conditionSchema.optional(),
};

const numberBounds = {
  /** Shown after the number ("เครื่อง", "ห้อง"). */
  unit: z.string().trim().min(1).max(30).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  /** Whole numbers only (a count). */
  integer: z.boolean().default(false),
};

export const COLUMN_KINDS = ['text', 'number', 'single_choice'] as const;

/** A column of a repeating table: a small question of its own. */
export const columnSchema = z.object({
  id: idSchema,
  label: labelSchema,
  kind: z.enum(COLUMN_KINDS),
  required: z.boolean().default(false),
  maxLength: z.number().int().positive().max(1000).default(200),
  options: z.array(optionSchema).min(1).max(30).optional(),
  ...numberBounds,
});
export type Column = z.infer<typeof columnSchema>;

export const questionSchema = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('text'), maxLength: z.number().int().positive().max(1000).default(200) }),
  z.object({ ...base, kind: z.literal('long_text'), maxLength: z.number().int().positive().max(5000).default(2000) }),
  z.object({ ...base, kind: z.literal('number'), ...numberBounds }),
  z.object({ ...base, kind: z.literal('single_choice'), options: z.array(optionSchema).min(2).max(30) }),
  z.object({
    ...base,
    kind: z.literal('multiple_choice'),
    options: z.array(optionSchema).min(2).max(30),
    maxSelected: z.number().int().positive().optional(),
  }),
  z.object({
    ...base,
    kind: z.literal('scale'),
    /** The meaning of 1 … 5, in order ("น้อยที่สุด" … "มากที่สุด"). */
    labels: z.array(z.string().trim().min(1).max(30)).length(5),
  }),
  z.object({ ...base, kind: z.literal('date'), min: dateKeySchema.optional(), max: dateKeySchema.optional() }),
  z.object({ ...base, kind: z.literal('yes_no') }),
  z.object({ ...base, kind: z.literal('photo'), maxPhotos: z.number().int().min(1).max(10).default(3) }),
  z.object({ ...base, kind: z.literal('location') }),
  z.object({
    ...base,
    kind: z.literal('table'),
    columns: z.array(columnSchema).min(1).max(12),
    /** A row is one item ("รายการ"); the form may say how many rows at most. */
    rowLabel: z.string().trim().min(1).max(30).default('รายการ'),
    maxRows: z.number().int().positive().max(200).default(50),
  }),
]);
export type Question = z.infer<typeof questionSchema>;
export type QuestionOf<K extends QuestionKind> = Extract<Question, { kind: K }>;

export const sectionSchema = z.object({
  id: idSchema,
  title: labelSchema,
  description: z.string().trim().max(1000).optional(),
  questions: z.array(questionSchema).min(1),
});
export type Section = z.infer<typeof sectionSchema>;

/** Who answers: one response per school (its director by default) or one per person (staff forms). */
export const RESPONDENT_KINDS = ['school', 'person'] as const;
export type RespondentKind = (typeof RESPONDENT_KINDS)[number];

export const formDefinitionSchema = z
  .object({
    format: z.literal(FORM_FORMAT),
    /** Stable name of the form across its versions ("dltv_equipment"). */
    key: idSchema,
    /** The definition's version: a change to the questions is a new version; responses keep the one they answered. */
    version: z.number().int().positive(),
    title: labelSchema,
    description: z.string().trim().max(2000).optional(),
    respondent: z.enum(RESPONDENT_KINDS),
    /**
     * The results page adds a summary by fiscal year of every round of this form (its key, any version): the
     * average of each level question and the count of comments (the feedback form after trainings and meetings).
     */
    yearlySummary: z.boolean().optional(),
    sections: z.array(sectionSchema).min(1),
  })
  .superRefine((form, ctx) => {
    for (const problem of definitionProblems(form)) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
  });
export type FormDefinition = z.infer<typeof formDefinitionSchema>;
/** A definition as written in a JSON file (defaults not yet filled in). */
export type FormDefinitionInput = z.input<typeof formDefinitionSchema>;

interface Problem {
  message: string;
  path: (string | number)[];
}

/** Every question of the form, in the order they are asked. */
export function allQuestions(form: Pick<FormDefinition, 'sections'>): Question[] {
  return form.sections.flatMap((s) => s.questions);
}

/**
 * The rules a definition must keep beyond its shape: ids unique, a condition names an earlier question whose
 * answer can be compared (not a photo, place or table) with a value that question can have, ranges in order.
 */
function definitionProblems(form: Pick<FormDefinition, 'sections'>): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, Question>();
  const sectionIds = new Set<string>();
  form.sections.forEach((section, s) => {
    if (sectionIds.has(section.id)) problems.push({ message: `section id "${section.id}" is used twice`, path: ['sections', s, 'id'] });
    sectionIds.add(section.id);
    section.questions.forEach((question, q) => {
      const path = ['sections', s, 'questions', q];
      if (seen.has(question.id)) problems.push({ message: `question id "${question.id}" is used twice`, path: [...path, 'id'] });
      if (question.showWhen) {
        const problem = conditionProblem(question.showWhen, seen);
        if (problem) problems.push({ message: `question "${question.id}": ${problem}`, path: [...path, 'showWhen'] });
      }
      for (const problem of ownProblems(question)) problems.push({ message: `question "${question.id}": ${problem}`, path });
      seen.set(question.id, question);
    });
  });
  return problems;
}

function conditionProblem(condition: Condition, earlier: ReadonlyMap<string, Question>): string | null {
  const target = earlier.get(condition.question);
  if (!target) return `its condition names "${condition.question}", which is not an earlier question`;
  const values = 'equals' in condition ? [condition.equals] : condition.anyOf;
  switch (target.kind) {
    case 'single_choice':
    case 'multiple_choice': {
      const known = new Set(target.options.map((o) => o.value));
      const unknown = values.find((v) => typeof v !== 'string' || !known.has(v));
      return unknown === undefined ? null : `its condition's value ${JSON.stringify(unknown)} is not an option of "${target.id}"`;
    }
    case 'yes_no':
      return values.every((v) => typeof v === 'boolean') ? null : `a condition on the yes/no question "${target.id}" compares with true or false`;
    case 'scale':
      return values.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 5) ? null : `a condition on the scale "${target.id}" compares with 1 to 5`;
    case 'number':
      return values.every((v) => typeof v === 'number') ? null : `a condition on the number "${target.id}" compares with a number`;
    case 'text':
    case 'long_text':
    case 'date':
      return values.every((v) => typeof v === 'string') ? null : `a condition on "${target.id}" compares with text`;
    case 'photo':
    case 'location':
    case 'table':
      return `a condition cannot depend on the ${target.kind} question "${target.id}"`;
  }
}

function ownProblems(question: Question): string[] {
  const problems: string[] = [];
  const optionsProblem = (options: readonly Option[] | undefined, where: string) => {
    if (!options) return;
    const values = options.map((o) => o.value);
    if (new Set(values).size !== values.length) problems.push(`${where}option values must differ`);
  };
  const rangeProblem = (min: number | string | undefined, max: number | string | undefined, where: string) => {
    if (min !== undefined && max !== undefined && min > max) problems.push(`${where}min is above max`);
  };
  switch (question.kind) {
    case 'number':
      rangeProblem(question.min, question.max, '');
      break;
    case 'date':
      rangeProblem(question.min, question.max, '');
      break;
    case 'single_choice':
      optionsProblem(question.options, '');
      break;
    case 'multiple_choice':
      optionsProblem(question.options, '');
      if (question.maxSelected !== undefined && question.maxSelected > question.options.length) problems.push('maxSelected is more than its options');
      break;
    case 'table': {
      const ids = question.columns.map((c) => c.id);
      if (new Set(ids).size !== ids.length) problems.push('column ids must differ');
      for (const column of question.columns) {
        const where = `column "${column.id}": `;
        if (column.kind === 'single_choice' && !column.options) problems.push(`${where}a choice column needs options`);
        optionsProblem(column.options, where);
        rangeProblem(column.min, column.max, where);
      }
      break;
    }
    default:
      break;
  }
  return problems;
}

/** A definition from a file or the database: the form, or what is wrong with it (for the importing officer). */
export function parseFormDefinition(raw: unknown): { ok: true; form: FormDefinition } | { ok: false; problems: string[] } {
  const parsed = formDefinitionSchema.safeParse(raw);
  if (parsed.success) return { ok: true, form: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)) };
}

export function findQuestion(form: Pick<FormDefinition, 'sections'>, id: string): Question | undefined {
  return allQuestions(form).find((q) => q.id === id);
}
