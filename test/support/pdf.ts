import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ARTIFACTS_DIR } from './browser.ts';

/**
 * Reading the PDFs the service prints, with Debian's poppler-utils (`pdftotext`, `pdftoppm`; installed by
 * test/support/ensure-chromium.sh): the text as a reader would copy it, the lines as laid out, a page as PNG.
 *
 * poppler repeats a Thai cluster of consonant + upper vowel + tone mark ("พิ่" in "เพิ่ม") when Typst marks it
 * with ActualText; `normalizeThai` takes the repeat out (such a doubled cluster never occurs in Thai text).
 */

const run = promisify(execFile);

export function normalizeThai(text: string): string {
  return text.replace(/([ก-ฮ][\u0E31\u0E34-\u0E37\u0E47][\u0E48-\u0E4C])\1/g, '$1');
}

async function withPdfFile<T>(pdf: Buffer, work: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'esa-pdf-'));
  const file = path.join(dir, 'doc.pdf');
  try {
    await writeFile(file, pdf);
    return await work(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The whole text (`pdftotext -layout`), Thai repeats removed. */
export async function pdfText(pdf: Buffer): Promise<string> {
  return withPdfFile(pdf, async (file) => normalizeThai((await run('pdftotext', ['-layout', file, '-'], { maxBuffer: 64 * 1024 * 1024 })).stdout));
}

export async function pdfPageCount(pdf: Buffer): Promise<number> {
  return withPdfFile(pdf, async (file) => {
    const { stdout } = await run('pdfinfo', [file]);
    return Number(/Pages:\s+(\d+)/.exec(stdout)?.[1] ?? 0);
  });
}

/** Renders one page to test-artifacts/<name>.png and returns the path. */
export async function savePdfPagePng(pdf: Buffer, name: string, page = 1): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const prefix = path.join(ARTIFACTS_DIR, name);
  await withPdfFile(pdf, (file) => run('pdftoppm', ['-png', '-r', '80', '-f', String(page), '-l', String(page), '-singlefile', file, prefix]));
  return `${prefix}.png`;
}

interface Word {
  xMin: number;
  xMax: number;
  text: string;
}

interface Line {
  words: Word[];
}

const decode = (text: string) =>
  text.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Blocks of lines of words, with their x positions (`pdftotext -bbox-layout`). */
async function layoutBlocks(pdf: Buffer): Promise<Line[][]> {
  const xml = await withPdfFile(pdf, async (file) => (await run('pdftotext', ['-bbox-layout', file, '-'], { maxBuffer: 256 * 1024 * 1024 })).stdout);
  const blocks: Line[][] = [];
  for (const block of xml.split(/<block /).slice(1)) {
    const lines: Line[] = [];
    for (const line of block.split(/<line /).slice(1)) {
      const words = [...line.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({
        xMin: Number(m[1]),
        xMax: Number(m[2]),
        text: normalizeThai(decode(m[3]!)),
      }));
      if (words.length > 0) lines.push({ words });
    }
    blocks.push(lines);
  }
  return blocks;
}

/** Words closer than this (points) are one run of text; wider gaps separate table cells. */
const CELL_GAP = 6;

function runsOf(line: Line): Word[][] {
  const runs: Word[][] = [];
  for (const word of line.words) {
    const current = runs[runs.length - 1];
    const last = current?.[current.length - 1];
    if (current && last && word.xMin - last.xMax < CELL_GAP) current.push(word);
    else runs.push([word]);
  }
  return runs;
}

const THAI = /[\u0E00-\u0E7F]/;
const segmenter = new Intl.Segmenter('th', { granularity: 'word' });

export interface LineBreakCheck {
  /** Line ends followed by more of the same paragraph or table cell, checked. */
  checked: number;
  /** Those where the line ended inside a word: `before|after` around the break. */
  insideWords: string[];
}

/**
 * Every place where a line of Thai text goes on in the next line (the next line of the same block starts at
 * the same x as the run of text that ended), checked against `Intl.Segmenter('th', { granularity: 'word' })`:
 * the break must fall on a word boundary of the joined text.
 */
export async function checkThaiLineBreaks(pdf: Buffer): Promise<LineBreakCheck> {
  const result: LineBreakCheck = { checked: 0, insideWords: [] };
  for (const lines of await layoutBlocks(pdf)) {
    for (let i = 0; i + 1 < lines.length; i += 1) {
      const nextRuns = runsOf(lines[i + 1]!);
      for (const run of runsOf(lines[i]!)) {
        const start = run[0]!.xMin;
        const continuation = nextRuns.find((r) => Math.abs(r[0]!.xMin - start) < 1.5);
        if (!continuation) continue;
        const before = run[run.length - 1]!.text;
        const after = continuation[0]!.text;
        if (!THAI.test(before.slice(-1)) || !THAI.test(after[0] ?? '')) continue;
        result.checked += 1;
        const joined = before + after;
        const boundaries = new Set([...segmenter.segment(joined)].map((s) => s.index));
        if (!boundaries.has(before.length)) result.insideWords.push(`${before.slice(-12)}|${after.slice(0, 12)}`);
      }
    }
  }
  return result;
}
