// The emulator's control API, by relative URL: the page is served at the emulator's root ("/emulator/" in
// the service, "/" on the emulator's own port).

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function call(method, path, body, signal) {
  const res = await fetch(`api/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) throw new ApiError(res.status, json?.message ?? `HTTP ${res.status}`);
  return json;
}

const user = (id) => `users/${encodeURIComponent(id)}`;

export const api = {
  listUsers: () => call('GET', 'users'),
  getUser: (id) => call('GET', user(id)),
  createUser: (displayName, pictureUrl) => call('POST', 'users', { displayName, ...(pictureUrl ? { pictureUrl } : {}) }),
  uploadPicture: (contentBase64, contentType) => call('POST', 'pictures', { contentBase64, contentType }),
  follow: (id) => call('POST', `${user(id)}/follow`),
  unfollow: (id) => call('POST', `${user(id)}/unfollow`),
  sendMessage: (id, message) => call('POST', `${user(id)}/messages`, message),
  postback: (id, postback) => call('POST', `${user(id)}/postbacks`, postback),
  switchRichMenu: (id, richMenuAliasId, data) => call('POST', `${user(id)}/richmenu-switch`, { richMenuAliasId, data }),
  richMenu: (id) => call('GET', `${user(id)}/richmenu`),
  conversation: (id, after, waitMs, signal) =>
    call('GET', `${user(id)}/conversation?after=${after}&waitMs=${waitMs}`, undefined, signal),
  liffApps: () => call('GET', 'liff-apps'),
  liffOpen: (id, uri) => call('POST', `${user(id)}/liff-open`, { uri }),
  idToken: (id) => call('POST', `${user(id)}/id-token`, {}),
  contentUrl: (messageId) => `api/contents/${encodeURIComponent(messageId)}`,
};

/** A File's bytes as base64, for the JSON control API. */
export async function fileToBase64(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
