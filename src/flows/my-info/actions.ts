import { z } from 'zod';
import { definePostbackAction } from '../../line/postback.ts';

export const MY_INFO_FLOW = 'my-info';
/** The text (from a rich menu's message action or typed) that opens "ข้อมูลของฉัน". */
export const MY_INFO_KEYWORD = 'ข้อมูลของฉัน';

/** Opens "ข้อมูลของฉัน" from a postback (a rich menu area may use it instead of the text). */
export const myInfoOpenAction = definePostbackAction('me:open', MY_INFO_FLOW, z.object({}));
export const myInfoEditAction = definePostbackAction('me:edit', MY_INFO_FLOW, z.object({ f: z.enum(['name', 'phone']) }));
export const myInfoDeleteAction = definePostbackAction('me:delete', MY_INFO_FLOW, z.object({}));
export const myInfoConfirmDeleteAction = definePostbackAction('me:deleteYes', MY_INFO_FLOW, z.object({ pid: z.number().int() }));
export const myInfoKeepAction = definePostbackAction('me:keep', MY_INFO_FLOW, z.object({}));

export const myInfoActions = [myInfoOpenAction, myInfoEditAction, myInfoDeleteAction, myInfoConfirmDeleteAction, myInfoKeepAction] as const;
