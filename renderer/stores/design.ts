import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowRef, watch } from 'vue';
import { isApiRequestError, type ExperimentRecord, type Out } from '../../core/contract';
import type { EnergyKind } from '../../core/energies/energy';
import { ExperimentSpec, ExpansionError, expandExperiment, type ExperimentSpecInput } from '../../core/spec/experiment-spec';
import type { RunSpec } from '../../core/spec/run-spec';
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
  optimizer: 'lbfgs' | 'rgd';
  tol: string;
  maxIter: string;
  timeLimitSec: string;
  tags: string;
}
export type DesignField = keyof DesignForm;

const AXES = ['n', 'd', 's', 'alpha', 'seeds'] as const;

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

/** A number field: blank means "use the default" (undefined), anything else must be a number. */
function numberField(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

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
export function checkForm(form: DesignForm): DesignCheck {
  const fieldErrors: DesignCheck['fieldErrors'] = {};
  const input: Record<string, unknown> = {
    name: form.name,
    description: form.description,
    energy: form.energy,
    restarts: numberField(form.restarts),
    optimizer: form.optimizer,
    tol: numberField(form.tol),
    maxIter: numberField(form.maxIter),
    timeLimitSec: numberField(form.timeLimitSec),
  };
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
      if (field in form && !fieldErrors[field]) fieldErrors[field] = issue.message;
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
      if (field in form) fieldErrors[field] ??= error.message;
      else gridError = error.message;
    }
  }
  const valid = result.success && Object.keys(fieldErrors).length === 0 && gridError === null;
  return { fieldErrors, gridError, spec: valid ? (input as ExperimentSpecInput) : null, runs };
}

export type WorkEstimate = Out<'experiments/estimate'>;

export const useDesignStore = defineStore('design', () => {
  const platform = usePlatform();
  const form = reactive<DesignForm>(blankForm());
  /** which preset filled the form last, so its claim can be shown */
  const presetId = ref<string | null>(null);
  const check = computed(() => checkForm(form));
  /** the host's estimate of the valid spec on screen (one implementation of the cost: the host's) */
  const estimate = shallowRef<WorkEstimate | null>(null);
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
            if (seq === estimateSeq) estimate.value = reply;
          },
          () => {
            if (seq === estimateSeq) estimate.value = null;
          },
        );
      }, 200);
    },
    { immediate: true },
  );

  /** Stores and queues the experiment; null when the host refused it (the errors are then on the form). */
  async function submit(): Promise<{ experiment: ExperimentRecord; runIds: string[] } | null> {
    const spec = check.value.spec;
    if (!spec) return null;
    submitting.value = true;
    try {
      const tags = splitTags(form.tags);
      return await platform.api['experiments/create']({ spec, ...(tags.length ? { tags } : {}) });
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
    presetId.value = preset.id;
  }

  function reset(): void {
    Object.assign(form, blankForm());
    presetId.value = null;
  }

  return { form, presetId, check, estimate, hostErrors, submitError, submitting, submit, applyPreset, reset };
});
