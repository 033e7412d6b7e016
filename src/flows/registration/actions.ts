import { z } from 'zod';
import { definePostbackAction } from '../../line/postback.ts';

export const REGISTRATION_FLOW = 'registration';

export const consentAction = definePostbackAction('reg:consent', REGISTRATION_FLOW, z.object({ a: z.enum(['y', 'n']) }));
export const pathAction = definePostbackAction('reg:path', REGISTRATION_FLOW, z.object({ p: z.enum(['teacher', 'invite']) }));
export const schoolAction = definePostbackAction('reg:school', REGISTRATION_FLOW, z.object({ id: z.number().int().positive() }));
export const searchAgainAction = definePostbackAction('reg:again', REGISTRATION_FLOW, z.object({}));

export const registrationActions = [consentAction, pathAction, schoolAction, searchAgainAction] as const;
