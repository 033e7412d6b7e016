/**
 * LINE's limits for the string fields a Flex template may fill, and how a value that is too long is
 * handled. LINE counts most text in UTF-16 code units, but action objects in grapheme clusters
 * (developers.line.biz, "Counting text characters"); we never cut inside a grapheme either way, so
 * Thai vowels and tone marks and emoji stay whole.
 */

export const FLEX_LIMITS = {
  altText: 400,
  /** LINE names no limit for a Flex text; the bubble size bounds it. A house cap keeps one value from eating the bubble. */
  text: 2000,
  /** 20 is LINE's limit for labels in quick replies and templates; we hold Flex buttons to it as well. */
  label: 20,
  displayText: 300,
  messageText: 300,
  fillInText: 300,
  data: 300,
  uri: 1000,
  mediaUrl: 2000,
  clipboardText: 1000,
  /** Bytes of JSON. LINE says "30 KB" / "50 KB"; we use the smaller decimal reading so LINE never refuses what we pass. */
  bubbleBytes: 30_000,
  carouselBytes: 50_000,
  carouselBubbles: 12,
} as const;

export type Unit = 'utf16' | 'grapheme';

/**
 * `truncate`: cut with an ellipsis (the reader still understands the message).
 * `reject`: throw, because a cut value would be wrong rather than short (a link, postback data).
 */
export interface FieldRule {
  max: number;
  unit: Unit;
  overflow: 'truncate' | 'reject';
  kind: 'text' | 'uri';
}

/**
 * The rule for `key` on an object of `type` (a component or an action type), or undefined for
 * fields LINE does not limit (colours, sizes: filled values there are left as they are).
 */
export function ruleFor(type: string | undefined, key: string, parentKey: string | undefined): FieldRule | undefined {
  const isAction = parentKey === 'action' || parentKey === 'defaultAction';
  if (isAction) {
    switch (key) {
      case 'label':
        return { max: FLEX_LIMITS.label, unit: 'grapheme', overflow: 'truncate', kind: 'text' };
      case 'displayText':
        return { max: FLEX_LIMITS.displayText, unit: 'grapheme', overflow: 'truncate', kind: 'text' };
      case 'text':
        return { max: FLEX_LIMITS.messageText, unit: 'grapheme', overflow: 'truncate', kind: 'text' };
      case 'fillInText':
        return { max: FLEX_LIMITS.fillInText, unit: 'grapheme', overflow: 'truncate', kind: 'text' };
      case 'data':
        return { max: FLEX_LIMITS.data, unit: 'utf16', overflow: 'reject', kind: 'text' };
      case 'uri':
        return { max: FLEX_LIMITS.uri, unit: 'utf16', overflow: 'reject', kind: 'uri' };
      case 'clipboardText':
        return { max: FLEX_LIMITS.clipboardText, unit: 'utf16', overflow: 'reject', kind: 'text' };
      default:
        return undefined;
    }
  }
  if (parentKey === 'altUri' && key === 'desktop') {
    return { max: FLEX_LIMITS.uri, unit: 'utf16', overflow: 'reject', kind: 'uri' };
  }
  if ((type === 'text' || type === 'span') && key === 'text') {
    return { max: FLEX_LIMITS.text, unit: 'utf16', overflow: 'truncate', kind: 'text' };
  }
  if ((type === 'image' || type === 'icon' || type === 'video') && (key === 'url' || key === 'previewUrl')) {
    return { max: FLEX_LIMITS.mediaUrl, unit: 'utf16', overflow: 'reject', kind: 'uri' };
  }
  return undefined;
}

const segmenter = new Intl.Segmenter('th', { granularity: 'grapheme' });

export function measure(value: string, unit: Unit): number {
  if (unit === 'utf16') return value.length;
  let n = 0;
  for (const _ of segmenter.segment(value)) n += 1;
  return n;
}

const ELLIPSIS = '…';

/** Cuts `value` to at most `max` units, on a grapheme boundary, ending in an ellipsis. */
export function truncateTo(value: string, max: number, unit: Unit): string {
  if (measure(value, unit) <= max) return value;
  const budget = max - ELLIPSIS.length; // the ellipsis is one unit in both counts
  let out = '';
  let used = 0;
  for (const { segment } of segmenter.segment(value)) {
    const size = unit === 'utf16' ? segment.length : 1;
    if (used + size > budget) break;
    out += segment;
    used += size;
  }
  return out.trimEnd() + ELLIPSIS;
}

/** The URI schemes LINE accepts in a URI action or a media URL. */
export function isAcceptedUri(value: string, field: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (field === 'url' || field === 'previewUrl') return url.protocol === 'https:' || isLocalHttp(url);
  return ['http:', 'https:', 'line:', 'tel:'].includes(url.protocol);
}

/**
 * An image on this machine (emulator mode without a public https address): LINE itself would never be sent
 * such a link, only the local LINE platform, which fetches it from here.
 */
function isLocalHttp(url: URL): boolean {
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}
