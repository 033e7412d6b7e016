import express, { type NextFunction, type Request, type Response } from 'express';
import type { Database } from '../db/database.ts';
import { findPersonByLineUser } from '../db/repos/people.ts';
import type { Person } from '../domain/people.ts';
import { ROLE_LABELS } from '../domain/roles.ts';
import { IdTokenRejectedError, IdTokenVerifier, LoginUnavailableError, type LiffSettings, type VerifiedLineUser } from '../line/liff.ts';
import type { Logger } from '../logger.ts';
import { registerLetterPages } from './liff-letters.ts';
import { registerLoanCalendarPages } from './liff-loan-calendar.ts';
import { registerRoomPages } from './liff-rooms.ts';
import { registerLoanItemPages } from './liff-loan-items.ts';
import { registerSurveyPages } from './liff-surveys.ts';
import { registerVcPages } from './liff-vc.ts';
import { registerSurveyResultPages } from './liff-survey-results.ts';
import { registerReportPages } from './liff-reports.ts';
import { liffTexts } from './liff-messages.ts';
import { sendLiffPage } from './liff-page.ts';

/**
 * Web pages opened from LINE (LIFF), mounted at /liff: page shells (GET /liff/…) and their JSON API
 * (/liff/api/…). Every API call carries `Authorization: Bearer <ID token>`; the token is verified with LINE
 * Login (or the emulator standing in for it) and the LINE user id is resolved to a registered, active person
 * of the channel the LIFF app serves. No verified person, no data: 401 when the viewer is not identified,
 * 403 when they are but may not use the pages. Tokens are never logged.
 */

export interface LiffRouterOptions {
  database: Database;
  /** Undefined when LIFF is not set up (LINE without LIFF_ID): pages say so, the API answers 503. */
  settings: LiffSettings | undefined;
  /** The Messaging API channel whose people the LIFF app serves (same provider, so same user ids). */
  channelId: string;
  logger: Logger;
  /** Real time: ID tokens' expiry. */
  now: () => Date;
  /** The service clock the pages' "today" and the records they write take (default `now`). */
  clock?: () => Date;
  /** Tests may pass their own; otherwise one is made from the settings. */
  verifier?: IdTokenVerifier;
}

export interface Viewer {
  person: Person;
  line: VerifiedLineUser;
}

export interface LiffContext {
  database: Database;
  logger: Logger;
  /** The service clock (emulator mode: may be ahead of real time). */
  now: () => Date;
  settings: LiffSettings | undefined;
}

export function viewerOf(res: Response): Viewer {
  const viewer: unknown = res.locals.viewer;
  if (!viewer) throw new Error('viewer missing: the LIFF auth middleware did not run');
  return viewer as Viewer;
}

/** The API base a page calls, whatever prefix the router is mounted under. */
export function apiBaseOf(req: Request): string {
  return `${req.baseUrl}/api`;
}

export function createLiffRouter(options: LiffRouterOptions): express.Router {
  const router = express.Router();
  const { settings, logger } = options;
  const verifier =
    options.verifier ??
    (settings
      ? new IdTokenVerifier({ loginApiBaseUrl: settings.loginApiBaseUrl, loginChannelId: settings.loginChannelId, now: options.now })
      : undefined);
  const context: LiffContext = { database: options.database, logger, now: options.clock ?? options.now, settings };

  const api = express.Router();
  api.use((_req, res, next) => {
    res.setHeader('cache-control', 'no-store');
    res.setHeader('x-content-type-options', 'nosniff');
    next();
  });
  api.use(requireViewer(options, verifier));
  api.get('/me', (_req, res) => {
    const { person } = viewerOf(res);
    res.json({ fullName: person.fullName, role: person.role, roleLabel: ROLE_LABELS[person.role], schoolName: person.schoolName });
  });

  const pages = express.Router();
  pages.get('/', (req, res) => {
    sendLiffPage(res, settings, apiBaseOf(req), {
      title: liffTexts.pageTitle,
      texts: { youAre: liffTexts.youAre },
      script: HOME_SCRIPT,
    });
  });

  registerLetterPages({ pages, api, context });
  registerReportPages({ pages, api, context });
  registerLoanItemPages({ pages, api, context });
  registerLoanCalendarPages({ pages, api, context });
  registerRoomPages({ pages, api, context });
  registerSurveyPages({ pages, api, context });
  registerVcPages({ pages, api, context });
  registerSurveyResultPages({ pages, api, context });

  router.use('/api', api);
  router.use('/api', (_req, res) => void res.status(404).json({ message: liffTexts.notFound }));
  router.use(pages);
  router.use((_req, res) => void res.status(404).type('text/plain; charset=utf-8').send(liffTexts.notFound));
  router.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    logger.error({ err: err instanceof Error ? err.message : String(err) }, 'LIFF request failed');
    res.status(500).json({ message: liffTexts.failed });
  });
  return router;
}

const HOME_SCRIPT = String.raw`
start(async () => {
  const me = await api('/me');
  const card = el('section', 'card');
  const h1 = el('h1', '', 'สวัสดีค่ะ คุณ' + me.fullName);
  h1.dataset.testid = 'hello';
  const role = el('p', 'muted', T.youAre + ': ' + me.roleLabel + (me.schoolName ? ' · ' + me.schoolName : ''));
  card.append(h1, role);
  show(card);
});
`;

function requireViewer(options: LiffRouterOptions, verifier: IdTokenVerifier | undefined) {
  const { logger } = options;
  const refuse = (res: Response, status: number, message: string, reason: string) => {
    if (status === 401) res.setHeader('www-authenticate', `Bearer error="invalid_token"`);
    res.status(status).json({ message, reason });
  };
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (!verifier) return refuse(res, 503, liffTexts.notSetUp, 'not_set_up');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    if (!match) return refuse(res, 401, liffTexts.tokenMissing, 'missing');
    let line: VerifiedLineUser;
    try {
      line = await verifier.verify(match[1]!);
    } catch (err) {
      if (err instanceof IdTokenRejectedError) {
        logger.info({ reason: err.reason, path: req.baseUrl + req.path }, 'LIFF request with a rejected ID token');
        return refuse(res, 401, err.reason === 'expired' ? liffTexts.tokenExpired : liffTexts.tokenInvalid, err.reason);
      }
      if (err instanceof LoginUnavailableError) {
        logger.warn({ err: err.message }, 'LINE Login verification unavailable');
        return refuse(res, 503, liffTexts.loginUnavailable, 'unavailable');
      }
      throw err;
    }
    const person = await findPersonByLineUser(options.database.db, options.channelId, line.userId);
    if (!person) {
      logger.info({ userId: line.userId, path: req.baseUrl + req.path }, 'LIFF request from an unregistered LINE user');
      return refuse(res, 403, liffTexts.notRegistered, 'not_registered');
    }
    if (person.status !== 'active') {
      logger.info({ userId: line.userId, personId: person.id }, 'LIFF request from an inactive person');
      return refuse(res, 403, liffTexts.inactive, 'inactive');
    }
    res.locals.viewer = { person, line } satisfies Viewer;
    next();
  };
}
