/**
 * The office's settings (office hours, working days, repair service targets, routing, digest time):
 *   npm run office-settings -- show [--office=ID]         the settings in force, defaults filled in
 *   npm run office-settings -- set <file.json> [--office=ID]   replaces them (only the keys given; the rest default)
 * A document that does not validate is refused with the reasons and nothing changes. Exit 0 ok, 1 refused, 2 usage.
 */
import { z } from 'zod';
import type { Executor } from '../src/db/database.ts';
import { getOfficeSettings, saveOfficeSettings } from '../src/db/repos/office-settings.ts';
import { officeSettingsSchema } from '../src/domain/repair/settings.ts';
import { runOfficeCommand, type ScriptIo } from './script-support.ts';

const USAGE = 'Usage: office-settings show | set <file.json>   [--office=ID]\n';

/** Runs one settings command against the database; returns the exit code. */
export async function runOfficeSettingsCommand(
  ex: Executor,
  officeId: string,
  args: readonly string[],
  io: ScriptIo,
  now: Date,
): Promise<number> {
  const [command, file] = args;
  if (command === 'show' && file === undefined) {
    io.out(JSON.stringify(await getOfficeSettings(ex, officeId), null, 2));
    return 0;
  }
  if (command === 'set' && file !== undefined) {
    let document: unknown;
    try {
      document = JSON.parse(await io.readFile(file));
    } catch (err) {
      io.out(`อ่านไฟล์ ${file} ไม่ได้: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    }
    const checked = officeSettingsSchema.safeParse(document);
    if (!checked.success) {
      io.out(`ไม่ได้บันทึก: ${z.prettifyError(checked.error)}`);
      return 1;
    }
    // The document as given is stored, so defaults improved in a later version still reach keys left unset.
    await saveOfficeSettings(ex, officeId, document as z.input<typeof officeSettingsSchema>, now);
    io.out('บันทึกแล้ว');
    io.out(JSON.stringify(await getOfficeSettings(ex, officeId), null, 2));
    return 0;
  }
  io.out(USAGE.trimEnd());
  return 2;
}

async function main(argv: string[]): Promise<number> {
  return runOfficeCommand('office-settings', argv, (ex, officeId, args, io) =>
    runOfficeSettingsCommand(ex, officeId, args, io, new Date()),
  );
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
