import {
  PathExperimentSpec,
  plannedSolves,
  type PathExperimentSpecInput,
} from '../../core/path/schema';
import { SCALE_ENERGIES } from '../../core/path/slope';
import { plainIssue } from './messages';

/**
 * The design form of a path in s (core/path): fields as typed text, checked with the same schema the
 * host applies (PathExperimentSpec), and the solves it will make.
 */
export type PathEnergy = (typeof SCALE_ENERGIES)[number];

export interface PathForm {
  name: string;
  energy: PathEnergy;
  n: string;
  d: string;
  sFrom: string;
  sTo: string;
  steps: string;
  restarts: string;
  seed: string;
  freshEvery: string;
}
export type PathField = keyof PathForm;

export function blankPathForm(): PathForm {
  return {
    name: '',
    energy: 'ce',
    n: '6',
    d: '4',
    sFrom: '0.5',
    sTo: '4',
    steps: '14',
    restarts: '8',
    seed: '1',
    freshEvery: '1',
  };
}

/** A preset of the path form, with what the researcher should see. */
export interface PathPreset {
  id: string;
  title: string;
  claim: string;
  form: Partial<PathForm>;
}

export const PATH_PRESETS: readonly PathPreset[] = [
  {
    id: 'orthoplex-path',
    title: 'Orthoplex regime: n = 6, d = 4, s from 0.5 to 4',
    claim:
      'For d+2 <= n <= 2d the minimizers are orthogonal sums of simplices. At n = 6, d = 4 the path should move from two triangles (3+3) to a tetrahedron and a pair (4+2) where their closed-form energies cross, near s = 1.97.',
    form: { name: 'Orthoplex regime, n = 6, d = 4', energy: 'ce', n: '6', d: '4', sFrom: '0.5', sTo: '4', steps: '14', restarts: '8', seed: '1', freshEvery: '1' },
  },
];

const NUMBER_FIELDS = ['n', 'd', 'sFrom', 'sTo', 'steps', 'restarts', 'seed', 'freshEvery'] as const;

export interface PathCheck {
  fieldErrors: Partial<Record<PathField, string>>;
  spec: PathExperimentSpecInput | null;
  /** the solves the grid needs, and those each located transition adds */
  planned: ReturnType<typeof plannedSolves> | null;
}

export function checkPathForm(form: PathForm): PathCheck {
  const fieldErrors: PathCheck['fieldErrors'] = {};
  const input: Record<string, unknown> = { name: form.name, energy: form.energy };
  for (const field of NUMBER_FIELDS) {
    const text = form[field].trim();
    const value = Number(text);
    if (text === '') fieldErrors[field] = 'required';
    else if (!Number.isFinite(value)) fieldErrors[field] = `"${text}" is not a number`;
    else input[field] = value;
  }
  const parsed = PathExperimentSpec.safeParse(input);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '') as PathField;
      if (field in form) fieldErrors[field] ??= plainIssue(issue);
    }
  const valid = parsed.success && Object.keys(fieldErrors).length === 0;
  return {
    fieldErrors,
    spec: valid ? (input as PathExperimentSpecInput) : null,
    planned: valid ? plannedSolves(parsed.data) : null,
  };
}
