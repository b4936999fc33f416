import { reactive, ref } from 'vue';

interface CheckedForm<F extends string> {
  /** what the host refused, shown at once */
  hostErrors: Partial<Record<F, string>>;
  check: { fieldErrors: Partial<Record<F, string>> };
}

/**
 * A design form's field errors: the host's at once, the form's own once the field was edited or a
 * start was attempted, never on a fresh form. Shared by the grid and the path forms.
 */
export function useFieldErrors<F extends string>(form: CheckedForm<F>) {
  const touched = reactive(new Set<F>()) as Set<F>;
  const attempted = ref(false);
  const error = (field: F): string | undefined =>
    form.hostErrors[field] ?? (attempted.value || touched.has(field) ? form.check.fieldErrors[field] : undefined);
  /** a preset or a new form starts untouched */
  const reset = () => {
    touched.clear();
    attempted.value = false;
  };
  return { touched, attempted, error, reset };
}
