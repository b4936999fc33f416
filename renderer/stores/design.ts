import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowRef, watch } from 'vue';
import { isApiRequestError, type ExperimentRecord, type Out } from '../../core/contract';
import type { EnergyKind } from '../../core/energies/energy';
import { ExperimentSpec, ExpansionError, expandExperiment, type ExperimentSpecInput } from '../../core/spec/experiment-spec';
import { estimateCost } from '../design/estimate';
import { expansionMessage, plainIssue } from '../design/messages';
import type { OptimizerKind, RunSpec } from '../../core/spec/run-spec';
import { formatAxis, parseAxis } from '../design/axis-text';
import { usesAlpha, usesScale } from '../design/energy-labels';
import type { Preset } from '../design/presets';
import { usePlatform } from '../platform/platform';

/** The form as typed: every field is text until it is checked, so a half-typed value stays on screen. */
export interface DesignForm {
  name: string;
  description: string;
  energy: EnergyKind;
  n: string;
  d: string;
  s: string;
  alpha: string;
  seeds: string;
  restarts: string;
  optimizer: OptimizerKind;
  tol: string;
  maxIter: string;
  timeLimitSec: string;
  tags: string;
}
export type DesignField = keyof DesignForm;

/** What the design form makes: a grid of runs (an experiment), or a path in s (core/path). */
export const EXPERIMENT_KINDS = [
  { id: 'grid', label: 'Grid', hint: 'one run per point of a grid over n, d, s and seeds' },
  { id: 'path', label: 'Path in s', hint: 'continuation of one problem over a range of s, with its transitions located' },
] as const;
export type ExperimentKind = (typeof EXPERIMENT_KINDS)[number]['id'];

const AXES = ['n', 'd', 's', 'alpha', 'seeds'] as const;
/** single-number fields, and whether they take whole numbers only */
const NUMBER_FIELDS = [
  ['restarts', true],
  ['maxIter', true],
  ['tol', false],
  ['timeLimitSec', false],
] as const;

/** The form on first open: a small valid grid, nothing named yet. */
export function blankForm(): DesignForm {
  return {
    name: '',
    description: '',
    energy: 'ce',
    n: '4, 6, 8',
    d: '3',
    s: '1',
    alpha: '1',
    seeds: '1, 2',
    restarts: '1',
    optimizer: 'lbfgs',
    tol: '1e-9',
    maxIter: '20000',
    timeLimitSec: '',
    tags: '',
  };
}

/**
 * A number field: blank means "use the default" (undefined); anything else must read as a number
 * (a whole one where `whole`), else the field's message says what it got.
 */
function numberField(text: string, whole: boolean): { value?: number; error?: string } {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { error: `"${trimmed}" is not a number` };
  if (whole && !Number.isInteger(value)) return { error: `${trimmed} is not a whole number` };
  return { value };
}

/** Settings a form does not show but a cloned experiment carries (they go into the spec unchanged). */
export type CarriedSettings = Partial<Pick<ExperimentSpec, 'memory' | 'logEnergy' | 'threads'>>;

export function splitTags(text: string): string[] {
  return [...new Set(text.split(',').map((t) => t.trim()).filter((t) => t !== ''))];
}

export interface DesignCheck {
  /** one message per field, from the text syntax or from ExperimentSpec */
  fieldErrors: Partial<Record<DesignField, string>>;
  /** a problem of the whole grid that no single field owns (e.g. too many runs) */
  gridError: string | null;
  spec: ExperimentSpecInput | null;
  /** the expanded grid; filled as soon as the grid is valid, even before the experiment has a name */
  runs: RunSpec[];
}

/** Validates the form with the same schema the host applies (ExperimentSpec) and expands it. */
export function checkForm(form: DesignForm, carried: CarriedSettings = {}): DesignCheck {
  const fieldErrors: DesignCheck['fieldErrors'] = {};
  const input: Record<string, unknown> = {
    ...carried,
    name: form.name,
    description: form.description,
    energy: form.energy,
    optimizer: form.optimizer,
  };
  for (const [field, whole] of NUMBER_FIELDS) {
    const read = numberField(form[field], whole);
    if (read.error) fieldErrors[field] = read.error;
    else if (read.value !== undefined) input[field] = read.value;
  }
  for (const axis of AXES) {
    if ((axis === 's' && !usesScale(form.energy)) || (axis === 'alpha' && !usesAlpha(form.energy))) continue;
    const parsed = parseAxis(form[axis]);
    if (parsed.ok) input[axis] = parsed.axis;
    else fieldErrors[axis] = parsed.message;
  }
  const result = ExperimentSpec.safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = String(issue.path[0] ?? '') as DesignField;
      if (field in form && !fieldErrors[field]) fieldErrors[field] = plainIssue(issue);
    }
  }
  // The grid is counted (and each grid point checked) as soon as the axes read: a field in error
  // elsewhere stands at its default meanwhile, and a missing name at a placeholder.
  const axesRead = AXES.every((axis) => !fieldErrors[axis]);
  let runs: RunSpec[] = [];
  let gridError: string | null = null;
  if (axesRead) {
    const gridInput: Record<string, unknown> = { ...input };
    for (const field of Object.keys(fieldErrors)) delete gridInput[field];
    Object.assign(gridInput, { name: 'unnamed', description: '' });
    try {
      runs = expandExperiment(gridInput as ExperimentSpecInput);
    } catch (error) {
      if (!(error instanceof ExpansionError)) throw error;
      const field = (error.path[0] === 'seed' ? 'seeds' : String(error.path[0] ?? '')) as DesignField;
      if (field in form) fieldErrors[field] ??= expansionMessage(form.energy, error);
      else gridError = error.message;
    }
  }
  const valid = result.success && Object.keys(fieldErrors).length === 0 && gridError === null;
  return { fieldErrors, gridError, spec: valid ? (input as ExperimentSpecInput) : null, runs };
}

export type WorkEstimate = Out<'experiments/estimate'>;

/** The values an axis expanded into, for the preview under its field ("10, 20, 40 … 8 values"). */
export function axisPreview(runs: readonly RunSpec[], key: 'n' | 'd' | 's' | 'alpha' | 'seed'): number[] {
  return [...new Set(runs.map((r) => r[key]))].sort((a, b) => a - b);
}

/** A stored experiment's spec as form text (the reverse of checkForm), for "clone into the form". */
export function formFromSpec(spec: ExperimentSpec, tags: readonly string[]): { form: DesignForm; carried: CarriedSettings } {
  return {
    form: {
      ...blankForm(),
      name: `${spec.name} (copy)`,
      description: spec.description,
      energy: spec.energy,
      n: formatAxis(spec.n),
      d: formatAxis(spec.d),
      s: formatAxis(spec.s),
      alpha: formatAxis(spec.alpha),
      seeds: formatAxis(spec.seeds),
      restarts: String(spec.restarts),
      optimizer: spec.optimizer,
      tol: String(spec.tol),
      maxIter: String(spec.maxIter),
      timeLimitSec: spec.timeLimitSec === undefined ? '' : String(spec.timeLimitSec),
      tags: tags.join(', '),
    },
    carried: { memory: spec.memory, logEnergy: spec.logEnergy, ...(spec.threads === undefined ? {} : { threads: spec.threads }) },
  };
}

export const useDesignStore = defineStore('design', () => {
  const platform = usePlatform();
  const kind = ref<ExperimentKind>('grid');
  const form = reactive<DesignForm>(blankForm());
  /** settings of a cloned experiment that the form has no field for */
  const carried = ref<CarriedSettings>({});
  /** which preset filled the form last, so its claim can be shown */
  const presetId = ref<string | null>(null);
  const check = computed(() => checkForm(form, carried.value));
  /** the host's estimate of the valid spec on screen (one implementation of the cost: the host's) */
  const estimate = shallowRef<WorkEstimate | null>(null);
  /** the spec (as JSON) the estimate belongs to: until it is the one on screen, Start waits */
  const estimatedSpec = ref<string | null>(null);
  const estimating = computed(() => check.value.spec !== null && JSON.stringify(check.value.spec) !== estimatedSpec.value);
  /** time and memory on this machine, from the host's measured speed */
  const cost = computed(() => (estimate.value ? estimateCost(check.value.runs, estimate.value.machine) : null));
  /** the experiment may start: valid, estimated, and within the machine's limits */
  const canStart = computed(
    () => check.value.spec !== null && !estimating.value && cost.value !== null && cost.value.blocking.length === 0,
  );
  /** what the host said about the last submission, by form field, and about the whole form */
  const hostErrors = ref<Partial<Record<DesignField, string>>>({});
  const submitError = ref<string | null>(null);
  const submitting = ref(false);
  let estimateSeq = 0;
  let estimateTimer: ReturnType<typeof setTimeout> | null = null;

  watch(
    () => check.value.spec,
    (spec) => {
      hostErrors.value = {};
      submitError.value = null;
      if (estimateTimer) clearTimeout(estimateTimer);
      const seq = ++estimateSeq;
      if (!spec) {
        estimate.value = null;
        return;
      }
      estimateTimer = setTimeout(() => {
        platform.api['experiments/estimate']({ spec }).then(
          (reply) => {
            if (seq !== estimateSeq) return;
            estimate.value = reply;
            estimatedSpec.value = JSON.stringify(spec);
          },
          (error: unknown) => {
            if (seq !== estimateSeq) return;
            estimate.value = null;
            submitError.value = `The host could not estimate this experiment: ${error instanceof Error ? error.message : String(error)}`;
          },
        );
      }, 200);
    },
    { immediate: true },
  );

  /** Stores and queues the experiment; null when the host refused it (the errors are then on the form). */
  async function submit(): Promise<{ experiment: ExperimentRecord; runIds: string[] } | null> {
    const spec = check.value.spec;
    if (!spec || !canStart.value) return null;
    submitting.value = true;
    try {
      const tags = splitTags(form.tags);
      const created = await platform.api['experiments/create']({ spec, ...(tags.length ? { tags } : {}) });
      // the grid stays for the next variation; the name, description and tags were this experiment's
      Object.assign(form, { name: '', description: '', tags: '' });
      presetId.value = null;
      return created;
    } catch (error) {
      if (isApiRequestError(error) && error.issues.length) {
        const byField: Partial<Record<DesignField, string>> = {};
        for (const issue of error.issues) {
          const parts = issue.path.split('.');
          const field = (parts[0] === 'spec' ? parts[1] : parts[0]) as DesignField | undefined;
          if (field && field in form) byField[field] ??= issue.message;
        }
        hostErrors.value = byField;
      }
      submitError.value = error instanceof Error ? error.message : String(error);
      return null;
    } finally {
      submitting.value = false;
    }
  }

  function applyPreset(preset: Preset): void {
    const { spec } = preset;
    Object.assign(form, blankForm(), {
      name: spec.name,
      description: preset.claim,
      energy: spec.energy,
      n: formatAxis(spec.n),
      d: formatAxis(spec.d),
      s: spec.s === undefined ? '1' : formatAxis(spec.s),
      alpha: spec.alpha === undefined ? '1' : formatAxis(spec.alpha),
      seeds: spec.seeds === undefined ? '1' : formatAxis(spec.seeds),
      restarts: String(spec.restarts ?? 1),
      tags: preset.id,
    });
    carried.value = {};
    presetId.value = preset.id;
  }

  /** Fills the form with a stored experiment's spec and tags, named as its copy. */
  function cloneExperiment(experiment: ExperimentRecord): void {
    const filled = formFromSpec(experiment.spec, experiment.tags);
    kind.value = 'grid';
    Object.assign(form, filled.form);
    carried.value = filled.carried;
    presetId.value = null;
  }

  function reset(): void {
    Object.assign(form, blankForm());
    carried.value = {};
    presetId.value = null;
  }

  return {
    kind,
    form,
    carried,
    presetId,
    check,
    estimate,
    estimating,
    cost,
    canStart,
    hostErrors,
    submitError,
    submitting,
    submit,
    applyPreset,
    cloneExperiment,
    reset,
  };
});
