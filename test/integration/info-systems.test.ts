import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Database } from '../../src/db/database.ts';
import { createAccessRequest, getAccessRequestView, listInfoSystems, lockAccessRequest, updateAccessRequest } from '../../src/db/repos/access-requests.ts';
import { addHistory, historyOf } from '../../src/db/repos/history.ts';
import { offices } from '../../src/db/schema.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import { importSystemsCsv } from '../../src/flows/access/systems-csv.ts';
import { runInfoSystemsCommand, type InfoSystemsIo } from '../../scripts/info-systems.ts';
import { createTestDatabase } from '../support/database.ts';
import { officeFactory } from '../support/factories.ts';

let database: Database;
let officeId: string;
const OTHER = 'other-office-access';
const now = bangkokTime('2026-12-07', '09:00');
let adminId: number;
let teacherId: number;
let directorId: number;

function io(files: Record<string, string> = {}) {
  const lines: string[] = [];
  const written: Record<string, string> = {};
  let stdout = '';
  const value: InfoSystemsIo = {
    out: (l) => lines.push(l),
    readFile: async (p) => files[p] ?? '',
    writeFile: async (p, c) => {
      written[p] = c;
    },
    write: (t) => {
      stdout += t;
    },
  };
  return { value, lines, written, stdout: () => stdout };
}

beforeAll(async () => {
  database = await createTestDatabase();
  const office = officeFactory(database.db);
  officeId = office.officeId;
  await office.channel();
  await database.db.insert(offices).values({ id: OTHER, name: 'สพป. อื่น' }).onConflictDoNothing();
  adminId = (await office.person('ผู้ดูแล DMC', 'technician')).id;
  teacherId = (await office.person('ครูขอสิทธิ์', 'teacher')).id;
  directorId = (await office.person('ผอ.กลุ่ม', 'group_director')).id;
});
afterAll(async () => database.close());

describe('npm run info-systems', () => {
  it('adds a system with its administrator, refuses an unknown person, lists, and keeps another office apart', async () => {
    const a = io();
    expect(await runInfoSystemsCommand(database.db, officeId, ['add', 'ระบบ DMC', `--admin=${adminId}`, '--description=ข้อมูลนักเรียน'], a.value, now)).toBe(0);
    expect(await runInfoSystemsCommand(database.db, officeId, ['add', 'ระบบเงินเดือน', '--admin=999999'], a.value, now)).toBe(1);
    expect(a.lines.at(-1)).toContain('ไม่พบผู้ใช้รหัส 999999');
    const l = io();
    expect(await runInfoSystemsCommand(database.db, officeId, ['list'], l.value, now)).toBe(0);
    expect(l.lines.join('\n')).toContain(`ระบบ DMC\tผู้ดูแล: ผู้ดูแล DMC (${adminId})`);
    expect(l.lines.join('\n')).not.toContain('ระบบเงินเดือน');
    expect(await listInfoSystems(database.db, OTHER)).toEqual([]);
    expect(await runInfoSystemsCommand(database.db, officeId, ['bogus'], io().value, now)).toBe(2);
  });

  it('imports a CSV (update by name), reports a bad row by its line and imports the rest', async () => {
    const csv = `ชื่อระบบ,คำอธิบาย,รหัสผู้ดูแลระบบ,ใช้งาน\nระบบ DMC,ข้อมูลนักเรียนรายบุคคล,${adminId},ใช่\nระบบ e-Budget,,,ใช่\n,ไม่มีชื่อ,,\nระบบเก่า,,,ไม่\n`;
    const i = io({ 'systems.csv': csv });
    expect(await runInfoSystemsCommand(database.db, officeId, ['import', 'systems.csv'], i.value, now)).toBe(1);
    expect(i.lines[0]).toBe('เพิ่มระบบใหม่ 2 ระบบ, ปรับปรุง 1 ระบบ');
    expect(i.lines[1]).toBe('บรรทัด 4: ไม่มีชื่อระบบ');
    const list = await listInfoSystems(database.db, officeId);
    expect(list.find((s) => s.name === 'ระบบ DMC')?.description).toBe('ข้อมูลนักเรียนรายบุคคล');
    expect(list.find((s) => s.name === 'ระบบเก่า')?.active).toBe(false);
    expect((await listInfoSystems(database.db, officeId, { activeOnly: true })).map((s) => s.name)).not.toContain('ระบบเก่า');
    expect((await importSystemsCsv(database.db, officeId, 'ชื่อระบบ,รหัสผู้ดูแลระบบ\nระบบใหม่,abc\n', now)).problems[0]?.message).toContain('ไม่พบผู้ใช้รหัส abc');
  });

  it('exports every request with who decided, granted and ended it (the access audit), office by office', async () => {
    const dmc = (await listInfoSystems(database.db, officeId)).find((s) => s.name === 'ระบบ DMC')!;
    const id = await createAccessRequest(database.db, { officeId, requesterId: teacherId, systemId: dmc.id, level: 'record', reason: 'บันทึกข้อมูลนักเรียน' }, now);
    expect(await lockAccessRequest(database.db, OTHER, id)).toBeNull();
    expect(await updateAccessRequest(database.db, officeId, id, 1, { state: 'approved', decidedBy: directorId, decidedAt: now }, now)).toBe(true);
    // A second change drawn for version 1 finds the row changed.
    expect(await updateAccessRequest(database.db, officeId, id, 1, { state: 'declined' }, now)).toBe(false);
    expect(await updateAccessRequest(database.db, officeId, id, 2, { state: 'fulfilled', grantedBy: adminId, grantedAt: now }, now)).toBe(true);
    await addHistory(database.db, 'access_request', id, { officeId, actorId: adminId, action: 'granted', at: now });
    expect((await historyOf(database.db, 'access_request', id, 'granted')).length).toBe(1);
    const e = io();
    expect(await runInfoSystemsCommand(database.db, officeId, ['access', '--out=access.csv'], e.value, now)).toBe(0);
    const csv = e.written['access.csv']!;
    expect(csv.split('\r\n')[0]).toContain('เลขที่คำขอ,ระบบ,ผู้ขอ,ระดับสิทธิ์');
    expect(csv).toContain(`${id},ระบบ DMC,ครูขอสิทธิ์,บันทึกข้อมูล,บันทึกข้อมูลนักเรียน,ให้สิทธิ์แล้ว`);
    expect(csv).toContain('ผอ.กลุ่ม');
    expect(csv).toContain('ผู้ดูแล DMC');
    expect(await updateAccessRequest(database.db, officeId, id, 3, { endedBy: adminId, endedAt: now }, now)).toBe(true);
    expect((await getAccessRequestView(database.db, officeId, id))?.endedAt).toEqual(now);
    const again = io();
    await runInfoSystemsCommand(database.db, officeId, ['access'], again.value, now);
    expect(again.stdout()).toContain('ยกเลิกสิทธิ์แล้ว');
    const other = io();
    await runInfoSystemsCommand(database.db, OTHER, ['access'], other.value, now);
    expect(other.stdout().trim().split('\r\n')).toHaveLength(1);
  });
});
