// The threaded .wasm's allocator lock (seqlab-mt.wasm; this file is empty in every other build).
//
// That module links emscripten's single-threaded libc: its pthread libc expects emscripten's JavaScript
// runtime (thread creation, main-thread proxying), which seqlab does not load; seqlab's own workers
// (threadpool.cc) need no more than shared memory and atomics. That libc's dlmalloc takes no lock, and
// kernels grow thread-local scratch buffers inside parallel parts on every thread at once. Its malloc
// and friends are weak symbols, so these definitions replace them and call dlmalloc (through the
// emscripten_builtin_* names it also exports) under one spin lock. Allocation is rare after the first
// call of a kernel (the buffers are reused), so the lock is almost never contended.
#if defined(SEQLAB_WASM_THREADS)
#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>

extern "C" {
void* emscripten_builtin_malloc(size_t bytes);
void emscripten_builtin_free(void* p);
void* emscripten_builtin_memalign(size_t alignment, size_t bytes);
size_t malloc_usable_size(void* p);
}

namespace {
std::atomic_flag heap_lock = ATOMIC_FLAG_INIT;

struct Locked {
  Locked() {
    while (heap_lock.test_and_set(std::memory_order_acquire)) {
    }
  }
  ~Locked() { heap_lock.clear(std::memory_order_release); }
};
}  // namespace

extern "C" {

void* malloc(size_t bytes) {
  Locked l;
  return emscripten_builtin_malloc(bytes);
}

void free(void* p) {
  if (!p) return;
  Locked l;
  emscripten_builtin_free(p);
}

void* calloc(size_t n, size_t size) {
  if (size && n > SIZE_MAX / size) return nullptr;
  void* p = malloc(n * size);
  if (p) std::memset(p, 0, n * size);
  return p;
}

void* realloc(void* p, size_t bytes) {
  if (!p) return malloc(bytes);
  if (bytes == 0) {
    free(p);
    return nullptr;
  }
  size_t have;
  {
    Locked l;
    have = malloc_usable_size(p);
  }
  if (have >= bytes) return p;
  void* q = malloc(bytes);
  if (!q) return nullptr;
  std::memcpy(q, p, have);
  free(p);
  return q;
}

void* memalign(size_t alignment, size_t bytes) {
  Locked l;
  return emscripten_builtin_memalign(alignment, bytes);
}

void* aligned_alloc(size_t alignment, size_t bytes) { return memalign(alignment, bytes); }

int posix_memalign(void** out, size_t alignment, size_t bytes) {
  if (alignment % sizeof(void*) != 0 || (alignment & (alignment - 1)) != 0) return EINVAL;
  void* p = memalign(alignment, bytes);
  if (!p) return ENOMEM;
  *out = p;
  return 0;
}

}  // extern "C"
#endif
