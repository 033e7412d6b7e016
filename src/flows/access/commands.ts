import type { AccessLevel } from '../../domain/access.ts';

/** What the access flow's steps ask the executor to change (src/flows/access/execute.ts). */
export type AccessCommand =
  | { type: 'requestAccess'; systemId: number; level: AccessLevel; reason: string }
  | { type: 'decideAccess'; requestId: number; expectedVersion: number; decision: 'approve' | 'decline'; note: string | null }
  | { type: 'grantAccess'; requestId: number; expectedVersion: number; outcome: 'grant' | 'refuse'; note: string | null }
  | { type: 'endAccess'; requestId: number; expectedVersion: number }
  | { type: 'withdrawAccess'; requestId: number; expectedVersion: number };
