import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { lineChannels, offices } from '../schema.ts';

/** A channel as the operator sees it: the office it serves and its overrides, never its secret or token. */
export interface ChannelListing {
  id: string;
  officeId: string;
  officeName: string;
  apiBaseUrl: string | null;
  monthlyMessageBudget: number | null;
  /** The last 4 characters of the secret and the token, so an operator can tell which ones are set. */
  secretEnding: string;
  tokenEnding: string;
}

export async function listChannels(ex: Executor): Promise<ChannelListing[]> {
  const rows = await ex
    .select({
      id: lineChannels.id,
      officeId: lineChannels.officeId,
      officeName: offices.name,
      apiBaseUrl: lineChannels.apiBaseUrl,
      monthlyMessageBudget: lineChannels.monthlyMessageBudget,
      secret: lineChannels.channelSecret,
      token: lineChannels.channelAccessToken,
    })
    .from(lineChannels)
    .innerJoin(offices, eq(offices.id, lineChannels.officeId))
    .orderBy(asc(lineChannels.id));
  return rows.map(({ secret, token, ...row }) => ({ ...row, secretEnding: secret.slice(-4), tokenEnding: token.slice(-4) }));
}

export interface NewOfficeChannel {
  id: string;
  officeId: string;
  /** The office's name; used only when the office does not exist yet. */
  officeName: string;
  channelSecret: string;
  channelAccessToken: string;
  apiBaseUrl?: string | undefined;
  dataApiBaseUrl?: string | undefined;
  monthlyMessageBudget?: number | undefined;
}

/** Adds a channel (and its office if new) in one transaction; false when the channel id is taken. */
export async function insertOfficeChannel(ex: Executor, input: NewOfficeChannel): Promise<boolean> {
  return ex.transaction(async (tx) => {
    await tx.insert(offices).values({ id: input.officeId, name: input.officeName }).onConflictDoNothing();
    const inserted = await tx
      .insert(lineChannels)
      .values({
        id: input.id,
        officeId: input.officeId,
        channelSecret: input.channelSecret,
        channelAccessToken: input.channelAccessToken,
        apiBaseUrl: input.apiBaseUrl ?? null,
        dataApiBaseUrl: input.dataApiBaseUrl ?? null,
        monthlyMessageBudget: input.monthlyMessageBudget ?? null,
      })
      .onConflictDoNothing()
      .returning({ id: lineChannels.id });
    return inserted.length === 1;
  });
}

export interface ChannelChange {
  channelSecret?: string | undefined;
  channelAccessToken?: string | undefined;
  /** null = the deployment's LINE_MONTHLY_MESSAGE_BUDGET again. */
  monthlyMessageBudget?: number | null | undefined;
}

/** Changes what is given; false when there is no such channel. */
export async function updateOfficeChannel(ex: Executor, id: string, change: ChannelChange): Promise<boolean> {
  const set = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
  if (Object.keys(set).length === 0) return (await ex.select({ id: lineChannels.id }).from(lineChannels).where(eq(lineChannels.id, id))).length === 1;
  const updated = await ex.update(lineChannels).set(set).where(eq(lineChannels.id, id)).returning({ id: lineChannels.id });
  return updated.length === 1;
}

/** Every channel row, secrets and tokens included (the service's channel registry). */
export async function allChannelRows(ex: Executor) {
  return ex.select().from(lineChannels);
}

export async function channelRow(ex: Executor, id: string) {
  const [row] = await ex.select().from(lineChannels).where(eq(lineChannels.id, id));
  return row;
}

/**
 * Writes a channel whose secret and token come from the settings, and its office: the office keeps its name if an
 * admin changed it; the channel takes the given secret and token.
 */
export async function upsertChannelAndOffice(
  ex: Executor,
  input: { id: string; officeId: string; officeName: string; channelSecret: string; channelAccessToken: string },
): Promise<void> {
  await ex.insert(offices).values({ id: input.officeId, name: input.officeName }).onConflictDoNothing();
  await ex
    .insert(lineChannels)
    .values({ id: input.id, officeId: input.officeId, channelSecret: input.channelSecret, channelAccessToken: input.channelAccessToken })
    .onConflictDoUpdate({
      target: lineChannels.id,
      set: { channelSecret: input.channelSecret, channelAccessToken: input.channelAccessToken },
    });
}
