#!/usr/bin/env node
// `npm start`: builds, then opens the desktop app. Where Electron cannot start here (its binary is
// not installed, or there is no display) it serves the same workbench in browser mode instead and
// says why. Flags: --no-build (use what dist/ holds), --browser (browser mode regardless); any
// other arguments go to `spherelab serve` (e.g. --port 5870 --db FILE).
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronUnavailable } from './electron-availability.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
};
const skipBuild = flag('--no-build');
const forceBrowser = flag('--browser');

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function browserMode(reason) {
  console.log(`SphereLab: Electron cannot start here: ${reason}.`);
  console.log('SphereLab: starting the same workbench in browser mode; open the URL below in a browser.');
  const serve = spawn(process.execPath, [join(root, 'bin', 'spherelab.mjs'), 'serve', ...args], {
    cwd: root,
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => serve.kill(signal));
  serve.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 0)));
}

if (!skipBuild) run('npm', ['run', '--silent', 'build']);
const reason = forceBrowser ? 'browser mode was asked for (--browser)' : electronUnavailable(root);
if (reason) browserMode(reason);
else {
  const electronBin = join(root, 'node_modules', '.bin', 'electron');
  const started = Date.now();
  const app = spawn(electronBin, [root], { cwd: root, stdio: 'inherit' });
  app.on('exit', (code) => {
    // An Electron that dies at once (missing system libraries, a broken GPU stack) gets the fallback.
    if (code !== 0 && Date.now() - started < 5000) browserMode(`Electron exited with code ${code} at start`);
    else process.exit(code ?? 0);
  });
}
