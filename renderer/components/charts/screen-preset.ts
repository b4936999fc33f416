import { computed, onBeforeUnmount, ref, type ComputedRef, type Ref } from 'vue';
import type { ScreenPreset } from '../../../core/charts/preset';
import { useThemeStore } from '../../stores/theme';

/**
 * The screen preset of a chart: the app's theme (dark or light), no animation for a reader who
 * asked the system for reduced motion, and the chart's size when the caller tracks it.
 */
export function useScreenPreset(
  size?: Ref<{ width: number; height: number } | null>,
): ComputedRef<ScreenPreset> {
  const theme = useThemeStore();
  const query = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)');
  const reduced = ref(query?.matches ?? false);
  const follow = (event: MediaQueryListEvent) => (reduced.value = event.matches);
  query?.addEventListener('change', follow);
  onBeforeUnmount(() => query?.removeEventListener('change', follow));
  return computed(() => ({
    kind: 'screen',
    dark: theme.effective() === 'dark',
    animate: !reduced.value,
    ...(size?.value ?? {}),
  }));
}
