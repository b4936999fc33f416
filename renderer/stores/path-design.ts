import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import { isApiRequestError, type PathRecord } from '../../core/contract';
import { blankPathForm, checkPathForm, type PathField, type PathForm, type PathPreset } from '../design/path-form';
import { usePlatform } from '../platform/platform';

/** The design form of a path in s: its fields, their check, and `paths/start`. */
export const usePathDesignStore = defineStore('path-design', () => {
  const platform = usePlatform();
  const form = reactive<PathForm>(blankPathForm());
  const presetId = ref<string | null>(null);
  const check = computed(() => checkPathForm(form));
  const hostErrors = ref<Partial<Record<PathField, string>>>({});
  const submitError = ref<string | null>(null);
  const submitting = ref(false);

  /** Stores and starts the path; null when the host refused it (the errors are then on the form). */
  async function submit(): Promise<PathRecord | null> {
    const spec = check.value.spec;
    if (!spec) return null;
    submitting.value = true;
    hostErrors.value = {};
    submitError.value = null;
    try {
      const started = await platform.api['paths/start']({ spec });
      form.name = '';
      presetId.value = null;
      return started;
    } catch (error) {
      if (isApiRequestError(error))
        for (const issue of error.issues) {
          const field = issue.path.split('.')[1] as PathField | undefined;
          if (field && field in form) hostErrors.value[field] ??= issue.message;
        }
      submitError.value = error instanceof Error ? error.message : String(error);
      return null;
    } finally {
      submitting.value = false;
    }
  }

  function applyPreset(preset: PathPreset): void {
    Object.assign(form, blankPathForm(), preset.form);
    presetId.value = preset.id;
  }

  return { form, presetId, check, hostErrors, submitError, submitting, submit, applyPreset };
});
