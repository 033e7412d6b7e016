/**
 * The office's information systems and who has access to them (issue 13, work area 5):
 *   npm run info-systems -- list [--office=ID]
 *   npm run info-systems -- add "<name>" [--admin=PERSON_ID] [--description=TEXT] [--inactive] [--office=ID]
 *     adds a system, or updates the one of that name (its administrator: a registered person's id)
 *   npm run info-systems -- import <file.csv> [--office=ID]   headers ชื่อระบบ,คำอธิบาย,รหัสผู้ดูแลระบบ,ใช้งาน
 *   npm run info-systems -- access [--out=file.csv] [--office=ID]   every request: who asked, who decided, granted, ended
 * Exit 0 ok, 1 refused (a bad row, an unknown person), 2 usage.
 */
import type { Executor } from '../src/db/database.ts';
import { listInfoSystems, personOfOffice, upsertInfoSystem } from '../src/db/repos/access-requests.ts';
import { exportAccessCsv, importSystemsCsv } from '../src/flows/access/systems-csv.ts';
import { fileOutput, runOfficeCommand, type ScriptIo, writeOutput } from './script-support.ts';

const USAGE = 'Usage: info-systems list | add "<name>" [--admin=PERSON_ID] [--description=TEXT] [--inactive] | import <file.csv> | access [--out=file.csv]   [--office=ID]';

export interface InfoSystemsIo extends ScriptIo {
  writeFile: (path: string, content: string) => Promise<void>;
  write: (text: string) => void;
}

export async function runInfoSystemsCommand(ex: Executor, officeId: string, args: readonly string[], io: InfoSystemsIo, now: Date = new Date()): Promise<number> {
  const [command, ...rest] = args;
  const flag = (name: string) => rest.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const plain = rest.filter((a) => !a.startsWith('--'));
  if (command === 'list' && rest.length === 0) {
    const list = await listInfoSystems(ex, officeId);
    if (list.length === 0) io.out('ยังไม่มีระบบสารสนเทศในรายการ');
    for (const s of list) io.out(`${s.id}\t${s.name}\tผู้ดูแล: ${s.adminName ? `${s.adminName} (${s.adminPersonId})` : '-'}${s.active ? '' : '\t(ปิดใช้งาน)'}`);
    return 0;
  }
  if (command === 'add' && plain.length === 1 && rest.every((a) => !a.startsWith('--') || /^--(admin|description)=./.test(a) || a === '--inactive')) {
    const adminText = flag('admin');
    let adminPersonId: number | null = null;
    if (adminText !== undefined) {
      const id = Number(adminText);
      if (!Number.isInteger(id) || !(await personOfOffice(ex, officeId, id))) {
        io.out(`ไม่พบผู้ใช้รหัส ${adminText} ในสำนักงาน`);
        return 1;
      }
      adminPersonId = id;
    }
    const name = plain[0]!.trim();
    const inserted = await upsertInfoSystem(ex, officeId, { name, description: flag('description') ?? null, adminPersonId, active: !rest.includes('--inactive') }, now);
    io.out(`${inserted ? 'เพิ่ม' : 'ปรับปรุง'}ระบบ ${name} แล้ว`);
    return 0;
  }
  if (command === 'import' && rest.length === 1 && plain.length === 1) {
    const result = await importSystemsCsv(ex, officeId, await io.readFile(plain[0]!), now);
    io.out(`เพิ่มระบบใหม่ ${result.inserted} ระบบ, ปรับปรุง ${result.updated} ระบบ`);
    for (const problem of result.problems) io.out(`บรรทัด ${problem.line}: ${problem.message}`);
    return result.problems.length === 0 ? 0 : 1;
  }
  if (command === 'access' && rest.every((a) => /^--out=./.test(a)) && rest.length <= 1) {
    const csv = await exportAccessCsv(ex, officeId);
    const out = flag('out');
    await writeOutput(io, out, csv);
    return 0;
  }
  io.out(USAGE);
  return 2;
}

async function main(argv: string[]): Promise<number> {
  return runOfficeCommand('info-systems', argv, (ex, officeId, args, io) =>
    runInfoSystemsCommand(ex, officeId, args, {
      ...io,
      ...fileOutput,
    }),
  );
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
