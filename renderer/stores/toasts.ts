import { defineStore } from 'pinia';
import { ref } from 'vue';

export interface Toast {
  id: number;
  kind: 'info' | 'success' | 'error';
  text: string;
}

/** Toasts on screen at most: a burst of actions (say, nine exports) must not cover the view. */
export const MAX_TOASTS = 4;
export const TOAST_MS = 5000;
export const ERROR_MS = 20_000;

/** Results of actions (cancel, delete, export...) that have no form to show them in. */
export const useToastStore = defineStore('toasts', () => {
  const toasts = ref<Toast[]>([]);
  let nextId = 1;

  function dismiss(id: number): void {
    toasts.value = toasts.value.filter((t) => t.id !== id);
  }

  function push(kind: Toast['kind'], text: string): void {
    const id = nextId++;
    toasts.value.push({ id, kind, text });
    // The oldest non-error toasts make room first; errors go only when errors alone are left.
    while (toasts.value.length > MAX_TOASTS) {
      const oldest = toasts.value.find((t) => t.kind !== 'error') ?? toasts.value[0]!;
      dismiss(oldest.id);
    }
    // Errors stay four times as long (a researcher may be looking elsewhere when they arrive), and
    // each has its close button; none stays for good, and none covers the view (ToastHost sits below it).
    setTimeout(() => dismiss(id), kind === 'error' ? ERROR_MS : TOAST_MS);
  }

  return { toasts, push, dismiss };
});

/** The message of anything thrown by the host or the transport. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
