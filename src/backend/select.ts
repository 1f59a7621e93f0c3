import { SeqlabError } from '../errors.js';
import type { Backend, BackendInfo } from './interface.js';
import { loadNativeBackend } from './native/index.js';
import { referenceBackend } from './reference/index.js';

let current: Backend | null = null;
let warned = false;

function chooseFromEnvironment(): Backend {
  const wanted = process.env.SEQLAB_BACKEND ?? 'auto';
  if (wanted === 'reference') return referenceBackend;
  if (wanted !== 'native' && wanted !== 'auto') {
    throw new SeqlabError(`SEQLAB_BACKEND must be 'reference' or 'native', got '${wanted}'`);
  }
  const native = loadNativeBackend();
  if ('backend' in native) return native.backend;
  if (wanted === 'native') {
    throw new SeqlabError(
      `SEQLAB_BACKEND=native but the native addon could not be loaded: ${native.error}. ` +
        `Rebuild it with 'npm run build:native' (needs g++ and python3), or unset SEQLAB_BACKEND.`,
    );
  }
  if (!warned) {
    warned = true;
    process.emitWarning(
      `seqlab: the native addon is not available (${native.error}); running on the slower reference ` +
        `backend. Run 'npm run build:native' to build it.`,
    );
  }
  return referenceBackend;
}

/** The backend in use: chosen on first use from SEQLAB_BACKEND (default: native if it loads). */
export function getBackend(): Backend {
  current ??= chooseFromEnvironment();
  return current;
}

/**
 * Switches backend for everything that follows.
 * @example
 * setBackend('reference'); // the TypeScript specification, e.g. to compare results
 */
export function setBackend(name: 'reference' | 'native'): Backend {
  if (name === 'reference') {
    current = referenceBackend;
  } else {
    const native = loadNativeBackend();
    if (!('backend' in native)) throw new SeqlabError(`native backend unavailable: ${native.error}`);
    current = native.backend;
  }
  return current;
}

/**
 * Which backend runs, with which CPU features and how many threads.
 * @example
 * console.log(backendInfo()); // { name: 'native', cpuFeatures: 'avx2+fma', threads: 2, fallbacks: 0 }
 */
export function backendInfo(): BackendInfo {
  return getBackend().info();
}
