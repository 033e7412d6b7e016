import { isSecret, keepsDetails, LETTER_KIND_LABELS, SECRECY_LABELS, URGENCY_LABELS } from '../../domain/saraban/letter.ts';
import { renderFlexTemplate, type FlexMessage, type FlexValues } from '../../line/flex-renderer.ts';
import { asks, thaiDateOfKey, type LetterDraft } from './draft.ts';
import { registerLabels as L, registerTexts as T } from './messages.ts';

export interface SummaryButtons {
  confirm: string;
  edit: string;
  cancel: string;
}

const URGENT_COLOR = '#C0392B';

/**
 * The confirmation card. A secret letter's card shows neither its number (ที่), sender, recipient nor
 * subject: the clerk typed them, but the chat's history is exactly what must not keep them.
 */
export function summaryCard(draft: LetterDraft, buttons: SummaryButtons): FlexMessage {
  const secrecy = draft.secrecy ?? 'none';
  const secret = isSecret(secrecy);
  const details = keepsDetails(secrecy);
  const shown = (value: string | null | undefined): string => (secret ? T.secretHidden : (value ?? T.none));
  const optional = (key: string, include: boolean, label: string, value: string | null) =>
    include ? { [`${key}Label`]: label, [key]: value ?? T.none } : { [`${key}Label`]: null, [key]: null };
  const urgency = draft.urgency ?? 'normal';
  const values: FlexValues = {
    title: T.summaryTitle(draft.r),
    note: secret ? (details ? T.secretNote : T.topSecretNote) : null,
    secrecy: SECRECY_LABELS[secrecy],
    docNo: !asks('docNo', draft) ? T.onForm : secret ? T.secretHidden : (draft.docNo ?? T.noDocNo),
    docDate: draft.docDate ? thaiDateOfKey(draft.docDate) : T.none,
    ...optional('from', asks('fromName', draft), L.draftFields.fromName, shown(draft.fromName)),
    ...optional('to', asks('toName', draft), L.draftFields.toName, shown(draft.toName)),
    ...optional('subject', asks('subject', draft), L.draftFields.subject, shown(draft.subject)),
    kind: draft.kind ? LETTER_KIND_LABELS[draft.kind] : T.none,
    urgency: URGENCY_LABELS[urgency],
    urgencyColor: urgency === 'normal' ? '#333333' : URGENT_COLOR,
    ...optional('actBy', asks('actBy', draft), L.draftFields.actBy, draft.actBy ? thaiDateOfKey(draft.actBy) : T.none),
    ...optional(
      'files',
      true,
      L.draftFields.files,
      !details ? T.keptOnPaper : !asks('files', draft) ? T.onForm : draft.mediaIds.length > 0 ? T.fileCount(draft.mediaIds.length) : T.none,
    ),
    hint: T.summaryHint(draft.r),
    confirmLabel: L.confirm[draft.r],
    confirmData: buttons.confirm,
    editLabel: L.edit,
    editData: buttons.edit,
    cancelLabel: L.cancel,
    cancelData: buttons.cancel,
  };
  return renderFlexTemplate('letter-register-summary', values, { altText: T.summaryAlt(draft.r) });
}
