import { importArchive } from '../../backend/archive/archive';
import { EXIT_OK, UsageError } from '../command';
import { DB_FLAG, withCliStore } from '../database';
import { inputFile } from '../files';
import { defineCommand } from '../parser';
import { jsonLine } from '../terminal-text';

export const importCommand = defineCommand({
  description: `Merges an archive into the database in one transaction: runs and experiments are matched by id, and
those already present are skipped, so importing the same archive twice adds nothing. A file that is
not a SphereLab archive, is truncated or corrupt, or comes from a newer SphereLab is refused with
the reason, and the database is left exactly as it was.`,
  arguments: [{ name: 'FILE', help: 'the archive, a regular file' }],
  flags: {
    ...DB_FLAG,
    json: { help: 'print {experimentsAdded, experimentsSkipped, runsAdded, runsSkipped} on stdout' },
  },
  epilog:
    'Exit codes: 0 imported, 1 refused (the reason is printed), 2 bad input (flags, or FILE missing or not a regular file).',
  async main({ flags, args }, context) {
    if (!args[0]) throw new UsageError('an archive file is required: spherelab import FILE');
    const file = inputFile(args[0]);
    return withCliStore(flags.db, {}, async (store) => {
      const counts = importArchive(store, file);
      if (flags.json) context.stdout.write(jsonLine(counts));
      context.stderr.write(
        `imported ${counts.runsAdded} runs and ${counts.experimentsAdded} experiments into ${store.path}; skipped ${counts.runsSkipped} runs and ${counts.experimentsSkipped} experiments already there\n`,
      );
      return EXIT_OK;
    });
  },
});
