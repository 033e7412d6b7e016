/**
 * The LINE channels (one Official Account per office) this deployment serves:
 *   npm run channels -- list
 *   npm run channels -- add <channel-id> --office=<office-id> --office-name=<name> [--budget=N] [--api-base-url=URL] [--data-api-base-url=URL]
 *   npm run channels -- set <channel-id> [--secret] [--token] [--budget=N|default]
 * The secret and the access token are read from CHANNEL_SECRET and CHANNEL_ACCESS_TOKEN (kept out of the shell's
 * history and the process list); `set` changes the ones whose flag is given. The running service takes a new
 * channel at its first webhook and a reissued secret or token at once, without a restart. The default channel's
 * secret and token are the settings LINE_CHANNEL_SECRET / LINE_CHANNEL_ACCESS_TOKEN, not this command's.
 * Exit 0 done, 1 refused, 2 usage.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Executor } from '../src/db/database.ts';
import { insertOfficeChannel, listChannels, updateOfficeChannel } from '../src/db/repos/line-channels.ts';
import { DEFAULT_CHANNEL_ID } from '../src/line/channels.ts';
import { createLogger } from '../src/logger.ts';
import { describeError, loadScriptConfig, withScriptDatabase, type ScriptIo } from './script-support.ts';

const USAGE = `Usage:
  channels list
  channels add <channel-id> --office=<office-id> --office-name=<name> [--budget=N] [--api-base-url=URL] [--data-api-base-url=URL]
  channels set <channel-id> [--secret] [--token] [--budget=N|default]
CHANNEL_SECRET and CHANNEL_ACCESS_TOKEN (environment) hold the secret and the token for add and set.`;

/** Ids become part of the webhook's path, so they are kept to what reads well there. */
const idSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'ใช้ a-z 0-9 และ - ได้ไม่เกิน 40 ตัว');
const secretSchema = z.string().trim().min(8, 'สั้นเกินไป');
const budgetSchema = z.coerce.number().int().min(0);
const urlSchema = z.url({ protocol: /^https?$/ });

export interface ChannelsCommandContext {
  /** CHANNEL_SECRET and CHANNEL_ACCESS_TOKEN. */
  env: Record<string, string | undefined>;
  /** For the webhook address printed after `add`. */
  publicBaseUrl?: string | undefined;
}

/** Runs one channels command against the database; returns the exit code. */
export async function runChannelsCommand(ex: Executor, argv: readonly string[], io: ScriptIo, context: ChannelsCommandContext): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        office: { type: 'string' },
        'office-name': { type: 'string' },
        budget: { type: 'string' },
        'api-base-url': { type: 'string' },
        'data-api-base-url': { type: 'string' },
        secret: { type: 'boolean' },
        token: { type: 'boolean' },
      },
    });
  } catch (err) {
    io.out(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, id] = positionals;

  if (command === 'list' && id === undefined) {
    for (const channel of await listChannels(ex)) {
      const budget = channel.monthlyMessageBudget === null ? 'ตามค่าตั้งระบบ' : String(channel.monthlyMessageBudget);
      io.out(
        `${channel.id}\t${webhookPath(channel.id)}\tสำนักงาน ${channel.officeId} (${channel.officeName})\tงบข้อความ/เดือน ${budget}` +
          `\tsecret …${channel.secretEnding}\ttoken …${channel.tokenEnding}${channel.apiBaseUrl ? `\tAPI ${channel.apiBaseUrl}` : ''}`,
      );
    }
    return 0;
  }

  if ((command === 'add' || command === 'set') && id !== undefined && positionals.length === 2) {
    const problems: string[] = [];
    const check = <T>(name: string, schema: z.ZodType<T>, value: unknown): T | undefined => {
      const result = schema.safeParse(value);
      if (!result.success) problems.push(`${name}: ${result.error.issues[0]?.message ?? 'ไม่ถูกต้อง'}`);
      return result.success ? result.data : undefined;
    };
    const budget = values.budget === undefined || values.budget === 'default' ? undefined : check('--budget', budgetSchema, values.budget);

    if (command === 'add') {
      check('channel-id', idSchema.refine((v) => v !== DEFAULT_CHANNEL_ID, 'default คือช่องทางหลักจากค่าตั้งระบบ'), id);
      const officeId = check('--office', idSchema, values.office);
      const officeName = check('--office-name', z.string().trim().min(1, 'ต้องระบุ'), values['office-name']);
      const channelSecret = check('CHANNEL_SECRET', secretSchema, context.env.CHANNEL_SECRET ?? '');
      const channelAccessToken = check('CHANNEL_ACCESS_TOKEN', secretSchema, context.env.CHANNEL_ACCESS_TOKEN ?? '');
      const apiBaseUrl = values['api-base-url'] === undefined ? undefined : check('--api-base-url', urlSchema, values['api-base-url']);
      const dataApiBaseUrl = values['data-api-base-url'] === undefined ? undefined : check('--data-api-base-url', urlSchema, values['data-api-base-url']);
      if (problems.length > 0 || !officeId || !officeName || !channelSecret || !channelAccessToken) return refuse(io, problems);
      const added = await insertOfficeChannel(ex, { id, officeId, officeName, channelSecret, channelAccessToken, apiBaseUrl, dataApiBaseUrl, monthlyMessageBudget: budget });
      if (!added) return refuse(io, [`มีช่องทาง ${id} อยู่แล้ว (เปลี่ยนค่าด้วย channels set)`]);
      io.out(`เพิ่มช่องทาง ${id} ของสำนักงาน ${officeId} แล้ว`);
      io.out(`ตั้ง Webhook URL ใน LINE Developers Console เป็น ${context.publicBaseUrl ? `${context.publicBaseUrl.replace(/\/$/, '')}` : '<PUBLIC_BASE_URL>'}${webhookPath(id)}`);
      return 0;
    }

    const reissuesCredentials = values.secret === true || values.token === true;
    if (id === DEFAULT_CHANNEL_ID && reissuesCredentials) {
      problems.push('ช่องทางหลักใช้ LINE_CHANNEL_SECRET / LINE_CHANNEL_ACCESS_TOKEN ในค่าตั้งระบบ');
    }
    const channelSecret = values.secret ? check('CHANNEL_SECRET', secretSchema, context.env.CHANNEL_SECRET ?? '') : undefined;
    const channelAccessToken = values.token ? check('CHANNEL_ACCESS_TOKEN', secretSchema, context.env.CHANNEL_ACCESS_TOKEN ?? '') : undefined;
    if (!reissuesCredentials && values.budget === undefined) problems.push('ไม่มีอะไรให้เปลี่ยน: ระบุ --secret, --token หรือ --budget');
    if (problems.length > 0) return refuse(io, problems);
    const changed = await updateOfficeChannel(ex, id, {
      channelSecret,
      channelAccessToken,
      monthlyMessageBudget: values.budget === 'default' ? null : budget,
    });
    if (!changed) return refuse(io, [`ไม่พบช่องทาง ${id}`]);
    io.out(`บันทึกช่องทาง ${id} แล้ว`);
    return 0;
  }

  io.out(USAGE);
  return 2;
}

function webhookPath(channelId: string): string {
  return channelId === DEFAULT_CHANNEL_ID ? '/webhook' : `/webhook/${channelId}`;
}

function refuse(io: ScriptIo, problems: readonly string[]): number {
  io.out('ไม่ได้บันทึก:');
  for (const problem of problems) io.out(`  - ${problem}`);
  return 1;
}

async function main(argv: string[]): Promise<number> {
  const config = loadScriptConfig();
  if (!config) return 2;
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const io: ScriptIo = {
    out: (line) => process.stdout.write(`${line}\n`),
    readFile: () => Promise.reject(new Error('channels reads no files')),
  };
  try {
    return await withScriptDatabase(config, logger, (database) =>
      runChannelsCommand(database.db, argv, io, { env: process.env, publicBaseUrl: config.PUBLIC_BASE_URL }),
    );
  } catch (err) {
    process.stderr.write(`channels: ${describeError(err)}\n`);
    return 1;
  }
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
