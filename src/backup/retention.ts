/**
 * Backup file names and which files to keep. A name carries its moment in Bangkok time and its state:
 *
 *   esa-backup-20261205-020000.esabak          verified good
 *   esa-backup-20261205-020000.failed.esabak   written, but its verification failed (kept for a look)
 *   esa-backup-20261205-020000.esabak.partial  being written or verified (a leftover of a process that died)
 *
 * (`-2`, `-3` … after the time when two are made in one second.) Files of any other name in the folder are never
 * touched.
 */

const BANGKOK_OFFSET_MS = 7 * 60 * 60 * 1000;
const NAME = /^esa-backup-(\d{8})-(\d{6})(?:-(\d+))?(\.failed)?\.esabak$/;
export const PARTIAL_SUFFIX = '.partial';

/** `esa-backup-20261205-020000` for a moment (Bangkok time), without the state and extension. */
export function backupStem(at: Date): string {
  const local = new Date(at.getTime() + BANGKOK_OFFSET_MS).toISOString();
  return `esa-backup-${local.slice(0, 10).replace(/-/g, '')}-${local.slice(11, 19).replace(/:/g, '')}`;
}

export function goodName(stem: string): string {
  return `${stem}.esabak`;
}

export function failedName(stem: string): string {
  return `${stem}.failed.esabak`;
}

export interface ParsedName {
  name: string;
  /** YYYYMMDD, Bangkok. */
  day: string;
  /** YYYYMM, Bangkok. */
  month: string;
  /** Sorts in time order. */
  order: string;
  failed: boolean;
}

export function parseBackupName(name: string): ParsedName | undefined {
  const match = NAME.exec(name);
  if (!match) return undefined;
  const [, day, time, seq, failed] = match;
  return { name, day: day!, month: day!.slice(0, 6), order: `${day}${time}${(seq ?? '1').padStart(6, '0')}`, failed: failed !== undefined };
}

export interface RetentionPlan {
  keep: string[];
  remove: string[];
}

/**
 * Of the good backups, the newest of each of the `daily` most recent days that have one, and the newest of each of
 * the `monthly` most recent months that have one (the two overlap); failed ones only while newer than the newest good
 * one. Everything else of ours is removed.
 */
export function retentionPlan(names: readonly string[], keep: { daily: number; monthly: number }): RetentionPlan {
  const parsed = names.map(parseBackupName).filter((p): p is ParsedName => p !== undefined);
  const newestFirst = [...parsed].sort((a, b) => (a.order < b.order ? 1 : a.order > b.order ? -1 : 0));
  const good = newestFirst.filter((p) => !p.failed);
  const kept = new Set<string>();
  const days = new Set<string>();
  const months = new Set<string>();
  for (const backup of good) {
    if (!days.has(backup.day) && days.size < keep.daily) {
      days.add(backup.day);
      kept.add(backup.name);
    }
    if (!months.has(backup.month) && months.size < keep.monthly) {
      months.add(backup.month);
      kept.add(backup.name);
    }
  }
  const newestGood = good[0]?.order ?? '';
  for (const failed of newestFirst.filter((p) => p.failed)) if (failed.order > newestGood) kept.add(failed.name);
  return {
    keep: newestFirst.filter((p) => kept.has(p.name)).map((p) => p.name),
    remove: newestFirst.filter((p) => !kept.has(p.name)).map((p) => p.name),
  };
}
