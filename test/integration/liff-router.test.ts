import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startService, type RunningService } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { insertPerson, updatePerson } from '../../src/db/repos/people.ts';
import { createLiffRouter } from '../../src/http/liff.ts';
import { liffTexts } from '../../src/http/liff-messages.ts';
import { LIFF_SDK_URL } from '../../src/http/liff-page.ts';
import { DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { liffPageUrl } from '../../src/line/liff.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase } from '../support/database.ts';
import { emulatorClient } from '../support/service.ts';

/**
 * The /liff router: pages anyone may load (they hold nothing), and a JSON API that answers only a verified,
 * registered, active person of the channel. Tokens come from the emulator's LINE Login over HTTP.
 */

let clock = new Date('2027-02-01T02:00:00Z');
let service: RunningService;
let emulator: ReturnType<typeof emulatorClient>;
const logLines: string[] = [];
const issued: string[] = [];
let clerkUser = '';
let clerkId = 0;
let strangerUser = '';

async function idTokenOf(userId: string, body: Record<string, unknown> = {}): Promise<string> {
  const { idToken } = await emulator.call<{ idToken: string }>('POST', `/users/${userId}/id-token`, body);
  issued.push(idToken);
  return idToken;
}

const me = (authorization?: string) =>
  fetch(`${service.url}/liff/api/me`, { headers: authorization ? { authorization } : {} });

beforeAll(async () => {
  const logger = createLogger('debug', { write: (line: string) => void logLines.push(line) });
  const config = loadConfig({ PORT: '0', DATA_DIR: await mkdtemp(path.join(tmpdir(), 'esa-liff-')), LOG_LEVEL: 'debug' });
  service = await startService(config, { database: await createTestDatabase(logger), logger, now: () => clock });
  emulator = emulatorClient(`${service.url}/emulator/api`);
  clerkUser = (await emulator.createUser('สมใจ ธุรการ')).userId;
  strangerUser = (await emulator.createUser('คนแปลกหน้า')).userId;
  clerkId = await insertPerson(
    service.database.db,
    {
      officeId: DEFAULT_OFFICE_ID,
      channelId: DEFAULT_CHANNEL_ID,
      lineUserId: clerkUser,
      fullName: 'สมใจ ใจดี',
      phone: null,
      role: 'saraban_clerk',
      schoolId: null,
      consentAt: clock,
      richMenuFamily: 'saraban',
    },
    clock,
  );
});

afterAll(async () => {
  await service.stop();
});

describe('the LIFF API', () => {
  it('answers a registered person who opened the page from LINE', async () => {
    const res = await me(`Bearer ${await idTokenOf(clerkUser)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ fullName: 'สมใจ ใจดี', role: 'saraban_clerk', roleLabel: 'เจ้าหน้าที่ธุรการ', schoolName: null });
  });

  it.each([
    ['no Authorization header', undefined, liffTexts.tokenMissing],
    ['another scheme', 'Basic dXNlcjpwYXNz', liffTexts.tokenMissing],
    ['a token that is not a JWT', 'Bearer abc', liffTexts.tokenInvalid],
  ])('refuses %s with 401 and a Thai message', async (_name, header, message) => {
    const res = await me(header);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await res.json()).toMatchObject({ message });
  });

  it('refuses a forged token and an expired one with 401', async () => {
    const good = await idTokenOf(clerkUser, { expiresInSeconds: 120 });
    const [h, p] = good.split('.');
    const forged = await me(`Bearer ${h}.${p}.${Buffer.from('forged-signature-bytes-32-long!!').toString('base64url')}`);
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ message: liffTexts.tokenInvalid, reason: 'invalid' });
    clock = new Date(clock.getTime() + 121_000);
    const expired = await me(`Bearer ${good}`);
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ message: liffTexts.tokenExpired, reason: 'expired' });
  });

  it('refuses a verified LINE user who is not registered with 403', async () => {
    const res = await me(`Bearer ${await idTokenOf(strangerUser)}`);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ message: liffTexts.notRegistered, reason: 'not_registered' });
  });

  it('refuses an inactive person with 403, and serves them again once active', async () => {
    await updatePerson(service.database.db, clerkId, { status: 'inactive' }, clock);
    const refused = await me(`Bearer ${await idTokenOf(clerkUser)}`);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ message: liffTexts.inactive });
    await updatePerson(service.database.db, clerkId, { status: 'active' }, clock);
    expect((await me(`Bearer ${await idTokenOf(clerkUser)}`)).status).toBe(200);
  });

  it('answers unknown API paths with a JSON 404 only after the viewer is verified', async () => {
    expect((await fetch(`${service.url}/liff/api/nothing-here`)).status).toBe(401);
    const res = await fetch(`${service.url}/liff/api/nothing-here`, { headers: { authorization: `Bearer ${await idTokenOf(clerkUser)}` } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: liffTexts.notFound });
  });

  it('never writes a token into the log', () => {
    expect(logLines.some((line) => line.includes('rejected ID token'))).toBe(true);
    for (const token of issued) {
      const signature = token.split('.')[2]!;
      expect(logLines.filter((line) => line.includes(signature))).toEqual([]);
    }
  });
});

describe('the LIFF pages', () => {
  it('serve a Thai shell that loads nothing from outside the service in emulator mode', async () => {
    const res = await fetch(`${service.url}/liff/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="th">');
    expect(html).not.toMatch(/<script[^>]+src=/);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'nonce-[^']+'(;|$)/);
    expect(csp).toContain("connect-src 'self';");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('the simulator opens a LIFF link (either form) with the user identity in the fragment, other links as they are', async () => {
    const local = liffPageUrl(service.liff, 'letters/5')!;
    expect(local).toBe(`${service.url}/liff/letters/5`);
    const opened = await emulator.call<{ url: string; liff: boolean }>('POST', `/users/${clerkUser}/liff-open`, { uri: local });
    expect(opened.liff).toBe(true);
    const url = new URL(opened.url);
    expect(`${url.origin}${url.pathname}${url.search}`).toBe(local);
    const token = new URLSearchParams(url.hash.slice(1)).get('idToken')!;
    expect((await me(`Bearer ${token}`)).status).toBe(200);

    const viaLine = `https://liff.line.me/${service.liff!.liffId}/letters/5?from=chat`;
    const resolved = await emulator.call<{ url: string }>('POST', `/users/${clerkUser}/liff-open`, { uri: viaLine });
    expect(resolved.url.split('#')[0]).toBe(`${local}?from=chat`);

    const other = await emulator.call<{ url: string; liff: boolean }>('POST', `/users/${clerkUser}/liff-open`, { uri: 'https://www.example.org/x' });
    expect(other).toEqual({ url: 'https://www.example.org/x', liff: false });
  });
});

describe('the LIFF pages with LINE', () => {
  it('load LINE’s LIFF SDK with the LIFF id, and the API verifies at the LINE Login base URL it is given', async () => {
    // The router as the service mounts it with LINE settings; the emulator stands in for api.line.me.
    const app = express();
    const settings = { ...service.liff!, mode: 'line' as const };
    app.use('/liff', createLiffRouter({ database: service.database, settings, channelId: DEFAULT_CHANNEL_ID, logger: service.logger, now: () => clock }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const res = await fetch(`${base}/liff/letters/3`);
      const html = await res.text();
      const nonce = /script-src 'nonce-([^']+)'/.exec(res.headers.get('content-security-policy')!)![1];
      expect(html).toContain(`<script nonce="${nonce}" src="${LIFF_SDK_URL}"`);
      expect(html).toContain(`"liffId":"${settings.liffId}"`);
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain('https://static.line-scdn.net');
      // Nothing from outside but LINE's hosts: no blanket https: source anywhere.
      expect(csp).not.toMatch(/(^| )https:( |;|$)/);
      expect(csp.match(/https:\/\/[^ ;]+/g)!.every((host) => /^https:\/\/(\*\.line\.me|\*\.line-scdn\.net|static\.line-scdn\.net)$/.test(host))).toBe(true);
      const api = await fetch(`${base}/liff/api/me`, { headers: { authorization: `Bearer ${await idTokenOf(clerkUser)}` } });
      expect(api.status).toBe(200);
    } finally {
      server.close();
    }
  });
});
