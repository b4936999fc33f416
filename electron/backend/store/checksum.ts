import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';

/**
 * Checksums of point sets and trace chunks (migrations/0003_checksums.sql). The `checksum` columns are
 * STORED generated columns over this function, so every writer gets them without computing anything,
 * and a row read back is checked by computing it again: a changed byte in a BLOB (bit rot, a hand
 * edit, a doctored archive) shows as a mismatch. SHA-256 because node:crypto has it built in; each
 * argument is hashed with its length, so moving bytes between the columns of a trace also shows.
 * Every connection that writes these tables needs the function (openDatabase registers it); a
 * program without it can read them but not change the points, which is as it should be.
 */
export const CHECKSUM_FUNCTION = 'spherelab_checksum';

function checksum(...blobs: unknown[]): Buffer {
  const hash = createHash('sha256');
  const length = Buffer.alloc(8);
  for (const blob of blobs) {
    if (!(blob instanceof Uint8Array)) throw new TypeError(`${CHECKSUM_FUNCTION} takes BLOBs`);
    length.writeBigUInt64LE(BigInt(blob.byteLength));
    hash.update(length).update(blob);
  }
  return hash.digest();
}

export function addChecksumFunction(db: Database.Database): void {
  db.function(CHECKSUM_FUNCTION, { deterministic: true, varargs: true }, checksum);
}

/** SQL: true where a row's stored checksum no longer matches its BLOBs (`t` is the table alias). */
export const CHECKSUM_MISMATCH = {
  configurations: `t.checksum IS NOT ${CHECKSUM_FUNCTION}(t.points)`,
  traces: `t.checksum IS NOT ${CHECKSUM_FUNCTION}(t.restart, t.iteration, t.energy, t.grad_norm, t.elapsed_ms)`,
} as const;
