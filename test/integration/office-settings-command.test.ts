import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Database } from '../../src/db/database.ts';
import { getOfficeSettings } from '../../src/db/repos/office-settings.ts';
import { DEFAULT_OFFICE_ID, upsertDefaultChannel } from '../../src/line/channels.ts';
import { runOfficeSettingsCommand } from '../../scripts/office-settings.ts';
import { createTestDatabase } from '../support/database.ts';

const NOW = new Date('2027-01-05T03:00:00Z');
let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
  await upsertDefaultChannel(database.db, { officeName: 'สพป. ทดสอบ', channelSecret: 's', channelAccessToken: 't' });
});
afterAll(async () => database.close());

function io(files: Record<string, string> = {}) {
  const lines: string[] = [];
  return {
    lines,
    out: (line: string) => void lines.push(line),
    readFile: async (path: string) => {
      const text = files[path];
      if (text === undefined) throw new Error(`no such file ${path}`);
      return text;
    },
  };
}

describe('npm run office-settings', () => {
  it('shows the defaults of an office that set nothing', async () => {
    const out = io();
    expect(await runOfficeSettingsCommand(database.db, DEFAULT_OFFICE_ID, ['show'], out, NOW)).toBe(0);
    const shown = JSON.parse(out.lines.join('\n'));
    expect(shown.officeHours).toEqual({ open: '08:30', close: '16:30' });
    expect(shown.repair.routing).toBe('all');
  });

  it('saves a document that sets only some keys; the rest keep their defaults', async () => {
    const out = io({ 'settings.json': JSON.stringify({ officeHours: { open: '08:00' }, repair: { routing: 'district' } }) });
    expect(await runOfficeSettingsCommand(database.db, DEFAULT_OFFICE_ID, ['set', 'settings.json'], out, NOW)).toBe(0);
    const saved = await getOfficeSettings(database.db, DEFAULT_OFFICE_ID);
    expect(saved.officeHours).toEqual({ open: '08:00', close: '16:30' });
    expect(saved.repair.routing).toBe('district');
    expect(saved.repair.autoCloseOfficeDays).toBe(3);
  });

  it('refuses a document that does not validate, says why, and changes nothing', async () => {
    const before = await getOfficeSettings(database.db, DEFAULT_OFFICE_ID);
    const out = io({ 'bad.json': JSON.stringify({ officeHours: { open: '17:00', close: '08:00' }, workingDays: [9] }) });
    expect(await runOfficeSettingsCommand(database.db, DEFAULT_OFFICE_ID, ['set', 'bad.json'], out, NOW)).toBe(1);
    expect(out.lines.join('\n')).toContain('ไม่ได้บันทึก');
    expect(await getOfficeSettings(database.db, DEFAULT_OFFICE_ID)).toEqual(before);
  });

  it('refuses a file that is not JSON and explains usage for unknown commands', async () => {
    expect(await runOfficeSettingsCommand(database.db, DEFAULT_OFFICE_ID, ['set', 'x.json'], io({ 'x.json': '{' }), NOW)).toBe(1);
    expect(await runOfficeSettingsCommand(database.db, DEFAULT_OFFICE_ID, ['frobnicate'], io(), NOW)).toBe(2);
  });
});
