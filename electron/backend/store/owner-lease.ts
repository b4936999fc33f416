import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Which process owns a queued or running run. A process that queues runs registers an owner row and
 * renews its lease every HEARTBEAT_MS. Another process decides that an owner is gone only when its
 * lease is older than LEASE_MS, or when it ran on this host and its pid no longer exists; a live
 * process that merely opened the same database is never taken for gone.
 */

export const HEARTBEAT_MS = 2_000;
export const LEASE_MS = 30_000;

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
  if (now - owner.heartbeat_at > LEASE_MS) return true;
  return owner.host === host && !pidAlive(owner.pid);
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

/**
 * Marks as interrupted every queued or running run whose owner is gone or missing, removes gone
 * owners, and returns the ids of the runs it marked. One transaction.
 */
export function recoverInterrupted(db: Database.Database, now = Date.now()): string[] {
  return db
    .transaction(() => {
      const owners = db.prepare('SELECT id, pid, host, heartbeat_at FROM owners').all() as OwnerRow[];
      const gone = owners.filter((o) => ownerGone(o, now)).map((o) => o.id);
      const deleteOwner = db.prepare('DELETE FROM owners WHERE id = ?');
      const mark = db.prepare(
        `UPDATE runs SET status = 'interrupted', owner = NULL, finished_at = ?,
           error = coalesce(error, 'the process that ran it ended before the run finished')
         WHERE id = ?`,
      );
      const orphaned = db
        .prepare(
          `SELECT id FROM runs WHERE status IN ('queued', 'running')
             AND (owner IS NULL OR owner IN (SELECT value FROM json_each(?)))`,
        )
        .pluck()
        .all(JSON.stringify(gone)) as string[];
      for (const id of orphaned) mark.run(now, id);
      for (const id of gone) deleteOwner.run(id);
      return orphaned;
    })
    .immediate();
}
