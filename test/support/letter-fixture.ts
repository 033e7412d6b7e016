import type { Letter } from '../../src/domain/saraban/view.ts';

/**
 * A `Letter` for pure tests: a non-secret received letter, just registered, nothing assigned, proposed or
 * decided. Each test file passes what its cases need (its own subject, dates, people).
 */
export function letterFixture(overrides: Partial<Letter> = {}): Letter {
  return {
    id: 1,
    officeId: 'default',
    register: 'receive',
    year: 2570,
    number: 1,
    docNo: 'ศธ 04001/ว1234',
    docDate: '2027-03-01',
    fromName: 'สพฐ.',
    toName: 'ผอ.สพป.',
    subject: 'ขอความร่วมมือ',
    kind: 'external',
    urgency: 'normal',
    actBy: null,
    secrecy: 'none',
    status: 'registered',
    version: 1,
    registeredAt: new Date('2027-03-01T02:00:00Z'),
    registeredById: 1,
    registeredByName: 'ธุรการ',
    assignedById: null,
    assigneeId: null,
    assigneeName: null,
    instruction: null,
    assignedAt: null,
    acknowledgedAt: null,
    proposedToId: null,
    proposedToName: null,
    proposalAsk: null,
    proposalNote: null,
    proposedAt: null,
    decision: null,
    decisionText: null,
    decidedById: null,
    decidedByName: null,
    decidedActing: null,
    decidedAt: null,
    remarks: null,
    cancelledAt: null,
    cancelReason: null,
    attachmentCount: 0,
    ...overrides,
  };
}
