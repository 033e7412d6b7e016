import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Database } from '../../src/db/database.ts';
import { attachMedia, getMediaInfo, saveMedia } from '../../src/db/repos/media.ts';
import { TICKET_MEDIA_OWNER } from '../../src/db/repos/repair-tickets.ts';
import { purgeJob } from '../../src/jobs/builtin.ts';
import { DEFAULT_OFFICE_ID, upsertDefaultChannel } from '../../src/line/channels.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase } from '../support/database.ts';

const HOUR_MS = 60 * 60 * 1000;
const now = new Date('2027-03-10T20:30:00Z'); // 03:30 in Bangkok, when the purge runs
let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
  await upsertDefaultChannel(database.db, { officeName: 'สพป. ทดสอบ', channelSecret: 'secret', channelAccessToken: 't' });
});
afterAll(async () => database.close());

async function photo(lineMessageId: string, hoursAgo: number) {
  return saveMedia(
    database.db,
    { officeId: DEFAULT_OFFICE_ID, purpose: 'report', lineMessageId, uploadedBy: null, contentType: 'image/jpeg', content: Buffer.from(`photo ${lineMessageId}`) },
    new Date(now.getTime() - hoursAgo * HOUR_MS),
  );
}

describe('the daily purge and draft photos', () => {
  it('deletes photos of abandoned report drafts older than a day, and keeps fresh drafts and every attached file', async () => {
    const abandoned = await photo('m-abandoned', 30);
    const inProgress = await photo('m-in-progress', 2);
    const attachedLongAgo = await photo('m-attached', 24 * 40);
    expect(await attachMedia(database.db, DEFAULT_OFFICE_ID, [attachedLongAgo.id], TICKET_MEDIA_OWNER, 1)).toBe(1);

    await purgeJob.handler({ olderThanDays: 90 }, { database, logger: createLogger('silent'), now, runKey: 'test:purge' });

    expect(await getMediaInfo(database.db, DEFAULT_OFFICE_ID, abandoned.id)).toBeNull();
    expect(await getMediaInfo(database.db, DEFAULT_OFFICE_ID, inProgress.id)).not.toBeNull();
    expect(await getMediaInfo(database.db, DEFAULT_OFFICE_ID, attachedLongAgo.id)).toMatchObject({ ownerType: TICKET_MEDIA_OWNER, ownerId: 1 });
  });
});
