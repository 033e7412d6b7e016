import { and, asc, eq, inArray, isNull, lt } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { mediaFiles } from '../schema.ts';

export interface NewMedia {
  officeId: string;
  /** report | resolution | attachment … */
  purpose: string;
  lineMessageId: string;
  uploadedBy: number | null;
  contentType: string;
  fileName?: string | null;
  content: Buffer;
}

/** A stored file without its bytes. */
export interface MediaInfo {
  id: number;
  officeId: string;
  ownerType: string | null;
  ownerId: number | null;
  purpose: string;
  lineMessageId: string;
  uploadedBy: number | null;
  contentType: string;
  fileName: string | null;
  sizeBytes: number;
  createdAt: Date;
}

const infoColumns = {
  id: mediaFiles.id,
  officeId: mediaFiles.officeId,
  ownerType: mediaFiles.ownerType,
  ownerId: mediaFiles.ownerId,
  purpose: mediaFiles.purpose,
  lineMessageId: mediaFiles.lineMessageId,
  uploadedBy: mediaFiles.uploadedBy,
  contentType: mediaFiles.contentType,
  fileName: mediaFiles.fileName,
  sizeBytes: mediaFiles.sizeBytes,
  createdAt: mediaFiles.createdAt,
};

/**
 * Keeps a file downloaded from LINE as a draft (no owner yet). Saving the same LINE message again (a
 * redelivered event) returns the file already kept.
 */
export async function saveMedia(ex: Executor, media: NewMedia, now: Date): Promise<MediaInfo> {
  const [inserted] = await ex
    .insert(mediaFiles)
    .values({
      officeId: media.officeId,
      purpose: media.purpose,
      lineMessageId: media.lineMessageId,
      uploadedBy: media.uploadedBy,
      contentType: media.contentType,
      fileName: media.fileName ?? null,
      sizeBytes: media.content.length,
      content: media.content,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning(infoColumns);
  if (inserted) return inserted;
  const [existing] = await ex
    .select(infoColumns)
    .from(mediaFiles)
    .where(and(eq(mediaFiles.officeId, media.officeId), eq(mediaFiles.lineMessageId, media.lineMessageId)));
  return existing!;
}

/**
 * Gives draft files of the office to an owner (e.g. `repair_ticket`, id). Files that already belong to
 * something, or to another office, are left alone; returns how many were attached.
 */
export async function attachMedia(
  ex: Executor,
  officeId: string,
  mediaIds: readonly number[],
  ownerType: string,
  ownerId: number,
): Promise<number> {
  if (mediaIds.length === 0) return 0;
  const rows = await ex
    .update(mediaFiles)
    .set({ ownerType, ownerId })
    .where(and(eq(mediaFiles.officeId, officeId), inArray(mediaFiles.id, [...mediaIds]), isNull(mediaFiles.ownerId)))
    .returning({ id: mediaFiles.id });
  return rows.length;
}

/** The files of an owner, oldest first (without their bytes). */
export async function listMedia(ex: Executor, ownerType: string, ownerId: number): Promise<MediaInfo[]> {
  return ex
    .select(infoColumns)
    .from(mediaFiles)
    .where(and(eq(mediaFiles.ownerType, ownerType), eq(mediaFiles.ownerId, ownerId)))
    .orderBy(asc(mediaFiles.id));
}

export async function getMediaInfo(ex: Executor, officeId: string, id: number): Promise<MediaInfo | null> {
  const [row] = await ex
    .select(infoColumns)
    .from(mediaFiles)
    .where(and(eq(mediaFiles.officeId, officeId), eq(mediaFiles.id, id)));
  return row ?? null;
}

/** A file's bytes, to serve or re-send it. */
export async function getMediaContent(
  ex: Executor,
  officeId: string,
  id: number,
): Promise<{ contentType: string; fileName: string | null; content: Buffer } | null> {
  const [row] = await ex
    .select({ contentType: mediaFiles.contentType, fileName: mediaFiles.fileName, content: mediaFiles.content })
    .from(mediaFiles)
    .where(and(eq(mediaFiles.officeId, officeId), eq(mediaFiles.id, id)));
  return row ?? null;
}

/** Drops drafts nobody attached (an abandoned report) older than `before`; returns how many. */
export async function deleteDraftMedia(ex: Executor, before: Date): Promise<number> {
  const rows = await ex
    .delete(mediaFiles)
    .where(and(isNull(mediaFiles.ownerId), lt(mediaFiles.createdAt, before)))
    .returning({ id: mediaFiles.id });
  return rows.length;
}
