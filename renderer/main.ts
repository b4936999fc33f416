import { createApp, h } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { makeRouter } from './router';
import { usePlatform } from './platform/platform';
import './styles/theme.css';

// Choose the transport once; without a host (e.g. the page opened without its token) say so plainly.
let hostProblem: string | null = null;
try {
  usePlatform();
} catch (error) {
  hostProblem = error instanceof Error ? error.message : String(error);
}

if (hostProblem) {
  const problem = hostProblem;
  createApp({ render: () => h('main', { class: 'panel', role: 'alert', style: 'margin: 40px auto; max-width: 560px' }, [h('h1', 'SphereLab cannot reach its host'), h('p', problem)]) }).mount('#app');
} else {
  createApp(App).use(createPinia()).use(makeRouter()).mount('#app');
}
