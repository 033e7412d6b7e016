import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Paths that may carry secrets: they are removed from every log line, whatever logs them.
 * Message contents are never logged by the LINE adapter in the first place.
 */
const REDACT = [
  'channelSecret',
  'channelAccessToken',
  'accessToken',
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers["x-line-signature"]',
  'replyToken',
  '*.channelSecret',
  '*.channelAccessToken',
  '*.replyToken',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'esa-line' } }, destination);
}
