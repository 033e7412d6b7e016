/**
 * Survey forms and rounds (issue 13):
 *   npm run surveys -- load <form.json> [--office=ID]                      store a form definition (checked) as a draft
 *   npm run surveys -- open <form.json | form id> --closes=<day> [--audience=school_directors|school_teachers|office_staff]
 *                        [--district=<อำเภอ>] [--title=<title>] [--office=ID]  (load it and) open a round to the audience
 *   npm run surveys -- list [--office=ID]                                   forms and rounds with their responses
 *   npm run surveys -- close <round id> [--office=ID]
 *   npm run surveys -- results <round id> [--csv=file.csv] [--xlsx=file.xlsx] [--office=ID]   response rate by district, who has not
 *                        answered, each question's figures; the CSV has one row per submitted response (Thai headers)
 * The closing day is 2027-01-31 or 31/1/2570 (the last day answers are taken). Exit 0 ok, 1 refused, 2 usage.
 */
import { writeFile } from 'node:fs/promises';
import type { Executor } from '../src/db/database.ts';
import { closeRound, listForms, listRounds, roundResponseCounts } from '../src/db/repos/surveys.ts';
import { formatThaiDateKey } from '../src/domain/thai-date.ts';
import { AUDIENCE_LABELS, AUDIENCES, type Audience } from '../src/domain/surveys/round.ts';
import { readDate } from '../src/domain/surveys/typed.ts';
import { loadFormDefinition, openSurveyRound } from '../src/flows/surveys/load.ts';
import { roundResults } from '../src/flows/surveys/results.ts';
import { runOfficeCommand, type ScriptIo } from './script-support.ts';

const USAGE =
  'Usage: surveys load <form.json> | open <form.json|form id> --closes=<YYYY-MM-DD|D/M/พ.ศ.> [--audience=school_directors|school_teachers|office_staff] [--district=…] [--title=…] | list | close <round id> | results <round id> [--csv=file.csv] [--xlsx=file.xlsx]   [--office=ID]';

const flag = (args: readonly string[], name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

async function loadFile(ex: Executor, officeId: string, path: string, io: ScriptIo, now: Date): Promise<number | null> {
  let raw: unknown;
  try {
    raw = JSON.parse(await io.readFile(path));
  } catch (err) {
    io.out(`อ่านไฟล์ ${path} ไม่ได้: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    return null;
  }
  const loaded = await loadFormDefinition(ex, officeId, raw, null, now);
  if (!loaded.ok) {
    io.out(`แบบฟอร์มไม่ถูกต้อง (${path}):`);
    for (const problem of loaded.problems) io.out(`  ${problem}`);
    return null;
  }
  const { form } = loaded;
  io.out(`${loaded.outcome === 'inserted' ? 'บันทึกแบบฟอร์มแล้ว' : 'มีแบบฟอร์มนี้อยู่แล้ว'}: #${form.id} ${form.title} (${form.key} ฉบับที่ ${form.version})`);
  return form.id;
}

export async function runSurveysCommand(ex: Executor, officeId: string, args: readonly string[], io: ScriptIo & { writeFile?: (path: string, content: string | Buffer) => Promise<void> }, now: Date = new Date()): Promise<number> {
  const [command, ...rest] = args;
  const positional = rest.filter((a) => !a.startsWith('--'));
  if (command === 'load' && positional.length === 1 && rest.length === 1) {
    return (await loadFile(ex, officeId, positional[0]!, io, now)) === null ? 1 : 0;
  }
  if (command === 'open' && positional.length === 1) {
    const closesText = flag(rest, 'closes');
    const closesOn = closesText ? readDate(closesText) : null;
    const audience = (flag(rest, 'audience') ?? 'school_directors') as Audience;
    if (!closesOn || !AUDIENCES.includes(audience)) {
      io.out(USAGE);
      return 2;
    }
    const target = positional[0]!;
    const formId = /^\d+$/.test(target) ? Number(target) : await loadFile(ex, officeId, target, io, now);
    if (formId === null) return 1;
    const opened = await openSurveyRound(ex, officeId, { formId, audience, district: flag(rest, 'district') ?? null, closesOn, title: flag(rest, 'title'), createdBy: null }, now);
    if (!opened.ok) {
      io.out(opened.problem);
      return 1;
    }
    const { round } = opened;
    io.out(`เปิดรอบสำรวจ #${round.id} "${round.title}" ถึง ${AUDIENCE_LABELS[round.audience]}${round.district ? ` อำเภอ${round.district}` : ''} ปิดรับ ${formatThaiDateKey(round.closesOn)}`);
    return 0;
  }
  if (command === 'list' && rest.length === 0) {
    const forms = await listForms(ex, officeId);
    io.out(`แบบฟอร์ม ${forms.length} รายการ`);
    for (const f of forms) io.out(`  #${f.id} ${f.title} (${f.key} ฉบับที่ ${f.version}) ${f.state}`);
    const rounds = await listRounds(ex, officeId);
    io.out(`รอบสำรวจ ${rounds.length} รอบ`);
    for (const { round } of rounds) {
      const counts = await roundResponseCounts(ex, round.id);
      io.out(`  #${round.id} ${round.title} → ${AUDIENCE_LABELS[round.audience]} ปิดรับ ${formatThaiDateKey(round.closesOn)} ${round.state}: ส่งแล้ว ${counts.submitted}, ร่าง ${counts.draft}`);
    }
    return 0;
  }
  if (command === 'close' && positional.length === 1 && /^\d+$/.test(positional[0]!) && rest.length === 1) {
    const closed = await closeRound(ex, officeId, Number(positional[0]), null, now);
    io.out(closed ? `ปิดรอบสำรวจ #${positional[0]} แล้ว` : `ไม่พบรอบสำรวจ #${positional[0]} ที่ยังเปิดอยู่`);
    return closed ? 0 : 1;
  }
  if (command === 'results' && positional.length === 1 && /^\d+$/.test(positional[0]!)) {
    const csvPath = flag(rest, 'csv');
    const xlsxPath = flag(rest, 'xlsx');
    if (rest.length !== 1 + (csvPath === undefined ? 0 : 1) + (xlsxPath === undefined ? 0 : 1) || csvPath === '' || xlsxPath === '') {
      io.out(USAGE);
      return 2;
    }
    const results = await roundResults(ex, officeId, Number(positional[0]), now);
    if (!results) {
      io.out(`ไม่พบรอบสำรวจ #${positional[0]}`);
      return 1;
    }
    for (const line of results.lines) io.out(line);
    if (csvPath) {
      await (io.writeFile ?? writeFile)(csvPath, results.csv);
      io.out(`บันทึกแล้ว: ${csvPath}`);
    }
    if (xlsxPath) {
      await (io.writeFile ?? writeFile)(xlsxPath, await results.xlsx());
      io.out(`บันทึกแล้ว: ${xlsxPath}`);
    }
    return 0;
  }
  io.out(USAGE);
  return 2;
}

if (import.meta.main) process.exitCode = await runOfficeCommand('surveys', process.argv.slice(2), runSurveysCommand);
