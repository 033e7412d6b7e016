import type { CommandEnv } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { createAccessRequest, getAccessRequestView, getInfoSystem, lockAccessRequest, updateAccessRequest, type AccessRequestView } from '../../db/repos/access-requests.ts';
import { addHistory } from '../../db/repos/history.ts';
import { actingStandsOf, reachableDeciders, reachablePerson, type Recipient } from '../../db/repos/recipients.ts';
import { ForbiddenError } from '../../domain/errors.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import { can } from '../../domain/permissions.ts';
import { executeLocked, RefusedWithAnswer } from '../../kit/execute.ts';
import { decisionMessages } from '../../kit/card.ts';
import { pushTo, tellEach, tellOnce } from '../../kit/notify.ts';
import { actingKindOf, type RequestState } from '../../kit/requests.ts';
import { say } from '../../kit/steps.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { accessCard, accessCardMessage } from './cards.ts';
import type { AccessCommand } from './commands.ts';
import { accessStateLabel, accessTexts as T } from './messages.ts';
import { checkAccessEvent, DECIDER_ROLES } from './request.ts';

/**
 * Carries out the access flow's commands in the event's transaction: the request locked and asked of the machine
 * again (executeLocked), the history written, and the pushes enqueued once (keyed by the request's version): the
 * deciders of a new request, the system's administrator of an approved one, the requester of every decision
 * (not of their own withdrawal), and whoever was waiting to act on a withdrawn one.
 */
export async function executeAccess(tx: Executor, cmd: AccessCommand, env: CommandEnv): Promise<void> {
  const { person, now, officeId } = env;
  if (!person) throw new ForbiddenError('request_system_access');
  const actor = { id: person.id, role: person.role, actingFor: await actingStandsOf(tx, officeId, person.id, bangkokDateKey(now)) };

  if (cmd.type === 'requestAccess') {
    if (!can(person.role, 'request_system_access')) throw new ForbiddenError('request_system_access');
    const system = await getInfoSystem(tx, officeId, cmd.systemId);
    // Taken off the list while the form was being filled in: told so, nothing written.
    if (!system?.active) throw new RefusedWithAnswer([say(T.systemClosed)], `info system ${cmd.systemId} not active`);
    const id = await createAccessRequest(tx, { officeId, requesterId: person.id, systemId: system.id, level: cmd.level, reason: cmd.reason }, now);
    await addHistory(tx, 'access_request', id, { officeId, actorId: person.id, action: 'requested', data: { level: cmd.level }, at: now });
    await notifyDeciders(tx, (await getAccessRequestView(tx, officeId, id))!, now);
    return;
  }

  const event = cmd.type === 'decideAccess' ? cmd.decision : cmd.type === 'grantAccess' ? cmd.outcome : cmd.type === 'withdrawAccess' ? 'withdraw' : 'end';
  const done = await executeLocked(tx, {
    what: `access request ${cmd.requestId}`,
    lock: (ex) => lockAccessRequest(ex, officeId, cmd.requestId),
    expectedVersion: cmd.expectedVersion,
    action: cmd.type === 'decideAccess' ? 'approve_system_access' : 'request_system_access',
    check: (row) => checkAccessEvent(row, event, actor),
    apply: async (row, allowed) => {
      const note = 'note' in cmd ? cmd.note : null;
      const patch =
        event === 'approve' || event === 'decline'
          ? { state: allowed.to, decidedBy: person.id, decidedActing: actingKindOf(allowed.capacity), decidedAt: now, decisionNote: note }
          : event === 'grant'
            ? { state: allowed.to, grantedBy: person.id, grantedAt: now }
            : event === 'refuse'
              ? { state: allowed.to, refusedBy: person.id, refusedAt: now, refusedReason: note ?? '' }
              : event === 'withdraw'
                ? { state: allowed.to }
                : { endedBy: person.id, endedAt: now };
      return (await updateAccessRequest(tx, officeId, row.id, cmd.expectedVersion, patch, now)) ? row : null;
    },
  });
  const action = { approve: 'approved', decline: 'declined', grant: 'granted', refuse: 'refused', end: 'ended', withdraw: 'withdrawn' }[event];
  await addHistory(tx, 'access_request', done.id, { officeId, actorId: person.id, action, note: 'note' in cmd ? cmd.note : null, at: now });
  const after = (await getAccessRequestView(tx, officeId, done.id))!;
  if (event === 'approve') await notifyAdmin(tx, after);
  // The requester who withdrew was answered in the chat; the deciders' buttons are stale by the version.
  if (event === 'withdraw') await notifyWithdrawn(tx, after, done.state, now);
  else await notifyRequester(tx, after);
}

const push = (tx: Executor, r: AccessRequestView, to: Recipient, messages: LineMessage[], key: string) => pushTo(tx, r.officeId, to, messages, key);

/** The card with the decision buttons (also as quick replies) to each group director and whoever stands in today. */
async function notifyDeciders(tx: Executor, r: AccessRequestView, now: Date): Promise<void> {
  const messages = decisionMessages(accessCard(r, { decide: true }), T.toDecide(r.id, r.requesterName, r.systemName));
  const to = await reachableDeciders(tx, r.officeId, DECIDER_ROLES, bangkokDateKey(now));
  await tellEach(tx, { officeId: r.officeId, to, except: [r.requesterId], key: `access:decide:${r.id}:${r.version}`, messages: () => messages });
}

/**
 * A withdrawn request, to whoever it was waiting for (`was`: its state before): the group directors and whoever stands
 * in for one today while it waited for a decision, the system's administrator once approved. Once each, never the
 * requester; their old cards' buttons answer that it was withdrawn.
 */
async function notifyWithdrawn(tx: Executor, r: AccessRequestView, was: RequestState, now: Date): Promise<void> {
  const personIds = was === 'approved' ? (r.systemAdminId === null ? [] : [r.systemAdminId]) : (await reachableDeciders(tx, r.officeId, DECIDER_ROLES, bangkokDateKey(now))).map((d) => d.id);
  const text = T.toWithdrawn(r.id, r.requesterName, r.systemName);
  await tellOnce(tx, { officeId: r.officeId, personIds, except: [r.requesterId], key: `access:withdrawn:${r.id}`, messages: () => [{ type: 'text', text }] });
}

/** The approved request to the system's administrator, to record the grant (or why it cannot be). */
async function notifyAdmin(tx: Executor, r: AccessRequestView): Promise<void> {
  const admin = await reachablePerson(tx, r.officeId, r.systemAdminId);
  if (!admin) return;
  const text = T.toGrant(r.id, r.requesterName, r.systemName);
  await push(tx, r, admin, [{ type: 'text', text }, accessCardMessage(r, { grant: true }, text)], `access:grant:${r.id}:${r.version}`);
}

/** The requester hears every decision: approved (and by whom it will be granted), declined, granted, refused, ended. */
async function notifyRequester(tx: Executor, r: AccessRequestView): Promise<void> {
  const requester = await reachablePerson(tx, r.officeId, r.requesterId);
  if (!requester) return;
  const system = await getInfoSystem(tx, r.officeId, r.systemId);
  let text = T.outcome(r.id, r.systemName, accessStateLabel(r), r.refusedReason ?? r.decisionNote);
  if (r.state === 'approved' && !system?.adminPersonId) text = `${text}\n${T.noAdmin(r.systemName)}`;
  await push(tx, r, requester, [{ type: 'text', text }, accessCardMessage(r, {}, text)], `access:outcome:${r.id}:${r.version}`);
}
