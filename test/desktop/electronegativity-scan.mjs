// Runs @doyensec/electronegativity's scanner over a folder and prints its findings as JSON lines
// ({id, file, line}) on stdout, each after the marker FINDING (the scanner prints notes of its own). A child process of test/desktop/electronegativity.test.ts, so the
// `got` stand-in below stays out of the test runner: the scanner fetches translations and Electron's
// release list over the network with `got`; here those calls fail at once, as they would offline,
// and the scanner falls back to its bundled English texts (what it does with no network).
import Module, { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'got') return () => Promise.reject(new Error('no network in tests'));
  return load.call(this, request, ...rest);
};
const loaded = require('@doyensec/electronegativity/dist/runner.js');
const run = loaded.default ?? loaded;
const [input, exclude] = process.argv.slice(2);
run(
  {
    input,
    isRelative: true,
    customScan: [],
    excludeFromScan: exclude ? exclude.split(',').map((c) => c.toLowerCase()) : [],
    parserPlugins: [],
  },
  false,
).then(
  (result) => {
    const parsing = result.errors.filter((e) => !e.tolerable);
    for (const e of parsing) process.stderr.write(`could not parse ${e.file}: ${e.message}\n`);
    process.stdout.write(
      `SCAN ${JSON.stringify({ checks: result.globalChecks + result.atomicChecks, unparsed: parsing.length })}\n`,
    );
    for (const i of result.issues)
      process.stdout.write(`FINDING ${JSON.stringify({ id: i.id, file: i.file, line: i.location.line })}\n`);
  },
  (error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  },
);
