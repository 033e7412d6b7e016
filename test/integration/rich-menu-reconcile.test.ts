import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/database.ts';
import { people } from '../../src/db/schema.ts';
import { richMenuFamilyOf, type Role } from '../../src/domain/roles.ts';
import { DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID, upsertDefaultChannel } from '../../src/line/channels.ts';
import { createLineApi } from '../../src/line/line-api.ts';
import type { LineRichMenuApi } from '../../src/line/rich-menus/api.ts';
import type { RichMenuKey } from '../../src/line/rich-menus/definitions.ts';
import { reconcileRichMenuLinks } from '../../src/line/rich-menus/reconcile.ts';
import { setupRichMenus } from '../../src/line/rich-menus/setup.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase } from '../support/database.ts';
import { startEmulatorHarness, type EmulatorHarness } from '../support/emulator-harness.ts';
import { officeFactory } from '../support/factories.ts';

const logger = createLogger('silent');
let h: EmulatorHarness;
let database: Database;
let api: LineRichMenuApi;
let menuIds: Map<RichMenuKey, string>;

beforeAll(async () => {
  h = await startEmulatorHarness();
  database = await createTestDatabase(logger);
  await upsertDefaultChannel(database.db, { officeName: 'สพป.ทดสอบ', channelSecret: h.secret, channelAccessToken: h.token });
  api = createLineApi({
    id: DEFAULT_CHANNEL_ID,
    officeId: DEFAULT_OFFICE_ID,
    channelSecret: h.secret,
    channelAccessToken: h.token,
    apiBaseUrl: h.url,
    dataApiBaseUrl: h.url,
    monthlyMessageBudget: 0,
  }).richMenus;
  ({ menuIds } = await setupRichMenus(api, { logger, channelId: DEFAULT_CHANNEL_ID }));
});
afterAll(async () => {
  await database.close();
  await h.close();
});
beforeEach(async () => {
  await database.db.delete(people);
});

async function person(role: Role, options: { lineUserId?: string | null; status?: string } = {}): Promise<{ id: number; lineUserId: string | null }> {
  const lineUserId = options.lineUserId === undefined ? await h.newUser() : options.lineUserId;
  return officeFactory(database.db).person('สมศรี ใจดี', role, { lineUserId, status: options.status ?? 'active', richMenuFamily: richMenuFamilyOf(role) });
}

const reconcile = (refused?: Map<string, true>) =>
  reconcileRichMenuLinks({ database, api, channelId: DEFAULT_CHANNEL_ID, menuIds, logger, ...(refused ? { refused } : {}) });

async function linkedOnLine(userId: string): Promise<string | undefined> {
  const res = await h.api('GET', `/v2/bot/user/${userId}/richmenu`);
  return res.status === 200 ? res.body.richMenuId : undefined;
}
async function linkedInDb(id: number): Promise<string | null> {
  const [row] = await database.db.select({ linked: people.richMenuLinkedId }).from(people).where(eq(people.id, id));
  return row!.linked;
}
async function linkCalls(): Promise<number> {
  const all: { method: string; path: string }[] = (await h.control('GET', '/requests?path=richmenu')).body.requests;
  return all.filter((r) => r.path.startsWith('/v2/bot/user/') && r.method !== 'GET').length;
}

describe('linking each person to their family\'s rich menu', () => {
  it('links registered people to their family\'s menu, and a second run calls LINE for nobody', async () => {
    const teacher = await person('teacher');
    const clerk = await person('saraban_clerk');
    const deputy = await person('deputy_director');

    expect(await reconcile()).toEqual({ linked: 3, unlinked: 0, cleared: 0, failed: 0, skipped: 0 });
    expect(await linkedOnLine(teacher.lineUserId!)).toBe(menuIds.get('teacher'));
    expect(await linkedOnLine(clerk.lineUserId!)).toBe(menuIds.get('saraban'));
    expect(await linkedOnLine(deputy.lineUserId!)).toBe(menuIds.get('director'));
    expect(await linkedInDb(teacher.id)).toBe(menuIds.get('teacher'));

    const calls = await linkCalls();
    expect(await reconcile()).toEqual({ linked: 0, unlinked: 0, cleared: 0, failed: 0, skipped: 0 });
    expect(await linkCalls()).toBe(calls);
  });

  it('relinks a person whose role family changed', async () => {
    const someone = await person('teacher');
    await reconcile();
    await database.db.update(people).set({ role: 'technician', richMenuFamily: richMenuFamilyOf('technician') }).where(eq(people.id, someone.id));

    expect((await reconcile()).linked).toBe(1);
    expect(await linkedOnLine(someone.lineUserId!)).toBe(menuIds.get('technician'));
    expect(await linkedInDb(someone.id)).toBe(menuIds.get('technician'));
  });

  it('unlinks a person whose role was revoked, so the default menu shows again', async () => {
    const someone = await person('admin');
    await reconcile();
    await database.db.update(people).set({ role: 'guest', richMenuFamily: null }).where(eq(people.id, someone.id));

    expect((await reconcile()).unlinked).toBe(1);
    expect(await linkedOnLine(someone.lineUserId!)).toBeUndefined();
    expect(await linkedInDb(someone.id)).toBeNull();
  });

  it('unlinks a deleted person while their LINE id is known, and forgets the link once it is gone', async () => {
    const deleting = await person('teacher');
    const anonymised = await person('teacher');
    await reconcile();
    await database.db.update(people).set({ status: 'deleted', richMenuFamily: null }).where(eq(people.id, deleting.id));
    await database.db.update(people).set({ status: 'deleted', richMenuFamily: null, lineUserId: null }).where(eq(people.id, anonymised.id));

    expect(await reconcile()).toEqual({ linked: 0, unlinked: 1, cleared: 1, failed: 0, skipped: 0 });
    expect(await linkedOnLine(deleting.lineUserId!)).toBeUndefined();
    expect(await linkedInDb(deleting.id)).toBeNull();
    expect(await linkedInDb(anonymised.id)).toBeNull();
    expect((await reconcile()).unlinked + (await reconcile()).cleared).toBe(0);
  });

  it('leaves people who unfollowed alone until they follow again', async () => {
    const away = await person('teacher', { status: 'inactive' });
    expect((await reconcile()).linked).toBe(0);
    expect(await linkedOnLine(away.lineUserId!)).toBeUndefined();

    await database.db.update(people).set({ status: 'active' }).where(eq(people.id, away.id));
    expect((await reconcile()).linked).toBe(1);
    expect(await linkedOnLine(away.lineUserId!)).toBe(menuIds.get('teacher'));
  });

  it('does not ask LINE again every run for a user LINE refused, but does once the person changes', async () => {
    const unknown = await person('teacher', { lineUserId: `U${'a'.repeat(32)}` });
    const refused = new Map<string, true>();
    expect(await reconcile(refused)).toMatchObject({ linked: 0, failed: 1 });
    expect(await reconcile(refused)).toMatchObject({ failed: 0, skipped: 1 });

    await database.db.update(people).set({ updatedAt: new Date(Date.now() + 1000) }).where(eq(people.id, unknown.id));
    expect(await reconcile(refused)).toMatchObject({ failed: 1, skipped: 0 });
  });

  it('retries on the next run when LINE fails for a moment, and records nothing meanwhile', async () => {
    const someone = await person('technician');
    await h.control('POST', '/faults', { path: '*', status: 500, count: 1 });
    expect(await reconcile()).toMatchObject({ linked: 0, failed: 1 });
    expect(await linkedInDb(someone.id)).toBeNull();

    expect(await reconcile()).toMatchObject({ linked: 1, failed: 0 });
    expect(await linkedOnLine(someone.lineUserId!)).toBe(menuIds.get('technician'));
  });

  it('only touches people of the channel it was asked about, and only those named when given', async () => {
    const a = await person('teacher');
    const b = await person('teacher');
    const summary = await reconcileRichMenuLinks({ database, api, channelId: DEFAULT_CHANNEL_ID, menuIds, logger, personIds: [b.id] });
    expect(summary.linked).toBe(1);
    expect(await linkedInDb(a.id)).toBeNull();
    expect(await linkedInDb(b.id)).toBe(menuIds.get('teacher'));
    expect((await reconcileRichMenuLinks({ database, api, channelId: 'other', menuIds, logger })).linked).toBe(0);
  });
});
