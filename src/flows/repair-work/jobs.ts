import { z } from 'zod';
import type { Database, Executor } from '../../db/database.ts';
import { loadOfficeCalendar } from '../../db/repos/holidays.ts';
import { getOfficeSettings } from '../../db/repos/office-settings.ts';
import { addTicketNote, raiseEscalationLevel, transitionTicket } from '../../db/repos/repair-tickets.ts';
import { bangkokDateKey, parseClockTime } from '../../domain/office-time.ts';
import type { OfficeSettings } from '../../domain/repair/settings.ts';
import { formatThaiDateTime } from '../../domain/thai-date.ts';
import { defineJob, type JobContext } from '../../jobs/registry.ts';
import { confirmRequest } from './cards.ts';
import { clockActions, confirmAction, officeClockOf, type ClockAction, type OfficeClock } from './clock.ts';
import { buildDigest } from './digest.ts';
import { repairWorkTexts as T } from './messages.ts';
import { pushOnce } from '../../line/push-once.ts';
import { alertNewTicket } from './notify.ts';
import {
  channelOfPerson,
  hasTicketEvent,
  listNewTicketIdsSince,
  listOfficeIds,
  listReachable,
  listTicketsInStatus,
  lockTicketView,
  type TicketView,
} from '../../db/repos/repair-work-views.ts';

/**
 * The repair clocks, run every minute for every office: alerts for new tickets nobody heard of yet,
 * reminders before a deadline, escalations to the group director (each level once, recorded on the
 * ticket), and the resolved-but-not-confirmed reminder and auto-close. Each ticket is handled in its
 * own transaction with the ticket locked, so two instances (or a retry) never act twice; every push
 * goes through the outbox keyed by what it is about.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

interface OfficeContext {
  officeId: string;
  settings: OfficeSettings;
  clock: OfficeClock;
}

async function officeContexts(db: Executor): Promise<OfficeContext[]> {
  const out: OfficeContext[] = [];
  for (const id of await listOfficeIds(db)) {
    const settings = await getOfficeSettings(db, id);
    out.push({ officeId: id, settings, clock: officeClockOf(await loadOfficeCalendar(db, id, settings)) });
  }
  return out;
}

async function groupDirectors(tx: Executor, officeId: string) {
  return listReachable(tx, officeId, 'group_director');
}

async function applyClockAction(tx: Executor, office: OfficeContext, t: TicketView, action: ClockAction, now: Date): Promise<void> {
  if (action.kind === 'remind') {
    if (t.assigneeId === null || !t.assigneeLineUserId) return;
    const key = `repair:remind:${t.id}:${action.clock}:${action.dueAt.toISOString()}`;
    const channelId = await channelOfPerson(tx, t.assigneeId);
    if (!channelId) return;
    const sent = await pushOnce(tx, { channelId, officeId: office.officeId, lineUserId: t.assigneeLineUserId }, [{ type: 'text', text: T.remindAssignee(t.number, t.schoolName, action.dueAt) }], key);
    if (sent) await addTicketNote(tx, t.id, { actorId: null, action: 'reminded', data: { clock: action.clock, dueAt: action.dueAt.toISOString() } }, now);
    return;
  }
  const raised = await raiseEscalationLevel(tx, t.id, action.clock, action.level, now, `ระดับ ${action.level}`);
  if (!raised) return;
  const text = T.escalation(t.number, t.schoolName, action.clock, action.level, action.dueAt, t.assigneeName);
  for (const director of await groupDirectors(tx, office.officeId)) {
    await pushOnce(tx, { ...director, officeId: office.officeId }, [{ type: 'text', text }], `repair:escalate:${t.id}:${action.clock}:${action.level}:${director.id}`);
  }
}

async function handleResolved(tx: Executor, office: OfficeContext, t: TicketView, now: Date): Promise<void> {
  if (!t.resolvedAt) return;
  const cycle = t.resolvedAt.toISOString();
  const reminded = await hasTicketEvent(tx, t.id, 'reminded', { clock: 'confirm', resolvedAt: cycle });
  const rules = { reminderOfficeDays: office.settings.repair.confirmReminderOfficeDays, autoCloseOfficeDays: office.settings.repair.autoCloseOfficeDays };
  const decision = confirmAction(t.resolvedAt, reminded, now, office.clock, rules);
  if (decision.kind === 'remind') {
    const closeAt = office.clock.addDays(t.resolvedAt, Math.max(1, rules.autoCloseOfficeDays));
    const reporterChannel = await channelOfPerson(tx, t.reporterId);
    if (t.reporterLineUserId && reporterChannel) {
      await pushOnce(
        tx,
        { channelId: reporterChannel, officeId: office.officeId, lineUserId: t.reporterLineUserId },
        [confirmRequest(T.confirmReminder(t.number, formatThaiDateTime(closeAt)), t.id, t.version)],
        `repair:confirm-reminder:${t.id}:${cycle}`,
      );
    }
    // Recorded even when the reporter cannot be reached: the close must not wait for someone who left.
    await addTicketNote(tx, t.id, { actorId: null, action: 'reminded', data: { clock: 'confirm', resolvedAt: cycle } }, now);
  } else if (decision.kind === 'close') {
    await transitionTicket(tx, t.id, { expectedVersion: t.version, toStatus: 'closed', actorId: null, action: 'auto_closed', note: T.autoClosedNote }, now);
  }
}

/** One pass of the clocks over every office; returns counts for the log. */
export async function runRepairClocks(database: Database, now: Date): Promise<{ alerted: number; checked: number }> {
  const { db } = database;
  let alerted = 0;
  let checked = 0;
  for (const office of await officeContexts(db)) {
    // New tickets of the last day whose alert may not have gone (the report flow normally sends it at once).
    const fresh = await listNewTicketIdsSince(db, office.officeId, new Date(now.getTime() - DAY_MS));
    for (const id of fresh) alerted += await db.transaction((tx) => alertNewTicket(tx, office.officeId, id));

    const rules = { reminderLeadMinutes: office.settings.repair.reminderBeforeMinutes, escalateAfterMinutes: office.settings.repair.escalateAfterMinutes };
    const candidates = await listTicketsInStatus(db, office.officeId, ['new', 'accepted', 'scheduled', 'resolved']);
    for (const candidate of candidates) {
      checked += 1;
      await db.transaction(async (tx) => {
        const t = await lockTicketView(tx, office.officeId, candidate.id);
        if (!t) return;
        if (t.status === 'resolved') return handleResolved(tx, office, t, now);
        for (const action of clockActions(t, now, office.clock, rules)) await applyClockAction(tx, office, t, action, now);
      });
    }
  }
  return { alerted, checked };
}

/**
 * The group director's morning digest, once per office day: sent in the hour after the office's
 * digest time (a service down at 08:00 still sends it when back), at most once a day per person.
 */
export async function runRepairDigest(database: Database, now: Date): Promise<number> {
  const { db } = database;
  let sent = 0;
  for (const office of await officeContexts(db)) {
    if (!office.clock.isOfficeDay(now)) continue;
    const local = (now.getTime() + 7 * 60 * 60 * 1000) % DAY_MS;
    const from = parseClockTime(office.settings.repair.digestAt) * 60_000;
    if (local < from || local >= from + 60 * 60_000) continue;
    const tickets = await listTicketsInStatus(db, office.officeId, ['new', 'accepted', 'scheduled', 'waiting']);
    const digest = buildDigest(tickets, now);
    if (!digest) continue;
    const day = bangkokDateKey(now);
    await db.transaction(async (tx) => {
      for (const director of await groupDirectors(tx, office.officeId)) {
        if (await pushOnce(tx, { ...director, officeId: office.officeId }, [{ type: 'text', text: digest.text }], `repair:digest:${office.officeId}:${day}:${director.id}`)) sent += 1;
      }
    });
  }
  return sent;
}

export const repairClocksJob = defineJob({
  name: 'repair:clocks',
  schema: z.object({}),
  every: { interval: '* * * * *', timezone: 'Asia/Bangkok', data: {} },
  async handler(_data, ctx: JobContext) {
    const result = await runRepairClocks(ctx.database, ctx.now);
    ctx.logger.debug(result, 'repair clocks checked');
  },
});

export const repairDigestJob = defineJob({
  name: 'repair:digest',
  schema: z.object({}),
  every: { interval: '*/5 * * * *', timezone: 'Asia/Bangkok', data: {} },
  async handler(_data, ctx: JobContext) {
    const sent = await runRepairDigest(ctx.database, ctx.now);
    if (sent > 0) ctx.logger.info({ sent }, 'repair digest enqueued');
  },
});

export const repairWorkJobs = [repairClocksJob, repairDigestJob];
