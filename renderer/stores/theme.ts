import { defineStore } from 'pinia';
import { ref, watch } from 'vue';

/** 'system' follows prefers-color-scheme; the toggle pins light or dark and remembers it. */
export type ThemeChoice = 'system' | 'light' | 'dark';
const STORAGE_KEY = 'spherelab.theme';

function readChoice(): ThemeChoice {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  return saved === 'light' || saved === 'dark' ? saved : 'system';
}

function systemPrefersDark(): boolean {
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
}

export const useThemeStore = defineStore('theme', () => {
  const choice = ref<ThemeChoice>(readChoice());

  const systemDark = ref(systemPrefersDark());
  globalThis.matchMedia?.('(prefers-color-scheme: dark)').addEventListener('change', (e) => (systemDark.value = e.matches));

  /** The theme actually shown, whatever the choice. */
  function effective(): 'light' | 'dark' {
    if (choice.value !== 'system') return choice.value;
    return systemDark.value ? 'dark' : 'light';
  }

  function apply(): void {
    document.documentElement.setAttribute('data-theme', effective());
  }

  function toggle(): void {
    choice.value = effective() === 'dark' ? 'light' : 'dark';
  }

  watch(systemDark, apply);
  watch(
    choice,
    (value) => {
      if (value === 'system') globalThis.localStorage?.removeItem(STORAGE_KEY);
      else globalThis.localStorage?.setItem(STORAGE_KEY, value);
      apply();
    },
    { immediate: true },
  );

  return { choice, effective, toggle };
});
