// One error vocabulary for the whole app: the codes of API.md and the HTTP status each maps to.

export const ERROR_STATUS = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  INSUFFICIENT_STOCK: 409,
  LIMIT_EXCEEDED: 409,
  NOT_RELEASED: 409,
  NOT_AVAILABLE: 409,
  CART_INVALID: 409,
  CART_EMPTY: 409,
  STOCK_BELOW_RESERVED: 409,
  STOCK_OUT_OF_RANGE: 409,
  STOCK_CHANGED: 409,
  EXTEND_LIMIT: 409,
  CONFLICT: 409,
  ORDER_NOT_PAYABLE: 409,
  IN_STOCK: 409,
  OFFER_EXPIRED: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type ErrorDetails = Record<string, unknown>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;
  /** Seconds, for 429 / 503 answers. */
  readonly retryAfter: number | undefined;

  constructor(code: ErrorCode, message: string, details?: ErrorDetails, options?: { retryAfter?: number }) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
    this.retryAfter = options?.retryAfter;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

export const notFound = (what = "Resource") => new AppError("NOT_FOUND", `${what} not found.`);

export type ErrorBody = { error: { code: ErrorCode; message: string; details?: ErrorDetails } };

export function errorBody(e: AppError): ErrorBody {
  return { error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) } };
}
