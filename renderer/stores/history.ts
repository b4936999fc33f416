import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowRef, watch } from 'vue';
import type { ConfigurationName } from '../../core/configuration/schema';
import type { EnergyKind } from '../../core/energies/energy';
import type {
  ExperimentRecord,
  HistoryFilters,
  HistoryQuery,
  RunRecord,
  RunStatus,
  SortColumn,
} from '../../core/contract';
import { MAX_PAGE } from '../../core/contract';
import { loadColumns, saveColumns, type ColumnId } from '../history/columns';
import { groupRuns, type RunGroup } from '../history/grouping';
import { usePlatform } from '../platform/platform';
import type { CertificateVerdict } from '../run/certificate-text';

/** Filters as typed in the filter bar; blank means "no bound". */
export interface FilterForm {
  energy: EnergyKind | '';
  status: RunStatus | '';
  /** the certificate's verdict (core/certificate) */
  verdict?: CertificateVerdict | '';
  /** the configuration's name (core/configuration) */
  configuration?: ConfigurationName | '';
  nMin: string;
  nMax: string;
  dMin: string;
  dMax: string;
  sMin: string;
  sMax: string;
  tag: string;
  text: string;
  experimentId: string;
}

export const PAGE_SIZE = 50;

function blankFilters(): FilterForm {
  return { energy: '', status: '', verdict: '', configuration: '', nMin: '', nMax: '', dMin: '', dMax: '', sMin: '', sMax: '', tag: '', text: '', experimentId: '' };
}

function bound(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

function range(min: string, max: string) {
  const r = { min: bound(min), max: bound(max) };
  return r.min === undefined && r.max === undefined ? undefined : r;
}

/** The filter bar as the contract's HistoryFilters (the host validates it and names a bad field). */
export function toFilters(form: FilterForm): HistoryFilters {
  const filters: HistoryFilters = {};
  if (form.energy) filters.energyKinds = [form.energy];
  if (form.status) filters.statuses = [form.status];
  if (form.verdict) filters.verdicts = [form.verdict];
  if (form.configuration) filters.configurationNames = [form.configuration];
  const n = range(form.nMin, form.nMax);
  const d = range(form.dMin, form.dMax);
  const s = range(form.sMin, form.sMax);
  if (n) filters.n = n;
  if (d) filters.d = d;
  if (s) filters.s = s;
  if (form.tag.trim()) filters.tags = [form.tag.trim()];
  if (form.text.trim()) filters.text = form.text.trim();
  if (form.experimentId) filters.experimentIds = [form.experimentId];
  return filters;
}

/**
 * An archive file name from an experiment's name and the time: the contract allows letters, digits,
 * ".", "_", "-" and spaces (starting with a letter or digit), and never overwrites, hence the time.
 */
export function archiveName(name: string, at: Date): string {
  const safe = name.replace(/[^A-Za-z0-9._ -]+/g, '-').replace(/\.{2,}/g, '.').replace(/^[^A-Za-z0-9]+/, '').slice(0, 120).trim();
  const stamp = at.toISOString().slice(0, 19).replace('T', ' ').replace(/:/g, '');
  return `${safe || 'experiment'} ${stamp}`;
}

/**
 * History: one page of runs at a time from the host (filters, sort and paging run in SQL, so 100 000
 * runs cost what 50 do), the selection across pages, and the experiments list.
 */
export const useHistoryStore = defineStore('history', () => {
  const platform = usePlatform();
  const filterForm = reactive<FilterForm>(blankFilters());
  const sort = ref<{ column: SortColumn; direction: 'asc' | 'desc' }>({ column: 'createdAt', direction: 'desc' });
  const offset = ref(0);
  const rows = shallowRef<RunRecord[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const loaded = ref(false);
  /** the host's answer to a bad filter, keyed by the filter's field path ("filters.n.max") */
  const filterError = ref<{ message: string; path: string } | null>(null);
  const selected = reactive(new Set<string>());
  const experiments = shallowRef<ExperimentRecord[]>([]);
  const experimentsById = computed(() => new Map(experiments.value.map((e) => [e.id, e])));
  /** the columns on screen, the user's choice (kept across sessions) */
  const columns = ref<ColumnId[]>(loadColumns());
  watch(columns, (ids) => saveColumns(ids), { deep: true });
  /** the grouped view: runs differing only by seed as one row, mean ± sd */
  const grouped = ref(false);
  const groups = shallowRef<RunGroup[]>([]);
  const groupsLoading = ref(false);
  let requestSeq = 0;
  let groupSeq = 0;

  /**
   * Every run matching the filters, in the table's order, fetched a page of MAX_PAGE at a time (a
   * download or the grouped view needs all of them, not the page on screen).
   */
  async function fetchAllFiltered(): Promise<RunRecord[]> {
    const filters = toFilters(filterForm);
    const all: RunRecord[] = [];
    for (let offset = 0; ; offset += MAX_PAGE) {
      const page = await platform.api['runs/list']({ filters, sort: [sort.value], page: { offset, limit: MAX_PAGE } });
      all.push(...page.rows);
      if (page.rows.length < MAX_PAGE || all.length >= page.total) return all;
    }
  }

  async function loadGroups(): Promise<void> {
    const seq = ++groupSeq;
    groupsLoading.value = true;
    try {
      const rows = await fetchAllFiltered();
      if (seq === groupSeq) groups.value = groupRuns(rows);
    } finally {
      if (seq === groupSeq) groupsLoading.value = false;
    }
  }

  const query = computed<HistoryQuery>(() => ({
    filters: toFilters(filterForm),
    sort: [sort.value],
    page: { offset: offset.value, limit: PAGE_SIZE },
  }));

  async function load(): Promise<void> {
    if (grouped.value) void loadGroups().catch(() => undefined);
    const seq = ++requestSeq;
    loading.value = true;
    try {
      const page = await platform.api['runs/list'](query.value);
      // typing fast fires several queries; only the newest may fill the table
      if (seq !== requestSeq) return;
      rows.value = page.rows;
      total.value = page.total;
      filterError.value = null;
      if (page.rows.length === 0 && page.total > 0 && offset.value > 0) {
        offset.value = Math.max(0, Math.floor((page.total - 1) / PAGE_SIZE) * PAGE_SIZE);
        await load();
      }
    } catch (error) {
      if (seq !== requestSeq) return;
      const issue = (error as { issues?: { path: string; message: string }[] }).issues?.[0];
      filterError.value = { message: issue?.message ?? (error as Error).message, path: issue?.path ?? '' };
    } finally {
      if (seq === requestSeq) {
        loading.value = false;
        loaded.value = true;
      }
    }
  }

  async function loadExperiments(): Promise<void> {
    experiments.value = (await platform.api['experiments/list']({})).experiments;
  }

  function setSort(column: SortColumn): void {
    if (sort.value.column === column) sort.value = { column, direction: sort.value.direction === 'asc' ? 'desc' : 'asc' };
    else sort.value = { column, direction: column === 'createdAt' ? 'desc' : 'asc' };
    offset.value = 0;
    void load();
  }

  function filtersChanged(): void {
    offset.value = 0;
    void load();
  }

  function clearFilters(): void {
    Object.assign(filterForm, blankFilters());
    filtersChanged();
  }

  function goToPage(page: number): void {
    offset.value = Math.max(0, page * PAGE_SIZE);
    void load();
  }

  function toggle(id: string): void {
    if (selected.has(id)) selected.delete(id);
    else selected.add(id);
  }

  function togglePage(): void {
    const all = rows.value.every((r) => selected.has(r.id));
    for (const r of rows.value) {
      if (all) selected.delete(r.id);
      else selected.add(r.id);
    }
  }

  async function tagSelected(tag: string): Promise<void> {
    await platform.api['runs/tag']({ ids: [...selected], add: [tag] });
    await load();
  }

  async function deleteSelected(): Promise<number> {
    const { deleted } = await platform.api['runs/delete']({ ids: [...selected] });
    selected.clear();
    await Promise.all([load(), loadExperiments()]);
    return deleted;
  }

  /** Writes the selection (or everything) as an archive and hands it to the user. */
  async function exportSelected(): Promise<{ fileName: string; runs: number; saved: boolean }> {
    const reply = await platform.api['archive/export'](selected.size ? { runIds: [...selected] } : {});
    const saved = await platform.saveArchive(reply.fileName);
    return { fileName: reply.fileName, runs: reply.runs, saved };
  }

  async function renameExperiment(id: string, name: string): Promise<string> {
    const renamed = await platform.api['experiments/rename']({ id, name });
    await Promise.all([loadExperiments(), load()]);
    return renamed.name;
  }

  /** Deletes an experiment and its runs; returns how many runs went. */
  async function deleteExperiment(id: string): Promise<number> {
    const { deletedRuns } = await platform.api['experiments/delete']({ id });
    if (filterForm.experimentId === id) filterForm.experimentId = '';
    await Promise.all([loadExperiments(), load()]);
    return deletedRuns;
  }

  /** Writes one experiment with its runs as an archive named after it, and hands it to the user. */
  async function exportExperiment(experiment: ExperimentRecord): Promise<{ fileName: string; runs: number; saved: boolean }> {
    const reply = await platform.api['archive/export']({ experimentIds: [experiment.id], fileName: archiveName(experiment.name, new Date()) });
    const saved = await platform.saveArchive(reply.fileName);
    return { fileName: reply.fileName, runs: reply.runs, saved };
  }

  /** Lets the user pick an archive, then merges it; null when the user cancelled. */
  async function importArchive() {
    const fileName = await platform.addArchive();
    if (!fileName) return null;
    const reply = await platform.api['archive/import']({ fileName });
    await Promise.all([load(), loadExperiments()]);
    return reply;
  }

  return {
    filterForm,
    sort,
    offset,
    rows,
    total,
    loading,
    loaded,
    filterError,
    selected,
    experiments,
    experimentsById,
    columns,
    grouped,
    groups,
    groupsLoading,
    fetchAllFiltered,
    loadGroups,
    load,
    loadExperiments,
    setSort,
    filtersChanged,
    clearFilters,
    goToPage,
    toggle,
    togglePage,
    tagSelected,
    deleteSelected,
    exportSelected,
    importArchive,
    renameExperiment,
    deleteExperiment,
    exportExperiment,
  };
});
