import { onBeforeUnmount, onMounted } from 'vue';

/**
 * Two-key "go to" shortcuts (g then a letter), as in mail and issue trackers. Keys typed into a form
 * field never count, and the sequence expires after a second.
 */
export function useGoShortcuts(targets: Record<string, () => void>): void {
  let pendingG = 0;

  function typing(target: EventTarget | null): boolean {
    if (!(target instanceof HTMLElement)) return false;
    return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
  }

  function onKey(event: KeyboardEvent): void {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    const now = Date.now();
    if (pendingG && now - pendingG < 1000 && targets[event.key]) {
      pendingG = 0;
      event.preventDefault();
      targets[event.key]();
      return;
    }
    pendingG = event.key === 'g' ? now : 0;
  }

  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
}
