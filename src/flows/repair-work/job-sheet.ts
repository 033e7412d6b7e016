import type { RepairTicket, TicketEvent } from '../../db/repos/repair-tickets.ts';
import { formatThaiDateTime } from '../../domain/thai-date.ts';
import { qrSvg } from '../../reports/qr.ts';
import { reportTexts } from '../../reports/texts.ts';
import { printData } from '../../reports/thai-text.ts';
import type { PdfJob } from '../../reports/typst-compile.ts';
import { EVENT_LABELS, PRIORITY_LABELS, repairWorkLabels, STATUS_LABELS } from './messages.ts';

/**
 * ใบงานซ่อม: one ticket as a printed form a technician takes to the school — the report, the work done, the
 * timeline, signature lines for the technician and the school, and a QR code that opens the ticket's page.
 */

const T = {
  title: 'ใบงานซ่อม',
  reportTitle: 'รายการแจ้งซ่อม',
  workTitle: 'การดำเนินงาน',
  timelineTitle: 'ลำดับการดำเนินงาน',
  timelineHeaders: ['วันเวลา', 'ขั้นตอน', 'หมายเหตุ', 'ผู้ดำเนินการ'],
  qrCaption: 'สแกนเพื่อเปิดงานนี้',
  signLine: 'ลงชื่อ .............................................',
  signatures: ['ผู้ซ่อม', 'ผู้รับบริการ (โรงเรียน)'],
  dateLine: 'วันที่ ........ / ........ / ........',
  status: (label: string) => `สถานะ: ${label}`,
  fields: {
    school: 'โรงเรียน',
    district: 'อำเภอ',
    reporter: 'ผู้แจ้ง',
    reportedAt: 'แจ้งเมื่อ',
    kind: 'ประเภทปัญหา',
    priority: 'ความเร่งด่วน',
    classroom: 'ห้อง/จุดที่ติดตั้ง',
    description: 'อาการ/รายละเอียด',
    assignee: 'ผู้รับผิดชอบ',
    acceptedAt: 'รับงานเมื่อ',
    visitAt: 'นัดเข้าซ่อม',
    waiting: 'รอดำเนินการ',
    resolvedAt: 'ซ่อมเสร็จเมื่อ',
    resolution: 'สิ่งที่ซ่อม',
    parts: 'อะไหล่ที่ใช้',
    confirmedAt: 'โรงเรียนยืนยันเมื่อ',
    closedAt: 'ปิดงานเมื่อ',
    rating: 'คะแนนความพึงพอใจ',
  },
  blank: '....................................................................',
};

const when = (at: Date | null) => (at ? formatThaiDateTime(at) : null);

export interface JobSheetOptions {
  officeName: string;
  thaiDigits: boolean;
  now: Date;
  /** The ticket's page (a LIFF link); no QR code without one. */
  ticketUrl?: string | undefined;
}

export async function jobSheetPdfJob(ticket: RepairTicket, timeline: readonly TicketEvent[], options: JobSheetOptions): Promise<PdfJob> {
  const F = T.fields;
  const reasons = repairWorkLabels.waitReasons as Record<string, string>;
  const work: Array<[string, string | null]> = [
    [F.assignee, ticket.assigneeName],
    [F.acceptedAt, when(ticket.acceptedAt)],
    [F.visitAt, when(ticket.visitAt)],
    [F.waiting, ticket.status === 'waiting' && ticket.waitingReason ? (reasons[ticket.waitingReason] ?? ticket.waitingReason) : null],
    [F.resolvedAt, when(ticket.resolvedAt)],
    [F.resolution, ticket.resolution],
    [F.parts, ticket.partsUsed],
    [F.confirmedAt, when(ticket.confirmedAt)],
    [F.closedAt, ticket.status === 'closed' ? when(ticket.closedAt) : null],
    [F.rating, ticket.rating === null ? null : `${ticket.rating}/5`],
  ];
  // Blank lines to fill in by hand at the school while the work is not done yet; other empty steps are left out.
  const toFill = [F.assignee, F.resolvedAt, F.resolution, F.parts];
  const filled = work
    .filter(([label, value]) => value !== null || toFill.includes(label))
    .map(([label, value]): [string, string] => [label, value ?? T.blank]);
  const files: Record<string, string> = {};
  if (options.ticketUrl) files['qr.svg'] = await qrSvg(options.ticketUrl);
  const data = printData(
    {
      title: T.title,
      number: ticket.number,
      status: T.status(STATUS_LABELS[ticket.status] ?? ticket.status),
      office: options.officeName,
      group: reportTexts.group,
      footer: reportTexts.footer(options.officeName, options.now),
      qrCaption: T.qrCaption,
      reportTitle: T.reportTitle,
      report: [
        [F.school, ticket.schoolName],
        [F.district, ticket.district],
        [F.reporter, ticket.reporterName],
        [F.reportedAt, formatThaiDateTime(ticket.createdAt)],
        [F.kind, ticket.categoryLabel],
        [F.priority, PRIORITY_LABELS[ticket.priority] ?? ticket.priority],
        [F.classroom, ticket.classroom ?? '-'],
        [F.description, ticket.description],
      ],
      workTitle: T.workTitle,
      work: filled,
      timelineTitle: T.timelineTitle,
      timelineHeaders: T.timelineHeaders,
      timeline: timeline.map((e) => [formatThaiDateTime(e.at), EVENT_LABELS[e.action] ?? e.action, e.note ?? '', e.actorName ?? 'ระบบ']),
      signLine: T.signLine,
      signatures: T.signatures,
      dateLine: T.dateLine,
    },
    options.thaiDigits,
  );
  return {
    template: 'repair-job',
    data: options.ticketUrl ? { ...data, qr: 'qr.svg' } : data,
    files,
    inputs: { 'thai-digits': options.thaiDigits ? '1' : '0' },
    createdAtSeconds: Math.floor(options.now.getTime() / 1000),
  };
}
