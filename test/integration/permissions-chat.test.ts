import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { insertPerson } from '../../src/db/repos/people.ts';
import { listAudit } from '../../src/db/repos/audit.ts';
import { importSchoolsCsv } from '../../src/flows/directory/import-schools.ts';
import { can, type Action } from '../../src/domain/permissions.ts';
import { ROLES, richMenuFamilyOf, type Role } from '../../src/domain/roles.ts';
import { inviteAction, listRoleAction, roleAction } from '../../src/flows/admin/actions.ts';
import { deniedMessage } from '../../src/kit/steps.ts';
import { myInfoOpenAction } from '../../src/flows/my-info/actions.ts';
import { DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { encodeSealedPostback } from '../../src/line/postback.ts';
import { lineUserId, outboxRows, postbackEvent, startInbound, textEvent, TEST_SECRET, webhookBody, type InboundHarness } from '../support/inbound.ts';

/**
 * Every role tries every action that can be reached from the chat, through the webhook and the
 * dispatcher: allowed exactly when the permission table says so; a refusal is polite and audited.
 */
const CHAT_ACTIONS: Record<string, { action: Action; event: (userId: string) => unknown }> = {
  'opening ข้อมูลของฉัน by text': { action: 'view_own_info', event: (u) => textEvent(u, 'ข้อมูลของฉัน') },
  'opening ข้อมูลของฉัน by button': { action: 'view_own_info', event: (u) => postbackEvent(u, encodeSealedPostback(myInfoOpenAction, {}, TEST_SECRET)) },
  'opening the admin menu': { action: 'administer', event: (u) => textEvent(u, 'ผู้ดูแลระบบ') },
  'creating an invitation': { action: 'create_invitation', event: (u) => postbackEvent(u, encodeSealedPostback(inviteAction, {}, TEST_SECRET)) },
  'listing people of a role': { action: 'view_people', event: (u) => postbackEvent(u, encodeSealedPostback(listRoleAction, { r: 'teacher' }, TEST_SECRET)) },
  'changing a role': { action: 'manage_roles', event: (u) => postbackEvent(u, encodeSealedPostback(roleAction, {}, TEST_SECRET)) },
};

let h: InboundHarness;
const personIds = new Map<Role, number>();

beforeAll(async () => {
  h = await startInbound();
  await importSchoolsCsv(h.database.db, DEFAULT_OFFICE_ID, 'name,smis,district\nโรงเรียนทดสอบสิทธิ์,99030099,อำเภอทดสอบ');
  const [school] = await h.database.db.query.schools.findMany();
  for (const role of ROLES) {
    const id = await insertPerson(
      h.database.db,
      {
        officeId: DEFAULT_OFFICE_ID,
        channelId: DEFAULT_CHANNEL_ID,
        lineUserId: lineUserId(`U-perm-${role}`),
        fullName: `ผู้ทดสอบ ${role}`,
        phone: '0812345678',
        role,
        schoolId: role === 'teacher' || role === 'school_director' ? school!.id : null,
        consentAt: new Date(),
        richMenuFamily: richMenuFamilyOf(role),
      },
      new Date(),
    );
    personIds.set(role, id);
  }
});
afterAll(async () => h.close());

describe('permissions through the dispatcher', () => {
  for (const role of ROLES) {
    for (const [what, { action, event }] of Object.entries(CHAT_ACTIONS)) {
      const allowed = can(role, action);
      it(`a ${role} ${allowed ? 'may' : 'is politely refused when'} ${what}`, async () => {
        const userId = lineUserId(`U-perm-${role}`);
        const sent = event(userId) as { webhookEventId: string };
        expect((await h.post(webhookBody(sent))).status).toBe(200);
        await h.dispatcher().drain();
        await h.stopDispatchers();
        const answer = (await outboxRows(h.database, userId)).filter((r) => r.sourceEventId === sent.webhookEventId).flatMap((r) => r.texts);
        expect(answer.length).toBeGreaterThan(0);
        const denials = (await listAudit(h.database.db, DEFAULT_OFFICE_ID, { action: 'permission_denied' })).filter(
          (a) => a.actorId === personIds.get(role) && a.subjectId === action,
        );
        if (allowed) {
          expect(answer.join('\n')).not.toContain('ยังไม่มีสิทธิ์');
          expect(denials).toHaveLength(0);
        } else {
          expect(answer).toEqual([deniedMessage(action)]);
          expect(denials.length).toBeGreaterThan(0);
        }
        // Leave no half-open admin conversation behind for the next action.
        await h.post(webhookBody(textEvent(userId, 'ยกเลิก')));
        await h.dispatcher().drain();
        await h.stopDispatchers();
      });
    }
  }
});
