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

export class NotFoundError extends DomainError {
  constructor(message: string) {
    super('not_found', message);
    this.name = 'NotFoundError';
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('forbidden', message);
    this.name = 'ForbiddenError';
  }
}

export class ConflictError extends DomainError {
  constructor(message: string) {
    super('conflict', message);
    this.name = 'ConflictError';
  }
}

/** Something the user acted on has changed since (an old button, an outdated form). */
export class StaleError extends DomainError {
  constructor(message: string) {
    super('stale', message);
    this.name = 'StaleError';
  }
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
