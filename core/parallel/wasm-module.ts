import { readFile } from 'node:fs/promises';
import type { KernelModules } from '../kernels/wasm-stages';

/**
 * The WebAssembly SIMD kernels, assembled from their sources (core/kernels/wasm/*.wat) by the wabt
 * package when first needed, once per process: no binary is kept in the repository. Null where this
 * runtime cannot assemble or validate SIMD and shared memory (the JS stages are used then).
 */
const SOURCES = {
  rows: new URL('../kernels/wasm/row-stages.wat', import.meta.url),
  crossEntropy: new URL('../kernels/wasm/cross-entropy-rows.wat', import.meta.url),
};
let compiled: Promise<KernelModules | null> | null = null;

export function kernelModules(): Promise<KernelModules | null> {
  compiled ??= (async () => {
    try {
      const { default: initWabt } = await import('wabt');
      const wabt = await initWabt();
      const assemble = async (url: URL) => {
        const parsed = wabt.parseWat(url.pathname, await readFile(url, 'utf8'), { simd: true, threads: true });
        const bytes = new Uint8Array(parsed.toBinary({ write_debug_names: true }).buffer);
        parsed.destroy();
        if (!WebAssembly.validate(bytes)) throw new Error(`${url.pathname} does not validate`);
        return WebAssembly.compile(bytes);
      };
      return { rows: await assemble(SOURCES.rows), crossEntropy: await assemble(SOURCES.crossEntropy) };
    } catch {
      return null;
    }
  })();
  return compiled;
}

/** Shared memory of at least `bytes` bytes for a workspace the WebAssembly stages can address. */
export function sharedMemory(bytes: number): WebAssembly.Memory {
  const pages = Math.ceil(bytes / 65536);
  return new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
}
