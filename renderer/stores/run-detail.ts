import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { RunProgress, RunRecord } from '../../core/contract';
import { usePlatform } from '../platform/platform';

/** One run as the detail view shows it; follows the run live while it is queued or running. */
export const useRunDetailStore = defineStore('run-detail', () => {
  const platform = usePlatform();
  const run = shallowRef<RunRecord | null>(null);
  const loadError = ref<string | null>(null);
  const loading = ref(false);
  const live = shallowRef<RunProgress | null>(null);
  let currentId: string | null = null;
  let subscriptions: (() => void)[] = [];

  async function load(id: string): Promise<void> {
    if (currentId !== id) {
      run.value = null;
      live.value = null;
    }
    currentId = id;
    loading.value = true;
    try {
      const record = await platform.api['runs/get']({ id });
      if (currentId !== id) return;
      run.value = record;
      loadError.value = null;
    } catch (error) {
      if (currentId === id) loadError.value = error instanceof Error ? error.message : String(error);
    } finally {
      if (currentId === id) loading.value = false;
    }
  }

  function follow(id: string): void {
    unfollow();
    void load(id);
    subscriptions = [
      platform.on('run/progress', (p) => {
        if (p.runId === id) live.value = p;
      }),
      platform.on('run/status', (e) => {
        if (e.runId === id) void load(id);
      }),
      platform.on('run/finished', (e) => {
        if (e.runId === id) void load(id);
      }),
    ];
  }

  function unfollow(): void {
    for (const off of subscriptions) off();
    subscriptions = [];
  }

  async function saveNote(note: string): Promise<void> {
    if (!run.value) return;
    const reply = await platform.api['runs/note']({ id: run.value.id, note });
    run.value = { ...run.value, note: reply.note };
  }

  async function changeTags(change: { add?: string[]; remove?: string[] }): Promise<void> {
    if (!run.value) return;
    const reply = await platform.api['runs/tag']({ ids: [run.value.id], ...change });
    const tags = reply.runs.find((r) => r.id === run.value?.id)?.tags;
    if (tags) run.value = { ...run.value, tags };
  }

  async function cancel(): Promise<boolean> {
    if (!run.value) return false;
    return (await platform.api['runs/cancel']({ id: run.value.id })).cancelled;
  }

  async function resume(): Promise<void> {
    if (!run.value) return;
    await platform.api['runs/resume']({ ids: [run.value.id] });
    await load(run.value.id);
  }

  return { run, live, loadError, loading, follow, unfollow, saveNote, changeTags, cancel, resume };
});
