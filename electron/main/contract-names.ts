import type { EventName, RequestName } from '../../core/contract';

/**
 * The contract's request and event names as plain lists, for the preload: importing the contract
 * itself would pull zod into the sandboxed preload bundle for two membership checks. The compiler
 * keeps these lists equal to the contract: `satisfies` refuses a name the contract lacks, and the
 * `Complete` checks below refuse a list that misses one.
 */
export const PRELOAD_REQUEST_NAMES = [
  'app/info',
  'experiments/estimate',
  'experiments/create',
  'experiments/list',
  'experiments/get',
  'experiments/rename',
  'experiments/delete',
  'runs/list',
  'runs/get',
  'runs/trace',
  'runs/points',
  'runs/cancel',
  'runs/cancelAll',
  'runs/resume',
  'runs/delete',
  'runs/tag',
  'runs/note',
  'compare/series',
  'figures/export',
  'archive/export',
  'archive/import',
  'archive/list',
  'slurm/write',
  'paths/start',
  'paths/list',
  'paths/get',
  'paths/cancel',
  'paths/delete',
] as const satisfies readonly RequestName[];

export const PRELOAD_EVENT_NAMES = [
  'run/progress',
  'run/status',
  'run/finished',
  'queue/changed',
  'runs/changed',
  'path/progress',
  'paths/changed',
] as const satisfies readonly EventName[];

type Complete<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : Exclude<All, Listed>;
// a name the contract has and a list lacks shows up in the error message
const requestsComplete: Complete<RequestName, (typeof PRELOAD_REQUEST_NAMES)[number]> = true;
const eventsComplete: Complete<EventName, (typeof PRELOAD_EVENT_NAMES)[number]> = true;
void requestsComplete;
void eventsComplete;

const requestNames: ReadonlySet<string> = new Set(PRELOAD_REQUEST_NAMES);
const eventNames: ReadonlySet<string> = new Set(PRELOAD_EVENT_NAMES);

export const isContractRequest = (name: unknown): name is RequestName =>
  typeof name === 'string' && requestNames.has(name);
export const isContractEvent = (name: unknown): name is EventName =>
  typeof name === 'string' && eventNames.has(name);
