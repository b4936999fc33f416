import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryPage, HistoryQuery, RunRecord } from '../../../core/contract';
import { setPlatform, type Platform } from '../../../renderer/platform/platform';
import { toFilters, useHistoryStore, type FilterForm } from '../../../renderer/stores/history';
import { appendSample, emptySeries, LIVE_POINTS } from '../../../renderer/stores/live-series';

const blank: FilterForm = { energy: '', status: '', nMin: '', nMax: '', dMin: '', dMax: '', sMin: '', sMax: '', tag: '', text: '', experimentId: '' };

describe('history filters as the contract sends them', () => {
  it('sends nothing for a blank filter bar', () => {
    expect(toFilters(blank)).toEqual({});
  });

  it('keeps open ends open and trims text and tag', () => {
    expect(toFilters({ ...blank, nMin: '4', dMax: '10', sMin: '0.5', sMax: '2', tag: ' etf ', text: ' simplex ', status: 'completed', energy: 'ce' })).toEqual({
      n: { min: 4, max: undefined },
      d: { min: undefined, max: 10 },
      s: { min: 0.5, max: 2 },
      tags: ['etf'],
      text: 'simplex',
      statuses: ['completed'],
      energyKinds: ['ce'],
    });
  });

  it('sends the certificate verdict and configuration name chosen', () => {
    expect(toFilters({ ...blank, verdict: 'saddle', configuration: 'simplex-sum' })).toEqual({
      verdicts: ['saddle'],
      configurationNames: ['simplex-sum'],
    });
  });
});

describe('live sparkline series', () => {
  it(`keeps the last ${LIVE_POINTS} samples of a long run`, () => {
    const series = emptySeries();
    for (let i = 0; i < LIVE_POINTS + 50; i++) appendSample(series, { energy: i, gradNorm: -i, iteration: i, restart: 0, elapsedMs: i });
    expect(series.energy).toHaveLength(LIVE_POINTS);
    expect(series.energy[0]).toBe(50);
    expect(series.gradNorm.at(-1)).toBe(-(LIVE_POINTS + 49));
    expect(series.iteration).toBe(LIVE_POINTS + 49);
  });
});

describe('history store', () => {
  /** Replies to runs/list only when the test says so, to order the replies. */
  const pending: { query: HistoryQuery; reply: (page: HistoryPage) => void }[] = [];
  const page = (ids: string[]): HistoryPage => ({ rows: ids.map((id) => ({ id }) as RunRecord), total: ids.length, offset: 0, limit: 50 });

  beforeEach(() => {
    pending.length = 0;
    const api = {
      'runs/list': (query: HistoryQuery) => new Promise<HistoryPage>((reply) => pending.push({ query, reply })),
    };
    setPlatform({ api } as unknown as Platform);
    setActivePinia(createPinia());
  });

  afterEach(() => setPlatform(null));

  it('shows the newest query when replies arrive out of order (typing fast in a filter)', async () => {
    const history = useHistoryStore();
    const first = history.load();
    history.filterForm.text = 'etf';
    const second = history.load();
    expect(pending.map((p) => p.query.filters?.text)).toEqual([undefined, 'etf']);
    pending[1].reply(page(['newest']));
    await second;
    pending[0].reply(page(['stale-1', 'stale-2']));
    await first;
    expect(history.rows.map((r) => r.id)).toEqual(['newest']);
    expect(history.total).toBe(1);
  });

  it('sorts by a column, reverses on a second click, and goes back to the first page', async () => {
    const history = useHistoryStore();
    history.offset = 100;
    history.setSort('n');
    expect(pending.at(-1)?.query).toMatchObject({ sort: [{ column: 'n', direction: 'asc' }], page: { offset: 0 } });
    history.setSort('n');
    expect(pending.at(-1)?.query.sort).toEqual([{ column: 'n', direction: 'desc' }]);
  });

  it('shows what the host refused about a filter, with the field it names', async () => {
    setPlatform({
      api: { 'runs/list': () => Promise.reject(Object.assign(new Error('runs/list: filters.n.max: min must not exceed max'), { issues: [{ path: 'filters.n.max', message: 'min must not exceed max' }] })) },
    } as unknown as Platform);
    setActivePinia(createPinia());
    const history = useHistoryStore();
    await history.load();
    expect(history.filterError).toEqual({ message: 'min must not exceed max', path: 'filters.n.max' });
  });
});
