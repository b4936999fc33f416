import { z } from 'zod';

/**
 * Errors travel as data, never as thrown objects across a process boundary: every transport turns a
 * failed request into an `ApiError` reply, and the client turns that back into an `ApiRequestError`,
 * so the UI can show the message where the request was made and mark the fields in `issues`.
 */
export const API_ERROR_CODES = [
  /** the payload did not match the request's schema; `issues` names each field */
  'validation',
  /** the run, experiment or archive named in the payload does not exist */
  'not-found',
  /** the request is valid but not now (e.g. deleting a running run, resuming a completed one) */
  'conflict',
  /** the request name is not in the contract */
  'unknown-request',
  /** the archive cannot be read: not a SphereLab archive, truncated, or from a newer version */
  'bad-archive',
  /** the caller may not make this request (e.g. an IPC message from a frame that is not the app) */
  'forbidden',
  /** client side: no reply within the request timeout */
  'timeout',
  /** client side: the connection to the host is gone */
  'disconnected',
  /** a bug or an unexpected failure in the host; the message says what failed */
  'internal',
] as const;
export const ApiErrorCode = z.enum(API_ERROR_CODES);
export type ApiErrorCode = z.infer<typeof ApiErrorCode>;

export const ApiIssue = z.object({
  /** dotted path of the field inside the payload, e.g. "spec.n" or "filters.n.min"; "" for the whole payload */
  path: z.string(),
  message: z.string(),
});
export type ApiIssue = z.infer<typeof ApiIssue>;

export const ApiError = z.object({
  code: ApiErrorCode,
  message: z.string(),
  issues: z.array(ApiIssue).optional(),
});
export type ApiError = z.infer<typeof ApiError>;

/** What a failed request rejects with on the renderer side. */
export class ApiRequestError extends Error {
  readonly code: ApiErrorCode;
  readonly issues: ApiIssue[];

  constructor(error: ApiError) {
    super(error.message);
    this.name = 'ApiRequestError';
    this.code = error.code;
    this.issues = error.issues ?? [];
  }

  toJSON(): ApiError {
    return { code: this.code, message: this.message, issues: this.issues };
  }

  /** The message for one field, for showing it beside that input (path as in `ApiIssue.path`). */
  issueFor(path: string): string | undefined {
    return this.issues.find((i) => i.path === path || i.path.startsWith(`${path}.`))?.message;
  }
}

export function isApiRequestError(e: unknown): e is ApiRequestError {
  return e instanceof ApiRequestError;
}

/** Turns zod issues into contract issues; the message names the first field so it reads alone too. */
export function validationError(issues: readonly z.core.$ZodIssue[], what: string): ApiError {
  const list = issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const first = list[0];
  const where = first ? (first.path === '' ? `${what}: ` : `${what}: ${first.path}: `) : `${what}: `;
  const more = list.length > 1 ? ` (and ${list.length - 1} more)` : '';
  return { code: 'validation', message: `${where}${first?.message ?? 'invalid'}${more}`, issues: list };
}
