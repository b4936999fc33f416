import { startProcessLog } from '../backend/log/logger';
import type { CliContext } from './command';
import { runSpherelab } from './program';

/** The `spherelab` process: its streams and Ctrl-C, around the program (program.ts). */

const context: CliContext = {
  stdout: process.stdout,
  stderr: process.stderr,
  onInterrupt(listener) {
    process.on('SIGINT', listener);
    return () => void process.off('SIGINT', listener);
  },
};

// `spherelab list | head`: the reader left. The rest of the output has nowhere to go; the command
// still finishes its work (a sweep its runs) rather than dying mid-write.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

// Internal errors keep their stacks in logs/spherelab.log beside the database (electron/backend/log).
const processLog = startProcessLog(process.argv[2] === 'serve' ? 'serve' : 'cli');
// exitCode, not exit(): a large JSON result on a pipe must drain before the process ends.
process.exitCode = await runSpherelab(process.argv.slice(2), context);
await processLog.close();
