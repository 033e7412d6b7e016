import type { RunningService } from '../../src/app.ts';
import { insertPerson } from '../../src/db/repos/people.ts';
import type { Role } from '../../src/domain/roles.ts';
import { richMenuFamilyOf } from '../../src/domain/roles.ts';
import { DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { emulatorClient } from './service.ts';

/**
 * People for the LIFF page tests: a simulated LINE user of the emulator and their row in the directory
 * (registration itself is tested elsewhere), and their ID token from the emulator's LINE Login.
 */
export function liffPeople(service: RunningService, now: () => Date) {
  const emulator = emulatorClient(`${service.url}/emulator/api`);
  return {
    emulator,
    async add(fullName: string, role: Role): Promise<{ userId: string; personId: number }> {
      const { userId } = await emulator.createUser(fullName);
      const personId = await insertPerson(
        service.database.db,
        {
          officeId: DEFAULT_OFFICE_ID,
          channelId: DEFAULT_CHANNEL_ID,
          lineUserId: userId,
          fullName,
          phone: null,
          role,
          schoolId: null,
          consentAt: now(),
          richMenuFamily: richMenuFamilyOf(role),
        },
        now(),
      );
      return { userId, personId };
    },
    async idToken(userId: string): Promise<string> {
      return (await emulator.call<{ idToken: string }>('POST', `/users/${userId}/id-token`, {})).idToken;
    },
    /** A call to /liff/api as a page makes it (JSON in and out), with the user's token. */
    async call(userId: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
      const token = (await emulator.call<{ idToken: string }>('POST', `/users/${userId}/id-token`, {})).idToken;
      const res = await fetch(`${service.url}/liff/api${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    /** GET under /liff/api with the user's token. */
    async get(userId: string, path: string): Promise<Response> {
      const token = (await emulator.call<{ idToken: string }>('POST', `/users/${userId}/id-token`, {})).idToken;
      return fetch(`${service.url}/liff/api${path}`, { headers: { authorization: `Bearer ${token}` } });
    },
  };
}
