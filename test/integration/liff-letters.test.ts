import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startService, type RunningService } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { getLetter, listLetterEvents, registerLetter, updateLetter, type NewLetter } from '../../src/db/repos/letters.ts';
import { saveMedia } from '../../src/db/repos/media.ts';
import { actingAssignments } from '../../src/db/schema.ts';
import { letterFormTexts, letterPageTexts } from '../../src/http/liff-messages.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { letterFormLink, letterFormLinkByNumber, letterPageUrl, useLiffLinks } from '../../src/line/liff.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase } from '../support/database.ts';
import { liffPeople } from '../support/liff.ts';

/**
 * Who may open a letter's details page, over HTTP with ID tokens from the emulator's LINE Login: a secret
 * letter only for the clerk who registered it, the assignee and the director it was proposed to (or whoever
 * acts for that director today); a non-secret letter for the office's letter staff and those involved; a
 * ลับที่สุด letter shows its number and dates only. A refusal carries nothing of the letter.
 */

const clock = new Date('2027-03-01T03:00:00Z'); // Monday 10:00 in Bangkok
const now = () => clock;
const SECRET_SUBJECT = 'ขอให้สอบข้อเท็จจริงกรณีร้องเรียนครูโรงเรียนบ้านนาดี';
const SECRET_FROM = 'สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน';
const PDF = Buffer.from('%PDF-1.4\n% ตัวอย่างไฟล์แนบ\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

let service: RunningService;
let people: ReturnType<typeof liffPeople>;
const logLines: string[] = [];
const who: Record<string, { userId: string; personId: number }> = {};
let secretId = 0;
let plainId = 0;
let topSecretId = 0;
let attachmentId = 0;

const base = (over: Partial<NewLetter>): NewLetter => ({
  officeId: DEFAULT_OFFICE_ID,
  register: 'receive',
  docNo: 'ศธ 04001/ว 1234',
  docDate: '2027-02-25',
  fromName: 'สพฐ.',
  toName: 'ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา',
  subject: 'ประชุมผู้บริหาร',
  kind: 'external',
  urgency: 'normal',
  actBy: null,
  secrecy: 'none',
  registeredBy: who.clerk!.personId,
  mediaIds: [],
  ...over,
});

beforeAll(async () => {
  const logger = createLogger('info', { write: (line: string) => void logLines.push(line) });
  const config = loadConfig({ PORT: '0', DATA_DIR: await mkdtemp(path.join(tmpdir(), 'esa-liff-letters-')), LOG_LEVEL: 'info' });
  service = await startService(config, { database: await createTestDatabase(logger), logger, now });
  people = liffPeople(service, now);
  who.clerk = await people.add('สมใจ ธุรการ', 'saraban_clerk');
  who.otherClerk = await people.add('สมศักดิ์ ธุรการ', 'saraban_clerk');
  who.groupDirector = await people.add('วิชัย ผอ.กลุ่ม', 'group_director');
  who.assignee = await people.add('ประเสริฐ นักวิชาการ', 'technician');
  who.otherTechnician = await people.add('สมหมาย ช่าง', 'technician');
  who.director = await people.add('ผอ.สพป. สมบัติ', 'area_director');
  who.actingDeputy = await people.add('รอง ผอ. ทองดี', 'deputy_director');
  who.otherDeputy = await people.add('รอง ผอ. มีสุข', 'deputy_director');
  who.teacher = await people.add('ครูสมศรี', 'teacher');

  const db = service.database.db;
  const media = await saveMedia(
    db,
    { officeId: DEFAULT_OFFICE_ID, purpose: 'attachment', lineMessageId: 'm-secret-1', uploadedBy: who.clerk.personId, contentType: 'application/pdf', fileName: 'หนังสือร้องเรียน.pdf', content: PDF },
    clock,
  );
  const secret = await registerLetter(
    db,
    base({ subject: SECRET_SUBJECT, fromName: SECRET_FROM, secrecy: 'confidential', urgency: 'very_urgent', mediaIds: [media.id] }),
    clock,
  );
  secretId = secret.id;
  attachmentId = media.id;
  expect(
    await updateLetter(
      db,
      DEFAULT_OFFICE_ID,
      secretId,
      secret.version,
      {
        status: 'proposed',
        assignedBy: who.groupDirector.personId,
        assigneeId: who.assignee.personId,
        instruction: 'ดำเนินการตามระเบียบ',
        assignedAt: clock,
        acknowledgedAt: clock,
        proposedBy: who.assignee.personId,
        proposedTo: who.director.personId,
        proposalAsk: 'consider',
        proposedAt: clock,
      },
      clock,
    ),
  ).toBe(true);
  plainId = (await registerLetter(db, base({ subject: 'เชิญประชุมผู้บริหารสถานศึกษา' }), clock)).id;
  topSecretId = (await registerLetter(db, base({ subject: 'ไม่ควรถูกเก็บ', secrecy: 'top_secret' }), clock)).id;
  await db.insert(actingAssignments).values({
    officeId: DEFAULT_OFFICE_ID,
    principalId: who.director.personId,
    actingId: who.actingDeputy.personId,
    kind: 'acting',
    startsOn: '2027-03-01',
    endsOn: '2027-03-05',
    createdBy: who.director.personId,
  });
});

afterAll(async () => {
  await service.stop();
});

describe('a secret letter’s details page', () => {
  it('links from LINE go to the letter’s page', () => {
    expect(letterPageUrl(service.liff, secretId)).toBe(`${service.url}/liff/letters/${secretId}`);
  });

  it.each(['clerk', 'assignee', 'director', 'actingDeputy'])('opens for the %s with every detail, files and history', async (name) => {
    const res = await people.get(who[name]!.userId, `/letters/${secretId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const letter = (await res.json()) as Record<string, unknown>;
    expect(letter).toMatchObject({
      id: secretId,
      numberLabel: 'รับที่ 1/2570',
      secrecyLabel: 'ลับ',
      subject: SECRET_SUBJECT,
      fromName: SECRET_FROM,
      docNo: 'ศธ 04001/ว 1234',
      docDate: '25 กุมภาพันธ์ 2570',
      urgencyLabel: 'ด่วนมาก',
      kind: 'หนังสือภายนอก',
      statusLabel: 'เสนอผู้บริหารแล้ว รอพิจารณา',
      assigneeName: 'ประเสริฐ นักวิชาการ',
      instruction: 'ดำเนินการตามระเบียบ',
      proposedToName: 'ผอ.สพป. สมบัติ',
      proposalAsk: 'เพื่อโปรดพิจารณา',
      registeredByName: 'สมใจ ธุรการ',
      attachments: [{ id: attachmentId, fileName: 'หนังสือร้องเรียน.pdf', contentType: 'application/pdf', sizeBytes: PDF.length }],
    });
    expect(letter.history).toEqual([expect.objectContaining({ action: 'ลงทะเบียน', actorName: 'สมใจ ธุรการ' })]);
  });

  it.each(['otherClerk', 'groupDirector', 'otherTechnician', 'otherDeputy', 'teacher'])(
    'is refused to the %s with 403 and nothing of the letter',
    async (name) => {
      const res = await people.get(who[name]!.userId, `/letters/${secretId}`);
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ message: letterPageTexts.forbidden });
      const file = await people.get(who[name]!.userId, `/letters/${secretId}/attachments/${attachmentId}`);
      expect(file.status).toBe(403);
      const body = await file.text();
      expect(body).not.toContain('%PDF');
      expect(body).not.toContain(SECRET_SUBJECT);
    },
  );

  it('no longer opens for the acting deputy once the acting period is over', async () => {
    const later = new Date('2027-03-08T03:00:00Z');
    const saved = clock.getTime();
    clock.setTime(later.getTime());
    try {
      expect((await people.get(who.actingDeputy!.userId, `/letters/${secretId}`)).status).toBe(403);
    } finally {
      clock.setTime(saved);
    }
  });

  it('gives its file to the assignee with the bearer token, and nothing without one', async () => {
    const res = await people.get(who.assignee!.userId, `/letters/${secretId}/attachments/${attachmentId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('หนังสือร้องเรียน.pdf')}`);
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).toBe(true);

    expect((await fetch(`${service.url}/liff/api/letters/${secretId}/attachments/${attachmentId}`)).status).toBe(401);
    expect((await people.get(who.assignee!.userId, `/letters/${plainId}/attachments/${attachmentId}`)).status).toBe(403);
    expect((await people.get(who.clerk!.userId, `/letters/${plainId}/attachments/${attachmentId}`)).status).toBe(404);
    expect((await people.get(who.clerk!.userId, `/letters/${secretId}/attachments/999999`)).status).toBe(404);
  });

  it('the page itself holds nothing of the letter: the data comes only through the API', async () => {
    const res = await fetch(`${service.url}/liff/letters/${secretId}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain(SECRET_SUBJECT);
    expect(html).not.toContain(SECRET_FROM);
  });

  it('writes neither its subject nor its sender into the log', () => {
    expect(logLines.some((line) => line.includes('letter details refused'))).toBe(true);
    expect(logLines.filter((line) => line.includes(SECRET_SUBJECT) || line.includes(SECRET_FROM) || line.includes('หนังสือร้องเรียน'))).toEqual([]);
  });
});

describe('other letters', () => {
  it.each(['clerk', 'otherClerk', 'groupDirector', 'director', 'otherDeputy'])('a non-secret letter opens for the %s', async (name) => {
    const res = await people.get(who[name]!.userId, `/letters/${plainId}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ subject: 'เชิญประชุมผู้บริหารสถานศึกษา', secrecyLabel: 'ไม่ลับ', attachments: [] });
  });

  it.each(['teacher', 'otherTechnician'])('a non-secret letter is refused to the %s', async (name) => {
    expect((await people.get(who[name]!.userId, `/letters/${plainId}`)).status).toBe(403);
  });

  it('a ลับที่สุด letter shows its number and dates only, even to the clerk who registered it', async () => {
    expect((await getLetter(service.database.db, DEFAULT_OFFICE_ID, topSecretId))!.subject).toBeNull();
    const res = await people.get(who.clerk!.userId, `/letters/${topSecretId}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(
      ['docDate', 'id', 'note', 'numberLabel', 'register', 'registeredAt', 'registeredAtLabel', 'secrecy', 'secrecyLabel', 'topSecret'].sort(),
    );
    expect(body).toMatchObject({ numberLabel: 'รับที่ 3/2570', secrecyLabel: 'ลับที่สุด', topSecret: true });
    expect((await people.get(who.otherClerk!.userId, `/letters/${topSecretId}`)).status).toBe(403);
  });

  it('an unknown or malformed letter id is 404', async () => {
    expect((await people.get(who.clerk!.userId, '/letters/424242')).status).toBe(404);
    expect((await people.get(who.clerk!.userId, '/letters/abc')).status).toBe(404);
  });
});

describe('a secret letter’s details form (the clerk who registered it fills what the chat does not ask)', () => {
  const DETAILS = { docNo: 'ลข 0099/2570', fromName: 'กองบัญชาการตำรวจสอบสวนกลาง', toName: 'ผู้อำนวยการ (เฉพาะ)', subject: 'ขอข้อมูลบุคลากรประกอบการสอบสวนลับเฉพาะ' };
  const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
  let formId = 0;
  let formNumber = 0;
  const form = (userId: string, method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}) =>
    people.idToken(userId).then((token) =>
      fetch(`${service.url}/liff/api/letters/${path}`, { method, body, headers: { authorization: `Bearer ${token}`, ...headers } }),
    );
  const putDetails = (userId: string, ref: string | number, body: unknown) =>
    form(userId, 'PUT', `${ref}/details`, JSON.stringify(body), { 'content-type': 'application/json' });
  const upload = (userId: string, ref: string | number, content: Buffer, contentType: string, name: string) =>
    form(userId, 'POST', `${ref}/attachments`, content, { 'content-type': contentType, 'x-file-name': encodeURIComponent(name) });

  beforeAll(async () => {
    // As the chat registers it: number and date, no ที่ / from / to / subject, no files.
    const letter = await registerLetter(
      service.database.db,
      base({ docNo: null, fromName: null, toName: null, subject: null, secrecy: 'secret', urgency: 'urgent' }),
      clock,
    );
    formId = letter.id;
    formNumber = letter.number;
    expect(await updateLetter(service.database.db, DEFAULT_OFFICE_ID, formId, letter.version, { status: 'assigned', assigneeId: who.assignee!.personId, assignedAt: clock }, clock)).toBe(true);
  });

  it('links from LINE go to the form, by id or by the register number', () => {
    useLiffLinks(service.liff);
    try {
      expect(letterFormLink(formId)).toBe(`${service.url}/liff/letters/${formId}/details-form`);
      expect(letterFormLinkByNumber('receive', 2570, formNumber)).toBe(`${service.url}/liff/letters/receive-2570-${formNumber}/details-form`);
    } finally {
      useLiffLinks(service.liff);
    }
  });

  it('serves the page shell with a nonce and nothing of the letter', async () => {
    const res = await fetch(`${service.url}/liff/letters/receive-2570-${formNumber}/details-form`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(await res.text()).toContain(`<script nonce="${nonce}">`);
  });

  it('fills the details for the clerk who registered it: added once, then corrected with before and after', async () => {
    const shown = await form(who.clerk!.userId, 'GET', `receive-2570-${formNumber}/details-form`);
    expect(shown.status).toBe(200);
    expect(await shown.json()).toMatchObject({ id: formId, numberLabel: `รับที่ ${formNumber}/2570`, docNo: null, subject: null, attachments: [] });

    const saved = await putDetails(who.clerk!.userId, `receive-2570-${formNumber}`, DETAILS);
    expect(saved.status).toBe(200);
    expect(await getLetter(service.database.db, DEFAULT_OFFICE_ID, formId)).toMatchObject({ ...DETAILS, secrecy: 'secret' });
    const fixed = await putDetails(who.clerk!.userId, formId, { ...DETAILS, subject: `${DETAILS.subject} (แก้ไข)` });
    expect(fixed.status).toBe(200);
    const events = await listLetterEvents(service.database.db, formId);
    expect(events.find((e) => e.action === 'details_added')?.data).toEqual({ fields: ['docNo', 'fromName', 'toName', 'subject'] });
    expect(events.at(-1)).toMatchObject({ action: 'corrected', data: { field: 'subject', before: DETAILS.subject, after: `${DETAILS.subject} (แก้ไข)` } });
    expect((await putDetails(who.clerk!.userId, formId, { ...DETAILS, subject: '  ' })).status).toBe(400);
    expect((await putDetails(who.clerk!.userId, formId, { ...DETAILS, subject: 'ก'.repeat(501) })).status).toBe(400);
    expect((await putDetails(who.clerk!.userId, formId, { ...DETAILS, version: 1 })).status).toBe(409);
  });

  it('keeps uploaded PDF and photos as its attachments, shown on the details page to those allowed', async () => {
    const pdf = await upload(who.clerk!.userId, formId, PDF, 'application/pdf', 'สำนวนลับ.pdf');
    expect(pdf.status).toBe(201);
    expect((await upload(who.clerk!.userId, `receive-2570-${formNumber}`, PNG, 'image/png', 'หน้า1.png')).status).toBe(201);
    expect((await upload(who.clerk!.userId, formId, Buffer.from('hello'), 'text/plain', 'a.txt')).status).toBe(415);
    expect((await upload(who.clerk!.userId, formId, Buffer.from('not a pdf'), 'application/pdf', 'fake.pdf')).status).toBe(415);
    expect((await upload(who.clerk!.userId, formId, Buffer.alloc(0), 'application/pdf', 'empty.pdf')).status).toBe(400);
    const big = await upload(who.clerk!.userId, formId, Buffer.concat([PDF, Buffer.alloc(20 * 1024 * 1024)]), 'application/pdf', 'big.pdf');
    expect(big.status).toBe(413);
    const events = await listLetterEvents(service.database.db, formId);
    const added = events.filter((e) => e.action === 'attachment_added');
    expect(added).toHaveLength(2);
    expect(Object.keys(added[0]!.data as object)).toEqual(['mediaId']);

    for (const name of ['clerk', 'assignee']) {
      const res = await people.get(who[name]!.userId, `/letters/${formId}`);
      expect(res.status).toBe(200);
      const letter = (await res.json()) as { subject: string; attachments: Array<{ id: number; fileName: string; contentType: string }> };
      expect(letter.subject).toBe(`${DETAILS.subject} (แก้ไข)`);
      expect(letter.attachments.map((f) => [f.fileName, f.contentType])).toEqual([
        ['สำนวนลับ.pdf', 'application/pdf'],
        ['หน้า1.png', 'image/png'],
      ]);
      const file = await people.get(who[name]!.userId, `/letters/${formId}/attachments/${letter.attachments[0]!.id}`);
      expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);
    }
  });

  it.each(['otherClerk', 'groupDirector', 'assignee', 'teacher'])('refuses the %s with 403 and nothing of the letter', async (name) => {
    const before = await getLetter(service.database.db, DEFAULT_OFFICE_ID, formId);
    for (const res of [
      await form(who[name]!.userId, 'GET', `${formId}/details-form`),
      await form(who[name]!.userId, 'GET', `receive-2570-${formNumber}/details-form`),
      await putDetails(who[name]!.userId, formId, { ...DETAILS, subject: 'เปลี่ยนโดยผู้อื่น' }),
      await upload(who[name]!.userId, formId, PDF, 'application/pdf', 'อื่น.pdf'),
    ]) {
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ message: letterFormTexts.forbidden });
    }
    expect(await getLetter(service.database.db, DEFAULT_OFFICE_ID, formId)).toEqual(before);
  });

  it('refuses an unverified or missing token with 401', async () => {
    const bad = await fetch(`${service.url}/liff/api/letters/${formId}/details`, {
      method: 'PUT',
      headers: { authorization: 'Bearer not-a-token', 'content-type': 'application/json' },
      body: JSON.stringify(DETAILS),
    });
    expect(bad.status).toBe(401);
    expect((await fetch(`${service.url}/liff/api/letters/${formId}/attachments`, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: PDF })).status).toBe(401);
  });

  it('takes nothing for a cancelled or a ลับที่สุด letter, even from its clerk', async () => {
    const cancelled = await registerLetter(service.database.db, base({ secrecy: 'confidential', subject: null, fromName: null, toName: null }), clock);
    await updateLetter(service.database.db, DEFAULT_OFFICE_ID, cancelled.id, cancelled.version, { status: 'cancelled', cancelledAt: clock, cancelReason: 'ซ้ำ' }, clock);
    expect((await putDetails(who.clerk!.userId, cancelled.id, DETAILS)).status).toBe(409);
    expect((await upload(who.clerk!.userId, cancelled.id, PDF, 'application/pdf', 'x.pdf')).status).toBe(409);
    expect((await form(who.clerk!.userId, 'GET', `${topSecretId}/details-form`)).status).toBe(409);
    expect((await form(who.clerk!.userId, 'GET', 'receive-2570-9999/details-form')).status).toBe(404);
  });

  it('writes none of the details or file names into the log', () => {
    expect(logLines.some((line) => line.includes('letter form refused'))).toBe(true);
    const leaked = logLines.filter((line) => [DETAILS.subject, DETAILS.fromName, DETAILS.toName, DETAILS.docNo, 'สำนวนลับ', 'หน้า1'].some((v) => line.includes(v)));
    expect(leaked).toEqual([]);
  });
});
