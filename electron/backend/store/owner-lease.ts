import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Which process owns a queued or running run. A process that queues runs registers an owner row and
 * renews its lease every HEARTBEAT_MS. Another process takes an owner for gone only when
 * - it ran on this host and its pid no longer exists (the usual case after a crash or a kill), or
 * - its pid exists but the lease is older than PID_REUSE_MS: the pid was reused by another program
 *   (a live SphereLab renews every few seconds; an hour of silence is not a suspended laptop's
 *   few minutes, and a wrong guess costs a resume, never a completed run), or
 * - it ran on another host and its lease is older than LEASE_MS.
 * A live process that merely opened the same database is never taken for gone.
 */

export const HEARTBEAT_MS = 2_000;
export const LEASE_MS = 30_000;
export const PID_REUSE_MS = 3_600_000;

export interface OwnerRow {
  id: string;
  pid: number;
  host: string;
  heartbeat_at: number;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function ownerGone(owner: OwnerRow, now: number, host = hostname()): boolean {
  const silentMs = now - owner.heartbeat_at;
  if (owner.host !== host) return silentMs > LEASE_MS;
  return !pidAlive(owner.pid) || silentMs > PID_REUSE_MS;
}

export class OwnerLease {
  readonly id: string;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly db: Database.Database) {
    this.id = `${process.pid}@${hostname()}#${randomUUID().slice(0, 8)}`;
    const now = Date.now();
    db.prepare('INSERT INTO owners (id, pid, host, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)').run(
      this.id,
      process.pid,
      hostname(),
      now,
      now,
    );
    const renew = db.prepare('UPDATE owners SET heartbeat_at = ? WHERE id = ?');
    this.timer = setInterval(() => {
      try {
        renew.run(Date.now(), this.id);
      } catch {
        // a busy database delays one beat; the lease is many beats long
      }
    }, HEARTBEAT_MS);
    this.timer.unref();
  }

  /** Ends the lease; the caller has already settled the runs it owned. */
  release(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.db.prepare('DELETE FROM owners WHERE id = ?').run(this.id);
  }
}

const ORPHANED = `SELECT id FROM runs WHERE status IN ('queued', 'running')
  AND (owner IS NULL OR owner IN (SELECT value FROM json_each(?)))`;

export function goneOwners(db: Database.Database, now: number): string[] {
  const owners = db.prepare('SELECT id, pid, host, heartbeat_at FROM owners').all() as OwnerRow[];
  return owners.filter((o) => ownerGone(o, now)).map((o) => o.id);
}

/**
 * Marks as interrupted every queued or running run whose owner is gone or missing, removes gone
 * owners, and returns the ids of the runs it marked. It only reads unless there is something to do
 * (every CLI command opens the store); the writes happen in one transaction that looks again.
 */
export function recoverInterrupted(db: Database.Database, now = Date.now()): string[] {
  const gone = goneOwners(db, now);
  if (gone.length === 0 && db.prepare(ORPHANED).all('[]').length === 0) return [];
  return db
    .transaction(() => {
      const goneNow = goneOwners(db, now);
      const orphaned = db.prepare(ORPHANED).pluck().all(JSON.stringify(goneNow)) as string[];
      const mark = db.prepare(
        `UPDATE runs SET status = 'interrupted', owner = NULL, finished_at = ?,
           error = coalesce(error, 'the process that ran it ended before the run finished')
         WHERE id = ?`,
      );
      for (const id of orphaned) mark.run(now, id);
      const deleteOwner = db.prepare('DELETE FROM owners WHERE id = ?');
      for (const id of goneNow) deleteOwner.run(id);
      return orphaned;
    })
    .immediate();
}
