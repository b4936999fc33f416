// Whether the prebuilt bundles in dist/ were built from the sources as they are now. The build
// (bin/build.mjs) writes a fingerprint of its inputs beside its output; `spherelab` compares it at
// start (a few milliseconds) and rebuilds when they differ, so a checkout never runs stale code.
// Without sources (an installed package that ships dist/ only) there is nothing to compare.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = join(ROOT, 'dist', 'electron', 'main');
export const STAMP = join(ROOT, 'dist', 'electron', 'build-stamp.json');
/** What the bundles are made of: the code they bundle, the build itself, the locked dependencies. */
const INPUT_DIRS = ['core', 'electron'];
const INPUT_FILES = ['bin/build.mjs', 'bin/build-stamp.mjs', 'bin/wat.mjs', 'package-lock.json'];

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

/**
 * A hash of every input's path, size and modification time (stat only: hashing the contents would
 * cost ten times as long at every start); null when the sources are not here. A touched but
 * unchanged file costs one needless rebuild, never a stale run.
 */
export function sourceFingerprint(root = ROOT) {
  if (!INPUT_DIRS.every((dir) => existsSync(join(root, dir)))) return null;
  const hash = createHash('sha256');
  const paths = [...INPUT_DIRS.flatMap((dir) => [...files(join(root, dir))]), ...INPUT_FILES.map((f) => join(root, f))];
  for (const path of paths.sort()) {
    const stat = statSync(path, { throwIfNoEntry: false });
    hash.update(`${path.slice(root.length)}\0${stat?.size}\0${stat?.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

/** The fingerprint the present build was made from, or null when there is no complete build. */
export function builtFingerprint() {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8')).fingerprint ?? null;
  } catch {
    return null;
  }
}

/** True when dist/ holds a build of the present sources (or there are no sources to compare). */
export function buildIsFresh() {
  const built = builtFingerprint();
  if (built === null) return false;
  const current = sourceFingerprint();
  return current === null || current === built;
}
