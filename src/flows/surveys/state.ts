import { z } from 'zod';
import type { FlowState } from '../../bot/flow.ts';

/**
 * Where a person is in answering one round in the chat. The answers themselves are not here: they are saved as
 * the response's draft after each answer (so the person can stop and go on later, and a school's directors
 * share one draft); the conversation keeps only the round, the question asked and a multiple choice's picks.
 */
export interface SurveyChatData {
  r: number;
  /** The question asked (step `ask`). */
  q?: string | undefined;
  /** A multiple choice being made: the values tapped so far. */
  picks?: string[] | undefined;
  /** Step `reviewNote`: the response being returned for correction, and its version when the officer saw it. */
  s?: number | undefined;
  v?: number | undefined;
}

export const surveyChatDataSchema: z.ZodType<SurveyChatData> = z.object({
  r: z.number().int().positive(),
  q: z.string().optional(),
  picks: z.array(z.string()).optional(),
  s: z.number().int().positive().optional(),
  v: z.number().int().positive().optional(),
});

/** Steps: `ask` (a question is waiting for its answer), `summary` (answers shown, ส่งคำตอบ offered), `edit`, `reviewNote` (an officer types why a response goes back). */
export type SurveyChatState = FlowState<SurveyChatData>;
