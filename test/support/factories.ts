import type { Executor } from '../../src/db/database.ts';
import { getResponse, importForm, openRound, saveDraft, submitResponse } from '../../src/db/repos/surveys.ts';
import type { Answers } from '../../src/domain/surveys/answers.ts';
import { formDefinitionSchema, type FormDefinitionInput } from '../../src/domain/surveys/form.ts';
import type { Audience } from '../../src/domain/surveys/round.ts';
import { listCategories } from '../../src/db/repos/repair-categories.ts';
import { setItemKit, upsertItem } from '../../src/db/repos/loan-inventory.ts';
import type { ItemCategory } from '../../src/domain/loans/inventory.ts';
import { letters, outboxMessages, people, repairTickets, schools } from '../../src/db/schema.ts';
import type { LetterKind, LetterRegister, Secrecy, Urgency, Decision, LetterStatus } from '../../src/domain/saraban/letter.ts';
import { calendarYearOf, fiscalYearOf } from '../../src/domain/fiscal-year.ts';
import { DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID, upsertDefaultChannel } from '../../src/line/channels.ts';

/**
 * Rows with the dates a test chooses, written straight into the tables (the flows that normally write them
 * are tested elsewhere): schools, people, repair tickets, letters and sent LINE messages of one office.
 * Every row is the smallest valid one; a test gives only what it is about. `bulk` variants insert many at once
 * (the benchmark's year of activity).
 */

const EPOCH = new Date('2020-01-01T00:00:00Z');

export interface TicketSeed {
  schoolId: number;
  categoryId: number;
  reporterId: number;
  createdAt: Date;
  status?: string;
  priority?: 'urgent' | 'normal';
  assigneeId?: number | null;
  acceptedAt?: Date | null;
  resolvedAt?: Date | null;
  confirmedAt?: Date | null;
  closedAt?: Date | null;
  acceptDueAt?: Date | null;
  resolveDueAt?: Date | null;
  pausedOfficeMinutes?: number;
  rating?: number | null;
  description?: string;
}

export interface LetterSeed {
  register?: LetterRegister;
  registeredAt: Date;
  registeredBy: number;
  number?: number;
  kind?: LetterKind;
  urgency?: Urgency;
  secrecy?: Secrecy;
  status?: LetterStatus;
  subject?: string | null;
  docNo?: string | null;
  docDate?: string | null;
  fromName?: string | null;
  toName?: string | null;
  actBy?: string | null;
  assigneeId?: number | null;
  proposedTo?: number | null;
  proposedAt?: Date | null;
  decision?: Decision | null;
  decidedBy?: number | null;
  decidedAt?: Date | null;
  cancelledAt?: Date | null;
  cancelReason?: string | null;
}

export interface PersonOptions {
  schoolId?: number | null;
  lineUserId?: string | null;
  status?: string;
  /** The rich menu family the person's row says they have (the reconciler links menus from it). */
  richMenuFamily?: string | null;
}

export function officeFactory(ex: Executor, officeId = DEFAULT_OFFICE_ID, channelId = DEFAULT_CHANNEL_ID) {
  const ticketSeq = new Map<number, number>();
  const letterSeq = new Map<string, number>();
  let users = 0;

  const nextTicketNumber = (fiscalYear: number) => {
    const seq = (ticketSeq.get(fiscalYear) ?? 0) + 1;
    ticketSeq.set(fiscalYear, seq);
    return seq;
  };
  const nextLetterNumber = (register: string, year: number) => {
    const key = `${register}:${year}`;
    const n = (letterSeq.get(key) ?? 0) + 1;
    letterSeq.set(key, n);
    return n;
  };

  const ticketRow = (seed: TicketSeed) => {
    const fiscalYear = fiscalYearOf(seed.createdAt);
    return {
      officeId,
      fiscalYear,
      seq: nextTicketNumber(fiscalYear),
      schoolId: seed.schoolId,
      reporterId: seed.reporterId,
      categoryId: seed.categoryId,
      description: seed.description ?? 'ไม่มีสัญญาณ',
      teachingStopped: seed.priority === 'urgent',
      priority: seed.priority ?? 'normal',
      status: seed.status ?? 'new',
      assigneeId: seed.assigneeId ?? null,
      acceptedAt: seed.acceptedAt ?? null,
      resolvedAt: seed.resolvedAt ?? null,
      confirmedAt: seed.confirmedAt ?? null,
      closedAt: seed.closedAt ?? null,
      acceptDueAt: seed.acceptDueAt ?? null,
      resolveDueAt: seed.resolveDueAt ?? null,
      pausedOfficeMinutes: seed.pausedOfficeMinutes ?? 0,
      rating: seed.rating ?? null,
      createdAt: seed.createdAt,
      updatedAt: seed.createdAt,
    };
  };

  const letterRow = (seed: LetterSeed) => {
    const register = seed.register ?? 'receive';
    const year = calendarYearOf(seed.registeredAt);
    return {
      officeId,
      register,
      year,
      number: seed.number ?? nextLetterNumber(register, year),
      docNo: seed.docNo === undefined ? 'ศธ 04001/ว1' : seed.docNo,
      docDate: seed.docDate ?? null,
      fromName: seed.fromName === undefined ? (register === 'receive' ? 'สพฐ.' : 'สพป.') : seed.fromName,
      toName: seed.toName === undefined ? 'ผอ.สพป.' : seed.toName,
      subject: seed.subject === undefined ? 'ขอความร่วมมือ' : seed.subject,
      kind: seed.kind ?? 'external',
      urgency: seed.urgency ?? 'normal',
      actBy: seed.actBy ?? null,
      secrecy: seed.secrecy ?? 'none',
      status: seed.status ?? (register === 'send' ? 'sent' : seed.decidedAt ? 'decided' : 'registered'),
      registeredAt: seed.registeredAt,
      registeredBy: seed.registeredBy,
      assigneeId: seed.assigneeId ?? null,
      proposedTo: seed.proposedTo ?? null,
      proposedAt: seed.proposedAt ?? null,
      proposalAsk: seed.proposedAt ? 'approve' : null,
      decision: seed.decision ?? null,
      decidedBy: seed.decidedBy ?? null,
      decidedAt: seed.decidedAt ?? null,
      cancelledAt: seed.cancelledAt ?? null,
      cancelReason: seed.cancelReason ?? null,
      createdAt: seed.registeredAt,
      updatedAt: seed.registeredAt,
    };
  };

  async function submitted(roundId: number, respondentKey: string, schoolId: number | null, personId: number, answers: Answers, at: Date): Promise<number> {
    await saveDraft(ex, { officeId, roundId, respondentKey, schoolId, personId, formVersion: 1, answers }, at);
    const draft = (await getResponse(ex, roundId, respondentKey))!;
    const outcome = await submitResponse(ex, { officeId, responseId: draft.id, expectedVersion: draft.version, personId, answers }, at);
    if (outcome !== 'submitted') throw new Error(`the response of ${respondentKey} was not submitted`);
    return draft.id;
  }
  /** A person's row, as `person` below says. */
  const personRow = (fullName: string, role: string, options: PersonOptions = {}) => {
    users += 1;
    const lineUserId = options.lineUserId === undefined ? `U${String(users).padStart(32, '0')}` : options.lineUserId;
    return {
      officeId,
      channelId,
      lineUserId,
      fullName,
      role,
      schoolId: options.schoolId ?? null,
      status: options.status ?? 'active',
      richMenuFamily: options.richMenuFamily ?? null,
      consentAt: EPOCH,
      createdAt: EPOCH,
      updatedAt: EPOCH,
    };
  };
  const factory = {
    officeId,
    channelId,
    async channel(officeName = 'สพป.ทดสอบ เขต 1'): Promise<void> {
      await upsertDefaultChannel(ex, { officeName, channelSecret: 'secret-for-tests', channelAccessToken: 'token-for-tests' });
    },
    async school(name: string, district: string, cluster: string | null = null): Promise<number> {
      const [row] = await ex.insert(schools).values({ officeId, name, district, cluster, createdAt: EPOCH, updatedAt: EPOCH }).returning({ id: schools.id });
      return row!.id;
    },
    /** Many schools in one insert (name, district, cluster each); their ids in the same order. */
    async schools(rows: readonly { name: string; district: string; cluster?: string | null }[]): Promise<number[]> {
      const ids: number[] = [];
      for (let i = 0; i < rows.length; i += 500) {
        const made = await ex
          .insert(schools)
          .values(rows.slice(i, i + 500).map((r) => ({ officeId, name: r.name, district: r.district, cluster: r.cluster ?? null, createdAt: EPOCH, updatedAt: EPOCH })))
          .returning({ id: schools.id });
        ids.push(...made.map((m) => m.id));
      }
      return ids;
    },
    /**
     * A registered person of the office. Without `lineUserId` one is made up (`U000…n`); `null` = no LINE account
     * (an invited person, a deleted one).
     */
    async person(fullName: string, role: string, options: PersonOptions = {}): Promise<{ id: number; lineUserId: string | null }> {
      const values = personRow(fullName, role, options);
      const [row] = await ex.insert(people).values(values).returning({ id: people.id });
      return { id: row!.id, lineUserId: values.lineUserId };
    },
    /** Several people at once (500 an insert: the benchmarks' thousands of directors), in order; their ids in the same order. */
    async people(rows: readonly { fullName: string; role: string; options?: PersonOptions }[]): Promise<number[]> {
      const ids: number[] = [];
      for (let i = 0; i < rows.length; i += 500) {
        const made = await ex
          .insert(people)
          .values(rows.slice(i, i + 500).map((r) => personRow(r.fullName, r.role, r.options)))
          .returning({ id: people.id });
        ids.push(...made.map((m) => m.id));
      }
      return ids;
    },
    /** The office's repair categories by code (the default list is created on first read). */
    async categories(): Promise<Map<string, { id: number; label: string }>> {
      return new Map((await listCategories(ex, officeId)).map((c) => [c.code, { id: c.id, label: c.label }]));
    },
    async ticket(seed: TicketSeed): Promise<number> {
      const [row] = await ex.insert(repairTickets).values(ticketRow(seed)).returning({ id: repairTickets.id });
      return row!.id;
    },
    async tickets(seeds: readonly TicketSeed[]): Promise<void> {
      for (let i = 0; i < seeds.length; i += 500) await ex.insert(repairTickets).values(seeds.slice(i, i + 500).map(ticketRow));
    },
    async letter(seed: LetterSeed): Promise<number> {
      const [row] = await ex.insert(letters).values(letterRow(seed)).returning({ id: letters.id });
      return row!.id;
    },
    async letters(seeds: readonly LetterSeed[]): Promise<void> {
      for (let i = 0; i < seeds.length; i += 500) await ex.insert(letters).values(seeds.slice(i, i + 500).map(letterRow));
    },
    /** A lendable item of the inventory (its type created on first use), in a kit when `kit` names one; its id. */
    async loanItem(assetTag: string, typeName: string, category: ItemCategory, kit: string | null = null): Promise<number> {
      const { id } = await upsertItem(ex, officeId, { assetTag, typeName, category, model: null, serialNumber: null, condition: 'good', location: null, lendable: true, retired: false, note: null }, EPOCH);
      if (kit) await setItemKit(ex, officeId, id, kit);
      return id;
    },
    /**
     * A survey round of a form (a definition as in a JSON file) open to an audience from `opensAt` until `closesOn`
     * (`YYYY-MM-DD`); the form is stored once per key and version.
     */
    /** A round of the form, opened by `createdBy` (default: nobody, as the command and the demo open them). */
    async surveyRound(definition: FormDefinitionInput, round: { audience: Audience; closesOn: string; opensAt: Date; district?: string | null; title?: string; createdBy?: number }): Promise<{ formId: number; roundId: number }> {
      const stored = await importForm(ex, officeId, formDefinitionSchema.parse(definition), null, round.opensAt);
      const opened = await openRound(
        ex,
        { officeId, formId: stored.form.id, title: round.title ?? stored.form.title, audience: round.audience, district: round.district ?? null, opensAt: round.opensAt, closesOn: round.closesOn, createdBy: round.createdBy ?? null },
        round.opensAt,
      );
      return { formId: stored.form.id, roundId: opened.id };
    },
    /** A school's response to a round, submitted by `personId` with these answers (as they are kept); its id. */
    submittedResponse(roundId: number, schoolId: number, personId: number, answers: Answers, at: Date): Promise<number> {
      return submitted(roundId, `school:${schoolId}`, schoolId, personId, answers, at);
    },
    /** A person's own response to a round of a `person` form (the feedback after a training); its id. */
    submittedPersonResponse(roundId: number, personId: number, answers: Answers, at: Date): Promise<number> {
      return submitted(roundId, `person:${personId}`, null, personId, answers, at);
    },
    /** A LINE message already sent (`push` counts against the budget, `reply` is free). */
    async sentMessage(via: 'push' | 'reply', sentAt: Date, toUserId = 'Uffffffffffffffffffffffffffffffff'): Promise<void> {
      await ex.insert(outboxMessages).values({ channelId, officeId, toUserId, messages: [{ type: 'text', text: 'x' }], status: 'sent', sentVia: via, sentAt, createdAt: sentAt });
    },
  };
  return factory;
}

export type OfficeFactory = ReturnType<typeof officeFactory>;
