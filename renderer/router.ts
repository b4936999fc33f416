import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';

/**
 * Hash history: the renderer is loaded from file:// in the desktop app and from a token path in
 * browser mode, and neither can serve deep links. Views load lazily so the first paint stays small.
 */
/**
 * Views that other work adds later register themselves by existing: the Compare view
 * (views/CompareView.vue) gets the route 'compare' at /compare, and the nav shows it only then.
 * History hands it the selected run ids as ?runs=ID,ID,...
 */
const compareView = Object.values(import.meta.glob('./views/CompareView.vue'))[0];

export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/design' },
  { path: '/design', name: 'design', component: () => import('./views/DesignView.vue'), meta: { title: 'Design' } },
  { path: '/queue', name: 'queue', component: () => import('./views/QueueView.vue'), meta: { title: 'Queue' } },
  { path: '/history', name: 'history', component: () => import('./views/HistoryView.vue'), meta: { title: 'History' } },
  ...(compareView ? [{ path: '/compare', name: 'compare', component: compareView, meta: { title: 'Compare' } }] : []),
  { path: '/runs/:id', name: 'run', component: () => import('./views/RunDetailView.vue'), props: true, meta: { title: 'Run' } },
  { path: '/:pathMatch(.*)*', redirect: '/design' },
];

export function makeRouter() {
  return createRouter({ history: createWebHashHistory(), routes });
}
