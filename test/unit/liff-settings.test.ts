import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { LOCAL_LOGIN_FILE, liffPageUrl, prepareLiff } from '../../src/line/liff.ts';

const LINE = { LINE_CHANNEL_SECRET: 's'.repeat(32), LINE_CHANNEL_ACCESS_TOKEN: 't'.repeat(40) };

describe('LIFF settings', () => {
  it('with LINE, links go through liff.line.me and the LIFF id names the LINE Login channel', async () => {
    const config = loadConfig({ ...LINE, LIFF_ID: '1657000000-AbCd1234' });
    const { settings, localLoginChannel } = await prepareLiff(config, 'http://127.0.0.1:3000');
    expect(localLoginChannel).toBeUndefined();
    expect(settings).toMatchObject({ mode: 'line', loginChannelId: '1657000000', loginApiBaseUrl: 'https://api.line.me' });
    expect(liffPageUrl(settings, 'letters/12')).toBe('https://liff.line.me/1657000000-AbCd1234/letters/12');
  });

  it('with LINE, an explicit LINE Login channel and API base are used as given', async () => {
    const config = loadConfig({ ...LINE, LIFF_ID: '1657000000-AbCd1234', LINE_LOGIN_CHANNEL_ID: '1650000001', LINE_LOGIN_API_BASE_URL: 'https://login.example/' });
    const { settings } = await prepareLiff(config, 'http://127.0.0.1:3000');
    expect(settings).toMatchObject({ loginChannelId: '1650000001', loginApiBaseUrl: 'https://login.example' });
  });

  it('with LINE and no LIFF_ID there are no pages and no links', async () => {
    const { settings } = await prepareLiff(loadConfig(LINE), 'http://127.0.0.1:3000');
    expect(settings).toBeUndefined();
    expect(liffPageUrl(settings, 'letters/1')).toBeUndefined();
  });

  it('in emulator mode a local login channel and LIFF app are made once and kept in the data folder', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'liff-'));
    const config = loadConfig({ DATA_DIR: dataDir, PUBLIC_BASE_URL: 'https://office.example/' });
    const first = await prepareLiff(config, 'http://127.0.0.1:4000');
    const second = await prepareLiff(config, 'http://127.0.0.1:4000');
    expect(second).toEqual(first);
    expect(first.settings).toMatchObject({ mode: 'emulator', loginApiBaseUrl: 'http://127.0.0.1:4000/emulator' });
    expect(first.settings!.liffId.startsWith(`${first.settings!.loginChannelId}-`)).toBe(true);
    expect(first.localLoginChannel).toMatchObject({
      channelId: first.settings!.loginChannelId,
      liffApps: [{ liffId: first.settings!.liffId, endpointUrl: 'https://office.example/liff' }],
    });
    expect(liffPageUrl(first.settings, '/letters/7')).toBe('https://office.example/liff/letters/7');
    const stored = JSON.parse(await readFile(path.join(dataDir, LOCAL_LOGIN_FILE), 'utf8')) as { loginChannelSecret: string };
    expect(stored.loginChannelSecret).toBe(first.localLoginChannel!.channelSecret);
  });

  it.each([
    [{ LIFF_ID: 'not-a-liff-id!' }, 'LIFF_ID'],
    [{ LINE_LOGIN_CHANNEL_ID: 'abc' }, 'LINE_LOGIN_CHANNEL_ID'],
    [{ LINE_LOGIN_API_BASE_URL: 'ftp://x' }, 'LINE_LOGIN_API_BASE_URL'],
    [{ ...LINE, LINE_LOGIN_CHANNEL_ID: '1650000001' }, 'LIFF_ID'],
  ])('refuses %j with a message naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});
