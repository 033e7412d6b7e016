import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { findRunningServer } from '../../src/db/embedded-server.ts';
import { registrationLabels } from '../../src/flows/registration/messages.ts';
import { eventually, freePort, runCommand, startServiceProcess, type ServiceProcess } from '../support/processes.ts';
import { emulatorClient } from '../support/service.ts';
import { actionsIn, dataOf } from '../support/chat.ts';

/**
 * The embedded database is a PostgreSQL server on DATA_DIR/postgres (src/db/embedded-server.ts), run by the service or,
 * when the service is not running, by the operator command that needs it. Operator commands and the service share
 * that one server: a code printed by `npm run create-admin-invite` exists for the running service at once.
 */

const INVITE = 'scripts/create-admin-invite.ts';

function codeOf(stdout: string): string {
  const match = /รหัสเชิญผู้ดูแลระบบ: ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(stdout);
  if (!match) throw new Error(`no invitation code in:\n${stdout}`);
  return match[1]!;
}

describe('operator commands on the embedded database', () => {
  let dataDir: string;
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'esa-line-commands-'));
  });
  afterAll(async () => {
    await service?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a command run while the service is stopped starts the server for itself and stops it at its end', async () => {
    const result = await runCommand(INVITE, [], { DATA_DIR: dataDir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    codeOf(result.stdout);
    expect(await findRunningServer(dataDir)).toBeUndefined();
  });

  it('two commands at once on a new folder share one server; the codes they print both work in the service started after', async () => {
    const fresh = await mkdtemp(path.join(tmpdir(), 'esa-line-commands-race-'));
    try {
      const [a, b] = await Promise.all([runCommand(INVITE, [], { DATA_DIR: fresh }), runCommand(INVITE, [], { DATA_DIR: fresh })]);
      expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, '', '']);
      expect(codeOf(a.stdout)).not.toBe(codeOf(b.stdout));
      expect(await findRunningServer(fresh)).toBeUndefined();
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });

  it('a service whose PORT is taken says so and leaves no embedded server running behind it', async () => {
    const fresh = await mkdtemp(path.join(tmpdir(), 'esa-line-port-taken-'));
    const taken = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => taken.listen(port, '0.0.0.0', resolve));
    try {
      const result = await runCommand('src/main.ts', [], { DATA_DIR: fresh, PORT: String(port), LOG_LEVEL: 'warn' });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`PORT ${port} is already in use`);
      expect(result.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
      expect(await findRunningServer(fresh)).toBeUndefined();
    } finally {
      await new Promise((resolve) => taken.close(resolve));
      await rm(fresh, { recursive: true, force: true });
    }
  });

  it('a command run while the service runs uses the service’s server: its code is redeemed at once, and the service goes on', async () => {
    service = await startServiceProcess(await freePort(), { DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    const running = await findRunningServer(dataDir);
    expect(running).toBeDefined();

    const result = await runCommand(INVITE, [], { DATA_DIR: dataDir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const code = codeOf(result.stdout);
    // The command left the service's server running (same postmaster), and the service still answers.
    expect((await findRunningServer(dataDir))?.pid).toBe(running!.pid);
    expect((await fetch(`${service.url}/readyz`)).status).toBe(200);

    const emulator = emulatorClient(`${service.url}/emulator/api`);
    const { userId } = await emulator.createUser('ผู้ดูแลคนแรก');
    await emulator.sendText(userId, `รหัสเชิญ ${code}`);
    // The bot asks for consent first (quick replies); consenting goes on with the code.
    const asked = await eventually(
      async () => (await emulator.conversation(userId)).entries,
      (entries) => actionsIn(entries).some((a) => a.label === registrationLabels.consentYes),
    );
    await emulator.tap(userId, dataOf(asked, registrationLabels.consentYes));
    const botTexts = async () => (await emulator.conversation(userId)).entries.filter((e) => e.direction === 'bot').map((e) => e.message.text ?? '').join('\n');
    const said = await eventually(botTexts, (text) => /รหัสเชิญ(ถูกต้อง|นี้)/.test(text));
    expect(said).toContain('รหัสเชิญถูกต้องค่ะ');
    expect(said).not.toContain('ไม่พบรหัสเชิญ');

    expect(await service.stop()).toBe(0);
    service = undefined;
    // The service stopped the server it ran.
    expect(await findRunningServer(dataDir)).toBeUndefined();
  });

  it('the service started after a service killed mid-run takes its server over, and stops it when it stops', async () => {
    const first = await startServiceProcess(await freePort(), { DATA_DIR: dataDir });
    const server = await findRunningServer(dataDir);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    // The server outlived the killed service (its own process group) …
    expect((await findRunningServer(dataDir))?.pid).toBe(server!.pid);
    // … and the next start uses it rather than opening the folder a second time.
    const second = await startServiceProcess(await freePort(), { DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    expect(second.output()).toContain('embedded PostgreSQL already running');
    expect(await second.stop()).toBe(0);
    await eventually(() => findRunningServer(dataDir), (found) => found === undefined, 10_000);
  });
});

describe('an embedded database that cannot start says what to change', () => {
  it('refuses an earlier version’s PGlite folder with instructions, and touches nothing', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'esa-line-pglite-'));
    try {
      await mkdir(path.join(dataDir, 'pgdata'));
      await writeFile(path.join(dataDir, 'pgdata', 'PG_VERSION'), '17\n');
      for (const run of [() => runCommand('src/main.ts', [], { DATA_DIR: dataDir, PORT: '0' }, 30_000), () => runCommand(INVITE, [], { DATA_DIR: dataDir })]) {
        const result = await run();
        expect(result.code).toBe(1);
        expect(result.stderr).toContain('PGlite');
        expect(result.stderr).toContain(`mv ${path.join(dataDir, 'pgdata')}`);
        expect(result.stdout).not.toContain('รหัสเชิญผู้ดูแลระบบ');
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  const asRoot = userInfo().uid === 0 ? it : it.skip;
  asRoot('as root, a DATA_DIR under a folder the postgres user cannot pass (mode 700) stops the start naming the folder and the chmod', async () => {
    const parent = await mkdtemp(path.join(tmpdir(), 'esa-line-closed-'));
    try {
      const dataDir = path.join(parent, 'x', 'data');
      await mkdir(dataDir, { recursive: true });
      const result = await runCommand('src/main.ts', [], { DATA_DIR: dataDir, PORT: '0' }, 30_000);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`cannot pass through ${parent} (mode 700)`);
      expect(result.stderr).toContain(`chmod o+x ${parent}`);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });
});
