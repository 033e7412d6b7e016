import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID, type LineChannel } from '../../src/line/channels.ts';
import { createLineApi } from '../../src/line/line-api.ts';
import type { LineRichMenuApi } from '../../src/line/rich-menus/api.ts';
import { GUEST_MENU, renderRichMenuImage, richMenuDefinition, richMenuDefinitions, type RichMenuDefinition } from '../../src/line/rich-menus/definitions.ts';
import { setupRichMenus } from '../../src/line/rich-menus/setup.ts';
import { ensureRichMenus, removeOutdatedRichMenus } from '../../src/line/rich-menus/sync.ts';
import { createLogger } from '../../src/logger.ts';
import { startEmulatorHarness, type EmulatorHarness } from '../support/emulator-harness.ts';

const logger = createLogger('silent');
let h: EmulatorHarness;
let api: LineRichMenuApi;

beforeEach(async () => {
  // A fresh platform per test: the emulator's reset keeps rich menus (they are the bot's set-up).
  h = await startEmulatorHarness();
  const channel: LineChannel = {
    id: DEFAULT_CHANNEL_ID,
    officeId: DEFAULT_OFFICE_ID,
    channelSecret: h.secret,
    channelAccessToken: h.token,
    apiBaseUrl: h.url,
    dataApiBaseUrl: h.url,
    monthlyMessageBudget: 0,
  };
  api = createLineApi(channel).richMenus;
});
afterEach(async () => {
  await h.close();
});

async function menus(): Promise<{ richMenuId: string; name: string }[]> {
  return (await h.api('GET', '/v2/bot/richmenu/list')).body.richmenus;
}
async function aliases(): Promise<Record<string, string>> {
  const list: { richMenuAliasId: string; richMenuId: string }[] = (await h.api('GET', '/v2/bot/richmenu/alias/list')).body.aliases;
  return Object.fromEntries(list.map((a) => [a.richMenuAliasId, a.richMenuId]));
}
async function requests(): Promise<{ method: string; path: string }[]> {
  return (await h.control('GET', '/requests?path=richmenu')).body.requests;
}

describe('setting up rich menus through the API', () => {
  it('creates every menu with its image and alias, and makes the registration menu the default', async () => {
    const result = await setupRichMenus(api, { logger, channelId: DEFAULT_CHANNEL_ID });

    const listed = await menus();
    const expected = [...richMenuDefinitions().values()];
    expect(listed.map((m) => m.name).sort()).toEqual(expected.map((d) => d.name).sort());
    const byAlias = await aliases();
    for (const d of expected) {
      const id = result.menuIds.get(d.key)!;
      expect(byAlias[d.aliasId]).toBe(id);
      const image = await h.api('GET', `/v2/bot/richmenu/${id}/content`);
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/png');
    }
    const def = await h.api('GET', '/v2/bot/user/all/richmenu');
    expect(def.body.richMenuId).toBe(result.menuIds.get(GUEST_MENU));
    expect(result.changes).toContain(`created ${richMenuDefinition('teacher').name}`);
  });

  it('running it again only reads: nothing is created, uploaded, linked or deleted', async () => {
    const first = await setupRichMenus(api, { logger, channelId: DEFAULT_CHANNEL_ID });
    const before = (await requests()).length;
    const menusBefore = await menus();

    const second = await setupRichMenus(api, { logger, channelId: DEFAULT_CHANNEL_ID });

    const calls = (await requests()).slice(before);
    expect(calls.filter((c) => c.method !== 'GET')).toEqual([]);
    expect(calls.length).toBeGreaterThan(0);
    expect(second.changes).toEqual([]);
    expect(second.removed).toEqual([]);
    expect(second.menuIds).toEqual(first.menuIds);
    expect(await menus()).toEqual(menusBefore);
  });

  it('replaces an outdated menu of ours and leaves menus made by hand alone', async () => {
    const teacher = richMenuDefinition('teacher');
    const old = { ...teacher, name: 'esa:teacher:00000000', hash: '00000000', request: { ...teacher.request, name: 'esa:teacher:00000000' } };
    const { menuIds: oldIds } = await ensureRichMenus(api, { logger, definitions: [old] });
    const oldId = oldIds.get('teacher')!;
    const handMade = await h.api('POST', '/v2/bot/richmenu', { ...teacher.request, name: 'เมนูทดลองของแอดมิน' });
    expect(handMade.status).toBe(200);

    const result = await setupRichMenus(api, { logger, channelId: DEFAULT_CHANNEL_ID });

    const names = (await menus()).map((m) => m.name);
    expect(names).not.toContain('esa:teacher:00000000');
    expect(names).toContain('เมนูทดลองของแอดมิน');
    expect(names).toContain(teacher.name);
    expect((await aliases())[teacher.aliasId]).toBe(result.menuIds.get('teacher'));
    expect(result.menuIds.get('teacher')).not.toBe(oldId);
    expect(result.removed).toEqual([`deleted esa:teacher:00000000 (${oldId})`]);
  });

  it('finishes a menu a stopped run left without image and alias instead of creating another', async () => {
    const teacher = richMenuDefinition('teacher');
    const created = await api.create(teacher.request);
    if (!created.ok) throw new Error(created.body);

    const result = await setupRichMenus(api, { logger, channelId: DEFAULT_CHANNEL_ID });

    expect(result.menuIds.get('teacher')).toBe(created.value);
    expect((await menus()).filter((m) => m.name === teacher.name)).toHaveLength(1);
    expect((await h.api('GET', `/v2/bot/richmenu/${created.value}/content`)).status).toBe(200);
  });

  it('a stopped run that had uploaded the image but not set the alias is finished too', async () => {
    const teacher = richMenuDefinition('teacher');
    const created = await api.create(teacher.request);
    if (!created.ok) throw new Error(created.body);
    expect((await api.uploadImage(created.value, renderRichMenuImage(teacher))).ok).toBe(true);

    const result = await setupRichMenus(api, { logger, channelId: DEFAULT_CHANNEL_ID });

    expect(result.menuIds.get('teacher')).toBe(created.value);
    expect((await aliases())[teacher.aliasId]).toBe(created.value);
  });

  it('keeps one of two copies made by concurrent runs and deletes the other', async () => {
    const teacher = richMenuDefinition('teacher');
    const copies: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const created = await api.create(teacher.request);
      if (!created.ok) throw new Error(created.body);
      expect((await api.uploadImage(created.value, renderRichMenuImage(teacher))).ok).toBe(true);
      copies.push(created.value);
    }
    expect((await api.createAlias(teacher.aliasId, copies[1]!)).ok).toBe(true);

    const result = await setupRichMenus(api, { logger, channelId: DEFAULT_CHANNEL_ID });

    expect(result.menuIds.get('teacher')).toBe(copies[1]);
    expect((await menus()).filter((m) => m.name === teacher.name).map((m) => m.richMenuId)).toEqual([copies[1]]);
  });

  it('a changed definition gets a new menu; the alias moves to it and the old one is deleted afterwards', async () => {
    const teacher = richMenuDefinition('teacher');
    await setupRichMenus(api, { logger, channelId: DEFAULT_CHANNEL_ID });
    const changed: RichMenuDefinition = {
      ...teacher,
      name: 'esa:teacher:ffffffff',
      hash: 'ffffffff',
      request: { ...teacher.request, name: 'esa:teacher:ffffffff', chatBarText: 'เมนูใหม่' },
    };
    const all = [...richMenuDefinitions().values()].map((d) => (d.key === 'teacher' ? changed : d));

    const { menuIds, changes } = await ensureRichMenus(api, { logger, definitions: all });
    expect(changes).toEqual(['created esa:teacher:ffffffff', `alias ${teacher.aliasId} → esa:teacher:ffffffff`]);
    expect((await menus()).map((m) => m.name)).toContain(teacher.name);
    const removed = await removeOutdatedRichMenus(api, menuIds, { logger, definitions: all });
    expect(removed).toHaveLength(1);
    expect((await menus()).map((m) => m.name)).not.toContain(teacher.name);
    expect((await aliases())[teacher.aliasId]).toBe(menuIds.get('teacher'));
  });

  it('a failure from LINE stops the set-up with the step and status, and a later run completes it', async () => {
    await h.control('POST', '/faults', { path: '*', status: 500, count: 1 });
    await expect(setupRichMenus(api, { logger, channelId: DEFAULT_CHANNEL_ID })).rejects.toThrow(/list menus failed \(500\)/);
    const result = await setupRichMenus(api, { logger, channelId: DEFAULT_CHANNEL_ID });
    expect(result.menuIds.size).toBe(richMenuDefinitions().size);
  });
});
