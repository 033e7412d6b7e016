import { parentPort } from 'node:worker_threads';
import { createTypstCompiler, type PdfJob } from './typst-compile.ts';

/** The PDF worker thread (pdf.ts): one Typst compiler, one job at a time, so the service's event loop stays free. */

const port = parentPort;
if (!port) throw new Error('pdf-worker.ts runs as a worker thread');
const compiler = createTypstCompiler();
port.on('message', (message: { id: number; job: PdfJob }) => {
  try {
    const pdf = compiler.pdf(message.job);
    const bytes = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
    port.postMessage({ id: message.id, pdf: bytes });
  } catch (err) {
    port.postMessage({ id: message.id, error: err instanceof Error ? err.message : String(err) });
  }
});
