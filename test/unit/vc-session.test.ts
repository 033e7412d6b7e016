import { describe, expect, it } from '@jest/globals';
import { evaluationAverage, parseMeetingLink, tallyOf, withSurveyEvaluation, type VcInvitation } from '../../src/domain/vc/session.ts';
import { summaryCard } from '../../src/flows/vc/cards.ts';
import { vcTexts as T } from '../../src/flows/vc/messages.ts';

const draft = { title: 'ประชุม', startsAt: new Date('2026-12-16T02:00:00Z'), endsAt: new Date('2026-12-16T04:00:00Z'), platform: 'zoom' as const, link: 'https://zoom.us/j/1', roomName: null, audience: { kind: 'all' as const }, invited: 150 };

describe('video conferences, pure parts', () => {
  it('the summary says what the invitations use of the month\'s push budget, and warns when they would go over it', () => {
    expect(JSON.stringify(summaryCard({ ...draft, budget: { used: 100, budget: 300 } }))).toContain(T.budgetLine(150, 100, 300));
    const over = JSON.stringify(summaryCard({ ...draft, budget: { used: 200, budget: 300 } }));
    expect(over).toContain(T.overBudget(150, 200, 300));
    expect(JSON.stringify(summaryCard({ ...draft, budget: { used: 200, budget: 0 } }))).not.toContain('โควตา');
  });

  it('a meeting link is https only', () => {
    expect(parseMeetingLink(' https://meet.google.com/abc-defg-hij ')).toBe('https://meet.google.com/abc-defg-hij');
    expect(parseMeetingLink('http://zoom.us/j/1')).toBeNull();
    expect(parseMeetingLink('zoom.us/j/1')).toBeNull();
    expect(parseMeetingLink('https://zoom.us/j/1 และ')).toBeNull();
  });

  it('the tally counts answers, attendance and full evaluations, by district', () => {
    const base: VcInvitation = { id: 1, sessionId: 1, officeId: 'o', schoolId: 1, schoolName: 'ก', district: 'ข', personId: 1, answer: null, delegate: null, answeredAt: null, pushedAt: null, remindedAt: null, attended: false, evaluation: null, version: 1 };
    const tally = tallyOf([
      { ...base, answer: 'join', attended: true, evaluation: { av: 5, useful: 4, overall: 3 } },
      { ...base, id: 2, answer: 'join', attended: true, evaluation: { av: 4 } },
      { ...base, id: 3, district: 'ค', answer: 'decline', personId: null },
    ]);
    expect(tally).toMatchObject({ invited: 3, reached: 2, joined: 2, declined: 1, unanswered: 0, attended: 2, evaluated: 1, scores: { av: 5, useful: 4, overall: 3 } });
    expect(tally.byDistrict.map((d) => d.district)).toEqual(['ข', 'ค']);
  });

  it('the survey\'s responses add to the old evaluations: each evaluation\'s own mean, averaged; each level question\'s mean', () => {
    const base: VcInvitation = { id: 1, sessionId: 1, officeId: 'o', schoolId: 1, schoolName: 'ก', district: 'ข', personId: 1, answer: 'join', delegate: null, answeredAt: null, pushedAt: null, remindedAt: null, attended: true, evaluation: { av: 5, useful: 5, overall: 5 }, version: 1 };
    const definition = {
      sections: [
        {
          id: 's',
          title: 'ระดับความพึงพอใจ',
          questions: [
            { id: 'content', kind: 'scale' as const, label: 'เนื้อหา', required: true, labels: ['1', '2', '3', '4', '5'] },
            { id: 'overall', kind: 'scale' as const, label: 'โดยรวม', required: true, labels: ['1', '2', '3', '4', '5'] },
            { id: 'suggestion', kind: 'long_text' as const, label: 'ข้อเสนอแนะ', required: false, maxLength: 100 },
          ],
        },
      ],
    };
    const tally = withSurveyEvaluation(tallyOf([base]), { definition, answers: [{ content: 4, overall: 2, suggestion: 'ดี' }, { content: 2 }] });
    expect(tally.evaluated).toBe(3);
    // (5 + 3 + 2) / 3
    expect(evaluationAverage(tally)).toBe(3.3);
    expect(tally.surveyScales).toEqual([
      { id: 'content', label: 'เนื้อหา', mean: 3 },
      { id: 'overall', label: 'โดยรวม', mean: 2 },
    ]);
    expect(withSurveyEvaluation(tallyOf([]), null)).toEqual(tallyOf([]));
    expect(evaluationAverage(tallyOf([]))).toBeNull();
  });
});
