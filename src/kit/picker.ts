import { QUICK_REPLY_MAX, type Button } from './steps.ts';

/**
 * The one quick-reply picker: people, items, rooms, time slots. LINE shows at most 13 quick replies, so a
 * long list is paged (ก่อนหน้า / ถัดไป take two of the 13), and typing part of a name narrows it (`narrowByName`).
 * The buttons after the choices (ยกเลิก, ไม่มีในรายการ) are on every page. Pure: no I/O.
 */

export const PICKER_LABELS = { previous: 'ก่อนหน้า', next: 'ถัดไป', showAll: 'แสดงทั้งหมด' } as const;

export interface PickerRequest<T> {
  /** Everything there is to choose from, in the order shown (already narrowed when something was typed). */
  readonly choices: readonly T[];
  /** The button of one choice. */
  readonly button: (choice: T) => Button;
  /** The first choice of the page (from a paging button); out of range starts again at the first page. */
  readonly offset?: number | undefined;
  /**
   * The postback data of a paging button that opens the page starting at `offset`. Without it the list does not
   * page: what does not fit is left out (only for lists known to be short).
   */
  readonly pageData?: ((offset: number) => string) | undefined;
  /** Buttons on every page after the choices (e.g. ยกเลิก). */
  readonly always?: readonly Button[] | undefined;
}

export interface PickerPage<T> {
  /** The quick replies, at most 13: the page's choices, then ก่อนหน้า / ถัดไป when paged, then `always`. */
  readonly buttons: Button[];
  /** The choices on this page. */
  readonly shown: readonly T[];
  /** Whether the list is longer than one page (the question can then say that typing a name narrows it). */
  readonly paged: boolean;
}

export function pickerPage<T>(request: PickerRequest<T>): PickerPage<T> {
  const always = request.always ?? [];
  const room = QUICK_REPLY_MAX - always.length;
  const { choices, pageData } = request;
  if (choices.length <= room || !pageData) {
    const shown = choices.slice(0, room);
    return { buttons: [...shown.map(request.button), ...always], shown, paged: false };
  }
  const size = room - 2; // ก่อนหน้า and ถัดไป
  const asked = request.offset ?? 0;
  const offset = asked > 0 && asked < choices.length ? asked : 0;
  const shown = choices.slice(offset, offset + size);
  const paging: Button[] = [];
  if (offset > 0) paging.push({ label: PICKER_LABELS.previous, data: pageData(Math.max(0, offset - size)) });
  if (offset + size < choices.length) paging.push({ label: PICKER_LABELS.next, data: pageData(offset + size) });
  return { buttons: [...shown.map(request.button), ...paging, ...always], shown, paged: true };
}

/**
 * The choices whose name contains what was typed. Thai is written without spaces between words, so spaces are
 * ignored on both sides, as is letter case. Nothing typed matches nothing.
 */
export function narrowByName<T>(choices: readonly T[], typed: string, nameOf: (choice: T) => string): T[] {
  const squeeze = (text: string) => text.replace(/\s+/g, '').toLowerCase();
  const needle = squeeze(typed);
  if (!needle) return [];
  return choices.filter((choice) => squeeze(nameOf(choice)).includes(needle));
}

/** The label of a choice in a multi-select picker: the chosen ones ticked, so the person sees a second tap unticks. */
export function tickedLabel(name: string, ticked: boolean): string {
  return ticked ? `✓ ${name}` : name;
}

/**
 * What a multi-select picker shows: the choices whose name contains what was typed last (`typed`, kept in the
 * conversation's state so that ticking one keeps the narrowed view), or all of them when nothing is typed or it
 * matches none (`narrowed` false).
 */
export function narrowedView<T>(choices: readonly T[], typed: string | undefined, nameOf: (choice: T) => string): { shown: readonly T[]; narrowed: boolean } {
  const narrowed = typed ? narrowByName(choices, typed, nameOf) : [];
  return narrowed.length > 0 ? { shown: narrowed, narrowed: true } : { shown: choices, narrowed: false };
}

export interface TickedPickerRequest<T> extends Omit<PickerRequest<T>, 'button'> {
  /** Whether the choice is chosen (its label is then ticked). */
  readonly ticked: (choice: T) => boolean;
  readonly name: (choice: T) => string;
  /** The postback data of tapping the choice (which toggles it). */
  readonly data: (choice: T) => string;
  /** What the chat shows as the person's tap, when the label is a short form of the name (a school's, without โรงเรียน). */
  readonly displayText?: ((choice: T) => string) | undefined;
  /** While a typed name narrows the list: the postback data of แสดงทั้งหมด (back to every choice), on every page before `always`. */
  readonly showAllData?: string | undefined;
}

/** A page of a multi-select picker (team, schools, attendees): `pickerPage` with the chosen ones ticked. */
export function tickedPickerPage<T>(request: TickedPickerRequest<T>): PickerPage<T> {
  const { ticked, name, data, displayText, showAllData, always = [], ...rest } = request;
  return pickerPage({
    ...rest,
    always: showAllData ? [{ label: PICKER_LABELS.showAll, data: showAllData }, ...always] : always,
    button: (choice) => ({ label: tickedLabel(name(choice), ticked(choice)), data: data(choice), ...(displayText ? { displayText: displayText(choice) } : {}) }),
  });
}

/** One tap in a multi-select picker: a chosen one is dropped, another is added last (the order of choosing kept). */
export function toggleChoice<T>(chosen: readonly T[], choice: T): T[] {
  return chosen.includes(choice) ? chosen.filter((c) => c !== choice) : [...chosen, choice];
}
