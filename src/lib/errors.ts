/** The closed list of error codes Stocktake answers with; the HTTP edge maps each to a status. */
export const ERROR_CODES = [
  'bad_request',
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'invalid_transition',
  'payload_too_large',
  'rate_limited',
  'token_invalid',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem with one input field; `code` names a catalog message `validation.<code>`. */
export interface ErrorDetail {
  field: string;
  code: string;
  params?: Record<string, string | number>;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details: ErrorDetail[] = [],
    message?: string,
  ) {
    super(message ?? code);
    this.name = 'AppError';
  }
}

export const notFound = () => new AppError('not_found');
export const validationFailed = (details: ErrorDetail[]) => new AppError('validation_failed', details);
