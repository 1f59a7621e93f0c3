// The part of the WebAssembly JavaScript API that src/backend/wasm uses. TypeScript's ES2022 lib and
// @types/node 20 declare none of it (it lives in the DOM lib, which this Node project does not load);
// every engine seqlab runs on (Node ≥ 20, browsers, Web Workers) has it.
declare namespace WebAssembly {
  type BufferSource = ArrayBuffer | ArrayBufferView;
  class Module {
    constructor(bytes: BufferSource);
  }
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number; shared?: boolean });
    readonly buffer: ArrayBuffer;
  }
  class Instance {
    constructor(module: Module, imports?: Imports);
    readonly exports: Record<string, unknown>;
  }
  type Imports = Record<string, Record<string, unknown>>;
  function instantiate(
    bytes: BufferSource,
    imports?: Imports,
  ): Promise<{ module: Module; instance: Instance }>;
  function validate(bytes: BufferSource): boolean;
}
