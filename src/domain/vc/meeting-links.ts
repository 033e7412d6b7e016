import type { VcPlatform } from './session.ts';

/**
 * Creating a session's meeting link through the platform's own API (issue 12: optional, and only with the office's
 * own credentials). Nothing implements this yet: today the officer pastes the link or taps a room's standing link
 * (src/flows/vc/flow.ts, the `link` step). This is the seam an implementation plugs into, so that adding one changes no step, card or table:
 *
 * - One provider per platform, built at start-up from the office's credentials when they are set (Zoom: a
 *   Server-to-Server OAuth app, `POST /users/me/meetings`; Google Meet: a Calendar event with `conferenceData`;
 *   Webex: `POST /v1/meetings`; Microsoft Teams: Graph `POST /me/onlineMeetings`). No credentials, no provider: the
 *   link step stays as it is. Credentials belong with the office's channel settings, never in a chat message.
 * - The `link` step offers สร้างลิงก์อัตโนมัติ beside "paste the link" only when the chosen platform has a provider.
 *   The API is called in the flow's prepare stage, before the event's transaction (a slow platform must not hold a
 *   database transaction or a row lock), and its answer is stored as if pasted (`vc_sessions.link`), so invitations,
 *   reminders, the link push and the exports need nothing new. A platform that fails or times out answers "paste the
 *   link instead"; the officer is never left without a way on.
 * - The meeting's own id is kept with the session's `planned` event so that cancelling or moving the session can
 *   cancel or move the platform's meeting too (`cancelMeeting`, `moveMeeting`: optional, after the transaction
 *   commits, retried by a job like any push).
 */
export interface MeetingRequest {
  title: string;
  startsAt: Date;
  endsAt: Date;
}

export interface CreatedMeeting {
  /** The link the schools open (https). */
  joinUrl: string;
  /** The platform's id of the meeting, for cancelling or moving it later. */
  meetingId: string;
}

export interface MeetingLinkProvider {
  readonly platform: Exclude<VcPlatform, 'other'>;
  createMeeting(meeting: MeetingRequest, signal: AbortSignal): Promise<CreatedMeeting>;
  cancelMeeting?(meetingId: string, signal: AbortSignal): Promise<void>;
  moveMeeting?(meetingId: string, meeting: MeetingRequest, signal: AbortSignal): Promise<void>;
}
