import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Balancer {
  url: string;
  close(): Promise<void>;
}

/**
 * A load balancer in front of service replicas (webhook traffic from LINE): round robin over the replicas still
 * answering; a request a dead replica did not answer is tried on the next.
 */
export function startBalancer(targets: () => string[]): Promise<Balancer> {
  let next = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const headers: Record<string, string> = {};
      for (const name of ['content-type', 'x-line-signature']) if (req.headers[name]) headers[name] = String(req.headers[name]);
      const all = targets();
      for (let i = 0; i < all.length; i++) {
        const target = all[next++ % all.length]!;
        try {
          const answer = await fetch(`${target}${req.url}`, { method: req.method, headers, body });
          res.writeHead(answer.status, { 'content-type': 'application/json' }).end(Buffer.from(await answer.arrayBuffer()));
          return;
        } catch {
          // not answering (killed): the next replica
        }
      }
      res.writeHead(502).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      }),
    ),
  );
}
