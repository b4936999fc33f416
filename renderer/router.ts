import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';

/**
 * Hash history: the renderer is loaded from file:// in the desktop app and from a token path in
 * browser mode, and neither can serve deep links. Views load lazily so the first paint stays small.
 */
export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/design' },
  { path: '/design', name: 'design', component: () => import('./views/DesignView.vue'), meta: { title: 'Design' } },
  { path: '/queue', name: 'queue', component: () => import('./views/QueueView.vue'), meta: { title: 'Queue' } },
  { path: '/history', name: 'history', component: () => import('./views/HistoryView.vue'), meta: { title: 'History' } },
  // History hands Compare the selected run ids as ?runs=ID,ID,...
  { path: '/compare', name: 'compare', component: () => import('./views/CompareView.vue'), meta: { title: 'Compare' } },
  { path: '/runs/:id', name: 'run', component: () => import('./views/RunDetailView.vue'), props: true, meta: { title: 'Run' } },
  { path: '/paths/:id', name: 'path', component: () => import('./views/PathView.vue'), props: true, meta: { title: 'Path in s' } },
  { path: '/:pathMatch(.*)*', redirect: '/design' },
];

export function makeRouter() {
  return createRouter({ history: createWebHashHistory(), routes });
}
