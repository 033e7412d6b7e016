import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import type { RunningService } from '../../src/app.ts';
import { lineChannels, people } from '../../src/db/schema.ts';
import { richMenuFamilyOf } from '../../src/domain/roles.ts';
import { DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { GUEST_MENU, richMenuDefinition } from '../../src/line/rich-menus/definitions.ts';
import { reconcileRichMenusNow, richMenuReconcileJob, unlinkRichMenuNow } from '../../src/line/rich-menus/runtime.ts';
import { createLogger } from '../../src/logger.ts';
import { emulatorClient, startTestService } from '../support/service.ts';
import { officeFactory } from '../support/factories.ts';

let service: RunningService;
let token: string;

beforeAll(async () => {
  service = await startTestService();
  const [channel] = await service.database.db.select().from(lineChannels).where(eq(lineChannels.id, DEFAULT_CHANNEL_ID));
  token = channel!.channelAccessToken;
});
afterAll(async () => {
  await service.stop();
});

async function lineGet(path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${service.url}/emulator${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json() };
}

describe('rich menus in the running service (emulator mode)', () => {
  it('are set up at start: every menu exists and newcomers see the registration menu', async () => {
    const names = (await lineGet('/v2/bot/richmenu/list')).body.richmenus.map((m: { name: string }) => m.name);
    expect(names).toContain(richMenuDefinition('teacher').name);
    expect(names).toContain(richMenuDefinition('admin').name);
    const def = await lineGet('/v2/bot/user/all/richmenu');
    const guest = (await lineGet(`/v2/bot/richmenu/alias/${richMenuDefinition(GUEST_MENU).aliasId}`)).body.richMenuId;
    expect(def.body.richMenuId).toBe(guest);
  });

  it('a reconcile run after a role change links the person to their new family\'s menu', async () => {
    const emulator = emulatorClient(`${service.url}/emulator/api`);
    const { userId } = await emulator.createUser('ครูสมหญิง');
    const row = await officeFactory(service.database.db).person('สมหญิง ใจงาม', 'teacher', { lineUserId: userId, richMenuFamily: richMenuFamilyOf('teacher') });
    await reconcileRichMenusNow();
    const teacherMenu = (await lineGet(`/v2/bot/richmenu/alias/${richMenuDefinition('teacher').aliasId}`)).body.richMenuId;
    expect((await lineGet(`/v2/bot/user/${userId}/richmenu`)).body.richMenuId).toBe(teacherMenu);

    await service.database.db
      .update(people)
      .set({ role: 'technician', richMenuFamily: richMenuFamilyOf('technician') })
      .where(eq(people.id, row!.id));
    await reconcileRichMenusNow();
    const technicianMenu = (await lineGet(`/v2/bot/richmenu/alias/${richMenuDefinition('technician').aliasId}`)).body.richMenuId;
    expect((await lineGet(`/v2/bot/user/${userId}/richmenu`)).body.richMenuId).toBe(technicianMenu);
  });

  it('the minute job links people registered meanwhile; a deleted person\'s menu can be unlinked right away', async () => {
    const emulator = emulatorClient(`${service.url}/emulator/api`);
    const { userId } = await emulator.createUser('ช่างสมชาย');
    const row = await officeFactory(service.database.db).person('สมชาย ช่างดี', 'technician', { lineUserId: userId, richMenuFamily: richMenuFamilyOf('technician') });
    await richMenuReconcileJob.handler({}, { database: service.database, logger: createLogger('silent'), now: new Date(), runKey: 'test' });
    expect((await lineGet(`/v2/bot/user/${userId}/richmenu`)).status).toBe(200);

    await service.database.db
      .update(people)
      .set({ status: 'deleted', lineUserId: null, richMenuFamily: null })
      .where(eq(people.id, row!.id));
    await unlinkRichMenuNow(DEFAULT_CHANNEL_ID, userId);
    await reconcileRichMenusNow();
    expect((await lineGet(`/v2/bot/user/${userId}/richmenu`)).status).toBe(404);
    const [after] = await service.database.db.select({ linked: people.richMenuLinkedId }).from(people).where(eq(people.id, row!.id));
    expect(after!.linked).toBeNull();
  });
});
