import { z } from 'zod';
import {
  ApiRequestError,
  isRequestName,
  REQUEST_NAMES,
  requests,
  validationError,
  type ApiError,
  type Reply,
} from '../../../core/contract';
import { processLogger } from '../log/process-logger';
import type { Handlers } from './handler-deps';

/**
 * The one entry every transport calls: checks the name, validates the payload with the contract's
 * schema, runs the handler, and turns every failure into an error reply (never a throw), so a
 * transport only moves Reply objects.
 */
export type Dispatch = (name: unknown, payload: unknown) => Promise<Reply>;

export function createDispatch(
  handlers: Handlers,
  // an internal error's stack goes to the log, never into the reply
  log: (message: string) => void = (message) => processLogger().error(message),
): Dispatch {
  return async (name, payload) => {
    if (!isRequestName(name)) {
      return fail({
        code: 'unknown-request',
        message: `unknown request ${JSON.stringify(name)}; requests: ${REQUEST_NAMES.join(', ')}`,
      });
    }
    const parsed = requests[name].input.safeParse(payload ?? {});
    if (!parsed.success) return fail(validationError(parsed.error.issues, name));
    try {
      const handler = handlers[name] as (payload: unknown) => Promise<unknown>;
      return { ok: true, result: await handler(parsed.data) };
    } catch (error) {
      return fail(toApiError(name, error, log));
    }
  };
}

function fail(error: ApiError): Reply {
  return { ok: false, error };
}

/** Known failures keep their code; a zod error from a lower layer is still the caller's input. */
function toApiError(name: string, error: unknown, log: (message: string) => void): ApiError {
  if (error instanceof ApiRequestError) return error.toJSON();
  if (error instanceof z.ZodError) return validationError(error.issues, name);
  const message = error instanceof Error ? error.message : String(error);
  log(`${name} failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
  return { code: 'internal', message: `${name} failed: ${message}` };
}
