import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Config } from '../config.ts';

const credentialsSchema = z.object({ channelSecret: z.string().min(16), channelAccessToken: z.string().min(16) });
export type LocalCredentials = z.infer<typeof credentialsSchema>;

export const LOCAL_CREDENTIALS_FILE = 'local-line-channel.json';

/**
 * In emulator mode the bot and the local LINE platform share a generated channel secret and token, kept in
 * the data folder so that signatures made before a restart still verify after it.
 */
export async function loadOrCreateLocalCredentials(dataDir: string): Promise<LocalCredentials> {
  const file = path.resolve(dataDir, LOCAL_CREDENTIALS_FILE);
  try {
    return credentialsSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`${file} is unreadable; delete it to generate new local credentials`, { cause: err });
    }
  }
  const created: LocalCredentials = {
    channelSecret: randomBytes(16).toString('hex'),
    channelAccessToken: randomBytes(32).toString('base64url'),
  };
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(created, null, 2), { mode: 0o600 });
  return created;
}

/** The default channel's secret and token: from the settings, or the generated local pair in emulator mode. */
export async function defaultChannelCredentials(config: Config): Promise<LocalCredentials> {
  return config.emulatorMode
    ? loadOrCreateLocalCredentials(config.DATA_DIR)
    : { channelSecret: config.LINE_CHANNEL_SECRET!, channelAccessToken: config.LINE_CHANNEL_ACCESS_TOKEN! };
}

/**
 * Where the bot reaches the Messaging API. In emulator mode, unless a base URL is set, that is the local LINE
 * platform at the root of the service's own server (`serverUrl`), as the SDK resolves its paths against the
 * origin of its base URL, exactly as with https://api.line.me.
 */
export function lineEndpoints(config: Config, serverUrl: string): { apiBaseUrl: string; dataApiBaseUrl: string } {
  const apiBaseUrl = config.emulatorMode && !config.LINE_API_BASE_URL ? serverUrl : config.lineApiBaseUrl;
  const dataApiBaseUrl =
    config.emulatorMode && !config.LINE_API_BASE_URL && !config.LINE_DATA_API_BASE_URL ? serverUrl : config.lineDataApiBaseUrl;
  return { apiBaseUrl, dataApiBaseUrl };
}
