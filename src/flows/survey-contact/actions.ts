import type { messagingApi } from '@line/bot-sdk';
import { z } from 'zod';
import { refId } from '../../kit/versioned.ts';
import { definePostbackAction } from '../../line/postback.ts';

export const SURVEY_CONTACT_FLOW = 'survey-contact';

/** The director's picker: a teacher (`p`), a page of teachers, the school's surveys back to the director, cancel. */
export const contactPickAction = definePostbackAction('sc:pick', SURVEY_CONTACT_FLOW, z.object({ p: refId }));
export const contactPageAction = definePostbackAction('sc:page', SURVEY_CONTACT_FLOW, z.object({ o: z.number().int().min(0) }));
export const contactClearAction = definePostbackAction('sc:clear', SURVEY_CONTACT_FLOW, z.object({}));
export const contactCancelAction = definePostbackAction('sc:cancel', SURVEY_CONTACT_FLOW, z.object({}));

export const surveyContactActions = [contactPickAction, contactPageAction, contactClearAction, contactCancelAction] as const;

/** The typed command (also a quick reply under the แบบสำรวจ tile for a school director). */
export const CONTACT_COMMAND = 'ผู้ตอบแบบสำรวจของโรงเรียน';

export const surveyContactItem: messagingApi.QuickReplyItem = { type: 'action', action: { type: 'message', label: 'ผู้ตอบแบบสำรวจ', text: CONTACT_COMMAND } };
