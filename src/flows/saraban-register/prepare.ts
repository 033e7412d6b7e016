import type { FlowEnv, FlowInput } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { reserveNextLetterNumber } from '../../db/repos/letter-register.ts';
import { findLetterByNumber } from '../../db/repos/letters.ts';
import { saveMedia } from '../../db/repos/media.ts';
import type { Person } from '../../domain/people.ts';
import type { Letter } from '../../domain/saraban/view.ts';
import { createLineApi } from '../../line/line-api.ts';
import { canRegister, confirmIntent, fileCheck, isPdfName, letterRefOf, type RegisterState } from './state.ts';

/** What the register's step needs from the database (and from LINE, for files). */
export interface RegisterPrepared {
  /** A file or picture sent, downloaded and kept as a draft; 'failed' when LINE did not give it. */
  media?: { mediaId: number } | 'failed';
  /** The number the letter will be registered under (the counter is locked until the event commits). */
  number?: { year: number; number: number };
  /** The registered letter a correction is about, as it is now (null: no such number). */
  letter?: Letter | null;
}

export async function prepareRegister(
  tx: Executor,
  input: FlowInput,
  state: RegisterState | null,
  person: Person | null,
  env: FlowEnv,
): Promise<RegisterPrepared> {
  // Nothing is read, downloaded or locked for someone the step will turn away.
  if (!canRegister(person)) return {};
  const prepared: RegisterPrepared = {};
  if (fileCheck(state, input) === 'ok' && (input.kind === 'image' || input.kind === 'file')) {
    prepared.media = await download(tx, input as ContentInput, person, env);
  }
  const confirming = confirmIntent(state, input, person);
  if (confirming) prepared.number = await reserveNextLetterNumber(tx, env.officeId, confirming.r, env.now);
  const ref = letterRefOf(state, input, env.now);
  if (ref) prepared.letter = await findLetterByNumber(tx, env.officeId, ref.register, ref.year, ref.number);
  return prepared;
}

type ContentInput = Extract<FlowInput, { kind: 'image' }> | Extract<FlowInput, { kind: 'file' }>;

/** LINE keeps content only a while: the file is fetched now and kept as a draft of this letter. */
async function download(tx: Executor, input: ContentInput, person: Person, env: FlowEnv): Promise<{ mediaId: number } | 'failed'> {
  if (!env.channel) return 'failed';
  const content = await createLineApi(env.channel).getContent(input.messageId);
  if (!content.ok) {
    // LINE busy or unreachable: the event is tried again (with back-off) rather than the file lost.
    if (content.status === 0 || content.status === 429 || content.status >= 500) {
      throw new Error(`letter attachment download failed with status ${content.status}; will retry`);
    }
    return 'failed';
  }
  if (content.value.data.length === 0) return 'failed';
  const pdf = input.kind === 'file' && isPdfName(input.fileName);
  const saved = await saveMedia(
    tx,
    {
      officeId: env.officeId,
      purpose: 'attachment',
      lineMessageId: input.messageId,
      uploadedBy: person.id,
      // LINE often labels files application/octet-stream: the name says it is a PDF.
      contentType: pdf ? 'application/pdf' : (content.value.contentType ?? 'image/jpeg'),
      fileName: input.kind === 'file' ? input.fileName : null,
      content: content.value.data,
    },
    env.now,
  );
  return { mediaId: saved.id };
}
