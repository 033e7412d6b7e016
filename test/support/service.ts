import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { startService, type RunningService, type StartOptions } from '../../src/app.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase } from './database.ts';

/**
 * The whole service in emulator mode on a free port, with a fresh test database (embedded, or a new
 * database on the server named by DATABASE_URL). `stop` also drops that database.
 */
export async function startTestService(
  env: Record<string, string> = {},
  options: Omit<StartOptions, 'database' | 'logger'> = {},
): Promise<RunningService> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'esa-line-'));
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const database = await createTestDatabase(logger);
  const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env });
  return startService(config, { ...options, database, logger });
}

/**
 * A small client for the emulator's scripting API, given the API's base URL: `<service>/emulator/api` when
 * mounted in the service, `<emulator>/api` on its own port.
 */
export function emulatorClient(api: string) {
  async function call<T>(method: string, route: string, body?: unknown): Promise<T> {
    const res = await fetch(`${api}${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${route} → ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
  return {
    call,
    createUser: (displayName: string) => call<{ userId: string }>('POST', '/users', { displayName }),
    follow: (userId: string) => call<{ webhookEventId: string; status: number }>('POST', `/users/${userId}/follow`),
    sendText: (userId: string, text: string) =>
      call<{ webhookEventId: string; status: number }>('POST', `/users/${userId}/messages`, { type: 'text', text }),
    tap: (userId: string, data: string, params?: Record<string, string>) =>
      call<{ webhookEventId: string; status: number }>('POST', `/users/${userId}/postbacks`, { data, params }),
    conversation: (userId: string, query: { after?: number; waitMs?: number; minEntries?: number } = {}) =>
      call<{ entries: ConversationEntry[] }>(
        'GET',
        `/users/${userId}/conversation?${new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]))}`,
      ),
  };
}

export interface ConversationEntry {
  seq: number;
  at: string;
  direction: 'user' | 'bot';
  via: 'webhook' | 'reply' | 'push' | 'multicast';
  message: { type: string; text?: string; altText?: string; [key: string]: unknown };
  webhookEventId?: string;
}
