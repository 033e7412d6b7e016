import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * Running the project's own commands (src/main.ts, scripts/*.ts) as real processes, as an operator would:
 * the same Node.js that runs the tests (the project's Node 24), from the project's folder.
 */

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** The environment of a child: the test's own, minus settings that would leak into it, plus `env`. */
export function childEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'LINE_CHANNEL_SECRET', 'LINE_CHANNEL_ACCESS_TOKEN', 'ADMIN_API_TOKEN', 'EMULATOR_PORT', 'PORT', 'DATA_DIR']) {
    delete base[name];
  }
  // A service started here begins with a blank office, as the tests expect; a test of the demo people asks for them.
  base.DEMO_PEOPLE = 'false';
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete base[name];
    else base[name] = value;
  }
  return base;
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node <script> ...args` to its end (or kills it after `timeoutMs`). */
export function runCommand(
  script: string,
  args: readonly string[],
  env: Record<string, string | undefined>,
  timeoutMs = 60_000,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  /** stdout and stderr so far. */
  output(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `src/main.ts` on `port` and waits until `/readyz` answers 200. */
export async function startServiceProcess(port: number, env: Record<string, string | undefined>): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['src/main.ts'], {
    env: childEnv({ PORT: String(port), ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`service exited early with ${child.exitCode}:\n${output}`);
    const ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ready) break;
    if (i >= 600) {
      child.kill('SIGKILL');
      throw new Error(`service did not become ready:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    url,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Resolves with `probe`'s value once `predicate` holds; throws after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T>,
  predicate: (value: T) => boolean,
  timeoutMs = 20_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (predicate(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * One replica of the service as the replica tests run it: a real process on `databaseUrl`, with a LINE channel of
 * its own credentials talking to `lineApiBaseUrl` (the emulator, or a proxy in front of it), in a fresh DATA_DIR.
 */
export async function startReplica(replica: {
  name: string;
  databaseUrl: string;
  lineApiBaseUrl: string;
  channel: { secret: string; token: string };
  logLevel?: string;
}): Promise<ServiceProcess> {
  const { mkdtemp } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  return startServiceProcess(await freePort(), {
    DATABASE_URL: replica.databaseUrl,
    DATA_DIR: await mkdtemp(path.join(tmpdir(), `esa-line-replica-${replica.name}-`)),
    LINE_CHANNEL_SECRET: replica.channel.secret,
    LINE_CHANNEL_ACCESS_TOKEN: replica.channel.token,
    LINE_API_BASE_URL: replica.lineApiBaseUrl,
    LOG_LEVEL: replica.logLevel ?? 'warn',
  });
}

/**
 * The LINE platform standing on a port of its own, with one channel, as the replica tests run it beside their
 * service processes (`webhookUrl`: where it delivers events; the tests move it with `setWebhookUrl`).
 */
export async function standingEmulator(channel: { secret: string; token: string }, webhookUrl: string) {
  const { createEmulator } = await import('../../src/emulator/index.ts');
  const { createLogger } = await import('../../src/logger.ts');
  const emulator = createEmulator({
    channels: [{ channelId: 'default', channelSecret: channel.secret, channelAccessToken: channel.token, webhookUrl }],
    logger: createLogger('silent'),
  });
  return { emulator, listener: await emulator.listen(0) };
}
