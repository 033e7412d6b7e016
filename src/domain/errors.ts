import type { Action } from './permissions.ts';

/**
 * Typed domain errors: code that decides what a user or caller sees switches on `code`, never on
 * message text. The one edge handler maps them to answers; everything else is a bug and is retried.
 */
export type DomainErrorCode = 'validation' | 'not_found' | 'forbidden' | 'conflict' | 'stale';

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  constructor(code: DomainErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DomainError';
    this.code = code;
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('validation', message, options);
    this.name = 'ValidationError';
  }
}

/**
 * What the person acted on is not there (any more, or not for them), found out while executing: they are told so and
 * nothing changes. `message` is for the log.
 */
export class NotFoundError extends DomainError {
  constructor(message: string) {
    super('not_found', message);
    this.name = 'NotFoundError';
  }
}

/**
 * The person's role (or their part in the thing acted on) does not allow the action, found out while
 * executing: they are answered with the polite denial for `action` and the refusal is audited, as a
 * step's own refusal is (src/bot/dispatcher.ts).
 */
export class ForbiddenError extends DomainError {
  readonly action: Action;
  constructor(action: Action, message: string = action) {
    super('forbidden', message);
    this.name = 'ForbiddenError';
    this.action = action;
  }
}

/**
 * What the person asked for cannot be done because something else happened first (taken by someone else a moment
 * ago, used already), found out while executing: they are told, nothing changes. `answer` is what they are told
 * (Thai); without it they hear that the item has just changed. `message` is for the log.
 */
export class ConflictError extends DomainError {
  readonly answer: string | undefined;
  constructor(message: string, answer?: string) {
    super('conflict', message);
    this.name = 'ConflictError';
    this.answer = answer;
  }
}

/** Thrown by an executor, an answer to the person rather than a failure to retry: see src/bot/dispatcher.ts. */
export type RefusalError = StaleError | ForbiddenError | NotFoundError | ConflictError;

/**
 * Something the user acted on has changed since (an old button, an outdated form): found out while
 * executing, the person is told the button is no longer valid and nothing changes.
 */
export class StaleError extends DomainError {
  constructor(message: string) {
    super('stale', message);
    this.name = 'StaleError';
  }
}

export function isRefusal(err: unknown): err is RefusalError {
  return err instanceof StaleError || err instanceof ForbiddenError || err instanceof NotFoundError || err instanceof ConflictError;
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}

/** Ends an exhaustive `switch`: the compiler rejects a case left out, and a value from outside the types throws. */
export function assertNever(value: never, message = 'unexpected value'): never {
  throw new Error(`${message}: ${JSON.stringify(value)}`);
}

/**
 * A short, log-safe description of anything thrown. Drizzle's query errors repeat the SQL with its
 * parameters (message texts, reply tokens): only the driver's reason is kept.
 */
export function errorMessage(err: unknown): string {
  // Duck-typed: errors from another realm (a test VM, a worker) fail `instanceof Error`.
  if (!isErrorLike(err)) return String(err);
  if (err.message.startsWith('Failed query')) {
    return `database: ${isErrorLike(err.cause) ? err.cause.message : 'query failed'}`;
  }
  return `${err.name ?? 'Error'}: ${err.message}`;
}

function isErrorLike(value: unknown): value is { name?: string; message: string; cause?: unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}
