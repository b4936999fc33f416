/**
 * The host globals core/ may use, beside the ECMAScript library: each exists in Node, in Chromium and
 * in their workers, so core runs in the solver process, its kernel threads and the renderer alike.
 * core compiles without DOM or Node types (tsconfig/core.json); only the parts of each global that
 * core uses are declared, so anything else is a type error there.
 */
declare function structuredClone<T>(value: T): T;

declare const performance: { now(): number };

interface AbortSignal {
  readonly aborted: boolean;
}

/** The WebAssembly JavaScript API, as far as the kernels use it (TypeScript ships it only with DOM). */
declare namespace WebAssembly {
  interface Module {
    readonly __wasmModule?: never;
  }
  interface Memory {
    readonly buffer: ArrayBuffer | SharedArrayBuffer;
  }
  interface Instance {
    readonly exports: Record<string, unknown>;
  }
  const Module: new (bytes: BufferSource) => Module;
  const Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => Memory;
  const Instance: new (module: Module, imports: Record<string, Record<string, unknown>>) => Instance;
  function validate(bytes: BufferSource): boolean;
  function compile(bytes: BufferSource): Promise<Module>;
}

type BufferSource = ArrayBufferView | ArrayBuffer;
