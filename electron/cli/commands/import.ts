import { importArchive } from '../../backend/archive/archive';
import { EXIT_OK, UsageError, type Command } from '../command';
import { DB_FLAG, parseArchiveArgs, withCliStore } from '../archive-args';

const HELP = `Usage: spherelab import FILE [--db FILE] [--json]

Merges an archive into the database in one transaction: runs and experiments are matched by id, and
those already present are skipped, so importing the same archive twice adds nothing. A file that is
not a SphereLab archive, is truncated or corrupt, or comes from a newer SphereLab is refused with
the reason, and the database is left exactly as it was.

  --db FILE  the database (default: $SPHERELAB_DB, else spherelab.db in the user data folder)
  --json     print {experimentsAdded, experimentsSkipped, runsAdded, runsSkipped} on stdout

Exit codes: 0 imported, 1 refused (the reason is printed), 2 bad flags.
`;

const FLAGS = { ...DB_FLAG, json: { type: 'boolean', allowed: 'no value' } } as const;

export const importCommand: Command = {
  help: HELP,
  async main(args, context) {
    const { values, positionals } = parseArchiveArgs(args, FLAGS, 1);
    if (!positionals[0]) throw new UsageError('an archive file is required: spherelab import FILE');
    return withCliStore(values, async (store) => {
      const counts = importArchive(store, positionals[0]);
      if (values.json) context.stdout.write(JSON.stringify(counts) + '\n');
      context.stderr.write(
        `imported ${counts.runsAdded} runs and ${counts.experimentsAdded} experiments into ${store.path}; skipped ${counts.runsSkipped} runs and ${counts.experimentsSkipped} experiments already there\n`,
      );
      return EXIT_OK;
    });
  },
};
