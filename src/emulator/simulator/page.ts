import { fileURLToPath } from 'node:url';
import express from 'express';

/**
 * The chat simulator page: plain HTML, CSS and browser ES modules from `public/`, no build step.
 * Every URL in the page is relative, so it works wherever the emulator router is mounted.
 */

export const SIMULATOR_PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * The page runs its own modules and talks to its own API only. Images the bot sends may come from anywhere
 * (LINE shows any https image); they cannot run code. LIFF links open in a new tab, never in a frame.
 */
export const SIMULATOR_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob: http: https:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function createSimulatorPage(): express.Router {
  const router = express.Router();
  const noStore = (res: express.Response) => res.setHeader('cache-control', 'no-cache');

  router.get('/', (req, res) => {
    // Mounted at /emulator, a request for "/emulator" must become "/emulator/" or the page's relative
    // URLs would resolve against the parent path. The redirect is relative too (works behind a proxy).
    const path = req.originalUrl.split('?')[0] ?? '/';
    if (!path.endsWith('/')) {
      const last = path.slice(path.lastIndexOf('/') + 1);
      const query = req.originalUrl.slice(path.length);
      return res.redirect(301, `${last}/${query}`);
    }
    noStore(res);
    res.setHeader('content-security-policy', SIMULATOR_CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    res.sendFile('index.html', { root: SIMULATOR_PUBLIC_DIR, headers: { 'content-type': CONTENT_TYPES['.html'] } });
  });

  router.use(
    '/assets',
    express.static(SIMULATOR_PUBLIC_DIR, {
      index: false,
      dotfiles: 'ignore',
      setHeaders(res, file) {
        const type = CONTENT_TYPES[file.slice(file.lastIndexOf('.'))];
        if (type) res.setHeader('content-type', type);
        noStore(res);
      },
    }),
  );
  return router;
}
