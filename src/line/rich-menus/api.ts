import type { messagingApi } from '@line/bot-sdk';
import type { LineCallResult } from '../line-api.ts';
import type { RichMenuRequest } from '../messaging-schemas.ts';

/**
 * LINE's rich menu calls for one channel (part of `LineApi`, as `api.richMenus`), results instead of throws
 * like the rest of the adapter. Reads that LINE answers with 404 for "none" return undefined instead.
 */
export interface LineRichMenuApi {
  list(): Promise<LineCallResult<LineRichMenu[]>>;
  create(request: RichMenuRequest): Promise<LineCallResult<string>>;
  uploadImage(richMenuId: string, png: Buffer): Promise<LineCallResult>;
  remove(richMenuId: string): Promise<LineCallResult>;
  listAliases(): Promise<LineCallResult<{ richMenuAliasId: string; richMenuId: string }[]>>;
  createAlias(richMenuAliasId: string, richMenuId: string): Promise<LineCallResult>;
  updateAlias(richMenuAliasId: string, richMenuId: string): Promise<LineCallResult>;
  removeAlias(richMenuAliasId: string): Promise<LineCallResult>;
  getDefault(): Promise<LineCallResult<string | undefined>>;
  setDefault(richMenuId: string): Promise<LineCallResult>;
  linkUser(userId: string, richMenuId: string): Promise<LineCallResult>;
  unlinkUser(userId: string): Promise<LineCallResult>;
  /** The menu linked to one user (not the default); undefined when none. */
  getUserMenu(userId: string): Promise<LineCallResult<string | undefined>>;
}

export interface LineRichMenu {
  richMenuId: string;
  name: string;
  size: { width: number; height: number };
  chatBarText: string;
}

type Call = <T>(run: () => Promise<{ httpResponse: Response; body: T }>) => Promise<LineCallResult<T>>;

export function richMenuCalls(
  client: messagingApi.MessagingApiClient,
  blob: messagingApi.MessagingApiBlobClient,
  call: Call,
): LineRichMenuApi {
  const done = async (run: () => Promise<{ httpResponse: Response; body: unknown }>): Promise<LineCallResult> => {
    const result = await call(run);
    return result.ok ? { ok: true, requestId: result.requestId, value: undefined } : result;
  };
  const map = async <A, B>(result: Promise<LineCallResult<A>>, f: (a: A) => B): Promise<LineCallResult<B>> => {
    const r = await result;
    return r.ok ? { ok: true, requestId: r.requestId, value: f(r.value) } : r;
  };
  /** 404 means "there is none" for the default menu and a user's menu. */
  const optionalId = async (result: Promise<LineCallResult<{ richMenuId: string }>>): Promise<LineCallResult<string | undefined>> => {
    const r = await result;
    if (r.ok) return { ok: true, requestId: r.requestId, value: r.value.richMenuId };
    if (r.status === 404) return { ok: true, requestId: r.requestId, value: undefined };
    return r;
  };

  return {
    list: () =>
      map(call(() => client.getRichMenuListWithHttpInfo()), (body) =>
        body.richmenus.map((m) => ({
          richMenuId: m.richMenuId,
          name: m.name,
          size: { width: m.size.width ?? 0, height: m.size.height ?? 0 },
          chatBarText: m.chatBarText,
        })),
      ),
    create: (request) =>
      map(call(() => client.createRichMenuWithHttpInfo(request as messagingApi.RichMenuRequest)), (body) => body.richMenuId),
    uploadImage: (richMenuId, png) =>
      done(() => blob.setRichMenuImageWithHttpInfo(richMenuId, new Blob([new Uint8Array(png)], { type: 'image/png' }))),
    remove: (richMenuId) => done(() => client.deleteRichMenuWithHttpInfo(richMenuId)),
    listAliases: () =>
      map(call(() => client.getRichMenuAliasListWithHttpInfo()), (body) =>
        body.aliases.map((a) => ({ richMenuAliasId: a.richMenuAliasId, richMenuId: a.richMenuId })),
      ),
    createAlias: (richMenuAliasId, richMenuId) =>
      done(() => client.createRichMenuAliasWithHttpInfo({ richMenuAliasId, richMenuId })),
    updateAlias: (richMenuAliasId, richMenuId) =>
      done(() => client.updateRichMenuAliasWithHttpInfo(richMenuAliasId, { richMenuId })),
    removeAlias: (richMenuAliasId) => done(() => client.deleteRichMenuAliasWithHttpInfo(richMenuAliasId)),
    getDefault: () => optionalId(call(() => client.getDefaultRichMenuIdWithHttpInfo())),
    setDefault: (richMenuId) => done(() => client.setDefaultRichMenuWithHttpInfo(richMenuId)),
    linkUser: (userId, richMenuId) => done(() => client.linkRichMenuIdToUserWithHttpInfo(userId, richMenuId)),
    unlinkUser: (userId) => done(() => client.unlinkRichMenuIdFromUserWithHttpInfo(userId)),
    getUserMenu: (userId) => optionalId(call(() => client.getRichMenuIdOfUserWithHttpInfo(userId))),
  };
}
