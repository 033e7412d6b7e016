import type { messagingApi } from '@line/bot-sdk';
import { z } from 'zod';
import { ACCESS_LEVELS } from '../../domain/access.ts';
import { refId as id, versionedRef } from '../../kit/versioned.ts';
import { definePostbackAction } from '../../line/postback.ts';

export const ACCESS_FLOW = 'access';

/** An access request's id and the version the button was drawn for (`a`). */
const requestAt = versionedRef('a');

/** The requester's form: the system (picker, paged), the level, the summary's send; ยกเลิก anywhere. */
export const systemAction = definePostbackAction('ac:sys', ACCESS_FLOW, z.object({ s: id }));
export const pageAction = definePostbackAction('ac:page', ACCESS_FLOW, z.object({ o: z.number().int().min(0) }));
export const levelAction = definePostbackAction('ac:lvl', ACCESS_FLOW, z.object({ l: z.enum(ACCESS_LEVELS) }));
export const sendAction = definePostbackAction('ac:send', ACCESS_FLOW, z.object({}));
export const cancelAction = definePostbackAction('ac:cancel', ACCESS_FLOW, z.object({}));
/** The group director's: approve / decline (reason). */
export const decideAction = definePostbackAction('ac:decide', ACCESS_FLOW, requestAt.extend({ d: z.enum(['approve', 'decline']) }));
/** The system's administrator's: access granted / cannot grant (reason). */
export const grantAction = definePostbackAction('ac:grant', ACCESS_FLOW, requestAt.extend({ g: z.enum(['grant', 'refuse']) }));
/** The administrator's or the group director's: end the access. */
export const endAction = definePostbackAction('ac:end', ACCESS_FLOW, requestAt);
/** The requester's, on their list: withdraw a request not decided yet. */
export const withdrawAction = definePostbackAction('ac:wd', ACCESS_FLOW, requestAt);

export const accessActions = [systemAction, pageAction, levelAction, sendAction, cancelAction, decideAction, grantAction, endAction, withdrawAction] as const;

/** The typed command that starts a request. */
export const ACCESS_COMMAND = 'ขอสิทธิ์ใช้ระบบ';

/** The typed command that shows the office's admin who has (and had) access to what. */
export const REGISTER_COMMAND = 'ทะเบียนสิทธิ์ใช้ระบบ';

/** The typed command that lists the person's own requests (with ถอนคำขอ on those not decided yet). */
export const MINE_COMMAND = 'คำขอสิทธิ์ของฉัน';

const typing = (text: string): messagingApi.QuickReplyItem => ({ type: 'action', action: { type: 'message', label: text, text } });

/** Quick replies that type ขอสิทธิ์ใช้ระบบ and คำขอสิทธิ์ของฉัน (the แบบสำรวจ tile offers them: the manual lists the request among its forms). */
export const accessRequestItem = typing(ACCESS_COMMAND);
export const myAccessRequestsItem = typing(MINE_COMMAND);
