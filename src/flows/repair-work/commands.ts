/**
 * Commands of the office's side of repairs (technicians, the group director; src/flows/repair-work).
 * `expectedVersion` is the ticket version the button was drawn for: a ticket changed since is stale.
 */
export type RepairWorkCommand =
  | { type: 'acceptTicket'; ticketId: number; expectedVersion: number }
  | { type: 'assignTicket'; ticketId: number; expectedVersion: number; assigneeId: number }
  | { type: 'scheduleVisit'; ticketId: number; expectedVersion: number; visitAt: Date }
  | { type: 'startWaiting'; ticketId: number; expectedVersion: number; reason: 'parts' | 'vendor' | 'school'; note: string }
  | { type: 'resumeTicket'; ticketId: number; expectedVersion: number }
  | { type: 'resolveTicket'; ticketId: number; expectedVersion: number; resolution: string; partsUsed: string | null; mediaId: number | null };
