import { describe, expect, it } from '@jest/globals';
import { readCsvTable } from '../../src/domain/csv.ts';

const COLUMNS = [
  { column: 'name' as const, names: ['ชื่อ', 'name'] },
  { column: 'note' as const, names: ['หมายเหตุ', 'note'] },
];

describe('an imported CSV table', () => {
  it('leaves out the notes, maps the header, trims cells and reads back the export\'s formula guard', () => {
    const table = readCsvTable("# ข้อมูลตัวอย่าง\nชื่อ,Note\n  ห้องประชุม 1 ,'=1+1\nห้อง 2,,,x\nห้อง 3,,,\n", COLUMNS)!;
    expect(table.headerLine).toBe(2);
    expect([...table.header]).toEqual([['name', 0], ['note', 1]]);
    expect(table.rows.map((r) => [r.line, r.cell('name'), r.cell('note'), r.extraFields])).toEqual([
      [3, 'ห้องประชุม 1', '=1+1', false],
      [4, 'ห้อง 2', '', true],
      [5, 'ห้อง 3', '', false],
    ]);
  });

  it('has no header when there are only notes, and a column the file lacks reads as absent', () => {
    expect(readCsvTable('# only a note\n', COLUMNS)).toBeNull();
    expect(readCsvTable('name\nA\n', COLUMNS)!.rows[0]!.cell('note')).toBeUndefined();
  });
});
