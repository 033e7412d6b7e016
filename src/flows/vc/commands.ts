import type { Audience, EvaluationKey, VcAnswer, VcPlatform } from '../../domain/vc/session.ts';

/** What the video-conference flow's steps ask its executor (execute.ts) to change, in the event's transaction. */
export type VcCommand =
  | { type: 'planSession'; title: string; startsAt: Date; endsAt: Date; platform: VcPlatform; link: string; roomId: number | null; kitId: number | null; team: number[]; audience: Audience }
  | { type: 'answerInvitation'; invitationId: number; expectedVersion: number; answer: VcAnswer }
  | { type: 'setDelegate'; invitationId: number; expectedVersion: number; delegate: string }
  | { type: 'markAttended'; invitationId: number; expectedVersion: number; attended: boolean; by: 'school' | 'officer' }
  | { type: 'recordScore'; invitationId: number; key: EvaluationKey; score: number }
  | { type: 'sendEvaluation'; sessionId: number; expectedVersion: number }
  | { type: 'reportSession'; sessionId: number; expectedVersion: number }
  | { type: 'cancelSession'; sessionId: number; expectedVersion: number }
  | { type: 'moveSession'; sessionId: number; expectedVersion: number; startsAt: Date; endsAt: Date };
