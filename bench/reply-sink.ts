import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

/**
 * The smallest Messaging API stand-in: answers every call as LINE answers a good one (200 `{}` with a request
 * id) and counts them. The load driver makes up its reply tokens, which the emulator would rightly refuse,
 * so throughput runs send the bots' replies here; reply timing runs use the emulator.
 */
export async function startReplySink(): Promise<{ url: string; counts: () => Record<string, number>; close(): Promise<void> }> {
  const counts: Record<string, number> = {};
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0]!;
      counts[path] = (counts[path] ?? 0) + 1;
      res.writeHead(200, { 'content-type': 'application/json', 'x-line-request-id': randomUUID() });
      res.end(path.startsWith('/v2/bot/message/quota') ? '{"type":"none","totalUsage":0}' : '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts: () => ({ ...counts }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
