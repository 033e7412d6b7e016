import { z } from 'zod';

/**
 * The one schema of the environment. A wrong value stops start-up with a message that names the setting,
 * so an operator never has to guess which variable is wrong.
 */
const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.url({ protocol: /^https?$/ }).optional())
  .optional();

export const configSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    DATABASE_URL: optionalText.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
        .optional(),
    ),
    DATA_DIR: z.string().trim().min(1).default('./data'),
    LINE_CHANNEL_SECRET: optionalText,
    LINE_CHANNEL_ACCESS_TOKEN: optionalText,
    LINE_API_BASE_URL: optionalUrl,
    LINE_DATA_API_BASE_URL: optionalUrl,
    PUBLIC_BASE_URL: optionalUrl,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Push/multicast messages the Official Account plan allows per calendar month (0 = no budget check). */
    LINE_MONTHLY_MESSAGE_BUDGET: z.coerce.number().int().min(0).default(300),
    /** Name of the office served by the default channel (shown to users until an admin sets it). */
    OFFICE_NAME: z.string().trim().min(1).default('สำนักงานเขตพื้นที่การศึกษา'),
    /** Bearer token for /admin/api; unset = the admin API is open only in emulator mode (local use). */
    ADMIN_API_TOKEN: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
    /** The Official Account's basic id (e.g. @123abcde): invitation links open its chat with the code filled in. */
    LINE_OA_BASIC_ID: optionalText.pipe(z.string().regex(/^@?[0-9a-z._-]+$/i, 'must look like @123abcde').optional()),
    /**
     * How many chats' events are handled at once. Few is better on a small machine: fewer handlers in
     * flight leave the event loop to the webhook, whose quick 200 is what LINE needs (see the benchmark).
     */
    DISPATCH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(3),
    /**
     * Longest graceful stop after SIGTERM/SIGINT, in ms. Past it the process exits anyway (code 1), logging the stage it
     * waited on: what is not done yet is in the database (inbox, outbox, jobs) and is taken up by another replica or
     * the next start. Kept under the 30 s an orchestrator usually waits before it kills.
     */
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(25_000),
    /**
     * `npm start` on an empty embedded database in emulator mode creates one registered demo person per role, each a
     * simulated LINE user (src/flows/directory/demo-people.ts); false = start from a blank office.
     */
    DEMO_PEOPLE: z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .transform((v) => v === 'true' || v === '1' || v === 'yes')
      .default(true),
    /** Port of a separate emulator listener (0 = only mounted under /emulator). */
    EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(0),
    /** The LIFF app (web pages opened from LINE), e.g. 1234567890-AbcdEfgh; unset = no LIFF pages with LINE. */
    LIFF_ID: optionalText.pipe(z.string().regex(/^\d+-[A-Za-z0-9]+$/, 'must look like 1234567890-AbcdEfgh').optional()),
    /** The LINE Login channel the LIFF app belongs to (the client_id when verifying ID tokens); default: LIFF_ID's number. */
    LINE_LOGIN_CHANNEL_ID: optionalText.pipe(z.string().regex(/^\d+$/, 'must be the channel id (digits)').optional()),
    /** Any server that speaks LINE Login's API (ID token verification). */
    LINE_LOGIN_API_BASE_URL: optionalUrl,
    /**
     * The passphrase backups are encrypted with (AES-256-GCM, key derived by scrypt). Without it, backups are refused
     * with LINE credentials and made unencrypted in emulator mode. Keep a copy away from the machine: a backup
     * cannot be read without it.
     */
    BACKUP_KEY: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
    /** Where backups are written; default DATA_DIR/backups. */
    BACKUP_DIR: optionalText,
    /** A second folder (a mounted NAS or USB disk) that receives a copy of each backup. */
    BACKUP_COPY_DIR: optionalText,
    /** Time of day of the scheduled backup, Asia/Bangkok. */
    BACKUP_TIME: z
      .string()
      .trim()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day like 02:00')
      .default('02:00'),
    /** How many days' backups to keep (the newest of each day), and how many months' (the newest of each month). */
    BACKUP_KEEP_DAILY: z.coerce.number().int().min(1).max(366).default(14),
    BACKUP_KEEP_MONTHLY: z.coerce.number().int().min(0).max(240).default(12),
    /** With DATABASE_URL: the server is backed up by its operator, not by this service (a daily reminder says so). */
    BACKUP_EXTERNAL: z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .transform((v) => v === 'true' || v === '1' || v === 'yes')
      .default(false),
  })
  .superRefine((env, ctx) => {
    const hasSecret = env.LINE_CHANNEL_SECRET !== undefined;
    const hasToken = env.LINE_CHANNEL_ACCESS_TOKEN !== undefined;
    if (hasSecret !== hasToken) {
      ctx.addIssue({
        code: 'custom',
        path: [hasSecret ? 'LINE_CHANNEL_ACCESS_TOKEN' : 'LINE_CHANNEL_SECRET'],
        message: 'set both LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN, or neither (emulator mode)',
      });
    }
    if (env.BACKUP_EXTERNAL && env.DATABASE_URL === undefined) {
      ctx.addIssue({ code: 'custom', path: ['BACKUP_EXTERNAL'], message: 'only with DATABASE_URL: the embedded database is backed up by this service' });
    }
    if (env.LINE_LOGIN_CHANNEL_ID !== undefined && env.LIFF_ID === undefined && hasToken) {
      ctx.addIssue({ code: 'custom', path: ['LIFF_ID'], message: 'set LIFF_ID with LINE_LOGIN_CHANNEL_ID (the LIFF app of that LINE Login channel)' });
    }
  });

/**
 * A setting given as an empty string (`PORT=` in an env file, a compose file's blank) means "not set": it takes
 * its default. Without this, `z.coerce.number()` would read '' as 0 (a random port, no message budget).
 */
function withoutBlankValues(env: Record<string, string | undefined>): Record<string, string> {
  const given: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && value.trim() !== '') given[name] = value;
  return given;
}

export type RawConfig = z.infer<typeof configSchema>;

export interface Config extends RawConfig {
  /** True when no LINE credentials are set: the bot talks to the local LINE platform. */
  emulatorMode: boolean;
  lineApiBaseUrl: string;
  lineDataApiBaseUrl: string;
}

export const LINE_API_DEFAULT = 'https://api.line.me';
export const LINE_DATA_API_DEFAULT = 'https://api-data.line.me';

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Reads the settings; throws a ConfigError naming every wrong setting. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(withoutBlankValues(env));
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(settings)'}: ${issue.message}`),
    );
  }
  const raw = parsed.data;
  const emulatorMode = raw.LINE_CHANNEL_ACCESS_TOKEN === undefined;
  return {
    ...raw,
    emulatorMode,
    lineApiBaseUrl: raw.LINE_API_BASE_URL ?? LINE_API_DEFAULT,
    lineDataApiBaseUrl: raw.LINE_DATA_API_BASE_URL ?? raw.LINE_API_BASE_URL ?? LINE_DATA_API_DEFAULT,
  };
}
