// Assembles a WebAssembly text file (.wat) into its binary with wabt. The build (bin/build.mjs)
// writes the kernels' binaries into dist/ with it; from the sources (tests, development) the kernel
// loader (electron/solver/kernel-pool/wasm-module.ts) calls it at first use. wabt is a build tool:
// the built code never loads it.
import { readFile } from 'node:fs/promises';

/** @param {string} file a .wat file; @returns {Promise<Uint8Array>} its validated binary */
export async function assembleWat(file) {
  const { default: initWabt } = await import('wabt');
  const wabt = await initWabt();
  const parsed = wabt.parseWat(file, await readFile(file, 'utf8'), { simd: true, threads: true });
  try {
    const bytes = new Uint8Array(parsed.toBinary({ write_debug_names: true }).buffer);
    if (!globalThis.WebAssembly.validate(bytes)) throw new Error(`${file} does not validate`);
    return bytes;
  } finally {
    parsed.destroy();
  }
}
