import { describe, expect, it } from '@jest/globals';
import { backupStem, failedName, goodName, parseBackupName, retentionPlan } from '../../src/backup/retention.ts';
import { backupSettings } from '../../src/backup/settings.ts';
import { loadConfig } from '../../src/config.ts';

/** Names of good backups made daily at 02:00 Bangkok from `first` for `days` days. */
function daily(first: string, days: number): string[] {
  const start = new Date(`${first}T02:00:00+07:00`).getTime();
  return Array.from({ length: days }, (_, i) => goodName(backupStem(new Date(start + i * 86_400_000))));
}

describe('backup file names', () => {
  it('carry the moment in Bangkok time, and say which are good, failed or unfinished', () => {
    expect(backupStem(new Date('2026-12-04T19:00:00Z'))).toBe('esa-backup-20261205-020000');
    expect(parseBackupName('esa-backup-20261205-020000.esabak')).toMatchObject({ day: '20261205', month: '202612', failed: false });
    expect(parseBackupName('esa-backup-20261205-020000-2.esabak')!.order > parseBackupName('esa-backup-20261205-020000.esabak')!.order).toBe(true);
    expect(parseBackupName(failedName('esa-backup-20261205-020000'))?.failed).toBe(true);
    expect(parseBackupName('esa-backup-20261205-020000.esabak.partial')).toBeUndefined();
    expect(parseBackupName('notes.txt')).toBeUndefined();
  });
});

describe('retention (default 14 daily + 12 monthly)', () => {
  const keep = { daily: 14, monthly: 12 };

  it('keeps the newest of each of the last 14 days and the newest of each of the last 12 months', () => {
    // A backup every day for 500 days, from 1 September 2025 to 13 January 2027.
    const names = daily('2025-09-01', 500);
    const plan = retentionPlan(names, keep);
    const days = plan.keep.map((n) => parseBackupName(n)!.day);
    // The 14 most recent days…
    expect(days.slice(0, 14)).toEqual(names.slice(-14).reverse().map((n) => parseBackupName(n)!.day));
    // …and the last day of each earlier month, back to 12 months in all (January 2027 and December 2026 are among the days).
    expect(days.slice(14)).toEqual(['20261130', '20261031', '20260930', '20260831', '20260731', '20260630', '20260531', '20260430', '20260331', '20260228']);
    expect(plan.keep).toHaveLength(24);
    expect(plan.remove).toHaveLength(476);
    expect(new Set([...plan.keep, ...plan.remove]).size).toBe(500);
  });

  it('counts days that have a backup (a gap of a week keeps older days), and a day with several keeps its newest', () => {
    const names = [...daily('2027-01-01', 10), ...daily('2027-01-18', 5), goodName('esa-backup-20270122-143000'), goodName('esa-backup-20270122-143000-2')];
    const plan = retentionPlan(names, { daily: 14, monthly: 0 });
    expect(plan.keep).toContain('esa-backup-20270122-143000-2.esabak');
    expect(plan.remove).toEqual(expect.arrayContaining(['esa-backup-20270122-020000.esabak', 'esa-backup-20270122-143000.esabak', 'esa-backup-20270101-020000.esabak']));
    expect(plan.keep).toHaveLength(14);
    expect(plan.keep.at(-1)).toBe('esa-backup-20270102-020000.esabak');
  });

  it('keeps failed files only while they are newer than the newest good backup, and leaves other files alone', () => {
    const names = [...daily('2027-01-01', 3), failedName('esa-backup-20270102-120000'), failedName('esa-backup-20270104-020000'), 'README.txt', 'esa-backup-20270104-030000.esabak.partial'];
    const plan = retentionPlan(names, keep);
    expect(plan.keep).toEqual(['esa-backup-20270104-020000.failed.esabak', 'esa-backup-20270103-020000.esabak', 'esa-backup-20270102-020000.esabak', 'esa-backup-20270101-020000.esabak']);
    expect(plan.remove).toEqual(['esa-backup-20270102-120000.failed.esabak']);
  });

  it('with no good backup at all, removes nothing', () => {
    const names = [failedName('esa-backup-20270102-020000'), failedName('esa-backup-20270103-020000')];
    expect(retentionPlan(names, keep)).toEqual({ keep: [...names].reverse(), remove: [] });
  });
});

describe('backup settings', () => {
  const line = { LINE_CHANNEL_SECRET: 's'.repeat(32), LINE_CHANNEL_ACCESS_TOKEN: 't'.repeat(40) };

  it('default to 02:00 Bangkok, DATA_DIR/backups, 14 daily and 12 monthly', () => {
    const settings = backupSettings(loadConfig({ DATA_DIR: '/var/lib/esa' }));
    expect(settings).toMatchObject({ time: '02:00', folder: '/var/lib/esa/backups', keepDaily: 14, keepMonthly: 12, copyFolder: undefined });
  });

  it('are refused, with the reason, with LINE credentials and no BACKUP_KEY; unencrypted only in emulator mode', () => {
    const refused = backupSettings(loadConfig(line));
    expect(refused.mode).toBe('refused');
    expect(refused.problem).toMatch(/BACKUP_KEY is not set/);
    expect(backupSettings(loadConfig({})).mode).toBe('unencrypted');
    expect(backupSettings(loadConfig({ ...line, BACKUP_KEY: 'k'.repeat(20) })).mode).toBe('encrypted');
    expect(backupSettings(loadConfig({ BACKUP_KEY: 'k'.repeat(20) })).mode).toBe('encrypted');
  });

  it('refuse a short key, a wrong time, and BACKUP_EXTERNAL without DATABASE_URL, naming the setting', () => {
    expect(() => loadConfig({ BACKUP_KEY: 'short' })).toThrow(/BACKUP_KEY: must be at least 16 characters/);
    expect(() => loadConfig({ BACKUP_TIME: '2am' })).toThrow(/BACKUP_TIME: must be a time of day/);
    expect(() => loadConfig({ BACKUP_TIME: '24:00' })).toThrow(/BACKUP_TIME/);
    expect(() => loadConfig({ BACKUP_KEEP_DAILY: '0' })).toThrow(/BACKUP_KEEP_DAILY/);
    expect(() => loadConfig({ BACKUP_EXTERNAL: 'true' })).toThrow(/BACKUP_EXTERNAL: only with DATABASE_URL/);
    const external = backupSettings(loadConfig({ BACKUP_EXTERNAL: 'true', DATABASE_URL: 'postgres://db/esa', ...line }));
    expect(external).toMatchObject({ mode: 'external', problem: null });
  });
});
