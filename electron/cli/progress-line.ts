import type { ProgressMessage } from '../solver/protocol';

/**
 * Progress of a run on stderr. On a terminal: one live line, rewritten in place and erased at the end.
 * Off a terminal: nothing, unless asked (`--progress`), then a plain line at most once a second.
 */
export interface ProgressLine {
  update(progress: ProgressMessage): void;
  clear(): void;
}

export function progressLine(
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
  restarts: number,
  offTerminal: boolean,
): ProgressLine {
  const describe = (p: ProgressMessage) =>
    `restart ${p.restart + 1}/${restarts}  iteration ${p.iteration}  ` +
    `E ${p.energy.toPrecision(13)}  |g| ${p.gradNorm.toExponential(2)}  ${(p.elapsedMs / 1000).toFixed(1)} s`;
  if (!stream.isTTY)
    return offTerminal ? plainLines(stream, describe) : { update: () => {}, clear: () => {} };
  let shown = false;
  return {
    update(p) {
      const text = describe(p);
      const width = stream.columns || 120;
      stream.write(`\r${text.slice(0, width - 1)}\x1b[K`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}

function plainLines(stream: NodeJS.WritableStream, describe: (p: ProgressMessage) => string): ProgressLine {
  let lastAt = -Infinity;
  return {
    update(p) {
      const now = performance.now();
      if (now - lastAt < 1000) return;
      lastAt = now;
      stream.write(`progress: ${describe(p)}\n`);
    },
    clear: () => {},
  };
}
