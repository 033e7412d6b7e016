import { Worker } from 'node:worker_threads';
import { PdfRenderError, type PdfJob } from './typst-compile.ts';

/**
 * PDFs are compiled in one worker thread, started on first use and kept (it holds the fonts and templates):
 * a report takes a second or two of CPU, which must not stall the webhook's quick 200 on the main thread.
 * Jobs wait their turn. The worker does not keep the process alive while idle; a crashed worker is replaced
 * on the next job.
 */

interface Pending {
  resolve: (pdf: Buffer) => void;
  reject: (err: Error) => void;
}

// The compiled build (dist/) runs .js files; the sources run as .ts.
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './pdf-worker.ts' : './pdf-worker.js', import.meta.url);

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

function failAll(err: Error): void {
  for (const job of pending.values()) job.reject(err);
  pending.clear();
}

function startWorker(): Worker {
  const started = new Worker(WORKER_URL);
  started.on('message', (message: { id: number; pdf?: Uint8Array; error?: string }) => {
    const job = pending.get(message.id);
    if (!job) return;
    pending.delete(message.id);
    if (pending.size === 0) started.unref();
    if (message.pdf) job.resolve(Buffer.from(message.pdf.buffer, message.pdf.byteOffset, message.pdf.byteLength));
    else job.reject(new PdfRenderError(message.error ?? 'PDF failed'));
  });
  started.on('error', (err) => {
    if (worker === started) worker = undefined;
    failAll(err instanceof Error ? err : new Error(String(err)));
  });
  started.on('exit', () => {
    if (worker === started) worker = undefined;
    failAll(new PdfRenderError('the PDF worker stopped'));
  });
  started.unref();
  return started;
}

/** Compiles one document in the PDF worker. */
export function renderPdf(job: PdfJob): Promise<Buffer> {
  worker ??= startWorker();
  const current = worker;
  const id = nextId++;
  return new Promise<Buffer>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    current.ref();
    current.postMessage({ id, job });
  });
}

/** Stops the worker (at shutdown; a later job starts a new one). */
export async function closePdfRenderer(): Promise<void> {
  const current = worker;
  worker = undefined;
  if (current) await current.terminate();
}
