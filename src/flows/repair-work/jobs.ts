import type { Database, Executor } from '../../db/database.ts';
import { hasHistory } from '../../db/repos/history.ts';
import { reachablePerson, reachableWithRole } from '../../db/repos/recipients.ts';
import { addTicketNote, raiseEscalationLevel, transitionTicket } from '../../db/repos/repair-tickets.ts';
import { listNewTicketIdsSince, listTicketsInStatus, lockTicketView, type TicketView } from '../../db/repos/repair-work-views.ts';
import { addOfficeDays, bangkokDateKey, isOfficeDay, parseClockTime } from '../../domain/office-time.ts';
import { formatThaiDateTime } from '../../domain/thai-date.ts';
import { defineSweep, passJob, runSweep, sweepOffices, type OfficeContext } from '../../kit/sweep.ts';
import { pushOnce } from '../../line/push-once.ts';
import { confirmRequest } from './cards.ts';
import { clockActions, confirmAction, officeClockOf, runningClock, type ClockAction } from './clock.ts';
import { buildDigest } from './digest.ts';
import { repairWorkTexts as T } from './messages.ts';
import { alertNewTicket } from './notify.ts';

/**
 * The repair clocks, run every minute for every office (a sweep of the kit): alerts for new tickets
 * nobody heard of yet, reminders before a deadline, escalations to the group director (each level once,
 * recorded on the ticket), and the resolved-but-not-confirmed reminder and auto-close. Each ticket is
 * handled in its own transaction with the ticket locked, so two instances (or a retry) never act twice;
 * every push goes through the outbox keyed by what it is about.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

const groupDirectors = (tx: Executor, officeId: string) => reachableWithRole(tx, officeId, 'group_director');

/** The safety net of the new-ticket alert (the report flow normally sends it at once): tickets of the last day. */
export const newTicketAlertSweep = defineSweep<number, number, 'alert'>({
  name: 'repair:clocks:alerts',
  candidates: (db, office, now) => listNewTicketIdsSince(db, office.officeId, new Date(now.getTime() - DAY_MS)),
  load: async (_tx, _office, id) => id,
  plan: () => 'alert',
  // Each technician hears once (push keys); nothing more to mark.
  act: async (run, id) => (await alertNewTicket(run.tx, run.office.officeId, id, run.now)) > 0,
  mark: async () => {},
});

interface ClockTicket {
  ticket: TicketView;
  /** The reminder of the running deadline was recorded already. */
  reminded: boolean;
}

type RepairDue = { kind: 'clock'; action: ClockAction } | { kind: 'confirm'; action: 'remind' | 'close' };

const confirmRules = (settings: OfficeContext['settings']) => ({
  reminderOfficeDays: settings.repair.confirmReminderOfficeDays,
  autoCloseOfficeDays: settings.repair.autoCloseOfficeDays,
});

/** The mark of a reminder: of the deadline it was about, or of the resolution whose confirmation it asks. */
function reminderMark(t: TicketView): Record<string, string> | null {
  if (t.status === 'resolved') return t.resolvedAt ? { clock: 'confirm', resolvedAt: t.resolvedAt.toISOString() } : null;
  const running = runningClock(t);
  return running ? { clock: running.clock, dueAt: running.dueAt.toISOString() } : null;
}

export const repairClockSweep = defineSweep<number, ClockTicket, RepairDue>({
  name: 'repair:clocks',
  candidates: async (db, office) => (await listTicketsInStatus(db, office.officeId, ['new', 'accepted', 'scheduled', 'resolved'])).map((t) => t.id),
  async load(tx, office, id) {
    const ticket = await lockTicketView(tx, office.officeId, id);
    if (!ticket) return null;
    const mark = reminderMark(ticket);
    return { ticket, reminded: mark !== null && (await hasHistory(tx, 'repair_ticket', ticket.id, 'reminded', mark)) };
  },
  plan({ ticket: t, reminded }, office, now) {
    const clock = officeClockOf(office.calendar);
    if (t.status === 'resolved') {
      if (!t.resolvedAt) return null;
      const action = confirmAction(t.resolvedAt, reminded, now, clock, confirmRules(office.settings));
      return action.kind === 'none' ? null : { kind: 'confirm', action: action.kind };
    }
    const rules = { reminderLeadMinutes: office.settings.repair.reminderBeforeMinutes, escalateAfterMinutes: office.settings.repair.escalateAfterMinutes };
    const [action] = clockActions(t, now, clock, rules, reminded);
    return action ? { kind: 'clock', action } : null;
  },
  async act(run, { ticket: t }, due) {
    const officeId = run.office.officeId;
    if (due.kind === 'confirm' && due.action === 'close') {
      await transitionTicket(run.tx, t.id, { expectedVersion: t.version, toStatus: 'closed', actorId: null, action: 'auto_closed', note: T.autoClosedNote }, run.now);
      return false;
    }
    if (due.kind === 'confirm') {
      const closeAt = addOfficeDays(t.resolvedAt!, Math.max(1, run.office.settings.repair.autoCloseOfficeDays), run.office.calendar);
      const reporter = await reachablePerson(run.tx, officeId, t.reporterId);
      if (reporter) await run.push(reporter, [confirmRequest(t, t.version, T.confirmReminder(t.number, formatThaiDateTime(closeAt)))], `repair:confirm-reminder:${t.id}:${t.resolvedAt!.toISOString()}`);
      // Marked even when the reporter cannot be reached: the close must not wait for someone who left.
      return true;
    }
    const action = due.action;
    if (action.kind === 'remind') {
      const assignee = await reachablePerson(run.tx, officeId, t.assigneeId);
      if (!assignee) return false;
      return run.push(assignee, [{ type: 'text', text: T.remindAssignee(t.number, t.schoolName, action.dueAt) }], `repair:remind:${t.id}:${action.clock}:${action.dueAt.toISOString()}`);
    }
    const text = T.escalation(t.number, t.schoolName, action.clock, action.level, action.dueAt, t.assigneeName);
    for (const director of await groupDirectors(run.tx, officeId)) {
      await run.push(director, [{ type: 'text', text }], `repair:escalate:${t.id}:${action.clock}:${action.level}:${director.id}`);
    }
    return true;
  },
  async mark(run, { ticket: t }, due) {
    if (due.kind === 'clock' && due.action.kind === 'escalate') {
      await raiseEscalationLevel(run.tx, t.id, due.action.clock, due.action.level, run.now, `ระดับ ${due.action.level}`);
      return;
    }
    await addTicketNote(run.tx, t.id, { actorId: null, action: 'reminded', data: reminderMark(t)! }, run.now);
  },
});

/** One pass of the clocks over every office; returns counts for the log. */
export async function runRepairClocks(database: Database, now: Date): Promise<{ alerted: number; checked: number }> {
  const offices = await sweepOffices(database.db);
  const alerts = await runSweep(newTicketAlertSweep, database, now, offices);
  const clocks = await runSweep(repairClockSweep, database, now, offices);
  return { alerted: alerts.marked, checked: clocks.checked };
}

/**
 * The group director's morning digest, once per office day: sent in the hour after the office's
 * digest time (a service down at 08:00 still sends it when back), at most once a day per person.
 */
export async function runRepairDigest(database: Database, now: Date): Promise<number> {
  const { db } = database;
  let sent = 0;
  for (const office of await sweepOffices(db)) {
    if (!isOfficeDay(now, office.calendar)) continue;
    const local = (now.getTime() + 7 * 60 * 60 * 1000) % DAY_MS;
    const from = parseClockTime(office.settings.repair.digestAt) * 60_000;
    if (local < from || local >= from + 60 * 60_000) continue;
    const tickets = await listTicketsInStatus(db, office.officeId, ['new', 'accepted', 'scheduled', 'waiting']);
    const digest = buildDigest(tickets, now);
    if (!digest) continue;
    const day = bangkokDateKey(now);
    await db.transaction(async (tx) => {
      for (const director of await groupDirectors(tx, office.officeId)) {
        if (await pushOnce(tx, { channelId: director.channelId, officeId: office.officeId, lineUserId: director.lineUserId }, [{ type: 'text', text: digest.text }], `repair:digest:${office.officeId}:${day}:${director.id}`)) sent += 1;
      }
    });
  }
  return sent;
}

// The alerts' safety net and the clocks, one after the other every minute over the same offices.
export const repairClocksJob = passJob('repair:clocks', '* * * * *', runRepairClocks, (r) => r.alerted > 0);
export const repairDigestJob = passJob('repair:digest', '*/5 * * * *', runRepairDigest, (sent) => sent > 0);

export const repairWorkJobs = [repairClocksJob, repairDigestJob];
