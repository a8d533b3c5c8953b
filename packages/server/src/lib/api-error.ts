import { ERRORS, type ErrorCode, type ErrorParams } from '@cardepass/contract';

/** A handled error: rendered as the envelope with its code's HTTP status and message. */
export class ApiError extends Error {
  readonly status: number;
  constructor(readonly code: ErrorCode, readonly params: ErrorParams = {}) {
    super(code);
    this.status = ERRORS[code].status;
  }
}

/** Programmer errors (a journal entry that does not balance): crash loudly, never answer with them. */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Invariant violated: ${message}`);
}
