import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { createLogger } from '../../src/logger.ts';

/** A TCP proxy in front of the database that a test can cut and restore, like a network failure. */
export interface TcpProxy {
  port: number;
  /** Drops every connection and stops listening: the database is unreachable. */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  restore(): Promise<void>;
}

export async function startTcpProxy(target: URL): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  async function listen(): Promise<void> {
    const listening = net.createServer((client) => {
      const upstream = net.connect(Number(target.port || 5432), target.hostname);
      sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
    });
    await new Promise<void>((resolve) => listening.listen(port, '127.0.0.1', resolve));
    port = (listening.address() as AddressInfo).port;
    server = listening;
  }
  await listen();
  return {
    get port() {
      return port;
    },
    async cut() {
      const closing = server;
      server = undefined;
      for (const s of sockets) s.destroy();
      sockets.clear();
      if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
    async restore() {
      if (!server) await listen();
    },
  };
}

/**
 * `database` reached through a proxy: a Database of the same kind whose pool connects via the proxy.
 * Closing it closes the proxied pool, the proxy and then `database` itself.
 */
export async function behindProxy(database: Database): Promise<{ database: Database; proxy: TcpProxy }> {
  const proxy = await startTcpProxy(new URL(database.url));
  const url = new URL(database.url);
  url.host = `127.0.0.1:${proxy.port}`;
  const proxied = await openDatabase({
    databaseUrl: url.toString(),
    dataDir: '.',
    logger: createLogger('silent'),
    poolSize: 5,
  });
  return {
    proxy,
    database: {
      ...proxied,
      kind: database.kind,
      async close() {
        await proxied.close().catch(() => {});
        await proxy.cut();
        await database.close();
      },
    },
  };
}
