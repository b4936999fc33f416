import { appendFileSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { databasePath } from '../../backend/data-dir';
import { JobFolderError, readJobRecord } from '../../backend/slurm/job-record';
import { writeJobFolder } from '../../backend/slurm/job-folder';
import { jobStatus, mergeJob, resubmitFailed, submitJob } from '../../backend/slurm/job-runs';
import { SlurmError } from '../../backend/slurm/cluster';
import { SlurmJobOptions } from '../../../core/spec/slurm-job-options';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliContext, type Command } from '../command';
import { DB_FLAG, intValue, parseArchiveArgs, withCliStore, type ParsedArgs } from '../archive-args';
import { readSpecFile } from './sweep';

const HELP = `Usage: spherelab slurm SPEC --shards N [--partition P] [--time T] [--cpus-per-task C] [--mem M]
                       [--results DIR] [--dry-run] [--db FILE] [--json]
       spherelab slurm submit DIR
       spherelab slurm status [DIR] [--json]
       spherelab slurm resubmit [DIR] [--json]
       spherelab slurm merge DIR [--db FILE] [--json]

Runs an experiment as a Slurm job array of N shards (sweep --shard I/N in each task) and a merge
job that starts when the array has ended. Each task writes its own database on node-local scratch
($SLURM_TMPDIR, $TMPDIR or /tmp: SQLite's WAL must not live on a network folder) and exports an
archive into DIR/results; the merge job imports the archives into the database (--db, default as
for every command). DIR must be on a file system the compute nodes share (e.g. under your home).

  --shards N           array tasks, 1 to 10000
  --partition P        the partition (default: the cluster's default)
  --time T             time limit per task, Slurm's forms: MINUTES, HH:MM:SS, D-HH:MM (default 1:00:00)
  --cpus-per-task C    cores per task, 1 to 256; each task runs C solver processes (default 1)
  --mem M              memory per node, e.g. 4G (default: the cluster's default)
  --results DIR        the job folder: scripts, spec, results, logs (default:
                       ./spherelab-slurm/NAME-YYYYMMDD-HHMMSS)
  --dry-run            print the two scripts and submit nothing (writes nothing)
  --json               print the submission (or status, or merge result) as JSON on stdout

  submit DIR     submit a job folder written without submitting (the workbench's "Write Slurm job")
  status [DIR]   each shard's state from squeue/scontrol and its archive; default DIR: the last job
  resubmit [DIR] submit again only the shards that ended without an archive, and a new merge job
  merge DIR      import every shard archive not yet imported (what the merge job runs); idempotent

Exit codes: 0 success, 1 Slurm refused or shards are missing at merge, 2 bad spec or flags.
`;

const FLAGS = {
  ...DB_FLAG,
  shards: { type: 'string', allowed: 'an integer from 1 to 10000' },
  partition: { type: 'string', allowed: 'a partition name' },
  time: { type: 'string', allowed: 'a Slurm time limit such as 1:00:00' },
  'cpus-per-task': { type: 'string', allowed: 'an integer from 1 to 256' },
  mem: { type: 'string', allowed: 'memory such as 4G' },
  results: { type: 'string', allowed: 'a folder for the job' },
  'dry-run': { type: 'boolean', allowed: 'no value' },
  json: { type: 'boolean', allowed: 'no value' },
} as const;

/** The job folders this database submitted, newest last: `status` and `resubmit` default to the last. */
const jobList = (values: ParsedArgs['values']) =>
  join(dirname(databasePath(typeof values.db === 'string' ? values.db : undefined)), 'slurm-jobs.txt');

function folderArg(values: ParsedArgs['values'], given: string | undefined): string {
  if (given) return resolve(given);
  const list = jobList(values);
  const last = existsSync(list) ? readFileSync(list, 'utf8').trim().split('\n').at(-1) : undefined;
  if (!last) throw new UsageError(`no job folder given, and none was submitted from this database (${list})`);
  return last;
}

function jobOptions(values: ParsedArgs['values']) {
  const shards = intValue(values, 'shards', 1, 10_000);
  if (shards === undefined) throw new UsageError('--shards N is required (the number of array tasks)');
  const parsed = SlurmJobOptions.safeParse({
    shards,
    partition: values.partition,
    time: values.time,
    cpusPerTask: intValue(values, 'cpus-per-task', 1, 256),
    mem: values.mem,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const flag = { cpusPerTask: 'cpus-per-task' }[String(issue.path[0])] ?? String(issue.path[0]);
    throw new UsageError(`--${flag} ${String(values[flag])}: must be ${issue.message}`);
  }
  return parsed.data;
}

const stamp = () => new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

function print(context: CliContext, json: boolean, value: unknown, text: string) {
  if (json) context.stdout.write(JSON.stringify(value) + '\n');
  else context.stderr.write(text);
}

async function submitSpec(values: ParsedArgs['values'], file: string, context: CliContext): Promise<number> {
  const { spec } = readSpecFile(file);
  const options = jobOptions(values);
  const name = spec.name.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 40) || 'sweep';
  const folder = resolve(
    typeof values.results === 'string' ? values.results : join('spherelab-slurm', `${name}-${stamp()}`),
  );
  // the nodes start this very installation: node and the CLI by absolute path (a shared home)
  const commands = {
    spherelab: [process.execPath, realpathSync(process.argv[1]!)],
    database: databasePath(typeof values.db === 'string' ? values.db : undefined),
  };
  if (values['dry-run']) {
    // written to a folder that is thrown away, so the printed scripts are exactly what would run
    const scratch = mkdtempSync(join(tmpdir(), 'spherelab-dry-run-'));
    try {
      const { shardScript, mergeScript } = writeJobFolder({
        spec,
        options,
        folder: join(scratch, 'job'),
        commands,
      });
      context.stdout.write(
        values.json
          ? JSON.stringify({ folder, shardScript, mergeScript }) + '\n'
          : `# ${folder}/shards.sbatch\n${shardScript}\n# ${folder}/merge.sbatch\n${mergeScript}`,
      );
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    return EXIT_OK;
  }
  writeJobFolder({ spec, options, folder, commands });
  return submitFolder(values, folder, context);
}

async function submitFolder(
  values: ParsedArgs['values'],
  folder: string,
  context: CliContext,
): Promise<number> {
  const record = readJobRecord(folder);
  const submission = await submitJob(folder);
  appendFileSync(jobList(values), folder + '\n');
  print(
    context,
    Boolean(values.json),
    { folder, experimentId: record.experimentId, ...submission },
    `submitted "${record.name}": array job ${submission.arrayJobId} (${record.options.shards} shards), merge job ${submission.mergeJobId}\n` +
      `folder ${folder}\nwatch it with: spherelab slurm status ${folder}\n`,
  );
  return EXIT_OK;
}

export const slurmCommand: Command = {
  help: HELP,
  async main(args, context) {
    const { values, positionals } = parseArchiveArgs(args, FLAGS, 2);
    const [first, second] = positionals;
    const json = Boolean(values.json);
    try {
      switch (first) {
        case undefined:
          throw new UsageError('a spec file or a subcommand (submit, status, resubmit, merge) is required');
        case 'submit':
          if (!second) throw new UsageError('slurm submit needs the job folder');
          return await submitFolder(values, resolve(second), context);
        case 'status': {
          const status = await jobStatus(folderArg(values, second));
          const lines = status.shards.map(
            (s) =>
              `  shard ${String(s.shard).padStart(4)}  ${s.state.padEnd(13)} ${s.jobId ?? '-'}  ${s.merged ? 'merged' : s.archive ? 'archive' : ''} ${s.detail}\n`,
          );
          const summary = Object.entries(status.counts)
            .filter(([, c]) => c > 0)
            .map(([state, c]) => `${c} ${state}`)
            .join(', ');
          print(
            context,
            json,
            status,
            `${status.name} (${status.folder}): ${summary}; merge job ${status.merge.jobId ?? '-'} ${status.merge.state}\n${lines.join('')}`,
          );
          return EXIT_OK;
        }
        case 'resubmit': {
          const folder = folderArg(values, second);
          const result = await resubmitFailed(folder);
          print(
            context,
            json,
            result,
            result.submission
              ? `resubmitted shards ${result.shards.join(', ')}: array job ${result.submission.arrayJobId}, merge job ${result.submission.mergeJobId}\n`
              : 'no shard needs resubmitting\n',
          );
          return EXIT_OK;
        }
        case 'merge': {
          if (!second) throw new UsageError('slurm merge needs the job folder');
          const folder = resolve(second);
          return await withCliStore(values, (store) => {
            const result = mergeJob(folder, store);
            const added = result.imported.reduce((sum, r) => sum + r.runsAdded, 0);
            print(
              context,
              json,
              result,
              `merged ${result.imported.length} shard archives (${added} runs added) into ${store.path}; ` +
                `${result.alreadyMerged.length} already merged; missing: ${result.missing.length ? result.missing.join(', ') : 'none'}\n`,
            );
            return result.missing.length > 0 ? EXIT_FAILURE : EXIT_OK;
          });
        }
        default:
          if (second !== undefined) throw new UsageError(`unexpected argument "${second}"`);
          return await submitSpec(values, first, context);
      }
    } catch (error) {
      if (error instanceof JobFolderError) throw new UsageError(error.message);
      if (error instanceof SlurmError) {
        context.stderr.write(`spherelab slurm: ${error.message}\n`);
        return EXIT_FAILURE;
      }
      throw error;
    }
  },
};
