/** What the technicians' desk of equipment loans says (Thai, polite, short), in one place. */

/** The item's page (LIFF) and card. */
export const itemPageTexts = {
  title: 'ครุภัณฑ์',
  notFound: 'ไม่พบครุภัณฑ์นี้ค่ะ',
  forbidden: 'ขออภัยค่ะ คุณไม่มีสิทธิ์ดูครุภัณฑ์นี้',
  assetTag: 'เลขครุภัณฑ์',
  category: 'หมวด',
  model: 'ยี่ห้อ/รุ่น',
  serial: 'หมายเลขเครื่อง',
  condition: 'สภาพ',
  location: 'ที่เก็บ',
  kit: 'อยู่ในชุด',
  note: 'หมายเหตุ',
  whereNow: 'สถานะตอนนี้',
  history: 'ประวัติ',
  noHistory: 'ยังไม่มีประวัติค่ะ',
  available: 'พร้อมให้ยืม',
  notLendable: 'ใช้ภายในสำนักงาน (ไม่ให้ยืม)',
  retired: 'จำหน่ายแล้ว',
  lent: 'ถูกยืมอยู่',
  atOffice: 'อยู่ที่สำนักงาน',
  atOfficeKept: (location: string) => `อยู่ที่สำนักงาน (${location})`,
  retiredWhere: 'จำหน่ายแล้ว ไม่ได้ใช้งาน',
  openPage: 'เปิดหน้าครุภัณฑ์',
  takePhoto: 'ถ่ายรูปครุภัณฑ์',
  askPhoto: (tag: string) => `ส่งรูปของ ${tag} ได้เลยค่ะ (ถ่ายใหม่ หรือเลือกจากอัลบั้ม)`,
  photoSaved: (tag: string) => `บันทึกรูปของ ${tag} แล้วค่ะ`,
  photoFailed: 'รับรูปไม่สำเร็จค่ะ ลองส่งใหม่อีกครั้งนะคะ',
  heldBy: (who: string, loanId: number, due: string) => `${who} · การยืมเลขที่ ${loanId} · กำหนดคืน ${due}`,
} as const;

export const deskTexts = {
  notRegistered: 'กรุณาลงทะเบียนก่อนใช้งานนะคะ',
  menu: 'คืนอุปกรณ์/ยืม: เลือกสิ่งที่ต้องการได้เลยค่ะ\nพิมพ์เลขครุภัณฑ์ (หรือวางลิงก์จากป้าย QR) เพื่อดูรายการนั้นได้ค่ะ',
  itemNotFound: (typed: string) => `ไม่พบครุภัณฑ์เลข "${typed}" ของสำนักงานค่ะ`,
  itemAlt: (tag: string, name: string) => `ครุภัณฑ์ ${tag} ${name}`,
  // Consumables
  noConsumables: 'ยังไม่มีวัสดุในทะเบียนค่ะ (นำเข้าด้วยคำสั่ง inventory import)',
  pickHandOut: 'จะจ่ายวัสดุอะไรคะ (เลือก หรือพิมพ์ชื่อบางส่วน)',
  pickRestock: 'จะรับวัสดุอะไรเข้าคลังคะ (เลือก หรือพิมพ์ชื่อบางส่วน)',
  noMatch: (typed: string) => `ไม่พบวัสดุที่ชื่อมี "${typed}" ค่ะ ลองพิมพ์ใหม่ หรือเลือกจากรายการนะคะ`,
  outOfStock: (name: string) => `${name} หมดแล้วค่ะ จ่ายไม่ได้ (รับเข้าคลังก่อนนะคะ)`,
  askQuantity: (name: string, stock: number, unit: string) => `${name} คงเหลือ ${stock} ${unit}\nจ่ายกี่${unit}คะ (เลือก หรือพิมพ์จำนวน)`,
  askRestockQuantity: (name: string, stock: number, unit: string) => `${name} คงเหลือ ${stock} ${unit}\nรับเข้ากี่${unit}คะ (พิมพ์จำนวน)`,
  badQuantity: (max: number) => `กรุณาพิมพ์จำนวนเป็นตัวเลข 1 ถึง ${max} ค่ะ`,
  notEnough: (stock: number, unit: string) => `คงเหลือเพียง ${stock} ${unit} ค่ะ กรุณาเลือกจำนวนไม่เกินนี้`,
  askRecipient: 'จ่ายให้ใครคะ พิมพ์ชื่อโรงเรียน หรือชื่อผู้รับ',
  pickSchool: (typed: string) => `เลือกโรงเรียน หรือกด "ผู้รับ: ${typed}" ถ้าเป็นชื่อคนค่ะ`,
  recipientTooLong: 'ชื่อผู้รับยาวเกินไปค่ะ (ไม่เกิน 100 ตัวอักษร)',
  askPurpose: 'ใช้เพื่ออะไรคะ (เช่น ซ่อมเครื่องพิมพ์ห้องธุรการ)',
  purposeTooLong: 'วัตถุประสงค์ยาวเกินไปค่ะ (ไม่เกิน 200 ตัวอักษร)',
  confirmHandOut: (name: string, quantity: number, unit: string, to: string, purpose: string) =>
    `ยืนยันการจ่ายวัสดุนะคะ\n• ${name} ${quantity} ${unit}\n• ให้: ${to}\n• เพื่อ: ${purpose}`,
  handedOut: (name: string, quantity: number, unit: string, to: string, left: number) =>
    `บันทึกการจ่ายแล้วค่ะ: ${name} ${quantity} ${unit} ให้ ${to}\nคงเหลือ ${left} ${unit}`,
  nowLow: (name: string, left: number, min: number, unit: string) =>
    `⚠️ ${name} เหลือ ${left} ${unit} ต่ำกว่าขั้นต่ำ (${min} ${unit}) แล้วค่ะ แจ้งเจ้าหน้าที่คนอื่นให้แล้ว`,
  lowStockAlert: (name: string, left: number, min: number, unit: string, by: string) =>
    `⚠️ วัสดุใกล้หมด: ${name} เหลือ ${left} ${unit} (ขั้นต่ำ ${min} ${unit}) หลังจ่ายโดย ${by}\nกด "รับวัสดุเข้า" ในเมนูคืนอุปกรณ์/ยืม เมื่อเติมแล้วนะคะ`,
  restocked: (name: string, quantity: number, unit: string, stock: number) => `รับ ${name} เข้าคลัง ${quantity} ${unit} แล้วค่ะ คงเหลือ ${stock} ${unit}`,
  stillLow: (min: number, unit: string) => `ยังต่ำกว่าขั้นต่ำ (${min} ${unit}) อยู่นะคะ`,
  consumableGone: 'ไม่พบวัสดุนี้แล้วค่ะ',
  cancelled: 'ยกเลิกแล้วค่ะ',
  typePlease: 'กรุณาพิมพ์คำตอบ หรือกดปุ่มด้านล่างค่ะ',
} as const;

export const deskLabels = {
  handOut: 'จ่ายวัสดุ',
  restock: 'รับวัสดุเข้า',
  confirm: 'ยืนยัน',
  cancel: 'ยกเลิก',
  asPerson: (typed: string) => `ผู้รับ: ${typed}`,
  noPurpose: 'ไม่ระบุ',
} as const;

/** Hand-over and return at the desk, and the borrower's receipt. */
export const handoverTexts = {
  todayNone: 'วันนี้ไม่มีรายการส่งมอบหรือรับคืนค่ะ',
  today: (count: number) => `รายการส่งมอบและรับคืนวันนี้ ${count} รายการค่ะ`,
  listAlt: (count: number) => `รายการส่งมอบและรับคืน ${count} รายการ`,
  loanHeadline: (id: number) => `การยืมเลขที่ ${id}`,
  loanAlt: (id: number, name: string) => `การยืมเลขที่ ${id} ของ ${name}`,
  dates: (from: string, to: string) => (from === to ? `วันที่ยืม: ${from}` : `วันที่ยืม: ${from} – ${to}`),
  purpose: (text: string) => `เพื่อ: ${text}`,
  place: (text: string) => `ใช้ที่: ${text}`,
  itemLine: (tag: string, name: string, status: string) => `${tag} ${name} · ${status}`,
  moreItems: (n: number) => `และอีก ${n} รายการ`,
  notYet: (from: string) => `ยังส่งมอบไม่ได้ค่ะ ส่งมอบได้ตั้งแต่วันทำการก่อนวันยืม (ยืมวันที่ ${from})`,
  loanGone: 'ไม่พบการยืมนี้ค่ะ',
  nothingToHandOver: 'รายการนี้ส่งมอบครบแล้วค่ะ',
  askPick: (picked: number, left: number) =>
    `เลือกของที่ส่งมอบ (เลือกแล้ว ${picked} จาก ${left} รายการ)\nกดที่รายการ หรือพิมพ์/สแกนเลขครุภัณฑ์ แล้วกด "เสร็จ" ค่ะ`,
  notOfLoan: (tag: string) => `${tag} ไม่ได้จองไว้สำหรับการยืมนี้ค่ะ`,
  swapTaken: (tag: string) => `${tag} ถูกจองไว้ในช่วงวันยืมนี้แล้ว ส่งมอบแทนไม่ได้ค่ะ กรุณาเลือกเครื่องอื่น`,
  notFoundTag: 'ไม่พบเลขครุภัณฑ์นี้ค่ะ ลองพิมพ์ใหม่ หรือเลือกจากรายการนะคะ',
  pickFirst: 'ยังไม่ได้เลือกของที่จะส่งมอบค่ะ',
  askCondition: (n: number) => `ของ ${n} รายการ สภาพเป็นอย่างไรคะ`,
  askPhoto: 'ถ่ายรูปของที่ส่งมอบไว้เป็นหลักฐานไหมคะ (ไม่บังคับ)',
  photoFailed: 'รับรูปไม่สำเร็จค่ะ ส่งใหม่ หรือกด "ข้ามรูป" ได้เลย',
  handedOver: (n: number, name: string) => `บันทึกการส่งมอบ ${n} รายการให้ ${name} แล้วค่ะ ส่งปุ่มยืนยันรับของให้ผู้ยืมแล้ว`,
  stillToHandOver: (n: number) => `ยังเหลือที่ต้องส่งมอบอีก ${n} รายการค่ะ`,
  outElsewhere: (tags: string) => `${tags} ยังถูกยืมอยู่ในรายการอื่น ยังส่งมอบไม่ได้ค่ะ`,
  stillOutNote: (tags: string) => `⛔ ${tags} ยังไม่ได้คืนจากการยืมอื่น ส่งมอบเครื่องอื่นของชนิดเดียวกันแทนได้ (พิมพ์/สแกนเลขครุภัณฑ์) หรือส่งมอบภายหลังค่ะ`,
  // The borrower's receipt
  receiptHeadline: 'ส่งมอบอุปกรณ์แล้ว',
  receiptStatus: 'รอยืนยันรับของ',
  receiptTitle: (id: number) => `การยืมเลขที่ ${id}`,
  receiptAlt: (id: number) => `ส่งมอบอุปกรณ์การยืมเลขที่ ${id} แล้ว กรุณายืนยันรับของ`,
  receiptBy: (name: string, at: string) => `ส่งมอบโดย ${name} เมื่อ ${at}`,
  returnBy: (day: string) => `กำหนดคืน: ${day}`,
  receiptThanks: 'บันทึกการรับของแล้วค่ะ ขอบคุณค่ะ',
  receiptAlready: 'ยืนยันรับของรายการนี้ไปแล้วค่ะ',
  receiptNotYours: 'รายการนี้ไม่ใช่การยืมของคุณค่ะ',
  // Return
  nothingOut: 'ไม่มีของที่ต้องรับคืนในรายการนี้ค่ะ',
  askReturnPick: (n: number) => `รับคืนชิ้นไหนคะ (ค้างอยู่ ${n} รายการ) กดที่รายการ หรือพิมพ์/สแกนเลขครุภัณฑ์ค่ะ`,
  notOut: (tag: string) => `${tag} ไม่ได้ค้างอยู่ในการยืมนี้ค่ะ`,
  askReturnCondition: (tag: string, name: string) => `${tag} ${name} คืนมาในสภาพใดคะ`,
  returned: (tag: string, condition: string) => `รับคืน ${tag} แล้วค่ะ (สภาพ${condition})`,
  returnedDamaged: (tag: string) => `รับคืน ${tag} แล้วค่ะ (ชำรุด) กด "เปิดงานซ่อม" เพื่อส่งซ่อมได้เลยค่ะ`,
  missing: (tag: string) => `บันทึกว่า ${tag} ยังไม่ได้รับคืนแล้วค่ะ รายการนี้ยังค้างอยู่ในการยืม`,
  allBack: 'รับคืนครบทุกรายการแล้วค่ะ',
  stillMissing: (n: number) => `ยังค้างคืน ${n} รายการ (แจ้งว่าไม่ได้รับคืน) ค่ะ`,
  repairOpened: (tag: string) => `เปิดงานซ่อมของ ${tag} แล้วค่ะ`,
  repairAlready: 'เปิดงานซ่อมของรายการนี้ไปแล้วค่ะ',
  repairNotDamaged: 'เปิดงานซ่อมได้เฉพาะของที่คืนมาชำรุดค่ะ',
  repairDescription: (tag: string, name: string, loanId: number, borrower: string) => `${name} ${tag} คืนมาชำรุด (การยืมเลขที่ ${loanId} ของ ${borrower})`,
  itemNote: (loanId: number, borrower: string) => `การยืมเลขที่ ${loanId} · ${borrower}`,
} as const;

export const handoverLabels = {
  handOver: 'ส่งมอบ',
  takeBack: 'รับคืน',
  all: 'เลือกทั้งหมด',
  done: 'เสร็จ',
  skipPhoto: 'ข้ามรูป',
  received: 'ได้รับของแล้ว',
  missing: 'ไม่ได้รับคืน',
  openRepair: 'เปิดงานซ่อม',
  good: 'ดี',
  fair: 'พอใช้',
  damaged: 'ชำรุด',
} as const;

/** Return reminders (to the borrower, one message a day for all their loans) and the escalation. */
export const reminderTexts = {
  header: 'แจ้งเตือนการคืนอุปกรณ์ค่ะ',
  line: (loanId: number, tags: string, when: string) => `• การยืมเลขที่ ${loanId} (${tags}) ${when}`,
  on: (day: string) => `ครบกำหนดคืน ${day}`,
  today: (day: string) => `ครบกำหนดคืนวันนี้ ${day}`,
  overdue: (day: string) => `เกินกำหนดคืนแล้ว (กำหนดคืน ${day})`,
  footer: 'กรุณานำมาคืนที่กลุ่มงาน ICT หรือกด "ขอขยายเวลา" ได้เลยค่ะ',
  escalation: (loanId: number, who: string, tags: string, day: string) =>
    `การยืมเลขที่ ${loanId} ของ ${who} เกินกำหนดคืนตั้งแต่ ${day} ยังไม่ได้คืน: ${tags} รบกวนช่วยติดตามด้วยค่ะ`,
  extend: (loanId: number) => `ขอขยายเวลา #${loanId}`,
} as const;

/** ขอขยายเวลา: the borrower asks, the approver decides; refused when the items are booked after. */
export const extensionTexts = {
  notYours: 'รายการนี้ไม่ใช่การยืมของคุณค่ะ',
  nothingOut: 'การยืมนี้คืนครบแล้วค่ะ ไม่ต้องขยายเวลา',
  askDate: (loanId: number, due: string, last: string) => `การยืมเลขที่ ${loanId} กำหนดคืน ${due}\nขยายถึงวันไหนคะ (ไม่เกิน ${last})`,
  pickDate: 'เลือกวันคืนใหม่',
  badDate: (due: string, last: string) => `กรุณาเลือกวันหลัง ${due} และไม่เกิน ${last} ค่ะ`,
  bookedAfter: 'ขออภัยค่ะ ขยายเวลาไม่ได้ เพราะอุปกรณ์ในรายการนี้มีผู้จองต่อในช่วงนั้นแล้ว กรุณานำมาคืนตามกำหนดนะคะ',
  sent: (to: string) => `ส่งคำขอขยายเวลาถึง ${to} ให้ผู้อนุมัติแล้วค่ะ จะแจ้งผลให้ทราบนะคะ`,
  toApprover: (loanId: number, who: string, due: string, to: string, tags: string) => `ขอขยายเวลาการยืมเลขที่ ${loanId} ของ ${who}\nจากกำหนดคืน ${due} เป็น ${to}\nรายการ: ${tags}`,
  approve: 'อนุมัติ',
  decline: 'ไม่อนุมัติ',
  approved: (loanId: number, to: string) => `อนุมัติขยายเวลาการยืมเลขที่ ${loanId} ถึง ${to} แล้วค่ะ`,
  declined: (loanId: number) => `ไม่อนุมัติการขยายเวลาการยืมเลขที่ ${loanId} แจ้งผู้ยืมแล้วค่ะ`,
  toBorrowerApproved: (loanId: number, to: string) => `ขยายเวลาการยืมเลขที่ ${loanId} ได้ค่ะ กำหนดคืนใหม่ ${to}`,
  toBorrowerDeclined: (loanId: number, due: string) => `ไม่อนุมัติการขยายเวลาการยืมเลขที่ ${loanId} ค่ะ กรุณานำมาคืนตามกำหนด ${due}`,
  notDecider: 'ขออภัยค่ะ คุณไม่ใช่ผู้อนุมัติการยืมนี้',
  pendingIntro: (count: number) => `คำขอขยายเวลายืมอุปกรณ์รออนุมัติ ${count} รายการ`,
  cardHeadline: (loanId: number) => `ขอขยายเวลา การยืมเลขที่ ${loanId}`,
  cardStatus: 'รออนุมัติ',
  cardDates: (from: string, to: string) => `กำหนดคืน ${from} → ${to}`,
  cardItems: (tags: string) => `รายการ: ${tags}`,
  cardsAlt: (count: number) => `คำขอขยายเวลา ${count} รายการ`,
  maxReached: (last: string) => `ขออภัยค่ะ ขยายเวลาไม่ได้ เพราะการยืมครบระยะยืมสูงสุดแล้ว (ถึง ${last})`,
  bookedToApprover: 'ขยายเวลาไม่ได้ค่ะ อุปกรณ์มีผู้จองต่อในช่วงนั้นแล้ว แจ้งผู้ยืมแล้ว',
} as const;

export const noShowTexts = {
  released: (loanId: number, day: string) => `การยืมเลขที่ ${loanId} (เริ่ม ${day}) ไม่ได้มารับอุปกรณ์ตามเวลา จึงยกเลิกการจองแล้วค่ะ หากยังต้องการ กรุณากด "ยืมอุปกรณ์" เพื่อขอใหม่นะคะ`,
} as const;
