import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/database.ts';
import { schools } from '../../src/db/schema.ts';
import { searchSchools } from '../../src/db/repos/schools.ts';
import { importSchoolsCsv } from '../../src/flows/directory/import-schools.ts';
import { DEFAULT_OFFICE_ID, upsertDefaultChannel } from '../../src/line/channels.ts';
import { createTestDatabase } from '../support/database.ts';

let database: Database;
const all = () => database.db.select().from(schools).where(eq(schools.officeId, DEFAULT_OFFICE_ID)).orderBy(asc(schools.id));

beforeAll(async () => {
  database = await createTestDatabase();
  await upsertDefaultChannel(database.db, { officeName: 'สพป. ทดสอบ', channelSecret: 's', channelAccessToken: 't' });
});
afterAll(async () => database.close());
beforeEach(async () => {
  await database.db.delete(schools);
});

const THAI_HEADER = 'ชื่อโรงเรียน,รหัส SMIS,รหัส OBEC,รหัสกระทรวง,อำเภอ,กลุ่มโรงเรียน,ที่อยู่';

describe('importing the school list', () => {
  it('imports schools with any of the three codes, under Thai headers', async () => {
    const csv = [
      THAI_HEADER,
      'โรงเรียนบ้านหนึ่ง,99030001,,,อำเภอหนึ่ง,เครือข่าย 1,"หมู่ 1, ตำบลหนึ่ง"',
      'โรงเรียนบ้านสอง,,990002,,อำเภอหนึ่ง,,',
      'โรงเรียนบ้านสาม,,,1099990003,อำเภอสอง,เครือข่าย 2,',
    ].join('\n');
    const result = await importSchoolsCsv(database.db, DEFAULT_OFFICE_ID, csv);
    expect(result).toEqual({ inserted: 3, updated: 0, problems: [] });
    const rows = await all();
    expect(rows.map((r) => [r.name, r.smisCode, r.obecCode, r.moeCode, r.district, r.cluster, r.address])).toEqual([
      ['โรงเรียนบ้านหนึ่ง', '99030001', null, null, 'อำเภอหนึ่ง', 'เครือข่าย 1', 'หมู่ 1, ตำบลหนึ่ง'],
      ['โรงเรียนบ้านสอง', null, '990002', null, 'อำเภอหนึ่ง', null, null],
      ['โรงเรียนบ้านสาม', null, null, '1099990003', 'อำเภอสอง', 'เครือข่าย 2', null],
    ]);
    expect((await searchSchools(database.db, DEFAULT_OFFICE_ID, '990002', 5)).map((s) => s.name)).toEqual(['โรงเรียนบ้านสอง']);
    expect((await searchSchools(database.db, DEFAULT_OFFICE_ID, 'บ้าน สาม', 5)).map((s) => s.name)).toEqual(['โรงเรียนบ้านสาม']);
  });

  it('re-importing updates schools by code and never duplicates them', async () => {
    await importSchoolsCsv(database.db, DEFAULT_OFFICE_ID, `${THAI_HEADER}\nโรงเรียนบ้านหนึ่ง,99030001,,,อำเภอหนึ่ง,,\nโรงเรียนบ้านสอง,,990002,,อำเภอหนึ่ง,,`);
    const again = await importSchoolsCsv(
      database.db,
      DEFAULT_OFFICE_ID,
      // The first school now also has its OBEC code; the second is renamed and found by its OBEC code.
      `${THAI_HEADER}\nโรงเรียนบ้านหนึ่ง,99030001,990001,,อำเภอหนึ่ง,เครือข่าย 1,\nโรงเรียนบ้านสอง (ใหม่),,990002,1099990002,อำเภอสอง,,`,
    );
    expect(again).toEqual({ inserted: 0, updated: 2, problems: [] });
    const rows = await all();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ name: 'โรงเรียนบ้านหนึ่ง', smisCode: '99030001', obecCode: '990001', cluster: 'เครือข่าย 1' });
    expect(rows[1]).toMatchObject({ name: 'โรงเรียนบ้านสอง (ใหม่)', obecCode: '990002', moeCode: '1099990002', district: 'อำเภอสอง' });
  });

  it('reports a bad row with its line number and still imports the rest', async () => {
    const csv = [
      THAI_HEADER,
      'โรงเรียนดี,99030001,,,อำเภอหนึ่ง,,',
      'โรงเรียนรหัสผิด,1234,,,อำเภอหนึ่ง,,',
      '"โรงเรียน',
      'สองบรรทัด",,990009,,อำเภอหนึ่ง,,',
      ',99030005,,,อำเภอหนึ่ง,,',
      'โรงเรียนไม่มีรหัส,,,,อำเภอหนึ่ง,,',
      'โรงเรียนไม่มีอำเภอ,99030006,,,,,',
      'โรงเรียนดีอีก,99030007,,,อำเภอสอง,,',
    ].join('\r\n');
    const result = await importSchoolsCsv(database.db, DEFAULT_OFFICE_ID, csv);
    expect(result.inserted).toBe(3);
    expect(result.problems.map((p) => p.line)).toEqual([3, 6, 7, 8]);
    expect(result.problems[0]!.message).toContain('1234');
    expect((await all()).map((r) => r.name)).toEqual(['โรงเรียนดี', 'โรงเรียน สองบรรทัด', 'โรงเรียนดีอีก']);
  });

  it('refuses a row whose codes belong to two different schools already in the directory', async () => {
    await importSchoolsCsv(database.db, DEFAULT_OFFICE_ID, `name,smis,obec,district\nA,99030001,,X\nB,,990002,X`);
    const result = await importSchoolsCsv(database.db, DEFAULT_OFFICE_ID, `name,smis,obec,district\nAB,99030001,990002,X`);
    expect(result.problems).toEqual([{ line: 2, message: expect.stringContaining('มากกว่าหนึ่งแห่ง') }]);
    expect((await all()).map((r) => r.name)).toEqual(['A', 'B']);
  });

  it('reads a UTF-8 file with a BOM and English headers', async () => {
    const csv = '\uFEFFSchool Name,SMIS Code,OBEC Code,MOE Code,District,Cluster,Address\nโรงเรียนบีโอเอ็ม,99030010,990010,1099990010,อำเภอหนึ่ง,,\n';
    expect(await importSchoolsCsv(database.db, DEFAULT_OFFICE_ID, csv)).toEqual({ inserted: 1, updated: 0, problems: [] });
    expect((await all())[0]).toMatchObject({ name: 'โรงเรียนบีโอเอ็ม', smisCode: '99030010' });
  });

  it('says which columns are missing when the header is not a school list', async () => {
    const result = await importSchoolsCsv(database.db, DEFAULT_OFFICE_ID, 'ชื่อโรงเรียน,รหัส SMIS\nก,99030001');
    expect(result.inserted).toBe(0);
    expect(result.problems).toEqual([{ line: 1, message: expect.stringContaining('district') }]);
  });
});
