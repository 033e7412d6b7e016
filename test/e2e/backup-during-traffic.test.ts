import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { inArray } from 'drizzle-orm';
import pg from 'pg';
import type { RunningService } from '../../src/app.ts';
import { restoreIntoDatabase } from '../../src/backup/read.ts';
import { runBackup, type BackupResult } from '../../src/backup/run.ts';
import { backupSettings } from '../../src/backup/settings.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import { inboxEvents, outboxMessages } from '../../src/db/schema.ts';
import { createLogger } from '../../src/logger.ts';
import { eventually } from '../support/processes.ts';
import { databaseUrl, testServer } from '../support/database.ts';
import { emulatorClient, startTestService } from '../support/service.ts';

/**
 * A backup taken while people are chatting loses nothing and holds a consistent moment: the webhook keeps answering
 * 200 (the backup reads one snapshot and holds up no writer, so there is no pause for LINE to redeliver across),
 * every event is stored and answered, and the backup holds the events up to its moment each with its reply — a
 * handled event never without the reply written in the same transaction.
 */
const USERS = 12;
const KEY = 'backup-during-traffic-key-0001';

describe('a backup taken while events arrive', () => {
  let service: RunningService;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'esa-backup-traffic-'));
    service = await startTestService({ DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('loses none of them, and holds each event it holds with its reply', async () => {
    const emulator = emulatorClient(`${service.url}/emulator/api`);
    const users = await Promise.all(Array.from({ length: USERS }, (_, i) => emulator.createUser(`ผู้ใช้ ${i + 1}`)));
    const sent: Array<{ webhookEventId: string; status: number }> = [];
    let backupDone = false;
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const traffic = users.map(async ({ userId }, u) => {
      // While the backup runs (at most 15 messages each), then two more after it.
      let after = 0;
      for (let i = 0; after < 2; i += 1) {
        if (backupDone || i >= 15) after += 1;
        sent.push(await emulator.sendText(userId, `ข้อความ ${u}-${i}`));
        await sleep(150);
      }
    });
    await sleep(400);
    const settings = { ...backupSettings(loadConfig({ DATA_DIR: dataDir })), passphrase: KEY, mode: 'encrypted' as const };
    let result: BackupResult;
    try {
      result = await runBackup({ database: service.database, settings, now: new Date(), trigger: 'command', logger: service.logger });
    } finally {
      backupDone = true;
    }
    await Promise.all(traffic);
    expect(result.status).toBe('good');
    if (result.status !== 'good') return;

    // The webhook answered every delivery with 200: nothing was left for LINE to redeliver.
    expect(sent.filter((s) => s.status !== 200)).toEqual([]);
    const ids = sent.map((s) => s.webhookEventId);
    const rows = await eventually(
      () => service.database.db.select({ id: inboxEvents.webhookEventId, status: inboxEvents.status }).from(inboxEvents).where(inArray(inboxEvents.webhookEventId, ids)),
      (found) => found.length === ids.length && found.every((r) => r.status === 'done'),
      60_000,
    );
    expect(rows).toHaveLength(ids.length);
    const replies = await service.database.db.select({ source: outboxMessages.sourceEventId }).from(outboxMessages).where(inArray(outboxMessages.sourceEventId, ids));
    expect(new Set(replies.map((r) => r.source)).size).toBe(ids.length);

    // What the backup holds: some of the events (those before its moment), each handled one with its reply.
    const name = `traffic_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: testServer().url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    try {
      const logger = createLogger('silent');
      const copy = await openDatabase({ databaseUrl: databaseUrl(testServer().url, name), dataDir, logger, poolSize: 2 });
      try {
        await restoreIntoDatabase(copy, result.file, KEY);
        const held = await copy.db.select({ id: inboxEvents.webhookEventId, status: inboxEvents.status }).from(inboxEvents).where(inArray(inboxEvents.webhookEventId, ids));
        expect(held.length).toBeGreaterThan(0);
        expect(held.length).toBeLessThan(ids.length);
        const heldReplies = new Set(
          (await copy.db.select({ source: outboxMessages.sourceEventId }).from(outboxMessages).where(inArray(outboxMessages.sourceEventId, ids))).map((r) => r.source),
        );
        for (const event of held.filter((e) => e.status === 'done')) expect(heldReplies.has(event.id)).toBe(true);
        for (const reply of heldReplies) expect(held.some((e) => e.id === reply)).toBe(true);
      } finally {
        await copy.close();
      }
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }, 180_000);
});
