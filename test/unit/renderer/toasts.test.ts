import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ERROR_MS, MAX_TOASTS, TOAST_MS, useToastStore } from '../../../renderer/stores/toasts';

beforeEach(() => setActivePinia(createPinia()));

describe('toasts', () => {
  it(`shows at most ${MAX_TOASTS}, dropping the oldest successes first and keeping errors`, () => {
    const toasts = useToastStore();
    toasts.push('error', 'import refused');
    for (let k = 1; k <= 6; k++) toasts.push('success', `exported ${k}`);
    expect(toasts.toasts.map((t) => t.text)).toEqual(['import refused', 'exported 4', 'exported 5', 'exported 6']);
  });

  it('drops the oldest error only when nothing but errors is left', () => {
    const toasts = useToastStore();
    for (let k = 1; k <= 5; k++) toasts.push('error', `failed ${k}`);
    expect(toasts.toasts.map((t) => t.text)).toEqual(['failed 2', 'failed 3', 'failed 4', 'failed 5']);
  });

  describe('lifetimes', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('an error outlives a success, can be dismissed, and still goes by itself in the end', () => {
      const toasts = useToastStore();
      toasts.push('error', 'export refused');
      toasts.push('success', 'tagged');
      toasts.push('error', 'import refused');
      vi.advanceTimersByTime(TOAST_MS);
      expect(toasts.toasts.map((t) => t.text)).toEqual(['export refused', 'import refused']);
      toasts.dismiss(toasts.toasts[0]!.id);
      expect(toasts.toasts.map((t) => t.text)).toEqual(['import refused']);
      vi.advanceTimersByTime(ERROR_MS - TOAST_MS);
      expect(toasts.toasts).toEqual([]);
    });
  });
});
