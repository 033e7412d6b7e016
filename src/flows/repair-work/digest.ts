import { isOverdue } from './clock.ts';
import { repairWorkLabels, repairWorkTexts as T, STATUS_LABELS } from './messages.ts';

/** The group director's morning digest: new, overdue and waiting tickets, in ONE text message. Pure. */
export interface DigestTicket {
  number: string;
  schoolName: string;
  categoryLabel: string;
  status: string;
  priority: string;
  acceptDueAt: Date | null;
  resolveDueAt: Date | null;
  waitingReason: string | null;
  assigneeName: string | null;
}

const LINES_PER_SECTION = 10;

export interface Digest {
  text: string;
  newCount: number;
  overdueCount: number;
  waitingCount: number;
}

function line(t: DigestTicket): string {
  const who = t.assigneeName ? ` – ${t.assigneeName}` : '';
  const urgent = t.priority === 'urgent' ? ' [ด่วน]' : '';
  return `• ${t.number} ${t.schoolName} (${t.categoryLabel})${urgent}${who}`;
}

function waitingLine(t: DigestTicket): string {
  const label = (repairWorkLabels.waitReasons as Record<string, string>)[t.waitingReason ?? ''] ?? STATUS_LABELS.waiting;
  return `${line(t)} – ${label}`;
}

/** Null when there is nothing to report (no message is sent on a quiet morning). */
export function buildDigest(tickets: readonly DigestTicket[], now: Date): Digest | null {
  const fresh = tickets.filter((t) => t.status === 'new');
  const overdue = tickets.filter((t) => t.status !== 'new' && isOverdue(t, now));
  const waiting = tickets.filter((t) => t.status === 'waiting');
  // A new ticket past its accept deadline is listed once, among the overdue ones.
  const newOnly = fresh.filter((t) => !isOverdue(t, now));
  const overdueAll = [...fresh.filter((t) => isOverdue(t, now)), ...overdue];
  if (newOnly.length + overdueAll.length + waiting.length === 0) return null;
  const section = (title: string, items: DigestTicket[], format: (t: DigestTicket) => string) => ({
    title,
    total: items.length,
    lines: items.slice(0, LINES_PER_SECTION).map(format),
  });
  const text = T.digest(now, [
    section(T.digestNew, newOnly, line),
    section(T.digestOverdue, overdueAll, line),
    section(T.digestWaiting, waiting, waitingLine),
  ]);
  return { text: text.slice(0, 5000), newCount: newOnly.length, overdueCount: overdueAll.length, waitingCount: waiting.length };
}
