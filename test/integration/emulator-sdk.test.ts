import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { HTTPFetchError, messagingApi } from '@line/bot-sdk';
import { startEmulatorHarness, type EmulatorHarness } from '../support/emulator-harness.ts';
import * as fx from '../support/line-fixtures.ts';

let h: EmulatorHarness;
let client: messagingApi.MessagingApiClient;
let blob: messagingApi.MessagingApiBlobClient;

beforeAll(async () => {
  h = await startEmulatorHarness();
  client = new messagingApi.MessagingApiClient({ channelAccessToken: h.token, baseURL: h.url });
  blob = new messagingApi.MessagingApiBlobClient({ channelAccessToken: h.token, baseURL: h.url });
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  h.received.length = 0;
  await h.control('POST', '/reset');
});

/** A PNG header of the given size: enough for the emulator's size check. */
function png(width: number, height: number): Blob {
  const bytes = Buffer.alloc(33);
  Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').copy(bytes);
  bytes.writeUInt32BE(width, 16);
  bytes.writeUInt32BE(height, 20);
  return new Blob([bytes], { type: 'image/png' });
}

async function status(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 200;
  } catch (error) {
    if (error instanceof HTTPFetchError) return error.status;
    throw error;
  }
}

describe('the real @line/bot-sdk works against the emulator', () => {
  it('replyMessage, pushMessage with a retry key, multicast and the loading animation', async () => {
    const userId = await h.newUser();
    await h.control('POST', `/users/${userId}/messages`, { type: 'text', text: 'สวัสดี' });
    const replyToken = h.received[0]!.body.events[0]!.replyToken as string;

    const reply = await client.replyMessage({ replyToken, messages: [{ type: 'text', text: 'สวัสดีค่ะ' }] });
    expect(reply.sentMessages[0]!.id).toMatch(/^\d+$/);

    const key = randomUUID();
    const push = await client.pushMessageWithHttpInfo({ to: userId, messages: [fx.messages.FlexMessage() as messagingApi.Message] }, key);
    expect(push.httpResponse.status).toBe(200);
    expect(push.httpResponse.headers.get('x-line-request-id')).toBeTruthy();
    const repeat = await status(client.pushMessage({ to: userId, messages: [{ type: 'text', text: 'ซ้ำ' }] }, key));
    expect(repeat).toBe(409);

    await client.multicast({ to: [userId], messages: [{ type: 'text', text: 'ประกาศ' }] }, randomUUID());
    await client.showLoadingAnimation({ chatId: userId, loadingSeconds: 5 });

    const entries = (await h.control('GET', `/users/${userId}/conversation`)).body.entries;
    expect(entries.map((e: any) => [e.direction, e.via, e.message.type])).toEqual([
      ['user', 'webhook', 'text'],
      ['bot', 'reply', 'text'],
      ['bot', 'push', 'flex'],
      ['bot', 'multicast', 'text'],
    ]);
  });

  it('a message LINE would reject surfaces as the SDK error with LINE body', async () => {
    const userId = await h.newUser();
    try {
      await client.pushMessage({ to: userId, messages: [{ type: 'text', text: '' }] });
      throw new Error('expected a 400');
    } catch (error) {
      expect(error).toBeInstanceOf(HTTPFetchError);
      const e = error as HTTPFetchError;
      expect(e.status).toBe(400);
      expect(JSON.parse(e.body)).toEqual({ message: 'The request body has 1 error(s)', details: [{ message: 'May not be empty', property: 'messages[0].text' }] });
    }
  });

  it('getProfile, getMessageContent, getMessageQuota and getMessageQuotaConsumption', async () => {
    const userId = await h.newUser('ครูสมศรี');
    expect(await client.getProfile(userId)).toEqual({ userId, displayName: 'ครูสมศรี', pictureUrl: 'https://example.com/p.png', language: 'th' });

    const image = Buffer.from('fake jpeg bytes');
    const sent = await h.control('POST', `/users/${userId}/messages`, { type: 'image', contentBase64: image.toString('base64'), contentType: 'image/jpeg' });
    const stream = await blob.getMessageContent(sent.body.messageId);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk));
    expect(Buffer.concat(chunks)).toEqual(image);

    await client.pushMessage({ to: userId, messages: [{ type: 'text', text: 'หนึ่ง' }] });
    expect(await client.getMessageQuota()).toEqual({ type: 'limited', value: 300 });
    expect(await client.getMessageQuotaConsumption()).toEqual({ totalUsage: 1 });
  });

  it('rich menus: create, upload the image, link to a user, set the default and alias', async () => {
    const userId = await h.newUser();
    const { richMenuId } = await client.createRichMenu(fx.richMenuRequest() as messagingApi.RichMenuRequest);
    expect(richMenuId).toMatch(/^richmenu-[0-9a-f]{32}$/);

    // Linking before the image is uploaded is refused, as LINE does.
    expect(await status(client.linkRichMenuIdToUser(userId, richMenuId))).toBe(400);
    expect(await status(blob.setRichMenuImage(richMenuId, png(800, 270)))).toBe(400);
    await blob.setRichMenuImage(richMenuId, png(2500, 843));

    await client.linkRichMenuIdToUser(userId, richMenuId);
    expect(await client.getRichMenuIdOfUser(userId)).toEqual({ richMenuId });
    await client.setDefaultRichMenu(richMenuId);
    expect(await client.getDefaultRichMenuId()).toEqual({ richMenuId });
    await client.createRichMenuAlias({ richMenuAliasId: 'menu-b', richMenuId });
    expect(await client.getRichMenuAlias('menu-b')).toEqual({ richMenuAliasId: 'menu-b', richMenuId });
    expect(await status(client.createRichMenuAlias({ richMenuAliasId: 'menu-b', richMenuId }))).toBe(400);

    const list = await client.getRichMenuList();
    expect(list.richmenus.map((m) => [m.richMenuId, m.chatBarText])).toEqual([[richMenuId, 'เมนู']]);
    const users = (await h.control('GET', '/users')).body.users;
    expect(users.find((u: any) => u.userId === userId).richMenuId).toBe(richMenuId);

    await client.unlinkRichMenuIdFromUser(userId);
    expect(await status(client.getRichMenuIdOfUser(userId))).toBe(404);
    await client.cancelDefaultRichMenu();
    expect(await status(client.getDefaultRichMenuId())).toBe(404);
    await client.deleteRichMenuAlias('menu-b');
    await client.deleteRichMenu(richMenuId);
    expect(await status(client.getRichMenu(richMenuId))).toBe(404);
  });

  it('an invalid rich menu gets 400', async () => {
    const bad = { ...fx.richMenuRequest(), chatBarText: 'ข้อความยาวเกินสิบสี่ตัวอักษร' };
    expect(await status(client.createRichMenu(bad as messagingApi.RichMenuRequest))).toBe(400);
  });
});
