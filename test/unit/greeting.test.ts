import { describe, expect, it } from '@jest/globals';
import type { FlowInput } from '../../src/bot/flow.ts';
import type { LineMessage } from '../../src/line/outbox.ts';
import { HELP_MENU_REVISION, helpTopicAction } from '../../src/flows/greeting/actions.ts';
import { greetingFlow } from '../../src/flows/greeting/flow.ts';
import { greetingTexts } from '../../src/flows/greeting/messages.ts';

const now = new Date('2026-03-02T03:00:00Z');
const userId = 'U-greeting';

function replies(input: FlowInput): LineMessage[] {
  const result = greetingFlow.step(null, input, now);
  expect(result.state).toBeNull();
  return result.effects.flatMap((e) => (e.kind === 'reply' ? e.messages : []));
}

const texts = (messages: LineMessage[]) => messages.flatMap((m) => (m.type === 'text' ? [m.text] : []));

describe('greeting flow', () => {
  it('answers any text with a Thai greeting, the help card and help topics as quick replies', () => {
    const messages = replies({ kind: 'text', userId, text: 'hello' });
    expect(texts(messages)[0]).toBe(greetingTexts.greeting);
    expect(messages.some((m) => m.type === 'flex')).toBe(true);
    const help = messages.find((m) => m.type === 'text' && m.text === greetingTexts.help);
    const labels = help?.quickReply?.items?.map((i) => i.action?.label) ?? [];
    expect(labels).toEqual(expect.arrayContaining(['แจ้งซ่อม', 'ยืมอุปกรณ์', 'จองห้อง', 'แบบสำรวจ', 'หนังสือราชการ']));
    expect(messages.length).toBeLessThanOrEqual(4); // leaves room for a notice within LINE's 5 per reply
  });

  it('mentions every coming feature in the help text', () => {
    for (const feature of ['แจ้งซ่อม', 'ยืมอุปกรณ์', 'จองห้อง', 'แบบสำรวจ', 'หนังสือราชการ']) {
      expect(greetingTexts.help).toContain(feature);
    }
  });

  it('welcomes a new friend, and a returning one differently', () => {
    expect(texts(replies({ kind: 'follow', userId, isUnblocked: false }))[0]).toBe(greetingTexts.welcome);
    expect(texts(replies({ kind: 'follow', userId, isUnblocked: true }))[0]).toBe(greetingTexts.welcomeBack);
  });

  it('explains a help topic when its button is pressed', () => {
    const input: FlowInput = { kind: 'postback', userId, action: helpTopicAction, payload: { t: 'booking', r: HELP_MENU_REVISION }, params: {} };
    expect(texts(replies(input))).toEqual([greetingTexts.topicText('booking', null)]);
  });

  it('treats a help button from an older menu revision as stale', () => {
    const input: FlowInput = { kind: 'postback', userId, action: helpTopicAction, payload: { t: 'repair', r: HELP_MENU_REVISION + 1 }, params: {} };
    const result = greetingFlow.step(null, input, now);
    expect(result.effects).toEqual([{ kind: 'staleButton' }]);
  });

  it('starts on text and follow only', () => {
    expect(greetingFlow.startsOn({ kind: 'text', userId, text: 'x' })).toBe(true);
    expect(greetingFlow.startsOn({ kind: 'follow', userId, isUnblocked: false })).toBe(true);
    expect(greetingFlow.startsOn({ kind: 'sticker', userId, packageId: '1', stickerId: '2' })).toBe(false);
  });
});
