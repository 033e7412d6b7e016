/**
 * The saraban registers' running numbers (one sequence per register per calendar year, Buddhist era):
 *   npm run letter-registers -- show 2570 [--office=ID]              the last number given in each register
 *   npm run letter-registers -- start receive 2570 101 [--office=ID] the next receive number of 2570 is 101
 *   npm run letter-registers -- start send 2570 45 …                 (continuing a paper register)
 * A start that would give out a number already given is refused. Exit 0 ok, 1 refused or database error, 2 usage.
 */
import type { Executor } from '../src/db/database.ts';
import { lastRegisterNumber, setRegisterStart } from '../src/db/repos/register-counters.ts';
import { DomainError } from '../src/domain/errors.ts';
import { REGISTER_COUNTER, registerSchema } from '../src/domain/saraban/letter.ts';
import { yearArg } from './export-letters.ts';
import { runOfficeCommand, type ScriptIo } from './script-support.ts';

const USAGE = 'Usage: letter-registers show <year พ.ศ.> | start <receive|send> <year พ.ศ.> <first number> [--office=ID]';

export async function letterRegistersCommand(ex: Executor, officeId: string, args: readonly string[], io: Pick<ScriptIo, 'out'>): Promise<number> {
  const [verb, ...rest] = args;
  if (verb === 'show' && rest.length === 1) {
    const year = yearArg(rest[0]);
    if (year === null) return usage(io);
    for (const register of ['receive', 'send'] as const) {
      const last = await lastRegisterNumber(ex, officeId, REGISTER_COUNTER[register], year);
      io.out(`${register === 'receive' ? 'ทะเบียนรับ' : 'ทะเบียนส่ง'} ${year}: ให้เลขไปแล้วถึง ${last} เลขถัดไป ${last + 1}`);
    }
    return 0;
  }
  if (verb === 'start' && rest.length === 3) {
    const register = registerSchema.safeParse(rest[0]);
    const year = yearArg(rest[1]);
    const first = /^\d{1,7}$/.test(rest[2] ?? '') ? Number(rest[2]) : NaN;
    if (!register.success || year === null || !Number.isInteger(first) || first < 1) return usage(io);
    try {
      await setRegisterStart(ex, officeId, REGISTER_COUNTER[register.data], year, first);
    } catch (err) {
      if (err instanceof DomainError) {
        io.out(`ตั้งเลขเริ่มต้นไม่ได้: ${err.message}`);
        return 1;
      }
      throw err;
    }
    io.out(`${register.data === 'receive' ? 'ทะเบียนรับ' : 'ทะเบียนส่ง'} ${year}: เลขถัดไปคือ ${first}`);
    return 0;
  }
  return usage(io);
}

function usage(io: Pick<ScriptIo, 'out'>): number {
  io.out(USAGE);
  return 2;
}

if (import.meta.main) process.exitCode = await runOfficeCommand('letter-registers', process.argv.slice(2), letterRegistersCommand);
