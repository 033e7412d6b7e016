/**
 * The office's bookable rooms (room bookings):
 *   npm run rooms -- import <file.csv> [--office=ID]     re-import updates rooms by name
 *   npm run rooms -- export [--out=file.csv] [--office=ID]
 *   npm run rooms -- qr [--out=folder]   a check-in sign (SVG with the room's QR code) per room open for booking;
 *     needs LINE_OA_BASIC_ID (the QR code opens the office's chat with "เช็กอิน <room>")
 *   npm run rooms -- bookings [--from=YYYY-MM-DD] [--to=YYYY-MM-DD] [--out=file.csv] [--office=ID]
 *     the bookings starting on those Bangkok days (both included; default this month so far and the rest of it)
 * Headers in Thai or English (see the README); a bad row is reported with its line number and the rest imported.
 * Without --out the CSV goes to standard output. Exit 0 ok, 1 some rows refused, 2 usage.
 */
import type { Executor } from '../src/db/database.ts';
import { bangkokDateKey, bangkokTime } from '../src/domain/office-time.ts';
import { listRooms } from '../src/db/repos/room-bookings.ts';
import { checkInLink, roomCheckInSign } from '../src/flows/bookings/room-qr.ts';
import { exportBookingsCsv, exportRoomsCsv, importRoomsCsv } from '../src/flows/bookings/rooms-csv.ts';
import { fileOutput, loadScriptConfig, runOfficeCommand, type ScriptIo, writeOutput } from './script-support.ts';

const USAGE = 'Usage: rooms import <file.csv> | export [--out=file.csv] | qr [--out=folder] | bookings [--from=YYYY-MM-DD] [--to=YYYY-MM-DD] [--out=file.csv]   [--office=ID]';
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface RoomsCommandIo extends ScriptIo {
  /** The Official Account's basic id (LINE_OA_BASIC_ID), for the check-in signs. */
  oaBasicId?: string | undefined;
  writeFile: (path: string, content: string) => Promise<void>;
  write: (text: string) => void;
}

/** Runs one rooms command against the database; returns the exit code. */
export async function runRoomsCommand(ex: Executor, officeId: string, args: readonly string[], io: RoomsCommandIo, now: Date = new Date()): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'import' && rest.length === 1 && !rest[0]!.startsWith('--')) {
    const result = await importRoomsCsv(ex, officeId, await io.readFile(rest[0]!), now);
    io.out(`เพิ่มห้องใหม่ ${result.inserted} ห้อง, ปรับปรุง ${result.updated} ห้อง`);
    for (const problem of result.problems) io.out(`บรรทัด ${problem.line}: ${problem.message}`);
    return result.problems.length === 0 ? 0 : 1;
  }
  if (command === 'export' && rest.length <= 1 && rest.every((a) => a.startsWith('--out=') && a.length > '--out='.length)) {
    const out = rest[0]?.slice('--out='.length);
    const csv = await exportRoomsCsv(ex, officeId);
    await writeOutput(io, out, csv);
    return 0;
  }
  if (command === 'qr' && rest.every((a) => /^--out=./.test(a)) && rest.length <= 1) {
    if (!io.oaBasicId) {
      io.out('ต้องตั้งค่า LINE_OA_BASIC_ID ก่อน (QR code จะเปิดแชทของบัญชี LINE ของสำนักงาน)');
      return 1;
    }
    const folder = rest[0]?.slice('--out='.length) ?? 'room-signs';
    const list = await listRooms(ex, officeId, { activeOnly: true });
    for (const room of list) {
      const file = `${folder}/room-${room.id}.svg`;
      await io.writeFile(file, await roomCheckInSign(room, io.oaBasicId));
      io.out(`${room.name}: ${file} (${checkInLink(room, io.oaBasicId)})`);
    }
    return 0;
  }
  if (command === 'bookings') {
    const flag = (name: string) => rest.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
    const known = rest.every((a) => /^--(from|to|out)=./.test(a));
    // Default: this calendar month (Bangkok). --to names the last day, included.
    const [year, month] = bangkokDateKey(now).slice(0, 7).split('-').map(Number) as [number, number];
    const from = flag('from') ?? `${year}-${String(month).padStart(2, '0')}-01`;
    const to = flag('to');
    const toExclusive = to ? (DATE.test(to) ? bangkokDateKey(new Date(bangkokTime(to).getTime() + 24 * 60 * 60 * 1000)) : '') : month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
    if (!known || !DATE.test(from) || !DATE.test(toExclusive) || toExclusive <= from) {
      io.out(USAGE);
      return 2;
    }
    const csv = await exportBookingsCsv(ex, officeId, bangkokTime(from), bangkokTime(toExclusive));
    const out = flag('out');
    await writeOutput(io, out, csv);
    return 0;
  }
  io.out(USAGE);
  return 2;
}

async function main(argv: string[]): Promise<number> {
  const oaBasicId = loadScriptConfig()?.LINE_OA_BASIC_ID;
  return runOfficeCommand('rooms', argv, (ex, officeId, args, io) =>
    runRoomsCommand(ex, officeId, args, {
      ...io,
      oaBasicId,
      ...fileOutput,
    }),
  );
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
