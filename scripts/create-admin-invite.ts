/**
 * `npm run create-admin-invite [-- office-id]`: prints a one-time invitation to the admin role, valid for
 * 7 days. This is how the first admin of a fresh installation is made: they add the Official Account as
 * a friend and send the printed message (or open the printed link when LINE_OA_BASIC_ID is set).
 * Works on the embedded database (DATA_DIR) and on DATABASE_URL, with the service's settings.
 */
import { ConfigError, loadConfig } from '../src/config.ts';
import { openDatabase, runMigrations, type Database } from '../src/db/database.ts';
import { offices } from '../src/db/schema.ts';
import { DEFAULT_OFFICE_ID } from '../src/line/channels.ts';
import { createLogger } from '../src/logger.ts';
import { formatThaiDateTime } from '../src/domain/thai-date.ts';
import { issueInvitation } from '../src/flows/directory/issue-invitation.ts';

async function main(argv: string[]): Promise<number> {
  const [officeId = DEFAULT_OFFICE_ID] = argv;
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  let database: Database | undefined;
  try {
    database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, logger, poolSize: 2 });
    await runMigrations(database);
    await database.db.insert(offices).values({ id: officeId, name: config.OFFICE_NAME }).onConflictDoNothing();
    const issued = await issueInvitation(database.db, {
      officeId,
      role: 'admin',
      schoolId: null,
      createdBy: null,
      now: new Date(),
      ...(config.LINE_OA_BASIC_ID ? { oaBasicId: config.LINE_OA_BASIC_ID } : {}),
    });
    const lines = [
      `รหัสเชิญผู้ดูแลระบบ: ${issued.code}`,
      `ใช้ได้ครั้งเดียว ภายใน ${formatThaiDateTime(issued.expiresAt)} (${issued.expiresAt.toISOString()})`,
      `ส่งข้อความนี้ถึงบัญชี LINE ของสำนักงาน: ${issued.message}`,
      ...(issued.link ? [`หรือเปิดลิงก์: ${issued.link}`] : []),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    await database?.close().catch(() => {});
  }
}

process.exitCode = await main(process.argv.slice(2));
