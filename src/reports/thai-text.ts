/**
 * Text for printing: word boundaries marked, digits as the office writes them.
 *
 * Thai is written without spaces between words, so a line may end between any two words and nowhere else.
 * The PDF engine (Typst) has its own idea of Thai words that splits some compounds the ICU dictionary keeps
 * whole ("เทคโนโลยีสาร|สนเทศ"), so the service decides: every text is segmented with `Intl.Segmenter` (ICU's
 * dictionary, the same one the Thai line-break test checks against) and a zero-width space goes between
 * words; the Typst templates box each word (`th` in typst/lib.typ), so a line can end only between two.
 */

export const WORD_MARK = '\u200b';

const segmenter = new Intl.Segmenter('th', { granularity: 'word' });
const OPENING = /^[([{"'“‘«]+$/;
const INVISIBLE = /[\u200b\u200c\u200d\u2060\ufeff]/g;
// Control characters would make Typst (and a PDF viewer) choke; a line break inside a cell is a space.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/**
 * `text` with a WORD_MARK between words (and around spaces). Punctuation stays with its word: an opening
 * bracket or quote with the word after it, anything else with the word before, so no line begins with ")".
 */
export function markWords(text: string): string {
  const clean = text.replace(INVISIBLE, '').replace(CONTROL, ' ').replace(/\r?\n/g, ' ');
  const pieces: string[] = [];
  let pendingOpen = '';
  for (const { segment, isWordLike } of segmenter.segment(clean)) {
    if (/^\s+$/.test(segment)) {
      if (pendingOpen) pieces.push(pendingOpen);
      pendingOpen = '';
      pieces.push(segment);
      continue;
    }
    if (!isWordLike && OPENING.test(segment)) {
      pendingOpen += segment;
      continue;
    }
    const last = pieces.length > 0 ? pieces[pieces.length - 1]! : undefined;
    if (!isWordLike && !pendingOpen && last !== undefined && !/^\s+$/.test(last)) {
      pieces[pieces.length - 1] = last + segment;
      continue;
    }
    pieces.push(pendingOpen + segment);
    pendingOpen = '';
  }
  if (pendingOpen) pieces.push(pendingOpen);
  return pieces.join(WORD_MARK);
}

const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙';

/** Arabic digits as Thai digits ("2570" → "๒๕๗๐"). */
export function toThaiDigits(text: string): string {
  return text.replace(/[0-9]/g, (d) => THAI_DIGITS[Number(d)]!);
}

/** How printed text is prepared: words marked, digits Thai when the office asks for them. */
export function printText(text: string | number | null | undefined, thaiDigits: boolean): string {
  if (text === null || text === undefined) return '';
  const marked = markWords(String(text));
  return thaiDigits ? toThaiDigits(marked) : marked;
}

/** Keys of template data that are layout, not text: left as they are. */
const LAYOUT_KEYS = new Set(['kind', 'file', 'columns', 'aligns', 'qr', 'landscape']);

/** Every text in a template's data prepared with `printText` (numbers become strings too); layout keys stay. */
export function printData<T>(value: T, thaiDigits: boolean): T {
  if (typeof value === 'string' || typeof value === 'number') return printText(value, thaiDigits) as T;
  if (Array.isArray(value)) return value.map((item) => printData(item, thaiDigits)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, LAYOUT_KEYS.has(k) ? v : printData(v, thaiDigits)])) as T;
  }
  return value;
}
