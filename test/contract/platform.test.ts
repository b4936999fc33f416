import { describe, expect, it } from 'vitest';
import { ApiRequestError, type HostBridge, type Reply } from '../../core/contract';
import { electronPlatform, tokenFromLocation } from '../../renderer/platform/platform';

/**
 * The platform selector's pure parts: the token from the page URL, and the Electron bridge turned
 * into the same Platform the WebSocket gives (error replies become ApiRequestError).
 */
function fakeBridge(
  replies: Record<string, Reply>,
): HostBridge & { listeners: Map<string, (p: unknown) => void> } {
  const listeners = new Map<string, (p: unknown) => void>();
  return {
    listeners,
    request: async (name) =>
      replies[name] ?? { ok: false, error: { code: 'unknown-request', message: name } },
    on(event, listener) {
      listeners.set(event, listener);
      return () => listeners.delete(event);
    },
    saveArchive: async () => true,
    addArchive: async () => 'picked.spherelab',
  };
}

describe('platform', () => {
  it('reads the token from the first path segment of the page', () => {
    expect(tokenFromLocation({ pathname: '/AbCdEfGhIjKlMnOpQrStUv_-0123456/' })).toBe(
      'AbCdEfGhIjKlMnOpQrStUv_-0123456',
    );
    expect(tokenFromLocation({ pathname: '/AbCdEfGhIjKlMnOpQrStUv_-0123456/index.html' })).toBe(
      'AbCdEfGhIjKlMnOpQrStUv_-0123456',
    );
    expect(tokenFromLocation({ pathname: '/' })).toBeNull();
    expect(tokenFromLocation({ pathname: '/index.html' })).toBeNull();
  });

  it('the Electron platform resolves results and rejects error replies as ApiRequestError', async () => {
    const bridge = fakeBridge({
      'runs/cancelAll': { ok: true, result: { cancelled: 3 } },
      'runs/get': { ok: false, error: { code: 'not-found', message: 'no run with id x' } },
    });
    const platform = electronPlatform(bridge);
    expect(platform.kind).toBe('electron');
    expect(await platform.api['runs/cancelAll']({})).toEqual({ cancelled: 3 });
    const error = await platform.request('runs/get', { id: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect((error as ApiRequestError).code).toBe('not-found');
  });

  it('the Electron platform passes events, archives and a constant open connection through', async () => {
    const bridge = fakeBridge({});
    const platform = electronPlatform(bridge);
    const seen: unknown[] = [];
    const off = platform.on('queue/changed', (p) => seen.push(p));
    bridge.listeners.get('queue/changed')!({ parallel: 1, running: [], queued: [] });
    off();
    expect(seen).toEqual([{ parallel: 1, running: [], queued: [] }]);
    expect(bridge.listeners.has('queue/changed')).toBe(false);
    expect(await platform.addArchive()).toBe('picked.spherelab');
    expect(await platform.saveArchive('a.spherelab')).toBe(true);
    const states: string[] = [];
    platform.onConnection((s) => states.push(s));
    expect(states).toEqual(['open']);
  });
});
