/** The selection names nothing drawable: a missing run, no configuration yet, n too large. */
export class FigureDataError extends Error {
  constructor(
    readonly reason: 'not-found' | 'unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'FigureDataError';
  }
}
