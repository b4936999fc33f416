import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_TOASTS, useToastStore } from '../../../renderer/stores/toasts';

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
});
