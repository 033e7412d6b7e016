import { describe, expect, it } from '@jest/globals';
import { ConfigError, LINE_API_DEFAULT, loadConfig } from '../../src/config.ts';

describe('settings', () => {
  it('starts in emulator mode with the documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.emulatorMode).toBe(true);
    expect(config.PORT).toBe(3000);
    expect(config.DATA_DIR).toBe('./data');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.lineApiBaseUrl).toBe(LINE_API_DEFAULT);
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.DISPATCH_CONCURRENCY).toBe(3);
  });

  it('uses LINE when both the channel secret and the token are set', () => {
    const config = loadConfig({ LINE_CHANNEL_SECRET: 's'.repeat(32), LINE_CHANNEL_ACCESS_TOKEN: 't'.repeat(40) });
    expect(config.emulatorMode).toBe(false);
  });

  it('treats empty values as unset', () => {
    const config = loadConfig({ DATABASE_URL: '', LINE_CHANNEL_SECRET: '', LINE_CHANNEL_ACCESS_TOKEN: '' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.emulatorMode).toBe(true);
  });

  it('gives an empty number, folder or level its default instead of reading it as 0 or nothing', () => {
    const config = loadConfig({
      PORT: '',
      LINE_MONTHLY_MESSAGE_BUDGET: ' ',
      DATA_DIR: '',
      LOG_LEVEL: '',
      DISPATCH_CONCURRENCY: '',
      EMULATOR_PORT: '',
    });
    expect(config.PORT).toBe(3000);
    expect(config.LINE_MONTHLY_MESSAGE_BUDGET).toBe(300);
    expect(config.DATA_DIR).toBe('./data');
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.DISPATCH_CONCURRENCY).toBe(3);
    expect(config.EMULATOR_PORT).toBe(0);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ LINE_API_BASE_URL: 'not a url' }, 'LINE_API_BASE_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ LINE_CHANNEL_SECRET: 'only-the-secret' }, 'LINE_CHANNEL_ACCESS_TOKEN'],
    [{ LINE_CHANNEL_ACCESS_TOKEN: 'only-the-token' }, 'LINE_CHANNEL_SECRET'],
    [{ ADMIN_API_TOKEN: 'short' }, 'ADMIN_API_TOKEN'],
    [{ DISPATCH_CONCURRENCY: '0' }, 'DISPATCH_CONCURRENCY'],
  ])('refuses %j with a message naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (err) {
      expect((err as ConfigError).message).toContain(name);
    }
  });

  it('points the data API at the API base URL when only that is given (e.g. an emulator on its own port)', () => {
    const config = loadConfig({ LINE_API_BASE_URL: 'http://127.0.0.1:4000' });
    expect(config.lineDataApiBaseUrl).toBe('http://127.0.0.1:4000');
  });
});
