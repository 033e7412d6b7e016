import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '../../src/app.ts';
import { signIdToken } from '../../src/emulator/line-login.ts';
import { IdTokenRejectedError, IdTokenVerifier, LoginUnavailableError, type IdTokenRejection } from '../../src/line/liff.ts';
import { emulatorClient, startTestService } from '../support/service.ts';

/**
 * ID tokens are verified the way LINE documents it: POST {base}/oauth2/v2.1/verify with id_token and
 * client_id, here against the emulator's LINE Login over HTTP. The clock is the service's (2027), so the
 * emulator's expiry checks follow it.
 */

let clock = new Date('2027-02-01T02:00:00Z');
let service: RunningService;
let emulator: ReturnType<typeof emulatorClient>;
let userId = '';
const OTHER_LOGIN_CHANNEL = '1999999999';

const verifier = () =>
  new IdTokenVerifier({ loginApiBaseUrl: service.liff!.loginApiBaseUrl, loginChannelId: service.liff!.loginChannelId, now: () => clock, cacheMs: 0 });

async function rejection(token: string, v = verifier()): Promise<IdTokenRejection> {
  try {
    await v.verify(token);
  } catch (err) {
    if (err instanceof IdTokenRejectedError) return err.reason;
    throw err;
  }
  throw new Error('the token was accepted');
}

const idToken = async (body: Record<string, unknown> = {}) =>
  (await emulator.call<{ idToken: string }>('POST', `/users/${userId}/id-token`, body)).idToken;

const payloadOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

beforeAll(async () => {
  service = await startTestService({}, { now: () => clock });
  emulator = emulatorClient(`${service.url}/emulator/api`);
  userId = (await emulator.createUser('ครูสมศรี ใจดี')).userId;
  service.emulator!.addLoginChannel({ channelId: OTHER_LOGIN_CHANNEL, channelSecret: 'another-channel-secret', messagingChannelId: 'elsewhere', liffApps: [] });
});

afterAll(async () => {
  await service.stop();
});

describe('verifying LIFF ID tokens with LINE Login', () => {
  it('a token the emulator issued is a LINE ID token and verifies to the LINE user and their name', async () => {
    const token = await idToken();
    const [header] = token.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString('utf8'))).toEqual({ typ: 'JWT', alg: 'HS256' });
    expect(payloadOf(token)).toMatchObject({
      iss: 'https://access.line.me',
      sub: userId,
      aud: service.liff!.loginChannelId,
      iat: clock.getTime() / 1000,
      exp: clock.getTime() / 1000 + 3600,
      name: 'ครูสมศรี ใจดี',
    });
    const user = await verifier().verify(token);
    expect(user).toEqual({ userId, name: 'ครูสมศรี ใจดี', expiresAt: clock.getTime() + 3_600_000 });
    const { requests } = await emulator.call<{ requests: Array<{ path: string; status: number }> }>('GET', '/requests?path=verify');
    expect(requests.at(-1)).toMatchObject({ path: '/oauth2/v2.1/verify', status: 200 });
  });

  it("answers LINE's JSON over HTTP: the claims on success, 400 invalid_request with LINE's description on failure", async () => {
    const token = await idToken();
    const verify = (form: Record<string, string>) =>
      fetch(`${service.url}/emulator/oauth2/v2.1/verify`, { method: 'POST', body: new URLSearchParams(form) });
    const ok = await verify({ id_token: token, client_id: service.liff!.loginChannelId });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-line-request-id')).toBeTruthy();
    expect(await ok.json()).toMatchObject({ iss: 'https://access.line.me', sub: userId, amr: ['linesso'] });
    const bad = await verify({ id_token: token, client_id: OTHER_LOGIN_CHANNEL });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'invalid_request', error_description: 'Invalid IdToken Audience.' });
    const missing = await verify({ client_id: service.liff!.loginChannelId });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('an expired token is refused as expired', async () => {
    const token = await idToken({ expiresInSeconds: 60 });
    clock = new Date(clock.getTime() + 61_000);
    expect(await rejection(token)).toBe('expired');
  });

  it('a token another LINE Login channel issued is refused for its audience', async () => {
    const token = await idToken({ loginChannelId: OTHER_LOGIN_CHANNEL });
    expect(payloadOf(token).aud).toBe(OTHER_LOGIN_CHANNEL);
    expect(await rejection(token)).toBe('audience');
  });

  it('a forged token is refused: changed claims, a wrong secret, no signature, not a JWT', async () => {
    const token = await idToken();
    const [header, , signature] = token.split('.');
    const claims = { ...payloadOf(token), sub: 'U0000000000000000000000000000beef' };
    const changed = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    expect(await rejection(changed)).toBe('invalid');

    const now = Math.floor(clock.getTime() / 1000);
    const base = { iss: 'https://access.line.me', sub: userId, aud: service.liff!.loginChannelId, iat: now, exp: now + 600 };
    expect(await rejection(signIdToken('not-the-channel-secret', base))).toBe('invalid');
    const unsigned = `${Buffer.from('{"typ":"JWT","alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(base)).toString('base64url')}.x`;
    expect(await rejection(unsigned)).toBe('invalid');
    expect(await rejection('not-a-token')).toBe('invalid');
  });

  it('a LINE Login that cannot be reached is told apart from a refused token', async () => {
    const unreachable = new IdTokenVerifier({ loginApiBaseUrl: 'http://127.0.0.1:9', loginChannelId: '1', timeoutMs: 2000 });
    await expect(unreachable.verify(await idToken())).rejects.toBeInstanceOf(LoginUnavailableError);
  });

  it('an accepted token is remembered briefly, never past its expiry', async () => {
    const cached = new IdTokenVerifier({ loginApiBaseUrl: service.liff!.loginApiBaseUrl, loginChannelId: service.liff!.loginChannelId, now: () => clock });
    const token = await idToken({ expiresInSeconds: 30 });
    const count = async () => (await emulator.call<{ requests: unknown[] }>('GET', '/requests?path=verify')).requests.length;
    const before = await count();
    await cached.verify(token);
    await cached.verify(token);
    expect(await count()).toBe(before + 1);
    clock = new Date(clock.getTime() + 31_000);
    expect(await rejection(token, cached)).toBe('expired');
  });
});
