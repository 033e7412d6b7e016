import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { auditLog } from '../schema.ts';

/** One line of "who did what and when". Details hold ids and codes, never names or message contents. */
export interface AuditEntry {
  officeId: string;
  actorId: number | null;
  action: string;
  subjectType: string;
  subjectId: string;
  details?: Record<string, unknown>;
  at: Date;
}

export async function writeAudit(ex: Executor, entry: AuditEntry): Promise<void> {
  await ex.insert(auditLog).values({ ...entry, details: entry.details ?? {} });
}

export interface AuditRow {
  id: number;
  actorId: number | null;
  action: string;
  subjectType: string;
  subjectId: string;
  details: unknown;
  at: Date;
}

export async function listAudit(ex: Executor, officeId: string, filter: { action?: string } = {}): Promise<AuditRow[]> {
  return ex
    .select({
      id: auditLog.id,
      actorId: auditLog.actorId,
      action: auditLog.action,
      subjectType: auditLog.subjectType,
      subjectId: auditLog.subjectId,
      details: auditLog.details,
      at: auditLog.at,
    })
    .from(auditLog)
    .where(and(eq(auditLog.officeId, officeId), filter.action ? eq(auditLog.action, filter.action) : undefined))
    .orderBy(asc(auditLog.id));
}
