import type { DriverResult } from './driver.ts';

export interface PhaseRow {
  target: string;
  phase: string;
  result: DriverResult;
  /** After the phase: seconds until the target had handled and sent everything, or what was still pending. */
  drain?: { seconds: number; pending: number } | undefined;
  /** CPU ms per acknowledged event, by process, from the phase's start until its backlog was worked off. */
  cpuMsPerEvent?: Record<string, number> | undefined;
}

const ms = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '–' : v < 10 ? v.toFixed(2) : v.toFixed(1));

function table(headers: string[], rows: string[][], leftColumns = 2): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < leftColumns ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function formatPhases(rows: PhaseRow[]): string {
  return table(
    ['target', 'phase', 'sent', 'ok', 'errors', 'req/s', 'ack p50 ms', 'ack p99 ms', 'reply p50 ms', 'reply p95 ms', 'backlog drained s'],
    rows.map(({ target, phase, result, drain }) => [
      target,
      phase,
      String(result.sent),
      String(result.ok),
      Object.entries(result.errors).map(([k, v]) => `${k}×${v}`).join(' ') || '0',
      result.requestsPerSecond.toFixed(0),
      ms(result.ack.p50),
      ms(result.ack.p99),
      result.eventToReply ? ms(result.eventToReply.p50) : '–',
      result.eventToReply
        ? `${ms(result.eventToReply.p95)}${result.eventToReply.unanswered ? ` (${result.eventToReply.unanswered} unanswered)` : ''}`
        : '–',
      drain === undefined ? '–' : drain.pending === 0 ? drain.seconds.toFixed(1) : `>${drain.seconds.toFixed(0)} (${drain.pending < 0 ? '? ' : drain.pending} left)`,
    ]),
  );
}

export interface Check {
  what: string;
  value: string;
  target: string;
  pass: boolean | undefined;
}

export function formatChecks(checks: Check[]): string {
  return table(
    ['figure', 'measured', 'target', ''],
    checks.map((c) => [c.what, c.value, c.target, c.pass === undefined ? 'n/a' : c.pass ? 'ok' : 'MISSED']),
    4,
  );
}

/** Where a phase's CPU went, per event: the target, the PostgreSQL server (all its processes), the driver, the sink. */
export function formatCpu(rows: PhaseRow[]): string {
  const measured = rows.filter((r) => r.cpuMsPerEvent);
  return table(
    ['target', 'phase', 'CPU ms/event: target', 'postgres', 'driver', 'sink', 'total'],
    measured.map(({ target, phase, cpuMsPerEvent }) => {
      const c = cpuMsPerEvent!;
      const total = Object.values(c).reduce((a, b) => a + b, 0);
      return [target, phase, ms(c.target), ms(c.postgres), ms(c.driver), ms(c.sink), ms(total)];
    }),
  );
}

/** The steady phases' slowest acknowledgements, with when each was sent, to tell one stall from a slow path. */
export function formatSlowest(rows: PhaseRow[]): string {
  return rows
    .filter((r) => r.phase === '300/s' && r.result.slowest?.length)
    .map((r) => `${r.target}, 300/s, slowest acknowledgements (sent at ms → ack ms): ${r.result.slowest!.map(([at, ms]) => `${at}→${ms}`).join(', ')}`)
    .join('\n');
}
