import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { BackupDamagedError, BackupFormatError, BackupKeyError, createSealStream, openBackupFile } from '../../src/backup/container.ts';
import { ByteQueue } from '../../src/backup/byte-queue.ts';

/**
 * The backup file's outer layer (src/backup/container.ts): what is sealed with BACKUP_KEY opens with it and with
 * nothing else, and any change to the file — a byte of the header or of a part, a flag, parts dropped, swapped,
 * cut off or added — is refused before the content is used.
 */
const KEY = 'correct horse battery staple, สพป.';
const CHUNK = 1024;
let folder: string;
const content = randomBytes(CHUNK * 4 + 300);

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'esa-backup-file-'));
});

async function seal(name: string, passphrase: string | undefined, payload: Buffer = content): Promise<string> {
  const file = path.join(folder, name);
  const chunks = [];
  // In uneven pieces, as gzip hands them on.
  for (let i = 0; i < payload.length; i += 777) chunks.push(payload.subarray(i, i + 777));
  await pipeline(Readable.from(chunks), await createSealStream({ passphrase, createdAt: new Date('2027-01-02T03:04:05Z'), chunkBytes: CHUNK, compression: 'zstd' }), createWriteStream(file));
  return file;
}

async function unseal(file: string, passphrase: string | undefined): Promise<Buffer> {
  const opened = await openBackupFile(file, passphrase);
  const parts: Buffer[] = [];
  await pipeline(createReadStream(file, { start: opened.offset, highWaterMark: 100 }), opened.unseal(), async function* (source) {
    for await (const chunk of source) parts.push(chunk as Buffer);
  });
  return Buffer.concat(parts);
}

/** The file's parts: offset of each frame (flags byte) after the header. */
async function frames(file: string): Promise<{ bytes: Buffer; headerEnd: number; offsets: number[] }> {
  const bytes = await readFile(file);
  const headerEnd = 16 + 4 + bytes.readUInt32BE(16);
  const offsets: number[] = [];
  for (let at = headerEnd; at < bytes.length; at += 5 + bytes.readUInt32BE(at + 1) + 16) offsets.push(at);
  return { bytes, headerEnd, offsets };
}

async function variant(name: string, bytes: Buffer): Promise<string> {
  const file = path.join(folder, name);
  await writeFile(file, bytes);
  return file;
}

describe('a backup file sealed with BACKUP_KEY', () => {
  it('opens with the same key and gives back exactly what was sealed, in several parts', async () => {
    const file = await seal('good.bin', KEY);
    expect((await frames(file)).offsets.length).toBe(5);
    expect((await unseal(file, KEY)).equals(content)).toBe(true);
    const opened = await openBackupFile(file, KEY);
    expect(opened.header.encryption.cipher).toBe('aes-256-gcm');
    // The content is not in the file in the clear.
    expect((await readFile(file)).includes(content.subarray(0, 64))).toBe(false);
  });

  it('refuses a wrong key, and no key, before reading any content', async () => {
    const file = await seal('wrong-key.bin', KEY);
    await expect(openBackupFile(file, 'another passphrase entirely')).rejects.toThrow(BackupKeyError);
    await expect(openBackupFile(file, 'another passphrase entirely')).rejects.toThrow(/made with another key/);
    await expect(openBackupFile(file, undefined)).rejects.toThrow(/encrypted: set BACKUP_KEY/);
  });

  it('refuses a file with one byte of a part changed, naming the part', async () => {
    const file = await seal('flip.bin', KEY);
    const { bytes, offsets } = await frames(file);
    const changed = Buffer.from(bytes);
    changed[offsets[2]! + 5 + 10]! ^= 0x01;
    await expect(unseal(await variant('flip-changed.bin', changed), KEY)).rejects.toThrow(/part 3 fails its authentication/);
    // The tag itself.
    const tag = Buffer.from(bytes);
    tag[offsets[1]! - 1]! ^= 0x80;
    await expect(unseal(await variant('flip-tag.bin', tag), KEY)).rejects.toThrow(BackupDamagedError);
  });

  it('refuses a changed header (the key check passes, every part then fails)', async () => {
    const file = await seal('header.bin', KEY);
    const { bytes } = await frames(file);
    const text = bytes.toString('latin1');
    const changed = Buffer.from(text.replace('2027-01-02T03:04:05', '2027-01-02T03:04:06'), 'latin1');
    await expect(unseal(await variant('header-changed.bin', changed), KEY)).rejects.toThrow(/part 1 fails its authentication/);
  });

  it('refuses parts swapped, dropped, cut off at the end, or added after the last', async () => {
    const file = await seal('order.bin', KEY);
    const { bytes, headerEnd, offsets } = await frames(file);
    const part = (i: number) => bytes.subarray(offsets[i]!, offsets[i + 1] ?? bytes.length);
    const head = bytes.subarray(0, headerEnd);
    const swapped = Buffer.concat([head, part(1), part(0), part(2), part(3), part(4)]);
    await expect(unseal(await variant('swapped.bin', swapped), KEY)).rejects.toThrow(/part 1 fails/);
    const dropped = Buffer.concat([head, part(0), part(2), part(3), part(4)]);
    await expect(unseal(await variant('dropped.bin', dropped), KEY)).rejects.toThrow(/part 2 fails/);
    const cut = Buffer.concat([head, part(0), part(1), part(2), part(3)]);
    await expect(unseal(await variant('cut.bin', cut), KEY)).rejects.toThrow(/cut short/);
    const halfPart = bytes.subarray(0, bytes.length - 7);
    await expect(unseal(await variant('half.bin', halfPart), KEY)).rejects.toThrow(/cut short/);
    const added = Buffer.concat([bytes, part(4)]);
    await expect(unseal(await variant('added.bin', added), KEY)).rejects.toThrow(/after its last part/);
    // The last part's flag moved to an earlier part: that part then fails, as its nonce says "not last".
    const flagged = Buffer.from(bytes);
    flagged[offsets[1]!] = 1;
    await expect(unseal(await variant('flag.bin', flagged), KEY)).rejects.toThrow(/part 2 fails/);
  });

  it('seals an empty content as one last part', async () => {
    const file = await seal('empty.bin', KEY, Buffer.alloc(0));
    expect((await frames(file)).offsets.length).toBe(1);
    expect((await unseal(file, KEY)).length).toBe(0);
  });

  it('refuses a file that is not a backup, and names a format this version cannot read', async () => {
    await expect(openBackupFile(await variant('text.bin', Buffer.from('hello, this is not a backup at all')), KEY)).rejects.toThrow(BackupFormatError);
    const file = await seal('future.bin', KEY);
    const { bytes } = await frames(file);
    const future = Buffer.from(bytes.toString('latin1').replace('"format":1', '"format":9'), 'latin1');
    await expect(openBackupFile(await variant('future-format.bin', future), KEY)).rejects.toThrow(/format 9, which this version cannot read/);
  });
});

describe('an unencrypted backup file (emulator mode without BACKUP_KEY)', () => {
  it('opens without a key, and its checks still find damage and truncation', async () => {
    const file = await seal('plain.bin', undefined);
    expect((await unseal(file, undefined)).equals(content)).toBe(true);
    // A key given for an unencrypted file is not needed and does not matter.
    expect((await unseal(file, KEY)).equals(content)).toBe(true);
    const { bytes, offsets } = await frames(file);
    const changed = Buffer.from(bytes);
    changed[offsets[3]! + 20]! ^= 0x04;
    await expect(unseal(await variant('plain-changed.bin', changed), undefined)).rejects.toThrow(/part 4 fails its check/);
    await expect(unseal(await variant('plain-cut.bin', bytes.subarray(0, offsets[4]!)), undefined)).rejects.toThrow(/cut short/);
  });
});

describe('the byte queue under the file reader', () => {
  it('gives back pieces across chunk boundaries in order', () => {
    const queue = new ByteQueue();
    const all = randomBytes(1000);
    for (let i = 0; i < all.length; i += 37) queue.push(all.subarray(i, i + 37));
    const out: Buffer[] = [];
    for (const size of [1, 5, 36, 37, 38, 200, 683]) {
      expect(queue.peek(size).equals(all.subarray(Buffer.concat(out).length, Buffer.concat(out).length + size))).toBe(true);
      out.push(queue.take(size));
    }
    expect(Buffer.concat(out).equals(all)).toBe(true);
    expect(queue.length).toBe(0);
  });
});
