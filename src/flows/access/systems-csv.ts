import type { Executor } from '../../db/database.ts';
import { listAccessRegister, listInfoSystems, personOfOffice, upsertInfoSystem } from '../../db/repos/access-requests.ts';
import { csvDocument, parseCsv } from '../../domain/csv.ts';
import { formatThaiDateTime } from '../../domain/thai-date.ts';
import { ACCESS_LEVEL_LABELS, accessStateLabel } from './messages.ts';

/**
 * The office's list of information systems as CSV (import updates a system by its name), and the access register:
 * every request with who decided, granted and ended it, for an audit of who has access to what.
 */

export const SYSTEMS_HEADER = ['ชื่อระบบ', 'คำอธิบาย', 'รหัสผู้ดูแลระบบ', 'ใช้งาน'] as const;
const ENGLISH = ['name', 'description', 'admin_person_id', 'active'] as const;

export interface SystemsImport {
  inserted: number;
  updated: number;
  problems: Array<{ line: number; message: string }>;
}

const YES = ['ใช่', 'yes', 'true', '1', ''];
const NO = ['ไม่', 'ไม่ใช่', 'no', 'false', '0'];

export async function importSystemsCsv(ex: Executor, officeId: string, text: string, now: Date = new Date()): Promise<SystemsImport> {
  const [head, ...records] = parseCsv(text);
  const result: SystemsImport = { inserted: 0, updated: 0, problems: [] };
  if (!head) return result;
  const names = head.fields.map((f) => f.trim());
  const col = (i: number) => {
    const at = names.indexOf(SYSTEMS_HEADER[i]!);
    return at >= 0 ? at : names.indexOf(ENGLISH[i]!);
  };
  const [nameAt, descAt, adminAt, activeAt] = [col(0), col(1), col(2), col(3)];
  if (nameAt < 0) return { ...result, problems: [{ line: head.line, message: `ไม่พบคอลัมน์ ${SYSTEMS_HEADER[0]}` }] };
  for (const record of records) {
    const field = (at: number) => (at >= 0 ? (record.fields[at] ?? '').trim() : '');
    const name = field(nameAt);
    if (!name) {
      result.problems.push({ line: record.line, message: 'ไม่มีชื่อระบบ' });
      continue;
    }
    const adminText = field(adminAt);
    let adminPersonId: number | null = null;
    if (adminText) {
      const id = Number(adminText);
      if (!Number.isInteger(id) || !(await personOfOffice(ex, officeId, id))) {
        result.problems.push({ line: record.line, message: `ไม่พบผู้ใช้รหัส ${adminText} ในสำนักงาน` });
        continue;
      }
      adminPersonId = id;
    }
    const activeText = field(activeAt).toLowerCase();
    if (!YES.includes(activeText) && !NO.includes(activeText)) {
      result.problems.push({ line: record.line, message: `ค่า "${SYSTEMS_HEADER[3]}" ต้องเป็น ใช่ หรือ ไม่` });
      continue;
    }
    const inserted = await upsertInfoSystem(ex, officeId, { name, description: field(descAt) || null, adminPersonId, active: YES.includes(activeText) }, now);
    if (inserted) result.inserted += 1;
    else result.updated += 1;
  }
  return result;
}

export async function exportSystemsCsv(ex: Executor, officeId: string): Promise<string> {
  const list = await listInfoSystems(ex, officeId);
  return csvDocument(SYSTEMS_HEADER, list.map((s) => [s.name, s.description, s.adminPersonId, s.active ? 'ใช่' : 'ไม่']));
}

export const ACCESS_HEADER = ['เลขที่คำขอ', 'ระบบ', 'ผู้ขอ', 'ระดับสิทธิ์', 'เหตุผล', 'สถานะ', 'ยื่นเมื่อ', 'ผู้อนุมัติ', 'อนุมัติเมื่อ', 'ผู้ให้สิทธิ์', 'ให้สิทธิ์เมื่อ', 'ยกเลิกสิทธิ์โดย', 'ยกเลิกสิทธิ์เมื่อ', 'หมายเหตุ'] as const;

/** Every request of the office: who asked for access to what, who decided and granted it, and when it ended. */
export async function exportAccessCsv(ex: Executor, officeId: string): Promise<string> {
  const rows = await listAccessRegister(ex, officeId);
  const ids = new Set<number>();
  for (const r of rows) for (const id of [r.decidedBy, r.grantedBy, r.endedBy]) if (id !== null) ids.add(id);
  const names = new Map<number, string>();
  for (const id of ids) names.set(id, (await personOfOffice(ex, officeId, id))?.fullName ?? `#${id}`);
  const name = (id: number | null) => (id === null ? '' : (names.get(id) ?? ''));
  const when = (d: Date | null) => (d ? formatThaiDateTime(d) : '');
  return csvDocument(
    ACCESS_HEADER,
    rows.map((r) => [r.id, r.systemName, r.requesterName, ACCESS_LEVEL_LABELS[r.level], r.reason, accessStateLabel(r), when(r.createdAt), name(r.decidedBy), when(r.decidedAt), name(r.grantedBy), when(r.grantedAt), name(r.endedBy), when(r.endedAt), r.refusedReason ?? r.decisionNote ?? '']),
  );
}
