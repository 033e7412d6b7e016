import type { FlowEnv } from '../bot/flow.ts';
import type { Executor } from '../db/database.ts';
import { saveMedia } from '../db/repos/media.ts';
import type { Person } from '../domain/people.ts';
import { createLineApi } from '../line/line-api.ts';

/**
 * A picture sent in the chat, fetched from LINE in `prepare` (LINE keeps content only a while) and kept as a draft
 * file of the office (no owner yet: the step's command gives it one; files left without an owner are purged).
 * The same LINE message kept twice (an event tried again) is the same file.
 */
export async function keepSentPhoto(tx: Executor, messageId: string, person: Person, env: FlowEnv, purpose: string): Promise<{ mediaId: number } | 'failed'> {
  if (!env.channel) return 'failed';
  const content = await createLineApi(env.channel).getContent(messageId);
  if (!content.ok) {
    // LINE busy or unreachable: the event is tried again (with back-off) rather than the photo lost.
    if (content.status === 0 || content.status === 429 || content.status >= 500) {
      throw new Error(`photo download failed with status ${content.status}; will retry`);
    }
    return 'failed';
  }
  if (content.value.data.length === 0) return 'failed';
  const saved = await saveMedia(
    tx,
    { officeId: env.officeId, purpose, lineMessageId: messageId, uploadedBy: person.id, contentType: content.value.contentType ?? 'image/jpeg', content: content.value.data },
    env.now,
  );
  return { mediaId: saved.id };
}

/** The kept picture's file id, or null when LINE did not give it (for steps that only say "not received"). */
export const keptFileId = (kept: { mediaId: number } | 'failed'): number | null => (kept === 'failed' ? null : kept.mediaId);
