import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { Out } from '../../core/contract';
import { usePlatform, type ConnectionState } from '../platform/platform';

/** The host the renderer talks to: whether it is reachable, and what it says about itself. */
export const useHostStore = defineStore('host', () => {
  const platform = usePlatform();
  const connection = ref<ConnectionState>('connecting');
  const info = shallowRef<Out<'app/info'> | null>(null);
  const infoError = ref<string | null>(null);
  /** true once the host was reached: a later drop means what is on screen may be stale */
  const everOpen = ref(false);

  platform.onConnection((state) => {
    connection.value = state;
    if (state === 'open') {
      everOpen.value = true;
      platform.api['app/info']({}).then(
        (reply) => {
          info.value = reply;
          infoError.value = null;
        },
        (error: unknown) => (infoError.value = error instanceof Error ? error.message : String(error)),
      );
    }
  });

  return { kind: platform.kind, connection, everOpen, info, infoError };
});
