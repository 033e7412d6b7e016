import type express from 'express';
import type { LiffContext } from './liff.ts';

/** The letter pages (saraban): filled in once the letters' data model is in place. */
export function registerLetterPages(_input: { pages: express.Router; api: express.Router; context: LiffContext }): void {}
