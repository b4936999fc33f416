#!/usr/bin/env node
// `npm run dev`: the renderer from Vite's dev server with hot reload, against a real backend.
// Starts `spherelab serve` (the browser-mode host, its database as for every command; flags after
// `--` go to it, e.g. `npm run dev -- --db /tmp/dev.db`), then Vite on 127.0.0.1 under the host's
// token path, proxying the contract's socket and the archive transfers to the host. Edit a .vue or
// .ts file under renderer/ and the page updates in place; backend changes need a restart.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, URL } from 'node:url';
import { createServer } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const serve = spawn(
  process.execPath,
  [join(root, 'bin', 'spherelab.mjs'), 'serve', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const stop = (code) => {
  serve.kill('SIGTERM');
  process.exit(code);
};
serve.on('exit', (code) => {
  console.error(`spherelab serve ended (${code}); the dev server stops too`);
  process.exit(code ?? 1);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(130));

const hostUrl = await new Promise((resolve) => {
  let text = '';
  serve.stdout.setEncoding('utf8');
  serve.stdout.on('data', (chunk) => {
    text += chunk;
    process.stdout.write(chunk);
    const found = /Open (http:\/\/127\.0\.0\.1:\d+\/([A-Za-z0-9_-]+)\/)/.exec(text);
    if (found) resolve(new URL(found[1]));
  });
});
const token = hostUrl.pathname.split('/')[1];
const target = hostUrl.origin;
const server = await createServer({
  configFile: join(root, 'vite.config.ts'),
  base: `/${token}/`,
  server: {
    host: '127.0.0.1',
    strictPort: false,
    proxy: {
      [`/${token}/ws`]: {
        target,
        ws: true,
        // the host accepts only its own origin; the page's origin here is Vite's
        configure: (proxy) => proxy.on('proxyReqWs', (request) => request.setHeader('origin', target)),
        changeOrigin: true,
      },
      [`/${token}/archives`]: { target, changeOrigin: true, headers: { origin: target } },
    },
  },
});
await server.listen();
const { port } = server.httpServer.address();
console.log(`SphereLab dev: open http://127.0.0.1:${port}/${token}/ (hot reload; the host is ${hostUrl})`);
