import type { Executor } from '../../db/database.ts';
import { getOfficeSettings } from '../../db/repos/office-settings.ts';
import { pushOnce } from '../../line/push-once.ts';
import { newTicketAlert } from './cards.ts';
import { reachableWithRole } from '../../db/repos/recipients.ts';
import { getTicketView } from '../../db/repos/repair-work-views.ts';

/** The technicians who hear about a ticket of this district: all, or those covering it (settings). */
export function techniciansOnDuty<T extends { id: number }>(
  technicians: readonly T[],
  district: string,
  routing: 'all' | 'district',
  technicianDistricts: Readonly<Record<string, readonly string[]>>,
): T[] {
  if (routing === 'all') return [...technicians];
  // A technician in no list covers every district, so no ticket goes unheard.
  return technicians.filter((t) => {
    const covers = technicianDistricts[String(t.id)];
    return !covers || covers.length === 0 || covers.includes(district);
  });
}

/**
 * Tells the technicians on duty about a new ticket, each with a "รับงาน" card. Safe to call more than
 * once (the report flow right after creating the ticket; the alert job as a safety net): each
 * technician hears once. Returns how many were alerted now.
 */
export async function alertNewTicket(tx: Executor, officeId: string, ticketId: number, now: Date): Promise<number> {
  const ticket = await getTicketView(tx, officeId, ticketId);
  if (!ticket || ticket.status !== 'new') return 0;
  const settings = await getOfficeSettings(tx, officeId);
  const technicians = await reachableWithRole(tx, officeId, 'technician');
  const onDuty = techniciansOnDuty(technicians, ticket.district, settings.repair.routing, settings.repair.technicianDistricts);
  let alerted = 0;
  for (const tech of onDuty) {
    const sent = await pushOnce(tx, { ...tech, officeId }, [newTicketAlert(ticket, tech, now)], `repair:new:${ticket.id}:${tech.id}`);
    if (sent) alerted += 1;
  }
  return alerted;
}
