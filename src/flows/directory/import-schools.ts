import type { Db } from '../../db/database.ts';
import { findSchoolsByCodes, insertSchool, updateSchool, type SchoolInput } from '../../db/repos/schools.ts';
import { errorMessage } from '../../domain/errors.ts';
import { checkSchoolCode, type SchoolCodeKind } from '../../domain/school-codes.ts';
import { readCsvTable, type ColumnNames, type ImportProblem, type ImportResult } from '../../domain/csv.ts';
import { CODE_KIND_LABELS, directoryMessages as m } from './messages.ts';

type Column = 'name' | 'smis' | 'obec' | 'moe' | 'district' | 'cluster' | 'address';

/** Header names accepted for each column, Thai and English, compared loosely (`looseKey`). */
const HEADER_NAMES: Record<Column, readonly string[]> = {
  name: ['name', 'school', 'school name', 'schoolname', 'ชื่อโรงเรียน', 'โรงเรียน', 'ชื่อ'],
  smis: ['smis', 'smis code', 'smiscode', 'รหัส smis', 'รหัสsmis', 'รหัส 8 หลัก', 'รหัสโรงเรียน 8 หลัก'],
  obec: ['obec', 'obec code', 'obeccode', 'รหัส obec', 'รหัสobec', 'รหัส 6 หลัก', 'รหัสโรงเรียน 6 หลัก'],
  moe: ['moe', 'moe code', 'moecode', 'ministry code', 'ministry', 'รหัสกระทรวง', 'รหัส 10 หลัก', 'รหัสโรงเรียน 10 หลัก'],
  district: ['district', 'amphoe', 'อำเภอ'],
  cluster: ['cluster', 'network', 'school cluster', 'กลุ่มโรงเรียน', 'เครือข่าย', 'กลุ่มเครือข่าย', 'เครือข่ายโรงเรียน'],
  address: ['address', 'ที่อยู่'],
};

const COLUMNS: readonly ColumnNames<Column>[] = (Object.entries(HEADER_NAMES) as Array<[Column, readonly string[]]>).map(([column, names]) => ({ column, names }));

export type { ImportProblem, ImportResult };

/** One row checked against the rules; the input to store, or what is wrong with it. */
function readRow(fields: string[], header: Map<Column, number>): { ok: true; school: SchoolInput } | { ok: false; message: string } {
  const cell = (column: Column): string | null => {
    const index = header.get(column);
    const value = index === undefined ? '' : (fields[index] ?? '').trim();
    return value === '' ? null : value;
  };
  const name = cell('name');
  if (!name) return { ok: false, message: m.missingName };
  const district = cell('district');
  if (!district) return { ok: false, message: m.missingDistrict };
  const codes: Record<SchoolCodeKind, string | null> = { smis: null, obec: null, moe: null };
  for (const kind of ['smis', 'obec', 'moe'] as const) {
    const raw = cell(kind);
    if (!raw) continue;
    const checked = checkSchoolCode(kind, raw);
    if (!checked.ok) return { ok: false, message: m.badCode(CODE_KIND_LABELS[kind], raw) };
    codes[kind] = checked.code;
  }
  if (!codes.smis && !codes.obec && !codes.moe) return { ok: false, message: m.noCode };
  return {
    ok: true,
    school: {
      name: name.replace(/\s+/g, ' '),
      smisCode: codes.smis,
      obecCode: codes.obec,
      moeCode: codes.moe,
      district,
      cluster: cell('cluster'),
      address: cell('address'),
    },
  };
}

/**
 * Imports the office's school list. A school already in the directory under any of the row's codes is
 * updated, never duplicated; a bad row is reported with its line number and the other rows still import.
 * Each row is saved in its own savepoint, so a row the database refuses does not undo the rest.
 */
export async function importSchoolsCsv(db: Db, officeId: string, csvText: string, now: Date = new Date()): Promise<ImportResult> {
  const table = readCsvTable(csvText, COLUMNS);
  const result: ImportResult = { inserted: 0, updated: 0, problems: [] };
  const header = table?.header ?? new Map<Column, number>();
  const missing = (['name', 'district'] as const).filter((column) => !header.has(column));
  if (!table || missing.length === 2) return { ...result, problems: [{ line: 1, message: m.noHeader }] };
  if (missing.length > 0) return { ...result, problems: [{ line: table.headerLine, message: m.missingColumns(missing) }] };
  if (!header.has('smis') && !header.has('obec') && !header.has('moe')) {
    return { ...result, problems: [{ line: table.headerLine, message: m.noCodeColumn }] };
  }

  await db.transaction(async (tx) => {
    for (const record of table.rows) {
      if (record.extraFields) {
        result.problems.push({ line: record.line, message: m.tooManyFields });
        continue;
      }
      const row = readRow(record.fields, header);
      if (!row.ok) {
        result.problems.push({ line: record.line, message: row.message });
        continue;
      }
      try {
        const outcome = await tx.transaction(async (sp) => {
          const existing = await findSchoolsByCodes(sp, officeId, row.school);
          if (existing.length > 1) return 'conflict' as const;
          if (existing[0]) {
            await updateSchool(sp, existing[0].id, row.school, now);
            return 'updated' as const;
          }
          await insertSchool(sp, officeId, row.school, now);
          return 'inserted' as const;
        });
        if (outcome === 'conflict') result.problems.push({ line: record.line, message: m.codesDisagree });
        else result[outcome] += 1;
      } catch (err) {
        result.problems.push({ line: record.line, message: `${m.rowFailed}: ${errorMessage(err)}` });
      }
    }
  });
  return result;
}
