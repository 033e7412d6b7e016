import { describe, expect, it } from '@jest/globals';
import { ACTION_LABELS } from '../../src/domain/permissions.ts';
import { at, buttonLabel, deniedMessage, deny, end, LABEL_MAX, labelKeeping, labelWithCount, QUICK_REPLY_MAX, schoolButtonLabel, stale, textWithButtons, textWithPhotoButtons, say, withQuickReply } from '../../src/kit/steps.ts';
import { reply } from '../../src/bot/flow.ts';

describe('the kit step helpers', () => {
  it('a stale button ends the conversation, or keeps it where it was when its state is given', () => {
    expect(stale()).toEqual({ state: null, effects: [{ kind: 'staleButton' }] });
    const form = { step: 'files', data: { d: 1 } };
    expect(stale(form)).toEqual({ state: form, effects: [{ kind: 'staleButton' }] });
  });

  it('a refusal answers politely, records the denial for the audit, and ends the conversation', () => {
    expect(deny('take_ticket')).toEqual({
      state: null,
      effects: [
        { kind: 'reply', messages: [{ type: 'text', text: deniedMessage('take_ticket') }] },
        { kind: 'command', command: { type: 'recordDenial', action: 'take_ticket' } },
      ],
    });
    expect(deniedMessage('take_ticket')).toContain(`"${ACTION_LABELS.take_ticket}"`);
  });

  it('at keeps the data under the step; end clears the state', () => {
    expect(at('visit', { t: 1 })).toEqual({ state: { step: 'visit', data: { t: 1 } }, effects: [] });
    expect(end()).toEqual({ state: null, effects: [] });
  });

  it('labels are cut to what LINE allows, and no more quick replies are sent than LINE takes', () => {
    expect(buttonLabel('ก'.repeat(30))).toHaveLength(LABEL_MAX);
    const buttons = Array.from({ length: 20 }, (_, i) => ({ label: `${i}`, data: `d${i}` }));
    expect(textWithButtons('?', buttons).quickReply?.items).toHaveLength(QUICK_REPLY_MAX);
    expect(textWithPhotoButtons('?', buttons).quickReply?.items).toHaveLength(QUICK_REPLY_MAX);
  });
});

describe('labels that must not lose their point when cut', () => {
  it('keeps a count when the name is too long for a button', () => {
    expect(labelWithCount('โน้ตบุ๊ก', 2)).toBe('โน้ตบุ๊ก (2)');
    expect(labelWithCount('กล้องถ่ายภาพ', 1)).toBe('กล้องถ่ายภาพ');
    const cut = labelWithCount('โปรเจกเตอร์ (สาธิต) ห้องประชุม', 3);
    expect(cut.endsWith('… (3)')).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(LABEL_MAX);
    expect(labelKeeping('ชุดประชุมทางไกล VC ห้องใหญ่', ' ✓').endsWith('… ✓')).toBe(true);
  });

  it('gives a school’s button the part of its name that tells it apart', () => {
    expect(schoolButtonLabel('โรงเรียนบ้านหนองบัวทอง')).toBe('บ้านหนองบัวทอง');
    expect(schoolButtonLabel('โรงเรียน บ้านโคกสูง')).toBe('บ้านโคกสูง');
    expect(schoolButtonLabel('สำนักงานเขต')).toBe('สำนักงานเขต');
  });
});

describe('withQuickReply', () => {
  const item = { type: 'action' as const, action: { type: 'message' as const, label: 'ขอสิทธิ์ใช้ระบบ', text: 'ขอสิทธิ์ใช้ระบบ' } };
  const button = (n: number) => ({ label: `${n}`, data: `d${n}` });

  it('adds the item after the quick replies of the last message of the last reply', () => {
    const result = end(reply(say('ก่อน')), reply(say('หนึ่ง'), textWithButtons('สอง', [button(1)])));
    const out = withQuickReply(result, item);
    const last = (out.effects[1] as { messages: Array<{ text: string; quickReply?: { items: unknown[] } }> }).messages;
    expect(last[0]).toEqual({ type: 'text', text: 'หนึ่ง' });
    expect(last[1]!.quickReply!.items).toHaveLength(2);
    expect(last[1]!.quickReply!.items[1]).toEqual(item);
    expect((out.effects[0] as { messages: unknown[] }).messages).toEqual([say('ก่อน')]);
    // The step's own result is left as it was.
    expect((result.effects[1] as { messages: Array<{ quickReply?: { items: unknown[] } }> }).messages[1]!.quickReply!.items).toHaveLength(1);
  });

  it('gives a message without quick replies its first, and leaves a full list or no reply alone', () => {
    expect(((withQuickReply(end(reply(say('x'))), item).effects[0] as { messages: Array<{ quickReply?: { items: unknown[] } }> }).messages[0]!.quickReply!.items)).toEqual([item]);
    const full = end(reply(textWithButtons('x', Array.from({ length: QUICK_REPLY_MAX }, (_, i) => button(i)))));
    expect(withQuickReply(full, item)).toEqual(full);
    expect(withQuickReply(end(), item)).toEqual(end());
  });
});
