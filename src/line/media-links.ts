import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Links to a kept file (`media_files`), for LINE to show a photo (a Flex hero, an image message): signed with an
 * HMAC of a server secret and valid until the time written in them, so a link only ever opens the one file it
 * was made for, and not for ever. `GET <base>/media/<office>/<id>?exp=<unix seconds>&sig=<base64url>`
 * (src/http/media.ts) answers 403 for a wrong signature and 410 for an expired link, never the file.
 *
 * LINE fetches images only over https: links are made only when the service's public address is https
 * (`PUBLIC_BASE_URL`), or in emulator mode from this machine's own address, which only the local LINE platform
 * ever sees. Otherwise there are no links, and cards go without their photo. Set up once by `startService`
 * (`useMediaLinks`), like the LIFF links: flows call `mediaLink` with their `now` and never see the secret.
 */

/** How long a link works: a card in a chat is looked at for days; lists and cards are drawn again when asked. */
export const MEDIA_LINK_TTL_MS = 14 * 24 * 60 * 60 * 1000;

export interface MediaLinkSettings {
  /** Where phones and LINE reach this service, without a trailing slash. */
  baseUrl: string;
  /** The HMAC key (never logged, never in a chat). */
  secret: Buffer;
  ttlMs?: number;
}

let settings: MediaLinkSettings | undefined;

/** The service's address for media links, or undefined when LINE could not fetch from it (see above). */
export function mediaBaseUrl(publicBaseUrl: string | undefined, localUrl: string, emulatorMode: boolean): string | undefined {
  const base = publicBaseUrl ?? (emulatorMode ? localUrl : undefined);
  if (!base) return undefined;
  const url = new URL(base);
  if (url.protocol === 'https:' || (emulatorMode && isLoopback(url))) return base.replace(/\/+$/, '');
  return undefined;
}

function isLoopback(url: URL): boolean {
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/** Links are made from now on (undefined: none). */
export function useMediaLinks(next: MediaLinkSettings | undefined): void {
  settings = next;
}

/**
 * What a link is to: `media` (a kept file) or another kind of kept thing served the same way (`calendar`: a room
 * booking's .ics file). The kind is part of what is signed, so a link of one kind never opens another.
 */
export type SignedLinkKind = 'media' | 'calendar' | 'room';

function signature(secret: Buffer, kind: SignedLinkKind, officeId: string, id: number, expires: number): string {
  return createHmac('sha256', secret).update(`${kind}:${officeId}:${id}:${expires}`).digest('base64url');
}

/**
 * A signed link `<base>/<kind>/<office>/<id><suffix>?exp=…&sig=…`, valid for the TTL from `now`; undefined when
 * links are not set up.
 */
export function signedLink(kind: SignedLinkKind, officeId: string, id: number, now: Date, suffix = '', ttlMs?: number): string | undefined {
  if (!settings) return undefined;
  // Whole minutes, so the cards of one minute carry the same links (LINE and phones can cache them).
  const expires = Math.ceil((now.getTime() + (ttlMs ?? settings.ttlMs ?? MEDIA_LINK_TTL_MS)) / 60_000) * 60;
  const sig = signature(settings.secret, kind, officeId, id, expires);
  return `${settings.baseUrl}/${kind}/${encodeURIComponent(officeId)}/${id}${suffix}?exp=${expires}&sig=${sig}`;
}

/** A link to the file, valid for the TTL from `now`; undefined when links are not set up. */
export function mediaLink(officeId: string, mediaId: number, now: Date): string | undefined {
  return signedLink('media', officeId, mediaId, now);
}

export type MediaLinkCheck = 'valid' | 'forged' | 'expired';

/** Whether a link's parts were signed here for this kind, and whether it still works at `now` (real time). */
export function checkSignedLink(secret: Buffer, kind: SignedLinkKind, link: { officeId: string; id: number; exp: string; sig: string }, now: Date): MediaLinkCheck {
  if (!/^\d{1,12}$/.test(link.exp)) return 'forged';
  const expected = Buffer.from(signature(secret, kind, link.officeId, link.id, Number(link.exp)));
  const given = Buffer.from(link.sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'forged';
  return Number(link.exp) * 1000 <= now.getTime() ? 'expired' : 'valid';
}

/** Whether a media link's parts were signed here, and whether it still works at `now` (real time). */
export function checkMediaLink(secret: Buffer, link: { officeId: string; mediaId: number; exp: string; sig: string }, now: Date): MediaLinkCheck {
  return checkSignedLink(secret, 'media', { officeId: link.officeId, id: link.mediaId, exp: link.exp, sig: link.sig }, now);
}
