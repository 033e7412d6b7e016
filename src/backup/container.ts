import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { open } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { promisify } from 'node:util';
import { z } from 'zod';
import { ByteQueue } from './byte-queue.ts';

/**
 * The backup file's outer layer: one file per backup, its content compressed (zstd) and then sealed in chunks.
 *
 *   magic (16 bytes "ESA-LINE-BACKUP\n") | header length (u32 BE) | header (JSON) | frame … frame
 *   frame = flags (u8, bit 0 = last) | length (u32 BE) | payload | tag (16 bytes)
 *
 * Encrypted (BACKUP_KEY set): each payload is AES-256-GCM ciphertext under a key derived from BACKUP_KEY by scrypt
 * and HKDF with the file's own random salt; the nonce is the frame's number and its last-flag, and the hash of the
 * header is the additional data of every frame. So a changed byte anywhere (header, frame, flag), frames swapped,
 * dropped or cut off, and a wrong key are all refused before any of the content is used. The header also carries a
 * short key check (HKDF of the same secret), which tells a wrong key from a damaged file.
 *
 * Unencrypted (emulator mode without BACKUP_KEY): the tag is a SHA-256 of the same inputs, which finds accidental
 * damage and truncation; it cannot stop someone who rewrites the file on purpose (nothing without a key can).
 */

const MAGIC = Buffer.from('ESA-LINE-BACKUP\n', 'latin1');
const TAG_BYTES = 16;
const FRAME_HEAD_BYTES = 5;
const MAX_HEADER_BYTES = 64 * 1024;
export const CHUNK_BYTES = 1024 * 1024;
/** scrypt cost: about 0.1–0.3 s and 32 MiB once per backup or restore, which makes guessing a passphrase slow. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_INFO = 'esa-line backup v1 aes-256-gcm key';
const CHECK_INFO = 'esa-line backup v1 key check';

const base64 = (bytes: number) => z.string().refine((v) => Buffer.from(v, 'base64').length === bytes, `must be ${bytes} bytes in base64`);

const headerSchema = z.object({
  format: z.literal(1),
  /** When the file was made (the service's clock), ISO. */
  createdAt: z.string(),
  /** How the content inside the sealed parts is compressed. */
  compression: z.literal('zstd'),
  chunkBytes: z.number().int().min(1024).max(16 * 1024 * 1024),
  encryption: z.discriminatedUnion('cipher', [
    z.object({
      cipher: z.literal('aes-256-gcm'),
      kdf: z.literal('scrypt'),
      N: z.number().int().min(1024).max(2 ** 20),
      r: z.number().int().min(1).max(32),
      p: z.number().int().min(1).max(16),
      salt: base64(16),
      keyCheck: base64(16),
    }),
    z.object({ cipher: z.literal('none') }),
  ]),
});
export type BackupHeader = z.infer<typeof headerSchema>;

/** The file is not a backup of this service, or of a format this version does not read. */
export class BackupFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupFormatError';
  }
}

/** No key, or the wrong key, for an encrypted backup. */
export class BackupKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupKeyError';
  }
}

/** The file was changed, damaged or cut short since it was written. */
export class BackupDamagedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupDamagedError';
  }
}

interface Keys {
  encryption: Buffer;
  check: Buffer;
}

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

async function deriveKeys(passphrase: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Keys> {
  // NFC: the same passphrase typed on two systems that compose Thai or accented characters differently.
  const master = await scryptAsync(passphrase.normalize('NFC'), salt, 32, { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 });
  return {
    encryption: Buffer.from(hkdfSync('sha256', master, salt, KEY_INFO, 32)),
    check: Buffer.from(hkdfSync('sha256', master, salt, CHECK_INFO, TAG_BYTES)),
  };
}

function nonceFor(index: number, last: boolean): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeBigUInt64BE(BigInt(index), 3);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

function plainTag(aad: Buffer, nonce: Buffer, payload: Buffer): Buffer {
  return createHash('sha256').update(aad).update(nonce).update(payload).digest().subarray(0, TAG_BYTES);
}

function headerBlock(header: BackupHeader): { block: Buffer; aad: Buffer } {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  const block = Buffer.concat([MAGIC, length, json]);
  return { block, aad: createHash('sha256').update(block).digest() };
}

export interface SealOptions {
  /** BACKUP_KEY; undefined writes an unencrypted file (emulator mode only: the caller decides). */
  passphrase: string | undefined;
  createdAt: Date;
  /** How the content given to the stream was compressed (recorded in the header). */
  compression: BackupHeader['compression'];
  chunkBytes?: number;
}

/**
 * A stream that takes the (compressed) content and gives the file's bytes: magic, header, then sealed frames.
 * Holds back up to one chunk, because only the end of the input says which frame is the last.
 */
export async function createSealStream(options: SealOptions): Promise<Transform> {
  const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
  let keys: Keys | undefined;
  let encryption: BackupHeader['encryption'];
  if (options.passphrase !== undefined) {
    const salt = randomBytes(16);
    keys = await deriveKeys(options.passphrase, salt, SCRYPT);
    encryption = { cipher: 'aes-256-gcm', kdf: 'scrypt', ...SCRYPT, salt: salt.toString('base64'), keyCheck: keys.check.toString('base64') };
  } else {
    encryption = { cipher: 'none' };
  }
  const header: BackupHeader = { format: 1, createdAt: options.createdAt.toISOString(), compression: options.compression, chunkBytes, encryption };
  const { block, aad } = headerBlock(header);
  let index = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;

  const frame = (payload: Buffer, last: boolean): Buffer => {
    const nonce = nonceFor(index, last);
    index += 1;
    let body: Buffer;
    let tag: Buffer;
    if (keys) {
      const cipher = createCipheriv('aes-256-gcm', keys.encryption, nonce);
      cipher.setAAD(aad);
      body = Buffer.concat([cipher.update(payload), cipher.final()]);
      tag = cipher.getAuthTag();
    } else {
      body = payload;
      tag = plainTag(aad, nonce, payload);
    }
    const head = Buffer.alloc(FRAME_HEAD_BYTES);
    head[0] = last ? 1 : 0;
    head.writeUInt32BE(body.length, 1);
    return Buffer.concat([head, body, tag]);
  };

  return new Transform({
    construct(callback) {
      this.push(block);
      callback();
    },
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      // Strictly more than a chunk: the last full chunk waits until more input shows it is not the last.
      while (pendingBytes > chunkBytes) {
        const all = Buffer.concat(pending);
        this.push(frame(all.subarray(0, chunkBytes), false));
        pending = [all.subarray(chunkBytes)];
        pendingBytes = all.length - chunkBytes;
      }
      callback();
    },
    flush(callback: TransformCallback) {
      this.push(frame(Buffer.concat(pending), true));
      pending = [];
      callback();
    },
  });
}

export interface OpenedBackup {
  header: BackupHeader;
  /** Where the frames start. */
  offset: number;
  /** A stream from the file's frames to its content (compressed), each frame checked before it is given on. */
  unseal(): Transform;
}

/** Reads and checks a backup's header; the key is checked here (a wrong one is refused before anything is read). */
export async function openBackupFile(file: string, passphrase: string | undefined): Promise<OpenedBackup> {
  const handle = await open(file, 'r');
  let header: BackupHeader;
  let offset: number;
  let aad: Buffer;
  try {
    const start = Buffer.alloc(MAGIC.length + 4);
    const { bytesRead } = await handle.read(start, 0, start.length, 0);
    if (bytesRead < start.length || !start.subarray(0, MAGIC.length).equals(MAGIC)) {
      throw new BackupFormatError(`${file} is not a backup of this service (it does not start as one)`);
    }
    const length = start.readUInt32BE(MAGIC.length);
    if (length > MAX_HEADER_BYTES) throw new BackupFormatError(`${file}: the backup's header is damaged`);
    const json = Buffer.alloc(length);
    const read = await handle.read(json, 0, length, start.length);
    if (read.bytesRead < length) throw new BackupDamagedError(`${file} is cut short (its header is incomplete)`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(json.toString('utf8'));
    } catch {
      throw new BackupDamagedError(`${file}: the backup's header is damaged`);
    }
    const checked = headerSchema.safeParse(parsed);
    if (!checked.success) {
      const format = (parsed as { format?: unknown } | null)?.format;
      throw new BackupFormatError(
        format !== 1 && format !== undefined
          ? `${file} is a backup of format ${String(format)}, which this version cannot read: restore it with a newer version`
          : `${file}: the backup's header is damaged`,
      );
    }
    header = checked.data;
    offset = start.length + length;
    aad = createHash('sha256').update(Buffer.concat([start, json])).digest();
  } finally {
    await handle.close();
  }

  let keys: Keys | undefined;
  const encryption = header.encryption;
  if (encryption.cipher === 'aes-256-gcm') {
    if (passphrase === undefined) {
      throw new BackupKeyError('this backup is encrypted: set BACKUP_KEY to the key it was made with');
    }
    keys = await deriveKeys(passphrase, Buffer.from(encryption.salt, 'base64'), encryption);
    const expected = Buffer.from(encryption.keyCheck, 'base64');
    if (expected.length !== keys.check.length || !timingSafeEqual(expected, keys.check)) {
      throw new BackupKeyError('BACKUP_KEY does not open this backup: it was made with another key');
    }
  }

  const opened = header;
  return {
    header: opened,
    offset,
    unseal: () => createUnsealStream(aad, keys, opened.chunkBytes),
  };
}

function createUnsealStream(aad: Buffer, keys: Keys | undefined, chunkBytes: number): Transform {
  const queue = new ByteQueue();
  let index = 0;
  let ended = false;
  const maxBody = chunkBytes + 64;
  const trailing = () => new BackupDamagedError('the backup has bytes after its last part (it was changed)');

  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      try {
        if (ended) throw trailing();
        queue.push(chunk);
        while (!ended && queue.length >= FRAME_HEAD_BYTES) {
          const head = queue.peek(FRAME_HEAD_BYTES);
          const flags = head[0]!;
          const length = head.readUInt32BE(1);
          if ((flags & ~1) !== 0 || length > maxBody) throw new BackupDamagedError(`the backup is damaged (part ${index + 1} is not a part)`);
          if (queue.length < FRAME_HEAD_BYTES + length + TAG_BYTES) break;
          queue.take(FRAME_HEAD_BYTES);
          const body = queue.take(length);
          const tag = queue.take(TAG_BYTES);
          const last = flags === 1;
          const nonce = nonceFor(index, last);
          let payload: Buffer;
          if (keys) {
            const decipher = createDecipheriv('aes-256-gcm', keys.encryption, nonce);
            decipher.setAAD(aad);
            decipher.setAuthTag(tag);
            try {
              payload = Buffer.concat([decipher.update(body), decipher.final()]);
            } catch {
              throw new BackupDamagedError(`the backup was changed or damaged: part ${index + 1} fails its authentication`);
            }
          } else {
            if (!timingSafeEqual(plainTag(aad, nonce, body), tag)) {
              throw new BackupDamagedError(`the backup is damaged: part ${index + 1} fails its check`);
            }
            payload = body;
          }
          index += 1;
          if (last) ended = true;
          this.push(payload);
        }
        if (ended && queue.length > 0) throw trailing();
        callback();
      } catch (err) {
        callback(err as Error);
      }
    },
    flush(callback: TransformCallback) {
      callback(ended ? undefined : new BackupDamagedError('the backup is cut short: its last part is missing'));
    },
  });
}
