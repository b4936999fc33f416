#!/usr/bin/env node
// The `spherelab` command: runs the prebuilt CLI bundle (bin/build.mjs). In a checkout whose sources
// changed since the last build, it rebuilds first (esbuild, a few seconds, once).
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { buildIsFresh, OUT_DIR } from './build-stamp.mjs';

if (!buildIsFresh()) {
  process.stderr.write('spherelab: building the command from its sources (once, after every change)...\n');
  const { ensureBuilt } = await import('./build.mjs').catch((error) => {
    process.stderr.write(
      `spherelab: the build in dist/ is missing or older than the sources, and it cannot be rebuilt here (${error.message}); run npm ci\n`,
    );
    process.exit(1);
  });
  await ensureBuilt();
}
await import(pathToFileURL(join(OUT_DIR, 'cli.mjs')).href);
