import { SeqlabError } from '../errors.js';
import type { Backend, BackendInfo, BackendName } from './interface.js';
import { loadNativeBackend } from './native/index.js';
import { referenceBackend } from './reference/index.js';
import { loadWasmBackend } from './wasm/index.js';

let current: Backend | null = null;
/** Why the backend in use is not the first choice (set when the chain native → wasm → reference fell through). */
let fallbackReason: string | undefined;
let warned = false;

const NAMES: readonly BackendName[] = ['reference', 'native', 'wasm'];

function warnOnce(message: string): void {
  if (warned) return;
  warned = true;
  process.emitWarning(message);
}

type Loaded = { backend: Backend } | { error: string };

/**
 * The backend for SEQLAB_BACKEND's value `wanted` ('auto' when unset): the one named, else native,
 * falling back to wasm and then (no WebAssembly SIMD) to reference, with the reason for a fallback.
 * The loaders are parameters so the chain can be tested without removing the addon.
 * @example
 * chooseBackend('auto', { native: loadNativeBackend, wasm: loadWasmBackend }).backend.name; // 'native'
 */
export function chooseBackend(
  wanted: string,
  load: { native: () => Loaded; wasm: () => Loaded },
): { backend: Backend; fallbackReason?: string } {
  if (wanted !== 'auto' && !NAMES.includes(wanted as BackendName)) {
    throw new SeqlabError(`SEQLAB_BACKEND must be 'reference', 'native' or 'wasm', got '${wanted}'`);
  }
  if (wanted === 'reference') return { backend: referenceBackend };
  if (wanted === 'wasm') return { backend: required('wasm', load.wasm()) };
  const native = load.native();
  if ('backend' in native) return { backend: native.backend };
  if (wanted === 'native') required('native', native);
  const wasm = load.wasm();
  if ('backend' in wasm) {
    return { backend: wasm.backend, fallbackReason: `the native addon is not available (${native.error})` };
  }
  return {
    backend: referenceBackend,
    fallbackReason: `neither the native addon (${native.error}) nor WebAssembly (${wasm.error}) is available`,
  };
}

function chooseFromEnvironment(): Backend {
  const chosen = chooseBackend(process.env.SEQLAB_BACKEND ?? 'auto', {
    native: loadNativeBackend,
    wasm: loadWasmBackend,
  });
  fallbackReason = chosen.fallbackReason;
  if (fallbackReason !== undefined) {
    warnOnce(
      chosen.backend.name === 'wasm'
        ? `seqlab: ${fallbackReason}; running on the WebAssembly backend (the same kernels, slower). ` +
            `Run 'npm run build:native' to build the addon.`
        : `seqlab: ${fallbackReason}; running on the slower reference backend.`,
    );
  }
  return chosen.backend;
}

function required(name: 'native' | 'wasm', result: Loaded): Backend {
  if ('backend' in result) return result.backend;
  throw new SeqlabError(
    name === 'native'
      ? `SEQLAB_BACKEND=native but the native addon could not be loaded: ${result.error}. ` +
          `Rebuild it with 'npm run build:native' (needs g++ and python3), or unset SEQLAB_BACKEND.`
      : `the WebAssembly backend could not be loaded: ${result.error}. Unset SEQLAB_BACKEND to use another.`,
  );
}

/** The backend in use: chosen on first use from SEQLAB_BACKEND (default: native if it loads, else wasm). */
export function getBackend(): Backend {
  current ??= chooseFromEnvironment();
  return current;
}

/**
 * Switches backend for everything that follows. A Backend object (e.g. the browser's
 * `await instantiateWasmBackend(…)`) is used as it is.
 * @example
 * setBackend('reference'); // the TypeScript specification, e.g. to compare results
 * setBackend('wasm'); // the WebAssembly kernels, as where no compiler is available
 */
export function setBackend(name: BackendName | Backend): Backend {
  fallbackReason = undefined;
  current =
    typeof name !== 'string'
      ? name
      : name === 'reference'
        ? referenceBackend
        : required(name, name === 'native' ? loadNativeBackend() : loadWasmBackend());
  return current;
}

/**
 * Which backend runs, with which CPU features and how many threads, and (fallbackReason) why it is
 * not the native one when the addon could not be loaded.
 * @example
 * console.log(backendInfo()); // { name: 'native', cpuFeatures: 'avx2+fma', threads: 2, fallbacks: 0 }
 */
export function backendInfo(): BackendInfo {
  const info = getBackend().info();
  return fallbackReason === undefined ? info : { ...info, fallbackReason };
}
