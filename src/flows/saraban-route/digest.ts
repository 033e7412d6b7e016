import { chatSafeLetter, type Letter } from '../../domain/saraban/view.ts';
import { routeTexts as T } from './messages.ts';

const LINES = 15;

/**
 * The group director's digest of new letters: one text, a line per letter (its headline, urgency and
 * act-by date; a secret letter by headline only), most urgent first. Null when nothing waits. Pure.
 */
export function buildLetterDigest(letters: readonly Letter[]): string | null {
  const sorted = digestOrder(letters);
  if (sorted.length === 0) return null;
  const lines = sorted.slice(0, LINES).map((l) => {
    const safe = chatSafeLetter(l);
    return T.digestLine(safe.headline, safe.urgencyLabel, safe.actBy);
  });
  return T.digest(lines, sorted.length).slice(0, 5000);
}

/** The digest's letters in its order (the cards follow the text). */
export function digestOrder(letters: readonly Letter[]): Letter[] {
  const rank = { most_urgent: 0, very_urgent: 1, urgent: 2, normal: 3 } as const;
  return letters.filter((l) => l.status === 'registered').sort((a, b) => rank[a.urgency] - rank[b.urgency] || a.registeredAt.getTime() - b.registeredAt.getTime());
}
