import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startService, type RunningService } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { getLetter, registerLetter, updateLetter, type NewLetter } from '../../src/db/repos/letters.ts';
import { saveMedia } from '../../src/db/repos/media.ts';
import { actingAssignments } from '../../src/db/schema.ts';
import { letterPageTexts } from '../../src/http/liff-messages.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { letterPageUrl } from '../../src/line/liff.ts';
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
