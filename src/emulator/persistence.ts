import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync } from 'node:fs';
import { open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Logger } from '../logger.ts';
import type { EmulatorSnapshot } from './state.ts';

/**
 * The emulator's world kept in a folder (`DATA_DIR/emulator`), so a restart of `npm start` keeps the
 * simulated users, their conversations, the rich menus and their links, what the simulator page shows.
 *
 * Why a file and not the service's database: the emulator plays LINE, and LINE's side of the world is not the
 * bot's data. Kept apart, the bot's database holds exactly what it would hold in production, the emulator
 * needs no migration and no `office_id`, works the same whichever database the service uses, and is
 * forgotten by deleting one folder (or `POST /emulator/api/reset`).
 *
 * `state.json` is written atomically (a temporary file, flushed to disk, then renamed over the old one), a
 * moment after each change and at stop. Bytes (rich-menu images, pictures and files users sent) are kept
 * beside it in `blobs/`, named by their SHA-256, written once; blobs no longer named are removed.
 */

export const EMULATOR_STATE_FILE = 'state.json';
const BLOBS = 'blobs';
const SAVE_DELAY_MS = 100;

const blobRefSchema = z.object({ blob: z.string().regex(/^[0-9a-f]{64}$/), contentType: z.string().min(1) });

const userSchema = z.object({
  userId: z.string(),
  channelId: z.string(),
  displayName: z.string(),
  pictureUrl: z.string().optional(),
  language: z.string(),
  following: z.boolean(),
});

const entrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  direction: z.enum(['user', 'bot']),
  via: z.enum(['webhook', 'reply', 'push', 'multicast']),
  channelId: z.string(),
  message: z.unknown(),
  webhookEventId: z.string().optional(),
  requestId: z.string().optional(),
});

const channelSchema = z.object({
  channelId: z.string(),
  destination: z.string(),
  richMenus: z.array(z.object({ richMenuId: z.string(), request: z.unknown(), image: blobRefSchema.optional() })),
  aliases: z.array(z.tuple([z.string(), z.string()])),
  userMenus: z.array(z.tuple([z.string(), z.string()])),
  defaultRichMenuId: z.string().optional(),
  quotaLimit: z.number().int().min(0),
  usageByMonth: z.array(z.tuple([z.string(), z.number().int()])),
  retryKeys: z.array(z.object({ key: z.string(), requestId: z.string(), at: z.number() })),
});

const fileSchema = z.object({
  version: z.literal(1),
  savedAt: z.string(),
  seq: z.number().int().min(0),
  users: z.array(userSchema),
  conversations: z.array(z.object({ userId: z.string(), entries: z.array(entrySchema) })),
  replyTokens: z.array(z.object({ token: z.string(), channelId: z.string(), userId: z.string(), issuedAt: z.number(), used: z.boolean() })),
  contents: z.array(z.object({ messageId: z.string(), channelId: z.string() }).extend(blobRefSchema.shape)),
  pictures: z.array(z.object({ id: z.string() }).extend(blobRefSchema.shape)),
  channels: z.array(channelSchema),
});
type StateFile = z.infer<typeof fileSchema>;

export class EmulatorStore {
  readonly dir: string;
  private readonly logger: Logger;
  private readonly hashes = new WeakMap<Buffer, string>();
  private snapshot: (() => EmulatorSnapshot) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(dir: string, logger: Logger) {
    this.dir = dir;
    this.logger = logger;
  }

  /**
   * What was kept, or undefined for a first start. An unreadable file (an older format, a hand edit) is set
   * aside as `state.json.unreadable-<time>` and logged, and the emulator starts empty: no simulated world is
   * worth a service that does not start.
   */
  load(): EmulatorSnapshot | undefined {
    const file = path.join(this.dir, EMULATOR_STATE_FILE);
    if (!existsSync(file)) return undefined;
    let parsed: StateFile;
    try {
      parsed = fileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    } catch (err) {
      const aside = `${file}.unreadable-${Date.now()}`;
      renameSync(file, aside);
      this.logger.warn({ file: aside, err: err instanceof Error ? err.message : String(err) }, 'emulator state unreadable: set aside, starting empty');
      return undefined;
    }
    const blob = (ref: z.infer<typeof blobRefSchema>) => {
      const bytes = this.readBlob(ref.blob);
      return bytes ? { bytes, contentType: ref.contentType } : undefined;
    };
    return {
      seq: parsed.seq,
      users: parsed.users,
      conversations: parsed.conversations,
      replyTokens: parsed.replyTokens,
      contents: parsed.contents.flatMap(({ messageId, channelId, ...ref }) => {
        const found = blob(ref);
        return found ? [{ messageId, channelId, ...found }] : [];
      }),
      pictures: parsed.pictures.flatMap(({ id, ...ref }) => {
        const found = blob(ref);
        return found ? [{ id, ...found }] : [];
      }),
      channels: parsed.channels.map((channel) => ({
        ...channel,
        richMenus: channel.richMenus.map((menu) => {
          const image = menu.image ? blob(menu.image) : undefined;
          return { richMenuId: menu.richMenuId, request: menu.request, ...(image ? { image } : {}) };
        }),
      })),
    };
  }

  /** From now on, `changed()` saves what `snapshot` returns. */
  attach(snapshot: () => EmulatorSnapshot): void {
    this.snapshot = snapshot;
  }

  /** Something changed: saved a moment later (changes in a burst are saved together). */
  changed(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.save();
    }, SAVE_DELAY_MS);
    this.timer.unref();
  }

  /** Saves now (after any save in progress); resolves when it is on disk. */
  save(): Promise<void> {
    const take = this.snapshot;
    if (!take) return this.saving;
    this.saving = this.saving
      .then(() => this.write(take()))
      .catch((err: unknown) => this.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'emulator state not saved'));
    return this.saving;
  }

  /** The last save, then no more. */
  async close(): Promise<void> {
    if (this.closed) return this.saving;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.save();
    this.closed = true;
  }

  private readBlob(name: string): Buffer | undefined {
    try {
      return readFileSync(path.join(this.dir, BLOBS, name));
    } catch {
      this.logger.warn({ blob: name }, 'emulator blob missing');
      return undefined;
    }
  }

  private hashOf(bytes: Buffer): string {
    let hash = this.hashes.get(bytes);
    if (!hash) {
      hash = createHash('sha256').update(bytes).digest('hex');
      this.hashes.set(bytes, hash);
    }
    return hash;
  }

  private async write(snapshot: EmulatorSnapshot): Promise<void> {
    const blobsDir = path.join(this.dir, BLOBS);
    mkdirSync(blobsDir, { recursive: true });
    const wanted = new Map<string, Buffer>();
    const ref = (bytes: Buffer, contentType: string) => {
      const blob = this.hashOf(bytes);
      wanted.set(blob, bytes);
      return { blob, contentType };
    };
    const file: StateFile = {
      version: 1,
      savedAt: new Date().toISOString(),
      seq: snapshot.seq,
      users: snapshot.users,
      conversations: snapshot.conversations,
      replyTokens: snapshot.replyTokens,
      contents: snapshot.contents.map(({ messageId, channelId, bytes, contentType }) => ({ messageId, channelId, ...ref(bytes, contentType) })),
      pictures: snapshot.pictures.map(({ id, bytes, contentType }) => ({ id, ...ref(bytes, contentType) })),
      channels: snapshot.channels.map((channel) => ({
        ...channel,
        richMenus: channel.richMenus.map((menu) => ({
          richMenuId: menu.richMenuId,
          request: menu.request,
          ...(menu.image ? { image: ref(menu.image.bytes, menu.image.contentType) } : {}),
        })),
      })),
    };
    const present = new Set(readdirSync(blobsDir));
    for (const [name, bytes] of wanted) {
      if (!present.has(name)) await writeAtomically(path.join(blobsDir, name), bytes);
    }
    await writeAtomically(path.join(this.dir, EMULATOR_STATE_FILE), JSON.stringify(file));
    // Only once the new state is on disk: blobs the old one named may go.
    for (const name of await readdir(blobsDir)) {
      if (!wanted.has(name) && /^[0-9a-f]{64}$/.test(name)) await rm(path.join(blobsDir, name), { force: true });
    }
  }
}

/** Written to a temporary file, flushed to disk, then renamed: a reader sees the old file or the new one. */
export async function writeAtomically(file: string, data: string | Buffer): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
}
