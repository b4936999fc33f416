import { appendFileSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { SlurmJobOptions } from '../../../core/spec/slurm-job-options';
import { databasePath } from '../../backend/data-dir';
import { SlurmError } from '../../backend/slurm/cluster';
import { writeJobFolder } from '../../backend/slurm/job-folder';
import { JobFolderError, readJobRecord } from '../../backend/slurm/job-record';
import { jobStatus, mergeJob, resubmitFailed, submitJob } from '../../backend/slurm/job-runs';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../command';
import { DB_FLAG, withCliStore } from '../database';
import { defineCommand } from '../parser';
import { jsonLine, printable } from '../terminal-text';
import { readSpecFile } from './sweep';

/** The job folders submitted with this database, newest last: `status` and `resubmit` default to the last. */
const jobList = (db: string | undefined) => join(dirname(databasePath(db)), 'slurm-jobs.txt');

function folderArg(db: string | undefined, given: string | undefined): string {
  if (given) return resolve(given);
  const list = jobList(db);
  const last = existsSync(list) ? readFileSync(list, 'utf8').trim().split('\n').at(-1) : undefined;
  if (!last) throw new UsageError(`no job folder given, and none was submitted with this database (${list})`);
  return last;
}

const stamp = () => new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

export const slurmCommand = defineCommand({
  description: `Runs an experiment as a Slurm job array of N shards (task I sweeps shard I of N) and a merge
job that starts when the array has ended. Each task writes its own database on node-local scratch
($SLURM_TMPDIR, $TMPDIR or /tmp: SQLite's WAL must not live on a network folder) and exports an
archive into DIR/results; the merge job imports the archives into the database (--db, default as
for every command). DIR must be on a file system the compute nodes share (e.g. under your home); it
is the jobs' working directory, and the nodes run this installation's node and CLI.`,
  arguments: [
    { name: 'SPEC|submit|status|resubmit|merge', help: 'a spec file to submit, or a subcommand' },
    { name: 'DIR', help: 'the job folder of submit, status, resubmit and merge' },
  ],
  // Slurm's own forms come from the job options schema, so the flags and the workbench accept the same
  flags: {
    shards: { value: 'N', help: 'array tasks', schema: z.int().min(1).max(10_000) },
    partition: {
      value: 'P',
      help: "the partition; absent: the cluster's default",
      schema: SlurmJobOptions.shape.partition,
      allowed: 'a partition name: letters, digits and _ . + - (at most 64)',
    },
    time: {
      value: 'T',
      help: 'time limit per task',
      schema: SlurmJobOptions.shape.time,
      allowed: 'a Slurm time limit: MINUTES, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS',
    },
    'cpus-per-task': {
      value: 'C',
      help: 'cores per task; each task runs C solver processes',
      schema: SlurmJobOptions.shape.cpusPerTask,
    },
    mem: {
      value: 'M',
      help: "memory per node, e.g. 4G; absent: the cluster's default",
      schema: SlurmJobOptions.shape.mem,
      allowed: 'memory per node: an integer with an optional unit K, M, G or T',
    },
    results: {
      value: 'DIR',
      help: 'the job folder: scripts, spec, results, logs (default ./spherelab-slurm/NAME-YYYYMMDD-HHMMSS)',
    },
    'dry-run': { help: 'print the two scripts and submit nothing (writes nothing)' },
    ...DB_FLAG,
    json: { help: 'print the submission, status or merge result as JSON on stdout' },
  },
  epilog: `Subcommands:
  submit DIR      submit a job folder written without submitting (the workbench's "Write Slurm job")
  status [DIR]    each shard's state from squeue/scontrol and its archive (default DIR: the last job)
  resubmit [DIR]  submit again only the shards that ended without an archive, and a new merge job
  merge DIR       import every shard archive not yet imported (what the merge job runs); idempotent

Exit codes: 0 success, 1 Slurm refused, or shards are missing at merge, 2 bad spec or flags.`,
  async main({ flags, args }, context) {
    const [first, second] = args;
    const out = (value: unknown, text: string) =>
      flags.json ? context.stdout.write(jsonLine(value)) : context.stderr.write(text);

    async function submitFolder(folder: string): Promise<number> {
      const record = readJobRecord(folder);
      const submission = await submitJob(folder);
      appendFileSync(jobList(flags.db), folder + '\n');
      out(
        { folder, experimentId: record.experimentId, ...submission },
        `submitted "${printable(record.name)}": array job ${submission.arrayJobId} (${record.options.shards} shards), merge job ${submission.mergeJobId}\n` +
          `folder ${folder}\nwatch it with: spherelab slurm status ${folder}\n`,
      );
      return EXIT_OK;
    }

    async function submitSpec(file: string): Promise<number> {
      const { spec } = readSpecFile(file);
      if (flags.shards === undefined)
        throw new UsageError('--shards N is required (the number of array tasks)');
      const options = {
        shards: flags.shards,
        partition: flags.partition,
        time: flags.time,
        cpusPerTask: flags['cpus-per-task'],
        mem: flags.mem,
      };
      const name = spec.name.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 40) || 'sweep';
      const folder = resolve(flags.results ?? join('spherelab-slurm', `${name}-${stamp()}`));
      // the nodes start this very installation: node and the CLI by absolute path (a shared home)
      const commands = {
        spherelab: [process.execPath, realpathSync(process.argv[1]!)],
        database: databasePath(flags.db),
      };
      if (!flags['dry-run']) {
        writeJobFolder({ spec, options, folder, commands });
        return submitFolder(folder);
      }
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
          flags.json
            ? jsonLine({ folder, shardScript, mergeScript })
            : `# ${folder}/shards.sbatch\n${shardScript}\n# ${folder}/merge.sbatch\n${mergeScript}`,
        );
        return EXIT_OK;
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    }

    try {
      switch (first) {
        case undefined:
          throw new UsageError('a spec file or a subcommand (submit, status, resubmit, merge) is required');
        case 'submit':
          if (!second) throw new UsageError('slurm submit needs the job folder');
          return await submitFolder(resolve(second));
        case 'status': {
          const status = await jobStatus(folderArg(flags.db, second));
          const lines = status.shards.map(
            (s) =>
              `  shard ${String(s.shard).padStart(4)}  ${s.state.padEnd(13)} ${s.jobId ?? '-'}  ${s.merged ? 'merged' : s.archive ? 'archive' : ''} ${s.detail}\n`,
          );
          const summary = Object.entries(status.counts)
            .filter(([, c]) => c > 0)
            .map(([state, c]) => `${c} ${state}`)
            .join(', ');
          out(
            status,
            `${printable(status.name)} (${status.folder}): ${summary}; merge job ${status.merge.jobId ?? '-'} ${status.merge.state}\n${lines.join('')}`,
          );
          return EXIT_OK;
        }
        case 'resubmit': {
          const result = await resubmitFailed(folderArg(flags.db, second));
          out(
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
          return await withCliStore(flags.db, {}, (store) => {
            const result = mergeJob(folder, store);
            const added = result.imported.reduce((sum, r) => sum + r.runsAdded, 0);
            out(
              result,
              `merged ${result.imported.length} shard archives (${added} runs added) into ${store.path}; ` +
                `${result.alreadyMerged.length} already merged; missing: ${result.missing.length ? result.missing.join(', ') : 'none'}\n`,
            );
            return result.missing.length > 0 ? EXIT_FAILURE : EXIT_OK;
          });
        }
        default:
          if (second !== undefined)
            throw new UsageError(`unexpected argument "${second}" after the spec file`);
          return await submitSpec(first);
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
});
