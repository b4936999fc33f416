import { defineStore } from 'pinia';
import { reactive, ref, shallowRef } from 'vue';
import type { PathProgress, PathRecord, PathSummary } from '../../core/contract';
import { usePlatform } from '../platform/platform';

/**
 * Paths in s: the list (Queue shows the active ones, History all of them) with live progress, and
 * the one path a page follows. Lists reload (coalesced) when the host says a path changed status;
 * progress events only touch the progress shown.
 */
export const usePathsStore = defineStore('paths', () => {
  const platform = usePlatform();
  const paths = shallowRef<PathSummary[]>([]);
  const live = reactive(new Map<string, PathProgress>());
  const loaded = ref(false);
  const loadError = ref<string | null>(null);
  let listeners = 0;
  let subscriptions: (() => void)[] = [];
  let reloadTimer: ReturnType<typeof setTimeout> | null = null;

  async function reload(): Promise<void> {
    try {
      paths.value = (await platform.api['paths/list']({})).paths;
      for (const id of live.keys()) if (!paths.value.some((p) => p.id === id && isActive(p))) live.delete(id);
      loadError.value = null;
    } catch (error) {
      loadError.value = error instanceof Error ? error.message : String(error);
    } finally {
      loaded.value = true;
    }
  }

  function scheduleReload(): void {
    reloadTimer ??= setTimeout(() => {
      reloadTimer = null;
      void reload();
    }, 150);
  }

  /** Views call start on mount and stop on unmount; the subscriptions live while one view needs them. */
  function start(): void {
    if (listeners++ > 0) return;
    subscriptions = [
      platform.on('path/progress', (e) => live.set(e.pathId, e.progress)),
      platform.on('paths/changed', scheduleReload),
    ];
    void reload();
  }

  function stop(): void {
    if (--listeners > 0) return;
    for (const off of subscriptions) off();
    subscriptions = [];
  }

  /** The progress to show: the live one, else the stored one. */
  const progressOf = (p: Pick<PathSummary, 'id' | 'progress'>) => live.get(p.id) ?? p.progress;

  async function cancel(id: string): Promise<boolean> {
    const reply = await platform.api['paths/cancel']({ id });
    scheduleReload();
    return reply.cancelled;
  }

  async function remove(id: string): Promise<void> {
    await platform.api['paths/delete']({ id });
    scheduleReload();
  }

  return { paths, live, loaded, loadError, start, stop, reload, progressOf, cancel, remove };
});

export const isActive = (p: Pick<PathSummary, 'status'>) => p.status === 'queued' || p.status === 'running';

/** One path as its page shows it; follows it live while it is queued or running. */
export const usePathDetailStore = defineStore('path-detail', () => {
  const platform = usePlatform();
  const path = shallowRef<PathRecord | null>(null);
  const live = shallowRef<PathProgress | null>(null);
  const loadError = ref<string | null>(null);
  let currentId: string | null = null;
  let subscriptions: (() => void)[] = [];

  async function load(id: string): Promise<void> {
    if (currentId !== id) {
      path.value = null;
      live.value = null;
    }
    currentId = id;
    try {
      const record = await platform.api['paths/get']({ id });
      if (currentId !== id) return;
      path.value = record;
      loadError.value = null;
    } catch (error) {
      if (currentId === id) loadError.value = error instanceof Error ? error.message : String(error);
    }
  }

  function follow(id: string): void {
    unfollow();
    subscriptions = [
      platform.on('path/progress', (e) => {
        if (e.pathId === id) live.value = e.progress;
      }),
      platform.on('paths/changed', (e) => {
        if (e.pathId === id) void load(id);
      }),
    ];
    void load(id);
  }

  function unfollow(): void {
    for (const off of subscriptions) off();
    subscriptions = [];
  }

  return { path, live, loadError, follow, unfollow };
});
