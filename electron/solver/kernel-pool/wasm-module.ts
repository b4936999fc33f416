import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { KernelModules } from '../../../core/kernels/wasm-stages';

/**
 * The WebAssembly SIMD kernels, compiled once per process. The build (bin/build.mjs) assembles their
 * sources (core/kernels/wasm/*.wat) into dist/electron/kernels/wasm/*.wasm, which the bundles in
 * dist/electron/main/ find at `../kernels/wasm/`; run from the sources (electron/solver/kernel-pool/,
 * where `../kernels/wasm/` holds nothing and no binary is kept in the repository), the .wat is
 * assembled here with bin/wat.mjs (wabt, a build tool). Both folders are three levels below the
 * repository root, so `../../../` is the root from either. Null where this runtime cannot compile
 * SIMD and shared memory (the JS stages are used then).
 */
const KERNELS = { rows: 'row-stages', crossEntropy: 'cross-entropy-rows' } as const;
/** The build tool, loaded by a computed URL so that no bundle carries it (or wabt). */
const ASSEMBLER = new URL('../../../bin/wat.mjs', import.meta.url);
let compiled: Promise<KernelModules | null> | null = null;

async function kernelBinary(name: string): Promise<Uint8Array> {
  try {
    return await readFile(new URL(`../kernels/wasm/${name}.wasm`, import.meta.url));
  } catch {
    const { assembleWat } = (await import(ASSEMBLER.href)) as typeof import('../../../bin/wat.mjs');
    return assembleWat(fileURLToPath(new URL(`../../../core/kernels/wasm/${name}.wat`, import.meta.url)));
  }
}

export function kernelModules(): Promise<KernelModules | null> {
  compiled ??= (async () => {
    try {
      const [rows, crossEntropy] = await Promise.all(
        [KERNELS.rows, KERNELS.crossEntropy].map(async (name) => WebAssembly.compile((await kernelBinary(name)) as Uint8Array<ArrayBuffer>)),
      );
      return { rows: rows!, crossEntropy: crossEntropy! };
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
