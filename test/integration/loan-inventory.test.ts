import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Database } from '../../src/db/database.ts';
import { listConsumables, listItems, listKits } from '../../src/db/repos/loan-inventory.ts';
import { loanConsumables, loanItems, loanItemTypes, loanKitItems, loanKits, offices } from '../../src/db/schema.ts';
import { exportInventoryCsv, importInventoryCsv, INVENTORY_HEADER } from '../../src/flows/loans/inventory-csv.ts';
import { exportInventoryXlsx } from '../../src/flows/loans/inventory-xlsx.ts';
import { loadDemoInventoryIfEmpty } from '../../src/flows/loans/demo.ts';
import { DEFAULT_OFFICE_ID, upsertDefaultChannel } from '../../src/line/channels.ts';
import { createLogger } from '../../src/logger.ts';
import type { LiffSettings } from '../../src/line/liff.ts';
import { closePdfRenderer } from '../../src/reports/pdf.ts';
import { qrSvg } from '../../src/reports/qr.ts';
import { labelSheetPdfJob } from '../../src/flows/loans/labels.ts';
import { readXlsx } from '../../src/reports/xlsx.ts';
import { runInventoryCommand } from '../../scripts/inventory.ts';
import { createTestDatabase } from '../support/database.ts';
import { startService } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pdfPageCount, pdfText, savePdfPagePng } from '../support/pdf.ts';

let database: Database;
const OFFICE = DEFAULT_OFFICE_ID;
const OTHER_OFFICE = 'other-office';
const logger = createLogger('silent');

beforeAll(async () => {
  database = await createTestDatabase();
  await upsertDefaultChannel(database.db, { officeName: 'สพป. ทดสอบ', channelSecret: 's', channelAccessToken: 't' });
  await database.db.insert(offices).values({ id: OTHER_OFFICE, name: 'สพป. อื่น' }).onConflictDoNothing();
});
afterAll(async () => {
  await closePdfRenderer();
  await database.close();
});
beforeEach(async () => {
  await database.db.delete(loanKitItems);
  await database.db.delete(loanKits);
  await database.db.delete(loanItems);
  await database.db.delete(loanItemTypes);
  await database.db.delete(loanConsumables);
});

const THAI_HEADER = 'เลขครุภัณฑ์,รายการ,หมวด,ยี่ห้อ/รุ่น,หมายเลขเครื่อง,สภาพ,ที่เก็บ,ให้ยืม,จำหน่ายแล้ว,ชุด,จำนวนคงเหลือ,หน่วย,ขั้นต่ำ,หมายเหตุ';

const brief = (items: Awaited<ReturnType<typeof listItems>>) =>
  items.map((i) => [i.assetTag, i.typeName, i.category, i.model, i.serialNumber, i.condition, i.location, i.lendable, i.retired, i.kitName, i.note]);

describe('importing the inventory', () => {
  it('imports items, a kit and consumables under Thai headers (with a byte-order mark)', async () => {
    const csv = [
      THAI_HEADER,
      '7440-001-0001/2566,โปรเจกเตอร์,โปรเจกเตอร์,Epson EB-X51,SN1,ดี,"ห้อง ICT, ตู้ 1",ได้,,,,,,',
      '7440-001-0002/2566,โปรเจกเตอร์,โปรเจกเตอร์,Epson EB-X51,SN2,ชำรุด,ห้อง ICT,ไม่ได้,,,,,,รอซ่อม',
      '7440-002-0001/2567,กล้องประชุม,กล้อง,Logitech,SN3,พอใช้,ตู้ 4,ได้,,ชุด VC 1,,,,',
      '7440-002-0002/2567,ลำโพงประชุม,ลำโพง,Jabra,SN4,ดี,ตู้ 4,ได้,,ชุด VC 1,,,,',
      ',หมึก HP 682,,,,,ชั้นวาง,,,,12,ตลับ,3,',
    ].join('\r\n');
    const result = await importInventoryCsv(database.db, OFFICE, `\uFEFF${csv}`);
    expect(result).toEqual({ inserted: 5, updated: 0, problems: [] });
    expect(brief(await listItems(database.db, OFFICE))).toEqual([
      ['7440-001-0001/2566', 'โปรเจกเตอร์', 'projector', 'Epson EB-X51', 'SN1', 'good', 'ห้อง ICT, ตู้ 1', true, false, null, null],
      ['7440-001-0002/2566', 'โปรเจกเตอร์', 'projector', 'Epson EB-X51', 'SN2', 'damaged', 'ห้อง ICT', false, false, null, 'รอซ่อม'],
      ['7440-002-0001/2567', 'กล้องประชุม', 'camera', 'Logitech', 'SN3', 'fair', 'ตู้ 4', true, false, 'ชุด VC 1', null],
      ['7440-002-0002/2567', 'ลำโพงประชุม', 'speaker', 'Jabra', 'SN4', 'good', 'ตู้ 4', true, false, 'ชุด VC 1', null],
    ]);
    expect(await listKits(database.db, OFFICE)).toEqual([{ id: expect.any(Number), name: 'ชุด VC 1', assetTags: ['7440-002-0001/2567', '7440-002-0002/2567'] }]);
    expect(await listConsumables(database.db, OFFICE)).toEqual([
      { id: expect.any(Number), name: 'หมึก HP 682', unit: 'ตลับ', stock: 12, minStock: 3, location: 'ชั้นวาง', note: null },
    ]);
    // Two projectors share one item type.
    expect(await database.db.select().from(loanItemTypes)).toHaveLength(3);
  });

  it('imports under English headers in any order, with defaults for what is left out', async () => {
    const csv = ['Name,Asset Tag,Category,Serial Number,Lendable,Retired,Kit', 'Notebook,NB-1,laptop,S-1,yes,no,', 'Old notebook,NB-0,notebook,,no,yes,'].join('\n');
    expect(await importInventoryCsv(database.db, OFFICE, csv)).toEqual({ inserted: 2, updated: 0, problems: [] });
    expect(brief(await listItems(database.db, OFFICE))).toEqual([
      ['NB-0', 'Old notebook', 'notebook', null, null, 'good', null, false, true, null, null],
      ['NB-1', 'Notebook', 'notebook', null, 'S-1', 'good', null, true, false, null, null],
    ]);
    const consumables = 'name,stock,unit\nAA battery,40,\n';
    expect(await importInventoryCsv(database.db, OFFICE, consumables)).toEqual({ inserted: 1, updated: 0, problems: [] });
    expect(await listConsumables(database.db, OFFICE)).toMatchObject([{ name: 'AA battery', stock: 40, unit: 'ชิ้น', minStock: null }]);
  });

  it('re-importing updates items by asset tag and consumables by name, never duplicating; absent columns keep their values', async () => {
    await importInventoryCsv(database.db, OFFICE, `${THAI_HEADER}\nPJ-1,โปรเจกเตอร์,โปรเจกเตอร์,Epson,SN1,ดี,ตู้ 1,ได้,,ชุด A,,,,\n,หมึก,,,,,ชั้น 1,,,,12,ตลับ,3,`);
    const again = await importInventoryCsv(
      database.db,
      OFFICE,
      // Only some columns: the model, serial, kit and unit stay as they were.
      'เลขครุภัณฑ์,รายการ,สภาพ,ที่เก็บ,จำนวนคงเหลือ\nPJ-1,โปรเจกเตอร์,ชำรุด,ห้องซ่อม,\n,หมึก,,ชั้น 2,5',
    );
    expect(again).toEqual({ inserted: 0, updated: 2, problems: [] });
    expect(brief(await listItems(database.db, OFFICE))).toEqual([['PJ-1', 'โปรเจกเตอร์', 'projector', 'Epson', 'SN1', 'damaged', 'ห้องซ่อม', true, false, 'ชุด A', null]]);
    expect(await listConsumables(database.db, OFFICE)).toMatchObject([{ name: 'หมึก', stock: 5, unit: 'ตลับ', minStock: 3, location: 'ชั้น 2' }]);
    // An empty kit cell takes the item out of its kit.
    await importInventoryCsv(database.db, OFFICE, 'เลขครุภัณฑ์,รายการ,ชุด\nPJ-1,โปรเจกเตอร์,');
    expect((await listItems(database.db, OFFICE))[0]!.kitName).toBeNull();
  });

  it('reports each bad row with its line number and still imports the rest', async () => {
    const csv = [
      '# notes for people come before the header',
      THAI_HEADER,
      'PJ-1,โปรเจกเตอร์,โปรเจกเตอร์,,,ดี,,ได้,,,,,,', // 3 ok
      ',ไม่มีเลข,,,,,,,,,,,,', // 4 neither tag nor stock
      'PJ-2,,,,,,,,,,,,,', // 5 no name
      'PJ-3,โปรเจกเตอร์,เครื่องบิน,,,,,,,,,,,', // 6 unknown category
      'PJ-4,โปรเจกเตอร์,,,,ใหม่เอี่ยม,,,,,,,,', // 7 unknown condition
      'PJ-5,โปรเจกเตอร์,,,,,,บางที,,,,,,', // 8 bad yes/no
      ',หมึก,,,,,,,,,สิบ,,,', // 9 stock not a number
      'PJ-1,โปรเจกเตอร์ซ้ำ,,,,,,,,,,,,', // 10 duplicate tag
      'PJ-6,โปรเจกเตอร์,,,,,,,,,3,,,', // 11 item with stock
      'PJ-7,"โปรเจกเตอร์\nรุ่นใหม่",,,,,,,,,,,,', // 12–13 a quoted line break: one record from line 12
      'PJ-8,โปรเจกเตอร์,,,,,,,,,,,,,extra', // 14 too many fields
    ].join('\n');
    const result = await importInventoryCsv(database.db, OFFICE, csv);
    expect(result.inserted).toBe(2);
    expect(result.problems.map((p) => p.line)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 14]);
    expect(result.problems.find((p) => p.line === 6)!.message).toContain('เครื่องบิน');
    expect(result.problems.find((p) => p.line === 10)!.message).toContain('บรรทัด 3');
    expect((await listItems(database.db, OFFICE)).map((i) => i.assetTag)).toEqual(['PJ-1', 'PJ-7']);
  });

  it('a row without a category leaves its type’s category as it is', async () => {
    await importInventoryCsv(database.db, OFFICE, 'เลขครุภัณฑ์,รายการ,หมวด\nPJ-1,โปรเจกเตอร์,โปรเจกเตอร์');
    expect(await importInventoryCsv(database.db, OFFICE, 'เลขครุภัณฑ์,รายการ,หมวด\nPJ-2,โปรเจกเตอร์,\nPJ-1,โปรเจกเตอร์,\nXX-1,ของใหม่,')).toMatchObject({ inserted: 2, updated: 1, problems: [] });
    expect((await listItems(database.db, OFFICE)).map((i) => [i.assetTag, i.category])).toEqual([
      ['PJ-1', 'projector'],
      ['PJ-2', 'projector'],
      ['XX-1', 'other'],
    ]);
  });

  it('a file without the needed header columns is refused at the header line', async () => {
    expect(await importInventoryCsv(database.db, OFFICE, 'foo,bar\n1,2')).toEqual({ inserted: 0, updated: 0, problems: [{ line: 1, message: expect.any(String) }] });
    expect(await listItems(database.db, OFFICE)).toEqual([]);
  });

  it('the same asset tag in two offices is two items; each office sees only its own', async () => {
    await importInventoryCsv(database.db, OFFICE, 'เลขครุภัณฑ์,รายการ\nPJ-1,โปรเจกเตอร์');
    await importInventoryCsv(database.db, OTHER_OFFICE, 'เลขครุภัณฑ์,รายการ\nPJ-1,โปรเจกเตอร์ของอีกเขต');
    expect((await listItems(database.db, OFFICE)).map((i) => i.typeName)).toEqual(['โปรเจกเตอร์']);
    expect((await listItems(database.db, OTHER_OFFICE)).map((i) => i.typeName)).toEqual(['โปรเจกเตอร์ของอีกเขต']);
  });
});

describe('exporting the inventory', () => {
  const source = [
    THAI_HEADER,
    'PJ-1,โปรเจกเตอร์,โปรเจกเตอร์,Epson,SN1,พอใช้,"ห้อง ICT, ตู้ 1",ไม่ได้,,,,,,"ใช้ในสำนักงาน ""เท่านั้น"""',
    // A cell that would start a formula is exported defused and read back as it was.
    'CM-1,กล้อง,กล้อง,-,SN2,ดี,ตู้ 3,ได้,ใช่,ชุด VC,,,,=ห้ามนำออกนอกเขต',
    ',สาย HDMI,,,,,ชั้นวาง,,,,8,เส้น,2,',
  ].join('\n');

  it('the CSV (BOM, Thai headers) imports back into the same inventory', async () => {
    await importInventoryCsv(database.db, OFFICE, source);
    const before = { items: brief(await listItems(database.db, OFFICE)), consumables: await listConsumables(database.db, OFFICE) };
    const csv = await exportInventoryCsv(database.db, OFFICE);
    expect(csv.startsWith(`\uFEFF${INVENTORY_HEADER.join(',')}\r\n`)).toBe(true);
    expect(csv).toContain("'=ห้ามนำออกนอกเขต");
    await importInventoryCsv(database.db, OTHER_OFFICE, csv);
    expect(brief(await listItems(database.db, OTHER_OFFICE))).toEqual(before.items);
    expect((await listConsumables(database.db, OTHER_OFFICE)).map(({ id: _, ...c }) => c)).toEqual(before.consumables.map(({ id: _, ...c }) => c));
    // Re-importing the export into its own office changes nothing and adds nothing.
    expect(await importInventoryCsv(database.db, OFFICE, csv)).toEqual({ inserted: 0, updated: 3, problems: [] });
    expect(brief(await listItems(database.db, OFFICE))).toEqual(before.items);
  });

  it('the Excel file has the same columns and rows, stock as numbers', async () => {
    await importInventoryCsv(database.db, OFFICE, source);
    const [sheet] = await readXlsx(await exportInventoryXlsx(database.db, OFFICE));
    expect(sheet!.rows[0]).toEqual(INVENTORY_HEADER);
    expect(sheet!.rows.map((r) => r[0] ?? null)).toEqual(['เลขครุภัณฑ์', 'CM-1', 'PJ-1', null]);
    const hdmi = sheet!.rows[3]!;
    expect([hdmi[1], hdmi[10], hdmi[11], hdmi[12]]).toEqual(['สาย HDMI', 8, 'เส้น', 2]);
  });

  it('npm run inventory: import reports rows by line and exits 1 when some were refused; export writes csv or xlsx', async () => {
    const out: string[] = [];
    const written = new Map<string, string | Buffer>();
    const io = {
      out: (line: string) => out.push(line),
      readFile: async () => `${THAI_HEADER}\nPJ-1,โปรเจกเตอร์,,,,,,,,,,,,\nPJ-2,,,,,,,,,,,,,`,
      writeFile: async (path: string, content: string | Buffer) => void written.set(path, content),
      write: (text: string) => out.push(text),
      liff: undefined,
    };
    expect(await runInventoryCommand(database.db, OFFICE, ['import', 'x.csv'], io)).toBe(1);
    expect(out).toEqual(['นำเข้าใหม่ 1 รายการ, ปรับปรุง 0 รายการ', expect.stringMatching(/^บรรทัด 3: /)]);
    expect(await runInventoryCommand(database.db, OFFICE, ['export', '--out=inv.xlsx'], io)).toBe(0);
    expect((written.get('inv.xlsx') as Buffer).subarray(0, 2).toString()).toBe('PK');
    expect(await runInventoryCommand(database.db, OFFICE, ['export', '--out=inv.csv'], io)).toBe(0);
    expect(written.get('inv.csv')).toContain('PJ-1,โปรเจกเตอร์');
    expect(await runInventoryCommand(database.db, OFFICE, ['export'], io)).toBe(0);
    expect(out.at(-1)).toContain('PJ-1,โปรเจกเตอร์');
    expect(await runInventoryCommand(database.db, OFFICE, ['import'], io)).toBe(2);
    expect(await runInventoryCommand(database.db, OFFICE, ['frobnicate'], io)).toBe(2);
  });
});

const asEmbedded = (): Database => ({ ...database, kind: 'embedded' });
const asServer = (): Database => ({ ...database, kind: 'server' });

describe('the demo inventory', () => {
  it('an embedded start with an empty inventory loads the labelled demo list once', async () => {
    await loadDemoInventoryIfEmpty(asEmbedded(), OFFICE, logger);
    const items = await listItems(database.db, OFFICE);
    const count = (category: string) => items.filter((i) => i.category === category).length;
    expect(count('projector')).toBeGreaterThanOrEqual(3);
    expect(count('notebook')).toBeGreaterThanOrEqual(2);
    expect(count('camera')).toBeGreaterThanOrEqual(1);
    // Clearly a demo: every asset tag and name says so.
    expect(items.every((i) => i.assetTag.startsWith('DEMO-') && i.typeName.includes('สาธิต'))).toBe(true);
    const [kit] = await listKits(database.db, OFFICE);
    const kitCategories = items.filter((i) => kit!.assetTags.includes(i.assetTag)).map((i) => i.category).sort();
    expect(kitCategories).toEqual(['camera', 'microphone', 'notebook', 'speaker']);
    const consumables = await listConsumables(database.db, OFFICE);
    expect(consumables.length).toBeGreaterThanOrEqual(3);
    expect(consumables.every((c) => c.name.includes('สาธิต') && c.stock > 0)).toBe(true);

    // A second start adds nothing, even after the office changed the demo list.
    await database.db.delete(loanConsumables);
    await loadDemoInventoryIfEmpty(asEmbedded(), OFFICE, logger);
    expect(await listItems(database.db, OFFICE)).toHaveLength(items.length);
    expect(await listConsumables(database.db, OFFICE)).toEqual([]);
  });

  it('the service’s start on an empty embedded database loads it (src/app.ts)', async () => {
    const fresh = await createTestDatabase(logger);
    const config = loadConfig({ PORT: '0', DATA_DIR: await mkdtemp(path.join(tmpdir(), 'esa-loans-')), LOG_LEVEL: 'silent' });
    const service = await startService(config, { database: { ...fresh, kind: 'embedded' }, logger });
    try {
      expect((await listItems(service.database.db, OFFICE)).filter((i) => i.assetTag.startsWith('DEMO-')).length).toBeGreaterThanOrEqual(10);
    } finally {
      await service.stop();
    }
  });

  it('an office that already has an inventory gets no demo list', async () => {
    await importInventoryCsv(database.db, OFFICE, 'รายการ,จำนวนคงเหลือ\nหมึก,1');
    await loadDemoInventoryIfEmpty(asEmbedded(), OFFICE, logger);
    expect(await listItems(database.db, OFFICE)).toEqual([]);
  });

  it('never on a PostgreSQL server (DATABASE_URL)', async () => {
    await loadDemoInventoryIfEmpty(asServer(), OFFICE, logger);
    expect(await listItems(database.db, OFFICE)).toEqual([]);
    expect(await listConsumables(database.db, OFFICE)).toEqual([]);
  });
});

describe('the QR label sheet', () => {
  const liff: LiffSettings = { mode: 'line', liffId: '1234567890-AbcdEfgh', loginChannelId: '1234567890', loginApiBaseUrl: 'https://api.line.me', pageBaseUrl: 'https://bot.example' };

  it('prints a label per item in use (Sarabun, Thai), each QR holding the item’s LIFF page; retired items are left out', async () => {
    await loadDemoInventoryIfEmpty(asEmbedded(), OFFICE, logger);
    await importInventoryCsv(database.db, OFFICE, 'เลขครุภัณฑ์,รายการ,จำหน่ายแล้ว\nOLD-1,เครื่องเก่า,ใช่');
    const items = await listItems(database.db, OFFICE);
    const inUse = items.filter((i) => !i.retired);
    const out: string[] = [];
    const written = new Map<string, string | Buffer>();
    const io = {
      out: (line: string) => out.push(line),
      readFile: async () => '',
      writeFile: async (path: string, content: string | Buffer) => void written.set(path, content),
      write: () => {},
      liff,
    };
    expect(await runInventoryCommand(database.db, OFFICE, ['labels', '--out=labels.pdf'], io)).toBe(0);
    const pdf = written.get('labels.pdf') as Buffer;
    await savePdfPagePng(pdf, 'loan-labels');
    const text = await pdfText(pdf);
    for (const item of inUse) expect(text).toContain(item.assetTag);
    expect(text).not.toContain('OLD-1');
    expect(text).toContain('ป้ายครุภัณฑ์');
    expect(text).toContain('โปรเจกเตอร์ (สาธิต)');
    expect(await pdfPageCount(pdf)).toBe(Math.ceil(inUse.length / 12));

    // The QR codes: one per item, each the code of that item's LIFF page.
    const job = await labelSheetPdfJob(inUse, { officeName: 'สพป. ทดสอบ', thaiDigits: false, now: new Date(), itemUrl: (id) => `https://liff.line.me/${liff.liffId}/loan-items/${id}` });
    const projector = inUse.find((i) => i.assetTag === 'DEMO-PJ-001')!;
    expect(Object.keys(job.files!)).toHaveLength(inUse.length);
    expect(job.files![`qr-${projector.id}.svg`]).toBe(await qrSvg(`https://liff.line.me/1234567890-AbcdEfgh/loan-items/${projector.id}`));
  });

  it('named asset tags print only those; an unknown tag or nothing to print exits 1', async () => {
    await importInventoryCsv(database.db, OFFICE, 'เลขครุภัณฑ์,รายการ\nPJ-1,โปรเจกเตอร์\nPJ-2,โปรเจกเตอร์');
    const out: string[] = [];
    const written = new Map<string, string | Buffer>();
    const io = { out: (line: string) => out.push(line), readFile: async () => '', writeFile: async (p: string, c: string | Buffer) => void written.set(p, c), write: () => {}, liff: undefined };
    expect(await runInventoryCommand(database.db, OFFICE, ['labels', 'PJ-2'], io)).toBe(0);
    const text = await pdfText(written.get('inventory-labels.pdf') as Buffer);
    expect(text).toContain('PJ-2');
    expect(text).not.toContain('PJ-1');
    expect(await runInventoryCommand(database.db, OFFICE, ['labels', 'PJ-9'], io)).toBe(1);
    expect(out.at(-1)).toContain('PJ-9');
    expect(await runInventoryCommand(database.db, OTHER_OFFICE, ['labels'], io)).toBe(1);
  });

  it('twelve labels fit a page: thirteen items take two pages', async () => {
    const rows = Array.from({ length: 13 }, (_, i) => `NB-${String(i + 1).padStart(2, '0')},โน้ตบุ๊กสำหรับอบรมครูประจำกลุ่มเครือข่าย,โน้ตบุ๊ก,Lenovo ThinkPad E14 Gen 5`);
    await importInventoryCsv(database.db, OFFICE, ['เลขครุภัณฑ์,รายการ,หมวด,ยี่ห้อ/รุ่น', ...rows].join('\n'));
    const written = new Map<string, string | Buffer>();
    const io = { out: () => {}, readFile: async () => '', writeFile: async (p: string, c: string | Buffer) => void written.set(p, c), write: () => {}, liff };
    expect(await runInventoryCommand(database.db, OFFICE, ['labels'], io)).toBe(0);
    const pdf = written.get('inventory-labels.pdf') as Buffer;
    await savePdfPagePng(pdf, 'loan-labels-full');
    expect(await pdfPageCount(pdf)).toBe(2);
    const text = await pdfText(pdf);
    expect(text).toContain('NB-12');
    expect(text).toContain('NB-13');
  });
});
