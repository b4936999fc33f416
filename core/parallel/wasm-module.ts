import { readFile } from 'node:fs/promises';

/**
 * The WebAssembly SIMD row stages, assembled from their source (core/kernels/wasm/row-stages.wat) by
 * the wabt package when first needed, once per process: no binary is kept in the repository. Null
 * where this runtime cannot assemble or validate SIMD and shared memory (the JS stages are used).
 */
const SOURCE = new URL('../kernels/wasm/row-stages.wat', import.meta.url);
let compiled: Promise<WebAssembly.Module | null> | null = null;

export function rowStagesModule(): Promise<WebAssembly.Module | null> {
  compiled ??= (async () => {
    try {
      const { default: initWabt } = await import('wabt');
      const wabt = await initWabt();
      const parsed = wabt.parseWat('row-stages.wat', await readFile(SOURCE, 'utf8'), { simd: true, threads: true });
      const bytes = new Uint8Array(parsed.toBinary({}).buffer);
      parsed.destroy();
      return WebAssembly.validate(bytes) ? await WebAssembly.compile(bytes) : null;
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
