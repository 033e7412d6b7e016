import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Resident memory of a process from /proc (kB → MB): now and its peak. Undefined where /proc is missing. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

export interface Child {
  process: ChildProcess;
  pid: number;
  /** Sends a request and resolves with the child's first answer of the given type. */
  request<T>(message: object, answerType: string, timeoutMs: number): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Forks a bench module under the same Node (type stripping included) and waits for its `ready` message.
 * Its stdout/stderr go to ours only when BENCH_VERBOSE is set, so the report stays readable.
 */
export async function forkChild(
  module: URL,
  env: Record<string, string>,
  options: { readyTimeoutMs?: number; nodeFlags?: string[] } = {},
): Promise<Child & { ready: Record<string, unknown> }> {
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const child = fork(module, [], {
    env: { ...process.env, ...env },
    execArgv: ['--disable-warning=ExperimentalWarning', ...(options.nodeFlags ?? [])],
    stdio: process.env.BENCH_VERBOSE ? 'inherit' : ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  function request<T>(message: object, answerType: string, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${module.pathname}: no ${answerType} within ${timeoutMs} ms`));
      }, timeoutMs);
      const onMessage = (answer: { type?: string; error?: string }) => {
        if (answer.type === 'error') {
          cleanup();
          reject(new Error(`${module.pathname}: ${answer.error}`));
        } else if (answer.type === answerType) {
          cleanup();
          resolve(answer as T);
        }
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`${module.pathname} exited (${code}) before ${answerType}`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
      if (Object.keys(message).length > 0) child.send(message);
    });
  }

  const ready = await request<Record<string, unknown>>({}, 'ready', readyTimeoutMs).catch((err: unknown) => {
    child.kill('SIGKILL');
    throw err;
  });
  return {
    process: child,
    pid: child.pid!,
    ready,
    request,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** In a forked child: answer the parent. */
export function toParent(message: object): void {
  process.send?.(message);
}

const TICKS_PER_SECOND = 100;

/** CPU time (user + system, all threads) a process has used so far, in ms; undefined where /proc is missing. */
export function cpuMsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at ") "; utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** CPU time of every process named `name` on the machine (e.g. all PostgreSQL backends), in ms. */
export function cpuMsOfProcessesNamed(name: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== name) continue;
    } catch {
      continue;
    }
    total += cpuMsOf(Number(entry)) ?? 0;
  }
  return total;
}

/** Proportional set size of a process (its share of shared pages counted once across processes), in MB. */
export function pssMbOf(pid: number): number | undefined {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    return Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? Number.NaN) / 1024;
  } catch {
    return undefined;
  }
}

/** A process and its children (PostgreSQL's postmaster and its backends), by parent pid from /proc. */
export function processTree(root: number): number[] {
  const pids = [root];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === root) pids.push(Number(entry));
    } catch {
      continue;
    }
  }
  return pids;
}

/** Memory of the service and its embedded PostgreSQL (postmaster and backends), PSS summed, in MB. */
export function serviceWithPostgresMb(servicePid: number, postmasterPid: number | undefined): { service: number; postgres: number } {
  const service = pssMbOf(servicePid) ?? Number.NaN;
  const postgres = postmasterPid === undefined ? 0 : processTree(postmasterPid).reduce((sum, pid) => sum + (pssMbOf(pid) ?? 0), 0);
  return { service, postgres };
}
