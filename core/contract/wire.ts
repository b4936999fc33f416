import { z } from 'zod';
import { ApiError } from './errors';

/**
 * Frames of the WebSocket transport (JSON text). The client numbers its requests; the host answers
 * each with one reply carrying the same id, and pushes events without an id. The Electron transport
 * needs no frames (ipcRenderer.invoke pairs replies itself) but carries the same Reply objects.
 */
export const RequestFrame = z.object({
  type: z.literal('request'),
  id: z.int().min(0),
  name: z.string(),
  payload: z.unknown(),
});
export type RequestFrame = z.infer<typeof RequestFrame>;

/** The outcome of one request on every transport: a result, or an error as data. */
export type Reply<T = unknown> = { ok: true; result: T } | { ok: false; error: ApiError };

export const ReplyFrame = z.union([
  z.object({ type: z.literal('reply'), id: z.int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('reply'), id: z.int(), ok: z.literal(false), error: ApiError }),
]);
export type ReplyFrame = z.infer<typeof ReplyFrame>;

export const EventFrame = z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() });
export type EventFrame = z.infer<typeof EventFrame>;

export const HostFrame = z.union([ReplyFrame, EventFrame]);
export type HostFrame = z.infer<typeof HostFrame>;

/**
 * JSON for frames, keeping what JSON alone would lose: NaN and +-Infinity (a metric of a degenerate
 * configuration, a progress sample before the first gradient) travel as {"$nonFinite": "NaN"} and
 * come back as numbers, so the WebSocket carries the same values as Electron's structured clone.
 */
const NON_FINITE = '$nonFinite';

export function encodeFrame(frame: object): string {
  return JSON.stringify(frame, (_key, value: unknown) =>
    typeof value === 'number' && !Number.isFinite(value) ? { [NON_FINITE]: String(value) } : value,
  );
}

export function decodeFrame(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && NON_FINITE in value) {
      const keys = Object.keys(value);
      if (keys.length === 1) return Number((value as Record<string, string>)[NON_FINITE]);
    }
    return value;
  });
}
