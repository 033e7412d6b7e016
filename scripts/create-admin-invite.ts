/**
 * `npm run create-admin-invite [-- office-id]`: prints a one-time invitation to the admin role, valid for
 * 7 days. This is how the first admin of a fresh installation is made: they add the Official Account as
 * a friend and send the printed message (or open the printed link when LINE_OA_BASIC_ID is set).
 * Works on the embedded database (DATA_DIR: the server the service runs, or one started for this command when the
 * service is not running) and on DATABASE_URL, with the service's settings. The code is printed only once stored.
 */
import { offices } from '../src/db/schema.ts';
import { DEFAULT_OFFICE_ID } from '../src/line/channels.ts';
import { createLogger } from '../src/logger.ts';
import { formatThaiDateTime } from '../src/domain/thai-date.ts';
import { issueInvitation } from '../src/flows/directory/issue-invitation.ts';
import { describeError, loadScriptConfig, withScriptDatabase } from './script-support.ts';
import type { Config } from '../src/config.ts';
import { EmbeddedDatabaseError } from '../src/db/embedded-server.ts';
import type { Logger } from '../src/logger.ts';

async function main(argv: string[]): Promise<number> {
  const [officeId = DEFAULT_OFFICE_ID] = argv;
  const config = loadScriptConfig();
  if (!config) return 2;
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  try {
    return await issue(config, logger, officeId);
  } catch (err) {
    // No code is printed unless it was stored: the database could not be used, and this says why.
    const why = err instanceof EmbeddedDatabaseError ? err.message : describeError(err);
    process.stderr.write(`create-admin-invite: no invitation was made: ${why}\n`);
    return 1;
  }
}

async function issue(config: Config, logger: Logger, officeId: string): Promise<number> {
  return withScriptDatabase(config, logger, async (database) => {
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
  });
}

process.exitCode = await main(process.argv.slice(2));
