import type { CategoryGroup } from '../../domain/repair/categories.ts';
import { PHOTO_LABELS } from '../../kit/steps.ts';

/** Everything the "แจ้งซ่อม" conversation says. */

export const MAX_PHOTOS = 3;
export const DESCRIPTION_MAX = 500;
export const CLASSROOM_MAX = 50;

export const reportLabels = {
  /** Quick-reply labels stop at 20 characters; the full group name is what the chat shows. */
  groups: { dltv: 'DLTV ทีวีดาวเทียม', computer: 'คอมพิวเตอร์/เน็ต' } satisfies Record<CategoryGroup, string>,
  camera: PHOTO_LABELS.camera,
  cameraRoll: PHOTO_LABELS.cameraRoll,
  noPhoto: 'ไม่มีรูป',
  photosDone: 'เสร็จแล้ว',
  noClassroom: 'ไม่ระบุ',
  teachingStopped: 'หยุดสอนอยู่',
  teachingGoesOn: 'ยังสอนได้',
  confirm: 'ยืนยันแจ้งซ่อม',
  edit: 'แก้ไข',
  cancel: 'ยกเลิก',
  merge: 'เพิ่มในงานเดิม',
  newAnyway: 'แจ้งเป็นงานใหม่',
  editFields: {
    kind: 'ประเภท',
    description: 'อาการเสีย',
    photos: 'รูปภาพ',
    classroom: 'ห้องเรียน',
    teaching: 'การเรียนการสอน',
  },
} as const;

export const reportTexts = {
  notRegistered: 'กรุณาลงทะเบียนก่อนแจ้งซ่อมนะคะ',
  noSchool: 'การแจ้งซ่อมใช้ได้สำหรับครูและผู้อำนวยการโรงเรียนที่ระบุโรงเรียนไว้ค่ะ หากข้อมูลโรงเรียนของคุณไม่ถูกต้อง กรุณาติดต่อผู้ดูแลระบบนะคะ',
  noCategories: 'ขออภัยค่ะ ตอนนี้ยังไม่มีประเภทงานซ่อมให้เลือก กรุณาติดต่อสำนักงานเขตนะคะ',
  chooseGroup: 'แจ้งซ่อมอุปกรณ์ประเภทใดคะ',
  chooseCategory: (group: string) => `${group}: อาการหรืออุปกรณ์ที่เสียคืออะไรคะ`,
  categoryGone: 'ประเภทนี้ไม่มีให้เลือกแล้วค่ะ กรุณาเลือกใหม่อีกครั้งนะคะ',
  askDescription: (category: string) => `${category}: กรุณาพิมพ์อาการเสียสั้น ๆ ค่ะ (เช่น "จอขึ้นว่าไม่มีสัญญาณตั้งแต่เช้า")`,
  descriptionTooShort: 'กรุณาพิมพ์อาการเสียอย่างน้อยสักสองสามคำนะคะ',
  descriptionTooLong: `อาการเสียยาวเกิน ${DESCRIPTION_MAX} ตัวอักษรค่ะ กรุณาสรุปให้สั้นลงนะคะ`,
  askPhotos: `ถ่ายรูปหรือเลือกรูปอุปกรณ์ที่เสียได้ไม่เกิน ${MAX_PHOTOS} รูปค่ะ ถ้าไม่มีรูป กด "ไม่มีรูป" ได้เลย`,
  photoReceived: (count: number) =>
    count >= MAX_PHOTOS ? `ได้รับรูปครบ ${MAX_PHOTOS} รูปแล้วค่ะ` : `ได้รับรูปที่ ${count} แล้วค่ะ ส่งเพิ่มได้อีก ${MAX_PHOTOS - count} รูป หรือกด "เสร็จแล้ว"`,
  photoEarly: 'ได้รับรูปแล้วค่ะ กรุณาพิมพ์อาการเสียด้วยนะคะ',
  photoFailed: 'ขออภัยค่ะ รับรูปนี้ไม่สำเร็จ กรุณาส่งใหม่อีกครั้งนะคะ',
  photoLimit: `แนบรูปได้ไม่เกิน ${MAX_PHOTOS} รูปค่ะ รูปนี้จึงไม่ได้บันทึกไว้`,
  photoNotNow: 'ตอนนี้ยังไม่ได้ขอรูปค่ะ กรุณาตอบคำถามล่าสุดก่อนนะคะ',
  sendPhotoOrDone: 'กรุณาส่งรูป หรือกด "เสร็จแล้ว" / "ไม่มีรูป" ค่ะ',
  askClassroom: 'อุปกรณ์อยู่ห้องไหนคะ (เช่น ป.4/1 ห้องคอม) ถ้าไม่ต้องระบุ กด "ไม่ระบุ" ได้เลยค่ะ',
  askClassroomOfRegister: 'อุปกรณ์อยู่ห้องไหนคะ เลือกห้องจากปุ่มด้านล่าง หรือพิมพ์ชื่อห้องได้เลยค่ะ',
  classroomTooLong: `ชื่อห้องยาวเกิน ${CLASSROOM_MAX} ตัวอักษรค่ะ กรุณาพิมพ์ให้สั้นลงนะคะ`,
  askTeaching: 'ตอนนี้การเรียนการสอนหยุดชะงักเพราะอุปกรณ์นี้หรือไม่คะ',
  pickFromButtons: 'กรุณาเลือกจากปุ่มด้านล่างค่ะ',
  busyReporting: 'ตอนนี้คุณกำลังแจ้งซ่อมค้างอยู่ค่ะ ตอบคำถามล่าสุดเพื่อทำต่อ หรือพิมพ์ "ยกเลิก" เพื่อออกก่อนนะคะ',
  summaryAlt: (category: string) => `สรุปการแจ้งซ่อม: ${category} กรุณายืนยัน`,
  summaryTitle: 'สรุปการแจ้งซ่อม',
  summaryHint: 'ตรวจสอบแล้วกด "ยืนยันแจ้งซ่อม" ค่ะ',
  chooseEdit: 'ต้องการแก้ไขส่วนใดคะ',
  cancelled: 'ยกเลิกการแจ้งซ่อมแล้วค่ะ',
  created: (number: string, urgent: boolean) =>
    [
      `รับแจ้งซ่อมแล้วค่ะ เลขที่ ${number}`,
      urgent ? 'บันทึกเป็นงานด่วน เพราะการเรียนการสอนหยุดชะงัก' : null,
      'เจ้าหน้าที่จะรับงานและแจ้งกำหนดการเข้าซ่อมให้ทราบค่ะ ดูความคืบหน้าได้ที่เมนู "ติดตามงานซ่อม"',
    ]
      .filter((line) => line !== null)
      .join('\n'),
  duplicateFound: (number: string) =>
    `โรงเรียนของคุณมีงานแจ้งซ่อมประเภทเดียวกันที่ยังไม่เสร็จอยู่แล้วค่ะ (${number}) จะเพิ่มรายละเอียดนี้ในงานเดิม หรือแจ้งเป็นงานใหม่คะ`,
  merged: (number: string) => `เพิ่มรายละเอียดในงาน ${number} แล้วค่ะ เจ้าหน้าที่จะเห็นข้อมูลใหม่นี้ด้วย`,
  mergeTargetClosed: 'งานเดิมเพิ่งปิดไปค่ะ จึงแจ้งเป็นงานใหม่ให้แทน',
  notSet: '-',
  noPhotos: 'ไม่มี',
  photoCount: (n: number) => `${n} รูป`,
} as const;
