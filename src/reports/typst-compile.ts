import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { NodeCompiler as NodeCompilerType } from '@myriaddreamin/typst-ts-node-compiler';

/**
 * The PDF engine: Typst, through its npm build (a native module per platform, installed by `npm install`
 * alone; no system TeX, browser or font install). Typst shapes Thai (stacked vowels and tone marks) with the
 * Sarabun font files of an npm package, given as bytes, so every machine prints the same pages.
 *
 * A document is a template from ./typst/ (with lib.typ) and its data as JSON, plus any files it embeds
 * (charts as SVG, QR codes), all in a virtual folder `/report/`: nothing is read from or written to disk.
 * Compiling is synchronous and takes the thread; the service runs it in a worker (pdf.ts).
 */

const require = createRequire(import.meta.url);
const { NodeCompiler } = require('@myriaddreamin/typst-ts-node-compiler') as { NodeCompiler: typeof NodeCompilerType };

const FONT_FILES = [
  '400Regular/Sarabun_400Regular.ttf',
  '400Regular_Italic/Sarabun_400Regular_Italic.ttf',
  '700Bold/Sarabun_700Bold.ttf',
  '700Bold_Italic/Sarabun_700Bold_Italic.ttf',
].map((file) => require.resolve(`@expo-google-fonts/sarabun/${file}`));

export const TEMPLATES_DIR = fileURLToPath(new URL('./typst/', import.meta.url));
const ROOT = '/report';

export interface PdfJob {
  /** A template of ./typst/ without the extension, e.g. `report`. */
  template: string;
  /** What the template reads as `json("/data.json")`: text already prepared (thai-text.ts). */
  data: unknown;
  /** Files the template embeds, by name under /report/ (e.g. `chart-1.svg`). */
  files?: Record<string, string | Uint8Array>;
  /** `sys.inputs` of the document (e.g. `thai-digits: "1"`). */
  inputs?: Record<string, string>;
  /** The document's date in the PDF's metadata (seconds since the epoch); none without it. */
  createdAtSeconds?: number;
}

export class PdfRenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdfRenderError';
  }
}

export interface TypstCompiler {
  pdf(job: PdfJob): Buffer;
}

/** A compiler with the fonts and templates loaded (about 50 ms); keep one per thread. */
export function createTypstCompiler(): TypstCompiler {
  const compiler = NodeCompiler.create({ workspace: ROOT, fontArgs: [{ fontBlobs: FONT_FILES.map((file) => readFileSync(file)) }] });
  const templates = new Set<string>();
  for (const file of readdirSync(TEMPLATES_DIR)) {
    if (!file.endsWith('.typ')) continue;
    compiler.mapShadow(`${ROOT}/${file}`, readFileSync(`${TEMPLATES_DIR}/${file}`));
    templates.add(file.slice(0, -'.typ'.length));
  }
  return {
    pdf(job) {
      if (!templates.has(job.template) || job.template === 'lib') throw new PdfRenderError(`no PDF template "${job.template}"`);
      const mapped = [`${ROOT}/data.json`];
      compiler.mapShadow(`${ROOT}/data.json`, Buffer.from(JSON.stringify(job.data)));
      for (const [name, content] of Object.entries(job.files ?? {})) {
        if (!/^[a-z0-9][a-z0-9._-]*$/i.test(name)) throw new PdfRenderError(`bad file name ${name}`);
        compiler.mapShadow(`${ROOT}/${name}`, typeof content === 'string' ? Buffer.from(content) : Buffer.from(content));
        mapped.push(`${ROOT}/${name}`);
      }
      try {
        const args = { mainFilePath: `${ROOT}/${job.template}.typ`, inputs: job.inputs ?? {} };
        const result = compiler.compile(args);
        const error = result.takeError() ?? result.takeDiagnostics();
        const document = result.result;
        if (!document || result.hasError()) {
          const details = error ? JSON.stringify(error.shortDiagnostics).slice(0, 2000) : 'unknown error';
          throw new PdfRenderError(`the ${job.template} template failed: ${details}`);
        }
        return compiler.pdf(document, job.createdAtSeconds === undefined ? {} : { creationTimestamp: job.createdAtSeconds });
      } finally {
        for (const path of mapped) compiler.unmapShadow(path);
        // Typst memoises layouts across compilations; the documents change every time, so keep little.
        compiler.evictCache(10);
      }
    },
  };
}
