/**
 * The schools' DLTV equipment register (issue 13) as CSV (UTF-8 with BOM, so Excel shows Thai): a row per school
 * and classroom with each device's state, as the school last submitted the DLTV survey:
 *   npx node scripts/dltv-register.ts [--district=อำเภอ] [--out=file.csv] [--office=ID]
 * Without --out the CSV goes to standard output. Exit 0 ok, 2 usage.
 */
import type { Executor } from '../src/db/database.ts';
import { officeRegister } from '../src/db/repos/dltv-register.ts';
import { csvDocument } from '../src/domain/csv.ts';
import { DEVICE_STATE_LABELS, DLTV_DEVICES, type DeviceState } from '../src/domain/repair/dltv-register.ts';
import { formatThaiDateTime } from '../src/domain/thai-date.ts';
import { fileOutput, runOfficeCommand, type OutputIo, writeOutput } from './script-support.ts';

const USAGE = 'Usage: dltv-register [--district=อำเภอ] [--out=file.csv] [--office=ID]';

const HEADER = ['โรงเรียน', 'รหัส SMIS', 'อำเภอ', 'ห้องเรียน', 'จานรับสัญญาณ', 'LNB', 'กล่องรับสัญญาณ', 'โทรทัศน์', 'หมายเหตุ', 'ปรับปรุงเมื่อ', 'ผู้ปรับปรุง', 'จากแบบสำรวจ', 'เลขที่คำตอบ'];

const stateText = (state: DeviceState | null) => (state ? DEVICE_STATE_LABELS[state] : '');

/** The register's CSV: every school of the office (or of one district), by district, school and the school's order of classrooms. */
export async function dltvRegisterCsv(ex: Executor, officeId: string, district?: string): Promise<{ csv: string; count: number }> {
  const lines = (await officeRegister(ex, officeId)).filter((l) => district === undefined || l.district === district);
  const rows = lines.map((l) => [
    l.schoolName,
    l.smisCode,
    l.district,
    l.classroom,
    ...DLTV_DEVICES.map((d) => stateText(l[d])),
    l.note,
    formatThaiDateTime(l.updatedAt),
    l.updatedByName,
    l.roundTitle,
    l.responseId,
  ]);
  return { csv: csvDocument(HEADER, rows), count: lines.length };
}

export async function runDltvRegisterCommand(ex: Executor, officeId: string, args: readonly string[], io: OutputIo): Promise<number> {
  const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  if (!args.every((a) => /^--(district|out)=./.test(a))) {
    io.out(USAGE);
    return 2;
  }
  const { csv, count } = await dltvRegisterCsv(ex, officeId, flag('district'));
  await writeOutput(io, flag('out'), csv);
  if (flag('out')) io.out(`ทะเบียนอุปกรณ์ DLTV ${count} ห้องเรียน`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  return runOfficeCommand('dltv-register', argv, (ex, officeId, args, io) => runDltvRegisterCommand(ex, officeId, args, { ...io, ...fileOutput }));
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
