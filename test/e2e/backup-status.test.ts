import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '../../src/app.ts';
import { runBackup } from '../../src/backup/run.ts';
import { backupSettings } from '../../src/backup/settings.ts';
import { loadConfig } from '../../src/config.ts';
import { formatThaiDateTime } from '../../src/domain/thai-date.ts';
import { startService } from '../../src/app.ts';
import { createLogger } from '../../src/logger.ts';
import { chatDriver } from '../support/chat.ts';
import { createTestDatabase } from '../support/database.ts';
import { startTestService } from '../support/service.ts';

/**
 * The last good backup where the people responsible look: `/admin/api/status` for the operator and monitoring, the
 * admin menu in the chat for the office's admins. And the start-up with LINE credentials and no BACKUP_KEY, which
 * says loudly that backups are refused.
 */
interface BackupStatusBody {
  mode: string;
  problem: string | null;
  schedule: { time: string; timeZone: string } | null;
  folder: string | null;
  lastGood: { file: string; status: string; encrypted: boolean; tables: number; rows: number; startedAt: string } | null;
  lastRun: { status: string; error: string | null } | null;
  overdue: boolean;
}

describe('backups in the admin status and the admins’ chat (emulator mode)', () => {
  let service: RunningService;
  let env: Record<string, string>;

  beforeAll(async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'esa-backup-status-'));
    env = { DATA_DIR: dataDir, BACKUP_TIME: '03:30' };
    service = await startTestService(env);
  });
  afterAll(async () => {
    await service?.stop();
  });

  const backupOf = async (): Promise<BackupStatusBody> => {
    const res = await fetch(`${service.url}/admin/api/status`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { backup: BackupStatusBody }).backup;
  };

  it('shows how backups are set up, and no good backup yet', async () => {
    const backup = await backupOf();
    expect(backup).toMatchObject({ mode: 'unencrypted', problem: null, schedule: { time: '03:30', timeZone: 'Asia/Bangkok' }, lastGood: null, lastRun: null, overdue: false });
    expect(backup.folder).toBe(path.join(env.DATA_DIR!, 'backups'));
  });

  it('shows the last good backup once one is made, in the status and in the admin menu', async () => {
    const settings = backupSettings(loadConfig({ ...env, PORT: '0' }));
    const now = new Date();
    const result = await runBackup({ database: service.database, settings, now, trigger: 'command', logger: service.logger });
    expect(result.status).toBe('good');
    const backup = await backupOf();
    expect(backup.lastGood).toMatchObject({ status: 'good', encrypted: false, file: expect.stringMatching(/^esa-backup-\d{8}-\d{6}\.esabak$/) });
    expect(backup.lastGood!.tables).toBeGreaterThan(10);
    expect(backup.lastRun).toMatchObject({ status: 'good', error: null });

    const chat = chatDriver(service);
    const admin = await chat.registerInvited('ผู้ดูแล ทดสอบ', 'admin');
    const menu = await chat.say(admin, 'ผู้ดูแลระบบ');
    expect(menu.text).toContain(`สำรองข้อมูลล่าสุด (ตรวจสอบแล้ว): ${formatThaiDateTime(now)}`);
  }, 120_000);
});

describe('a start with LINE credentials and no BACKUP_KEY', () => {
  it('starts, says loudly (error) that backups are refused and why, and the status carries the problem', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) }));
    const dataDir = await mkdtemp(path.join(tmpdir(), 'esa-backup-line-'));
    const config = loadConfig({
      PORT: '0',
      DATA_DIR: dataDir,
      LINE_CHANNEL_SECRET: 's'.repeat(32),
      LINE_CHANNEL_ACCESS_TOKEN: 't'.repeat(40),
      // Nothing answers here: the start does not need LINE.
      LINE_API_BASE_URL: 'http://127.0.0.1:9',
      ADMIN_API_TOKEN: 'backup-status-admin-token',
    });
    const service = await startService(config, { database: await createTestDatabase(createLogger('silent')), logger });
    try {
      const refusal = lines.map((l) => JSON.parse(l) as { level: number; msg: string; setting?: string }).find((l) => l.setting === 'BACKUP_KEY');
      expect(refusal).toMatchObject({ level: 50, msg: expect.stringContaining('backups are refused: BACKUP_KEY is not set') });
      const res = await fetch(`${service.url}/admin/api/status`, { headers: { authorization: 'Bearer backup-status-admin-token' } });
      const { backup } = (await res.json()) as { backup: BackupStatusBody };
      expect(backup).toMatchObject({ mode: 'refused', problem: expect.stringContaining('BACKUP_KEY is not set') });
    } finally {
      await service.stop();
    }
  }, 60_000);
});
