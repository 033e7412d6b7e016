import type { CommandEnv } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { ForbiddenError, StaleError } from '../../domain/errors.ts';
import { can } from '../../domain/permissions.ts';
import { openSurveyRound } from '../surveys/load.ts';
import type { RoundCommand } from './commands.ts';

/** Opens the round in the event's transaction, the permission and the form checked again (closed meanwhile: stale). */
export async function executeRoundCommand(tx: Executor, cmd: RoundCommand, env: CommandEnv): Promise<void> {
  const { person, now, officeId } = env;
  if (!person || !can(person.role, 'run_survey')) throw new ForbiddenError('run_survey');
  const opened = await openSurveyRound(tx, officeId, { formId: cmd.formId, audience: cmd.audience, district: cmd.district, closesOn: cmd.closesOn, opensOn: cmd.opensOn, schools: cmd.schools, createdBy: person.id }, now);
  if (!opened.ok) throw new StaleError(`survey round not opened: ${opened.problem}`);
  env.logger.info({ roundId: opened.round.id, formId: cmd.formId, audience: cmd.audience }, 'survey round opened in the chat');
}
