/**
 * Survey forms and rounds (issue 13):
 *   npm run surveys -- load <form.json> [--office=ID]                      store a form definition (checked) as a draft
 *   npm run surveys -- open <form.json | form id> --closes=<day> [--opens=<day>] [--cluster=…|--schools=dltv] [--audience=school_directors|school_teachers|office_staff]
 *                        [--district=<อำเภอ>] [--title=<title>] [--office=ID]  (load it and) open a round to the audience
 *                        (from --opens, today by default: nothing is listed or sent before); --cluster=<เครือข่าย> or
 *                        --schools=dltv for a cluster's or the DLTV schools only, instead of --district
 *   npm run surveys -- templates                                            the built-in forms (scripts/surveys/) to copy
 *   npm run surveys -- copy <template> [--key=<new_key>] [--title=<title>] [--out=form.json] [--office=ID]
 *                        store a copy of a built-in form as the office's (its key kept unless --key), or write it to a
 *                        file to edit and then `load`
 *   npm run surveys -- list [--office=ID]                                   forms and rounds with their responses
 *   npm run surveys -- close <round id> [--office=ID]
 *   npm run surveys -- results <round id> [--csv=file.csv] [--xlsx=file.xlsx] [--office=ID]   response rate by district, who has not
 *                        answered, each question's figures; the CSV has one row per submitted response (Thai headers)
 *   npm run surveys -- ranking <round id> [--csv=file.csv] [--xlsx=file.xlsx] [--fiscal-year=2571] [--office=ID]
 *                        a round of the computer-needs form: its needs ranked into the fiscal year's procurement plan;
 *                        of the DLTV replacement/repair form: the schools by need against the allocation criteria
 * The closing day is 2027-01-31 or 31/1/2570 (the last day answers are taken). Exit 0 ok, 1 refused, 2 usage.
 */
import { writeFile } from 'node:fs/promises';
import type { Executor } from '../src/db/database.ts';
import { closeRound, listForms, listRounds, roundResponseCounts } from '../src/db/repos/surveys.ts';
import { formatThaiDateKey } from '../src/domain/thai-date.ts';
import { AUDIENCE_LABELS, CHOSEN_AUDIENCES, schoolScopeOf, type Audience, type SchoolScope } from '../src/domain/surveys/round.ts';
import { readDate } from '../src/domain/surveys/typed.ts';
import { loadFormDefinition, openSurveyRound } from '../src/flows/surveys/load.ts';
import { copyOfTemplate, isSurveyTemplateName, KEYS_WITH_OWN_VIEWS, readSurveyTemplate, SURVEY_TEMPLATE_NAMES } from '../src/flows/surveys/templates.ts';
import { loadRoundRanking, rankingCsv, rankingLines, rankingXlsx } from '../src/flows/surveys/ranking.ts';
import { roundResults } from '../src/flows/surveys/results.ts';
import { whereTo } from '../src/flows/surveys/messages.ts';
import { runOfficeCommand, type ScriptIo } from './script-support.ts';

const USAGE =
  'Usage: surveys load <form.json> | templates | copy <template> [--key=…] [--title=…] [--out=form.json] | open <form.json|form id> --closes=<YYYY-MM-DD|D/M/พ.ศ.> [--opens=<day>] [--audience=school_directors|school_teachers|office_staff] [--district=…] [--title=…] | list | close <round id> | results <round id> [--csv=file.csv] [--xlsx=file.xlsx] | ranking <round id> [--csv=…] [--xlsx=…] [--fiscal-year=พ.ศ.]   [--office=ID]';

const flag = (args: readonly string[], name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

async function loadFile(ex: Executor, officeId: string, path: string, io: ScriptIo, now: Date): Promise<number | null> {
  let raw: unknown;
  try {
    raw = JSON.parse(await io.readFile(path));
  } catch (err) {
    io.out(`อ่านไฟล์ ${path} ไม่ได้: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    return null;
  }
  return storeDefinition(ex, officeId, raw, path, io, now);
}

/** A definition checked and stored as the office's form (a draft); its id, or null with what is wrong printed. */
async function storeDefinition(ex: Executor, officeId: string, raw: unknown, path: string, io: ScriptIo, now: Date): Promise<number | null> {
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

type ExportIo = ScriptIo & { writeFile?: (path: string, content: string | Buffer) => Promise<void> };

/** `--csv=` and `--xlsx=` (and the other flags named) beside the round id; null when anything else is given. */
function exportFiles(rest: readonly string[], otherFlags: readonly string[]): { csv?: string | undefined; xlsx?: string | undefined } | null {
  const known = ['csv', 'xlsx', ...otherFlags];
  const flags = rest.filter((a) => a.startsWith('--'));
  if (rest.length !== flags.length + 1 || flags.some((f) => !known.some((k) => f.startsWith(`--${k}=`) && f.length > k.length + 3))) return null;
  return { csv: flag(rest, 'csv'), xlsx: flag(rest, 'xlsx') };
}

async function writeExports(files: { csv?: string | undefined; xlsx?: string | undefined }, csv: () => string, xlsx: () => Promise<Buffer>, io: ExportIo): Promise<void> {
  if (files.csv) {
    await (io.writeFile ?? writeFile)(files.csv, csv());
    io.out(`บันทึกแล้ว: ${files.csv}`);
  }
  if (files.xlsx) {
    await (io.writeFile ?? writeFile)(files.xlsx, await xlsx());
    io.out(`บันทึกแล้ว: ${files.xlsx}`);
  }
}

export async function runSurveysCommand(ex: Executor, officeId: string, args: readonly string[], io: ExportIo, now: Date = new Date()): Promise<number> {
  const [command, ...rest] = args;
  const positional = rest.filter((a) => !a.startsWith('--'));
  if (command === 'load' && positional.length === 1 && rest.length === 1) {
    return (await loadFile(ex, officeId, positional[0]!, io, now)) === null ? 1 : 0;
  }
  if (command === 'open' && positional.length === 1) {
    const closesText = flag(rest, 'closes');
    const closesOn = closesText ? readDate(closesText) : null;
    const opensText = flag(rest, 'opens');
    const opensOn = opensText ? readDate(opensText) : undefined;
    const audience = (flag(rest, 'audience') ?? 'school_directors') as Audience;
    const cluster = flag(rest, 'cluster');
    const schoolsFlag = flag(rest, 'schools');
    const schools: SchoolScope | undefined = cluster ? { kind: 'cluster', name: cluster } : schoolsFlag === 'dltv' ? { kind: 'dltv' } : undefined;
    const tooMany = [cluster, schoolsFlag, flag(rest, 'district')].filter(Boolean).length > 1;
    if (!closesOn || opensOn === null || !(CHOSEN_AUDIENCES as readonly string[]).includes(audience) || (schoolsFlag !== undefined && schoolsFlag !== 'dltv') || tooMany) {
      io.out(USAGE);
      return 2;
    }
    const target = positional[0]!;
    const formId = /^\d+$/.test(target) ? Number(target) : await loadFile(ex, officeId, target, io, now);
    if (formId === null) return 1;
    const opened = await openSurveyRound(ex, officeId, { formId, audience, district: flag(rest, 'district') ?? null, closesOn, opensOn, schools, title: flag(rest, 'title'), createdBy: null }, now);
    if (!opened.ok) {
      io.out(opened.problem);
      return 1;
    }
    const { round } = opened;
    io.out(`เปิดรอบสำรวจ #${round.id} "${round.title}" ถึง ${AUDIENCE_LABELS[round.audience]}${whereTo(round.district, schoolScopeOf(round))}${opensOn ? ` เปิดรับ ${formatThaiDateKey(opensOn)}` : ''} ปิดรับ ${formatThaiDateKey(round.closesOn)}`);
    return 0;
  }
  if (command === 'templates' && rest.length === 0) {
    io.out(`แบบฟอร์มสำเร็จรูป ${SURVEY_TEMPLATE_NAMES.length} แบบ (คัดลอกด้วย copy <ชื่อ>)`);
    for (const name of SURVEY_TEMPLATE_NAMES) {
      const template = await readSurveyTemplate(name);
      io.out(`  ${name}: ${String(template.title)} (${String(template.key)})`);
    }
    return 0;
  }
  if (command === 'copy' && positional.length === 1) {
    const [name] = positional as [string];
    const key = flag(rest, 'key');
    const out = flag(rest, 'out');
    const known = ['key', 'title', 'out'];
    if (!isSurveyTemplateName(name) || rest.some((a) => a.startsWith('--') && !known.some((k) => a.startsWith(`--${k}=`) && a.length > k.length + 3))) {
      io.out(isSurveyTemplateName(name) ? USAGE : `ไม่มีแบบฟอร์มสำเร็จรูปชื่อ "${name}" (ดูรายการด้วย templates)`);
      return isSurveyTemplateName(name) ? 2 : 1;
    }
    const template = await readSurveyTemplate(name);
    const copy = copyOfTemplate(template, { key, title: flag(rest, 'title') });
    if (key !== undefined && KEYS_WITH_OWN_VIEWS.includes(String(template.key))) {
      io.out(`หมายเหตุ: สำเนาที่ใช้ key "${key}" เป็นแบบฟอร์มของสำนักงานเอง ไม่มีผลจัดลำดับหรือทะเบียน DLTV ของแบบ "${String(template.key)}"`);
    }
    if (out !== undefined) {
      await (io.writeFile ?? writeFile)(out, `${JSON.stringify(copy, null, 2)}\n`);
      io.out(`บันทึกแล้ว: ${out} (แก้ไขได้ แล้วบันทึกเข้าระบบด้วย load ${out})`);
      return 0;
    }
    return (await storeDefinition(ex, officeId, copy, name, io, now)) === null ? 1 : 0;
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
    const files = exportFiles(rest, []);
    if (!files) {
      io.out(USAGE);
      return 2;
    }
    const results = await roundResults(ex, officeId, Number(positional[0]), now);
    if (!results) {
      io.out(`ไม่พบรอบสำรวจ #${positional[0]}`);
      return 1;
    }
    for (const line of results.lines) io.out(line);
    await writeExports(files, () => results.csv, results.xlsx, io);
    return 0;
  }
  if (command === 'ranking' && positional.length === 1 && /^\d+$/.test(positional[0]!)) {
    const files = exportFiles(rest, ['fiscal-year']);
    const year = flag(rest, 'fiscal-year');
    if (!files || (year !== undefined && !/^25\d\d$/.test(year))) {
      io.out(USAGE);
      return 2;
    }
    const ranking = await loadRoundRanking(ex, officeId, Number(positional[0]), { fiscalYear: year === undefined ? undefined : Number(year) });
    if (ranking === null || ranking === 'none') {
      io.out(ranking === null ? `ไม่พบรอบสำรวจ #${positional[0]}` : `รอบสำรวจ #${positional[0]} ไม่ใช่แบบสำรวจที่มีการจัดลำดับ (ความต้องการระบบคอมพิวเตอร์ หรือทดแทน/ซ่อมบำรุงอุปกรณ์ DLTV)`);
      return 1;
    }
    for (const line of rankingLines(ranking)) io.out(line);
    await writeExports(files, () => rankingCsv(ranking), () => rankingXlsx(ranking, now), io);
    return 0;
  }
  io.out(USAGE);
  return 2;
}

if (import.meta.main) process.exitCode = await runOfficeCommand('surveys', process.argv.slice(2), runSurveysCommand);
