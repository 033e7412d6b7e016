import { letterNumberLabel } from '../../domain/saraban/letter.ts';
import type { Letter } from '../../domain/saraban/view.ts';

export { holderName, letterHeadline, type Letter } from '../../domain/saraban/view.ts';

export function letterNumberLabelOf(letter: Pick<Letter, 'register' | 'number' | 'year'>): string {
  return letterNumberLabel(letter.register, letter.number, letter.year);
}
