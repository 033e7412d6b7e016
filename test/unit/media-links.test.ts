import { afterEach, describe, expect, it } from '@jest/globals';
import type { TicketView } from '../../src/db/repos/repair-work-views.ts';
import { photoMessages, ticketCarousel } from '../../src/flows/repair-work/cards.ts';
import { DESCRIPTION_MAX } from '../../src/flows/repair-report/messages.ts';
import { FLEX_LIMITS, isAcceptedUri } from '../../src/line/flex-limits.ts';
import { checkMediaLink, MEDIA_LINK_TTL_MS, mediaBaseUrl, mediaLink, useMediaLinks } from '../../src/line/media-links.ts';

const secret = Buffer.from('a server secret for the test, 32+ bytes long');
const now = new Date('2027-03-01T02:00:00Z');

function parts(link: string) {
  const url = new URL(link);
  const [, , officeId, id] = url.pathname.split('/');
  return { officeId: decodeURIComponent(officeId!), mediaId: Number(id), exp: url.searchParams.get('exp')!, sig: url.searchParams.get('sig')! };
}

afterEach(() => useMediaLinks(undefined));

describe('links to kept photos', () => {
  it('are made only where LINE can fetch them: https, or this machine in emulator mode', () => {
    expect(mediaBaseUrl('https://esa.example.go.th/', 'http://127.0.0.1:3000', false)).toBe('https://esa.example.go.th');
    expect(mediaBaseUrl(undefined, 'http://127.0.0.1:3000', false)).toBeUndefined();
    expect(mediaBaseUrl('http://esa.example.go.th', 'http://127.0.0.1:3000', false)).toBeUndefined();
    expect(mediaBaseUrl(undefined, 'http://127.0.0.1:3000', true)).toBe('http://127.0.0.1:3000');
    expect(mediaBaseUrl('http://192.168.1.20:3000', 'http://127.0.0.1:3000', true)).toBeUndefined();
    expect(mediaBaseUrl('https://trial.example.org', 'http://127.0.0.1:3000', true)).toBe('https://trial.example.org');
  });

  it('an image link must be https for LINE; plain http only to this machine, which only the local platform fetches', () => {
    expect(isAcceptedUri('https://esa.example.go.th/media/default/1', 'url')).toBe(true);
    expect(isAcceptedUri('http://127.0.0.1:3000/media/default/1', 'url')).toBe(true);
    expect(isAcceptedUri('http://localhost:3000/media/default/1', 'url')).toBe(true);
    expect(isAcceptedUri('http://esa.example.go.th/media/default/1', 'url')).toBe(false);
    expect(isAcceptedUri('http://192.168.1.20:3000/media/default/1', 'previewUrl')).toBe(false);
  });

  it('are signed for one file of one office and expire after the TTL; anything changed is forged', () => {
    expect(mediaLink('default', 7, now)).toBeUndefined();
    useMediaLinks({ baseUrl: 'https://esa.example.go.th', secret });
    const link = mediaLink('default', 7, now)!;
    expect(link).toMatch(/^https:\/\/esa\.example\.go\.th\/media\/default\/7\?exp=\d+&sig=[\w-]{43}$/);
    const p = parts(link);
    expect(checkMediaLink(secret, p, now)).toBe('valid');
    expect(checkMediaLink(secret, p, new Date(now.getTime() + MEDIA_LINK_TTL_MS - 1000))).toBe('valid');
    expect(checkMediaLink(secret, p, new Date(now.getTime() + MEDIA_LINK_TTL_MS + 60_000))).toBe('expired');
    expect(checkMediaLink(secret, { ...p, mediaId: 8 }, now)).toBe('forged');
    expect(checkMediaLink(secret, { ...p, officeId: 'other' }, now)).toBe('forged');
    expect(checkMediaLink(secret, { ...p, exp: String(Number(p.exp) + 60) }, now)).toBe('forged');
    expect(checkMediaLink(secret, { ...p, exp: '1e12' }, now)).toBe('forged');
    expect(checkMediaLink(Buffer.from('another secret'), p, now)).toBe('forged');
    expect(checkMediaLink(secret, { ...p, sig: '' }, now)).toBe('forged');
  });
});

function ticket(i: number): TicketView {
  return {
    id: 1000 + i,
    officeId: 'default',
    number: `ซ่อม 2570/${String(i).padStart(4, '0')}`,
    status: 'new',
    version: 1,
    priority: 'urgent',
    schoolId: i,
    schoolName: `โรงเรียนบ้านหนองบัวทองชุมชนพัฒนาวิทยาคารสามัคคีราษฎร์บำรุง ${i}`,
    district: 'อำเภอภักดีชุมพล',
    categoryLabel: 'DLTV: ไม่มีสัญญาณ',
    description: 'ก'.repeat(DESCRIPTION_MAX),
    classroom: 'ป.4/1 อาคารเรียนหลังใหม่',
    reporterId: 1,
    reporterName: 'ครูสมศรี ใจดี มีเมตตากรุณา',
    reporterPhone: '0812345678',
    reporterLineUserId: `U${'a'.repeat(32)}`,
    assigneeId: null,
    assigneeName: null,
    assigneeLineUserId: null,
    visitAt: null,
    waitingReason: null,
    waitingSince: null,
    pausedOfficeMinutes: 0,
    acceptDueAt: now,
    resolveDueAt: now,
    acceptedAt: null,
    resolvedAt: null,
    confirmedAt: null,
    closedAt: null,
    rating: null,
    acceptEscalationLevel: 0,
    resolveEscalationLevel: 0,
    createdAt: now,
    firstPhotoId: 900_000 + i,
    photoCount: 3,
    dltvRegister: [],
  };
}

describe('the office’s ticket cards with photos', () => {
  it('twelve long tickets with their photos stay within LINE’s carousel limits', () => {
    useMediaLinks({ baseUrl: 'https://esa-line.example-office.go.th/some/longer/path', secret });
    const message = ticketCarousel(Array.from({ length: 12 }, (_, i) => ticket(i + 1)), { id: 1, role: 'technician' }, now, 'งานใหม่');
    const bytes = Buffer.byteLength(JSON.stringify(message));
    expect(bytes).toBeLessThan(FLEX_LIMITS.carouselBytes);
    const contents = (message as { contents: { contents: Array<{ hero?: { url: string } }> } }).contents.contents;
    expect(contents).toHaveLength(12);
    expect(contents.every((b) => b.hero?.url.startsWith('https://esa-line.example-office.go.th/some/longer/path/media/default/'))).toBe(true);
  });

  it('without links the cards go without their photo, and ดูรูปทั้งหมด says why instead of sending broken images', () => {
    const message = ticketCarousel([ticket(1), ticket(2)], { id: 1, role: 'technician' }, now, 'งานใหม่');
    const contents = (message as { contents: { contents: Array<{ hero?: unknown }> } }).contents.contents;
    expect(contents.every((b) => b.hero === undefined)).toBe(true);
    const answer = photoMessages(ticket(1), [{ id: 1 }, { id: 2 }], now);
    expect(answer).toEqual([{ type: 'text', text: expect.stringContaining('https') }]);
  });

  it('ดูรูปทั้งหมด sends at most four images in one answer (five messages with its text)', () => {
    useMediaLinks({ baseUrl: 'https://esa.example.go.th', secret });
    const answer = photoMessages(ticket(1), [1, 2, 3, 4, 5, 6].map((id) => ({ id })), now);
    expect(answer).toHaveLength(5);
    expect(answer[0]).toEqual({ type: 'text', text: expect.stringContaining('แสดง 4 จาก 6 รูป') });
    expect(answer.slice(1).map((m) => m.type)).toEqual(['image', 'image', 'image', 'image']);
  });
});
