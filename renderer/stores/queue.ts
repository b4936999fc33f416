import { defineStore } from 'pinia';
import { reactive, ref, shallowRef } from 'vue';
import type { ExperimentRecord, RunRecord } from '../../core/contract';
import { usePlatform } from '../platform/platform';
import { appendSample, emptySeries, LIVE_POINTS, type LiveSeries } from './live-series';

/** How many waiting runs the queue lists; the rest are counted per experiment. */
const LISTED = 200;

/**
 * Running, queued and interrupted runs with live sparklines, and per-experiment progress. Lists are
 * reloaded (coalesced) when the host says the queue or the runs changed; progress events only touch
 * the sparklines, so 20 reports a second per run cost no request.
 */
export const useQueueStore = defineStore('queue', () => {
  const platform = usePlatform();
  const running = shallowRef<RunRecord[]>([]);
  const queued = shallowRef<RunRecord[]>([]);
  const queuedTotal = ref(0);
  const interrupted = shallowRef<RunRecord[]>([]);
  const interruptedTotal = ref(0);
  const experiments = shallowRef<ExperimentRecord[]>([]);
  const live = reactive(new Map<string, LiveSeries>());
  const loaded = ref(false);
  const loadError = ref<string | null>(null);
  let reloadTimer: ReturnType<typeof setTimeout> | null = null;
  let subscriptions: (() => void)[] = [];

  async function reload(): Promise<void> {
    try {
      const [run, wait, stopped, exps] = await Promise.all([
        platform.api['runs/list']({ filters: { statuses: ['running'] }, sort: [{ column: 'startedAt', direction: 'asc' }], page: { offset: 0, limit: LISTED } }),
        platform.api['runs/list']({ filters: { statuses: ['queued'] }, sort: [{ column: 'createdAt', direction: 'asc' }], page: { offset: 0, limit: LISTED } }),
        platform.api['runs/list']({ filters: { statuses: ['interrupted'] }, page: { offset: 0, limit: LISTED } }),
        platform.api['experiments/list']({}),
      ]);
      running.value = run.rows;
      queued.value = wait.rows;
      queuedTotal.value = wait.total;
      interrupted.value = stopped.rows;
      interruptedTotal.value = stopped.total;
      experiments.value = exps.experiments;
      await seedSparklines(run.rows);
      loadError.value = null;
    } catch (error) {
      loadError.value = error instanceof Error ? error.message : String(error);
    } finally {
      loaded.value = true;
    }
  }

  /** A run already running when the view opens gets its recent trace, so its sparkline is not empty. */
  async function seedSparklines(rows: RunRecord[]): Promise<void> {
    const missing = rows.filter((r) => !live.has(r.id));
    await Promise.all(
      missing.map(async (row) => {
        live.set(row.id, emptySeries());
        // mutate through the map's reactive proxy, so the sparkline redraws
        const series = live.get(row.id)!;
        const trace = await platform.api['runs/trace']({ id: row.id, maxPoints: LIVE_POINTS }).catch(() => null);
        if (!trace) return;
        series.energy.unshift(...trace.energy);
        series.gradNorm.unshift(...trace.gradNorm);
      }),
    );
    const active = new Set(rows.map((r) => r.id));
    for (const id of live.keys()) if (!active.has(id)) live.delete(id);
  }

  function scheduleReload(): void {
    if (reloadTimer) return;
    reloadTimer = setTimeout(() => {
      reloadTimer = null;
      void reload();
    }, 150);
  }

  function start(): void {
    if (subscriptions.length) return;
    subscriptions = [
      platform.on('run/progress', (p) => {
        if (!live.has(p.runId)) live.set(p.runId, emptySeries());
        appendSample(live.get(p.runId)!, p);
      }),
      platform.on('queue/changed', scheduleReload),
      platform.on('run/status', scheduleReload),
      platform.on('run/finished', scheduleReload),
      platform.on('runs/changed', scheduleReload),
    ];
    void reload();
  }

  function stop(): void {
    for (const off of subscriptions) off();
    subscriptions = [];
  }

  async function cancel(id: string): Promise<boolean> {
    const reply = await platform.api['runs/cancel']({ id });
    scheduleReload();
    return reply.cancelled;
  }

  async function cancelAll(experimentId?: string): Promise<number> {
    const reply = await platform.api['runs/cancelAll'](experimentId ? { experimentId } : {});
    scheduleReload();
    return reply.cancelled;
  }

  async function resume(ids?: string[]): Promise<number> {
    const reply = await platform.api['runs/resume'](ids ? { ids } : {});
    scheduleReload();
    return reply.resumed.length;
  }

  return {
    running,
    queued,
    queuedTotal,
    interrupted,
    interruptedTotal,
    experiments,
    live,
    loaded,
    loadError,
    start,
    stop,
    reload,
    cancel,
    cancelAll,
    resume,
  };
});
