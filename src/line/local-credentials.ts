import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

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
