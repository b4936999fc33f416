import type { PathRecord } from '../contract/paths';
import { FigureDataError } from './figure-error';
import type { PathFigureInput } from './path';

/** A stored path as the path chart takes it, or why it cannot be drawn (both figure sources). */
export function pathForFigure(path: PathRecord | null, id: string): PathFigureInput {
  if (!path) throw new FigureDataError('not-found', `no path with id ${id}`);
  if (!path.result)
    throw new FigureDataError(
      'unavailable',
      `path ${id} has no result: it is ${path.status}${path.error ? ` (${path.error})` : ''}`,
    );
  return { spec: path.spec, result: path.result };
}
