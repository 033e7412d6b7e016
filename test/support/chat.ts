import { readFile } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import { outboxMessages } from '../../src/db/schema.ts';
import type { RunningService } from '../../src/app.ts';
import { importSchoolsCsv } from '../../src/flows/directory/import-schools.ts';
import { DEMO_SCHOOLS_CSV } from '../../src/flows/directory/demo.ts';
import { DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { findPersonByLineUser } from '../../src/db/repos/people.ts';
import type { Person } from '../../src/domain/people.ts';
import type { InvitableRole } from '../../src/domain/roles.ts';
import { issueInvitation } from '../../src/flows/directory/issue-invitation.ts';
import { registrationLabels } from '../../src/flows/registration/messages.ts';
import { emulatorClient, type ConversationEntry } from './service.ts';

/**
 * A person chatting with the running service through the emulator, one step at a time: each action
 * waits until the dispatcher and the outbox are idle, then returns what the bot said since.
 */
export function chatDriver(service: RunningService) {
  const emulator = emulatorClient(`${service.url}/emulator/api`);
  const seen = new Map<string, number>();

  async function settle(): Promise<void> {
    await service.dispatcher.drain();
    await service.sender.drain();
    await reportStuckMessages();
  }

  /**
   * A message still pending once the sender is idle was not sent (an error put it in backoff, or the sender could
   * not hold its lock): say which and why, so a test that then misses it fails with a reason, not just "".
   */
  async function reportStuckMessages(): Promise<void> {
    const stuck = await service.database.db
      .select({ id: outboxMessages.id, to: outboxMessages.toUserId, attempts: outboxMessages.attempts, next: outboxMessages.nextAttemptAt, error: outboxMessages.lastError })
      .from(outboxMessages)
      .where(eq(outboxMessages.status, 'pending'));
    if (stuck.length > 0) console.warn(`chat driver: ${stuck.length} outbox message(s) still pending after the sender drained: ${JSON.stringify(stuck.slice(0, 5))}`);
  }

  async function botSaid(userId: string): Promise<ConversationEntry[]> {
    const after = seen.get(userId) ?? 0;
    const { entries } = await emulator.conversation(userId, { after });
    if (entries.length > 0) seen.set(userId, entries.at(-1)!.seq);
    return entries.filter((e) => e.direction === 'bot');
  }

  /** Text of the bot's messages, joined (quick-reply labels are not included). */
  const texts = (entries: ConversationEntry[]) => entries.map((e) => e.message.text ?? e.message.altText ?? '').join('\n');

  function buttonsOf(entries: ConversationEntry[]): Array<{ label: string; data: string; displayText?: string }> {
    const last = entries.at(-1);
    const items = ((last?.message.quickReply as { items?: Array<{ action: { label: string; data?: string; displayText?: string } }> } | undefined)?.items) ?? [];
    return items.filter((i) => i.action.data).map((i) => ({ label: i.action.label, data: i.action.data!, ...(i.action.displayText ? { displayText: i.action.displayText } : {}) }));
  }

  const last = new Map<string, ConversationEntry[]>();
  async function after(userId: string, act: () => Promise<unknown>): Promise<{ entries: ConversationEntry[]; text: string; labels: string[] }> {
    await act();
    await settle();
    const entries = await botSaid(userId);
    if (entries.length > 0) last.set(userId, entries);
    return { entries, text: texts(entries), labels: buttonsOf(entries).map((b) => b.label) };
  }

  /** A user who follows the bot and registers as a teacher of a demo school (needs `loadDemoSchools`). */
  async function registerTeacher(name: string, schoolQuery = 'หนองบัวทอง', schoolLabel = 'บ้านหนองบัวทอง'): Promise<string> {
    const userId = (await emulator.createUser(name)).userId;
    await after(userId, () => emulator.follow(userId));
    await tapLabel(userId, registrationLabels.consentYes);
    await tapLabel(userId, registrationLabels.asTeacher);
    await after(userId, () => emulator.sendText(userId, schoolQuery));
    await tapLabel(userId, schoolLabel);
    await after(userId, () => emulator.sendText(userId, name));
    await after(userId, () => emulator.sendText(userId, '0812345678'));
    await botSaid(userId);
    return userId;
  }

  /** A user who redeems an admin's invitation for an office role (clerk, directors, technician …). */
  async function registerInvited(name: string, role: InvitableRole, now: Date = new Date()): Promise<string> {
    const { code } = await issueInvitation(service.database.db, { officeId: DEFAULT_OFFICE_ID, role, schoolId: null, createdBy: null, now });
    const userId = (await emulator.createUser(name)).userId;
    await after(userId, () => emulator.follow(userId));
    await tapLabel(userId, registrationLabels.consentYes);
    await tapLabel(userId, registrationLabels.haveInvitation);
    await after(userId, () => emulator.sendText(userId, code));
    await after(userId, () => emulator.sendText(userId, name));
    await after(userId, () => emulator.sendText(userId, '0898765432'));
    await botSaid(userId);
    return userId;
  }

  function tapLabel(userId: string, label: string) {
    return after(userId, async () => {
      const button = buttonsOf(last.get(userId) ?? []).find((b) => b.label === label);
      if (!button) throw new Error(`no button "${label}" in the last answer: ${JSON.stringify(buttonsOf(last.get(userId) ?? []).map((b) => b.label))}`);
      await emulator.call('POST', `/users/${userId}/postbacks`, { data: button.data, displayText: button.displayText ?? button.label });
    });
  }

  return {
    emulator,
    settle,
    registerTeacher,
    registerInvited,
    /** The person record of a LINE user of the default channel. */
    personOf: async (userId: string): Promise<Person> => (await findPersonByLineUser(service.database.db, DEFAULT_CHANNEL_ID, userId))!,
    async newUser(name: string): Promise<string> {
      return (await emulator.createUser(name)).userId;
    },
    follow: (userId: string) => after(userId, () => emulator.follow(userId)),
    unfollow: (userId: string) => after(userId, () => emulator.call('POST', `/users/${userId}/unfollow`)),
    say: (userId: string, text: string) => after(userId, () => emulator.sendText(userId, text)),
    /** Sends any message a LINE user can send (an image, a place, a sticker; as the emulator's API takes it). */
    send: (userId: string, message: { type: string } & Record<string, unknown>) => after(userId, () => emulator.call('POST', `/users/${userId}/messages`, message)),
    /** Taps the quick-reply button with this label in the bot's latest answer. */
    tap: tapLabel,
    /** Taps a button (quick reply or Flex, by label) found in some earlier messages, e.g. a pushed card. */
    tapIn: (userId: string, entries: ConversationEntry[], label: string, params?: Record<string, string>) =>
      after(userId, () => emulator.tap(userId, dataOf(entries, label), params)),
    /** Replays the data of a button from an earlier answer (old or forged buttons). */
    tapData: (userId: string, data: string) => after(userId, () => emulator.call('POST', `/users/${userId}/postbacks`, { data })),
    buttons: (userId: string) => buttonsOf(last.get(userId) ?? []),
    /** What the bot pushed to someone else since their last look. */
    inbox: async (userId: string) => {
      const entries = await botSaid(userId);
      return { entries, text: texts(entries) };
    },
  };
}

/** The demo schools, also on a PostgreSQL server (where the start-up leaves the directory alone). */
export async function loadDemoSchools(service: RunningService): Promise<void> {
  await importSchoolsCsv(service.database.db, DEFAULT_OFFICE_ID, await readFile(DEMO_SCHOOLS_CSV, 'utf8'));
}

/** Every postback / datetimepicker action in the messages (quick replies and Flex buttons), by label. */
export function actionsIn(entries: ConversationEntry[]): Array<{ label: string; data: string; type: string }> {
  const found: Array<{ label: string; data: string; type: string }> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if ((record.type === 'postback' || record.type === 'datetimepicker') && typeof record.data === 'string') {
      found.push({ label: String(record.label ?? ''), data: record.data, type: record.type });
    }
    Object.values(record).forEach(walk);
  };
  entries.forEach((e) => walk(e.message));
  return found;
}

/** The data of the button with this label in the messages (throws, listing the labels, when absent). */
export function dataOf(entries: ConversationEntry[], label: string): string {
  const hit = actionsIn(entries).find((a) => a.label === label);
  if (!hit) throw new Error(`no "${label}" in ${JSON.stringify(actionsIn(entries).map((a) => a.label))}`);
  return hit.data;
}
