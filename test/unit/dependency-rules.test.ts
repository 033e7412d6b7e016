import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

/**
 * The dependency rule of `npm test` (.dependency-cruiser.cjs) catches what it promises: a violation of each rule
 * planted in a scratch copy of the layout fails the check, the allowed imports beside them do not, and src/ itself
 * passes. Run through the real command line with the real configuration, as `npm test` and landing run it.
 */

const root = resolve(import.meta.dirname, '../..');
const config = join(root, '.dependency-cruiser.cjs');
const depcruise = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');

interface Violation {
  rule: string;
  from: string;
  to: string;
}

/** The command as `npm test` runs it (its exit code), then again for the violations as JSON. */
async function cruise(cwd: string): Promise<{ exitCode: number; violations: Violation[] }> {
  const exitCode = await new Promise<number>((done) =>
    execFile(process.execPath, [depcruise, 'src', '--config', config], { cwd }, (error) => done(error ? Number(error.code ?? 1) : 0)),
  );
  return { exitCode, violations: await violationsOf(cwd) };
}

function violationsOf(cwd: string): Promise<Violation[]> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      [depcruise, 'src', '--config', config, '--output-type', 'json'],
      { cwd, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout) => {
        try {
          const result = JSON.parse(stdout) as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
          const violations = result.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to.replace(/^.*node_modules\/([^/]+)\/.*$/, '$1') }));
          done(violations);
        } catch (parseError) {
          fail(error ?? parseError);
        }
      },
    );
  });
}

let scratch: string;
function plant(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(scratch, path)), { recursive: true });
    writeFileSync(join(scratch, path), text);
  }
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'dependency-rules-'));
  cpSync(join(root, 'tsconfig.json'), join(scratch, 'tsconfig.json'));
  // Packages resolve as they do in the project (node_modules/<name>/…).
  symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'), 'dir');
  plant({
    // The adapters and their allowed users.
    'src/db/database.ts': 'export type Executor = { run(): void };\n',
    'src/db/repos/tickets.ts': "import { sql } from 'drizzle-orm';\nimport type { Executor } from '../database.ts';\nexport const q = (ex: Executor) => sql`select 1`;\n",
    'src/line/outbox.ts': "import type { Executor } from '../db/database.ts';\nexport type LineMessage = { type: 'text'; text: string };\nexport const send = (ex: Executor) => ex;\n",
    'src/kit/sweep.ts': "import { q } from '../db/repos/tickets.ts';\nexport const sweep = q;\n",
    'src/kit/request-executor.ts': "import { q } from '../db/repos/tickets.ts';\nexport const execute = q;\n",
    'src/flows/demo/prepare.ts': "import { q } from '../../db/repos/tickets.ts';\nexport const prepare = q;\n",
    'src/flows/demo/flow.ts': "import { prepare } from './prepare.ts';\nexport const flow = { prepare };\n",
    'src/domain/rules.ts': "export const rule = 1;\n",
    // The kit's pure parts may name a LINE type and use LINE's pure formats.
    'src/line/postback.ts': "export const encodePostback = (action: string) => action;\n",
    'src/kit/steps.ts': "import type { LineMessage } from '../line/outbox.ts';\nimport { encodePostback } from '../line/postback.ts';\nexport const say = (text: string): LineMessage => ({ type: 'text', text: encodePostback(text) });\n",
    // One violation of each rule.
    'src/domain/bad-db.ts': "import type { Executor } from '../db/database.ts';\nexport type E = Executor;\n",
    'src/domain/bad-fs.ts': "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
    'src/kit/picker.ts': "import { q } from '../db/repos/tickets.ts';\nexport const picker = q;\n",
    'src/kit/card.ts': "import { send } from '../line/outbox.ts';\nexport const card = send;\n",
    'src/flows/demo/cards.ts': "import type { Executor } from '../../db/database.ts';\nexport type E = Executor;\n",
    'src/jobs/purge.ts': "import { sql } from 'drizzle-orm';\nexport const purge = sql`delete from inbox_events`;\n",
  });
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the dependency rule in npm test', () => {
  it('fails on a planted violation of each rule, and only on those', async () => {
    const { exitCode, violations } = await cruise(scratch);
    expect(violations.sort((a, b) => a.from.localeCompare(b.from))).toEqual([
      { rule: 'domain-imports-no-io', from: 'src/domain/bad-db.ts', to: 'src/db/database.ts' },
      { rule: 'domain-imports-no-io', from: 'src/domain/bad-fs.ts', to: 'fs' },
      { rule: 'flow-steps-import-no-db', from: 'src/flows/demo/cards.ts', to: 'src/db/database.ts' },
      { rule: 'sql-only-in-db', from: 'src/jobs/purge.ts', to: 'drizzle-orm' },
      { rule: 'kit-pure-parts-use-no-line-io', from: 'src/kit/card.ts', to: 'src/line/outbox.ts' },
      { rule: 'kit-pure-parts-import-no-io', from: 'src/kit/picker.ts', to: 'src/db/repos/tickets.ts' },
    ]);
    // And the command `npm test` runs fails on them.
    expect(exitCode).not.toBe(0);
  });

  it('passes on src/ as it is', async () => {
    const { exitCode, violations } = await cruise(root);
    expect(violations).toEqual([]);
    expect(exitCode).toBe(0);
  });
});
