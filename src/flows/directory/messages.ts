/** What the school import says to the operator (Thai, with the line number of the row). */
export const directoryMessages = {
  noHeader: 'ไม่พบแถวหัวตาราง (ต้องมีคอลัมน์ชื่อโรงเรียนและอำเภอ)',
  missingColumns: (names: string[]) => `หัวตารางขาดคอลัมน์: ${names.join(', ')}`,
  noCodeColumn: 'หัวตารางต้องมีคอลัมน์รหัสโรงเรียนอย่างน้อยหนึ่งแบบ (SMIS 8 หลัก, OBEC 6 หลัก หรือรหัสกระทรวง 10 หลัก)',
  missingName: 'ไม่มีชื่อโรงเรียน',
  missingDistrict: 'ไม่มีชื่ออำเภอ',
  noCode: 'ไม่มีรหัสโรงเรียนเลย (ต้องมีอย่างน้อยหนึ่งรหัส)',
  badCode: (kind: string, value: string) => `รหัส ${kind} "${value}" ไม่ถูกต้อง`,
  codesDisagree: 'รหัสในแถวนี้ตรงกับโรงเรียนมากกว่าหนึ่งแห่งในทะเบียน',
  tooManyFields: 'จำนวนคอลัมน์มากกว่าหัวตาราง',
  rowFailed: 'บันทึกแถวนี้ไม่สำเร็จ',
} as const;

export const CODE_KIND_LABELS = { smis: 'SMIS (8 หลัก)', obec: 'OBEC (6 หลัก)', moe: 'กระทรวง (10 หลัก)' } as const;
