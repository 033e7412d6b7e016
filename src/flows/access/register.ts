import type { AccessRequestView } from '../../domain/access.ts';
import { formatThaiDate } from '../../domain/thai-date.ts';
import { ACCESS_LEVEL_LABELS, accessTexts as T } from './messages.ts';

/**
 * "Who has access to what" for the office's admin in the chat (typed ทะเบียนสิทธิ์ใช้ระบบ): every access ever granted,
 * by system, the access in force first and then the ended ones with when they ended. The CSV of every request
 * (`npm run info-systems -- access`) is the full audit; this is the glance. Pure.
 */

/** Room left under LINE's 5,000 characters of a text message for the closing line. */
const TEXT_ROOM = 4_700;

export function accessRegisterText(register: readonly AccessRequestView[]): string {
  const granted = register.filter((r) => r.state === 'fulfilled' && r.grantedAt !== null);
  if (granted.length === 0) return T.registerEmpty;
  const inForce = granted.filter((r) => r.endedAt === null).length;
  const bySystem = new Map<string, AccessRequestView[]>();
  for (const r of granted) bySystem.set(r.systemName, [...(bySystem.get(r.systemName) ?? []), r]);
  const lines = [T.registerIntro(inForce, granted.length - inForce)];
  let shown = 0;
  for (const [system, rows] of [...bySystem].sort(([a], [b]) => a.localeCompare(b, 'th'))) {
    const ordered = [...rows.filter((r) => r.endedAt === null), ...rows.filter((r) => r.endedAt !== null)];
    const block = [`\n${system}`, ...ordered.map(registerLine)];
    if ([...lines, ...block].join('\n').length > TEXT_ROOM) break;
    lines.push(...block);
    shown += rows.length;
  }
  if (shown < granted.length) lines.push(`\n${T.registerMore(granted.length - shown)}`);
  return lines.join('\n');
}

function registerLine(r: AccessRequestView): string {
  const who = `• ${r.requesterName} (${ACCESS_LEVEL_LABELS[r.level]})`;
  return r.endedAt ? `${who} ${T.registerEnded(formatThaiDate(r.grantedAt!), formatThaiDate(r.endedAt))}` : `${who} ${T.registerSince(formatThaiDate(r.grantedAt!))}`;
}
