import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import { runChannelsCommand } from '../../scripts/channels.ts';
import type { Database } from '../../src/db/database.ts';
import { lineChannels, offices } from '../../src/db/schema.ts';
import { upsertDefaultChannel } from '../../src/line/channels.ts';
import { createTestDatabase } from '../support/database.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await upsertDefaultChannel(database.db, { officeName: 'สพป. ชัยภูมิ เขต 3', channelSecret: 'default-secret-0001', channelAccessToken: 'default-token-0001' });
});
afterAll(async () => database.close());

const SECRET = 'c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8';
const TOKEN = 'long-lived-access-token-of-office-two-XYZ9';

async function run(args: string[], env: Record<string, string> = {}) {
  const lines: string[] = [];
  const code = await runChannelsCommand(database.db, args, { out: (l) => void lines.push(l), readFile: () => Promise.reject(new Error('none')) }, {
    env,
    publicBaseUrl: 'https://bot.example.go.th/',
  });
  return { code, output: lines.join('\n') };
}

async function channel(id: string) {
  const [row] = await database.db.select().from(lineChannels).where(eq(lineChannels.id, id));
  return row;
}

describe('npm run channels', () => {
  it('adds an office with its channel, prints the webhook address to give LINE, and lists it without its secret or token', async () => {
    const added = await run(['add', 'cpm2', '--office=cpm2', '--office-name=สพป. ชัยภูมิ เขต 2', '--budget=500'], { CHANNEL_SECRET: SECRET, CHANNEL_ACCESS_TOKEN: TOKEN });
    expect(added.code).toBe(0);
    expect(added.output).toContain('https://bot.example.go.th/webhook/cpm2');
    expect(await channel('cpm2')).toMatchObject({ officeId: 'cpm2', channelSecret: SECRET, channelAccessToken: TOKEN, monthlyMessageBudget: 500 });
    const [office] = await database.db.select().from(offices).where(eq(offices.id, 'cpm2'));
    expect(office?.name).toBe('สพป. ชัยภูมิ เขต 2');

    const listed = await run(['list']);
    expect(listed.code).toBe(0);
    expect(listed.output).toMatch(/^cpm2\t\/webhook\/cpm2\t.*สพป\. ชัยภูมิ เขต 2.*500.*…e7f8.*…XYZ9/m);
    expect(listed.output).toMatch(/^default\t\/webhook\t/m);
    expect(listed.output).not.toContain(SECRET);
    expect(listed.output).not.toContain(TOKEN);
  });

  it.each([
    [['add', 'Office 3', '--office=o3', '--office-name=x'], { CHANNEL_SECRET: SECRET, CHANNEL_ACCESS_TOKEN: TOKEN }, 'channel-id'],
    [['add', 'default', '--office=o3', '--office-name=x'], { CHANNEL_SECRET: SECRET, CHANNEL_ACCESS_TOKEN: TOKEN }, 'channel-id'],
    [['add', 'o3', '--office=o3', '--office-name=x'], { CHANNEL_ACCESS_TOKEN: TOKEN }, 'CHANNEL_SECRET'],
    [['add', 'o3', '--office=o3'], { CHANNEL_SECRET: SECRET, CHANNEL_ACCESS_TOKEN: TOKEN }, '--office-name'],
    [['add', 'o3', '--office=o3', '--office-name=x', '--budget=-1'], { CHANNEL_SECRET: SECRET, CHANNEL_ACCESS_TOKEN: TOKEN }, '--budget'],
    [['add', 'o3', '--office=o3', '--office-name=x', '--api-base-url=ftp://x'], { CHANNEL_SECRET: SECRET, CHANNEL_ACCESS_TOKEN: TOKEN }, '--api-base-url'],
    [['add', 'cpm2', '--office=cpm2', '--office-name=x'], { CHANNEL_SECRET: SECRET, CHANNEL_ACCESS_TOKEN: TOKEN }, 'มีช่องทาง cpm2 อยู่แล้ว'],
  ])('refuses %j, saying why (%s), and adds nothing', async (args, env, reason) => {
    const before = await database.db.select().from(lineChannels);
    const result = await run(args, env);
    expect(result.code).toBe(1);
    expect(result.output).toContain(reason);
    expect(await database.db.select().from(lineChannels)).toEqual(before);
  });

  it('reissues a channel\'s token and puts its budget back to the deployment\'s, changing nothing else', async () => {
    const result = await run(['set', 'cpm2', '--token', '--budget=default'], { CHANNEL_SECRET: 'ignored-without-flag', CHANNEL_ACCESS_TOKEN: 'reissued-token-of-office-two' });
    expect(result.code).toBe(0);
    expect(await channel('cpm2')).toMatchObject({ channelSecret: SECRET, channelAccessToken: 'reissued-token-of-office-two', monthlyMessageBudget: null });
  });

  it('leaves the default channel\'s secret and token to the settings, but sets its budget', async () => {
    expect((await run(['set', 'default', '--secret'], { CHANNEL_SECRET: 'another-secret-123' })).output).toContain('LINE_CHANNEL_SECRET');
    expect((await channel('default'))?.channelSecret).toBe('default-secret-0001');
    expect((await run(['set', 'default', '--budget=1000'])).code).toBe(0);
    expect((await channel('default'))?.monthlyMessageBudget).toBe(1000);
  });

  it('answers an unknown channel, nothing to change, or a wrong command with a clear message', async () => {
    expect(await run(['set', 'nope', '--budget=5'])).toEqual({ code: 1, output: expect.stringContaining('ไม่พบช่องทาง nope') });
    expect(await run(['set', 'cpm2'])).toEqual({ code: 1, output: expect.stringContaining('ไม่มีอะไรให้เปลี่ยน') });
    expect((await run(['remove', 'cpm2'])).code).toBe(2);
    expect((await run(['add', 'x', '--colour=red'])).code).toBe(2);
  });
});
