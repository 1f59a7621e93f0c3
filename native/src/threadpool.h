// A persistent thread pool (threadpool.cc). Kernels split their work with a fixed rule that depends
// only on the shapes and the thread count, never on timing, so results are bit-identical run to run.
#pragma once
#include <cstdint>
#include <functional>

namespace seqlab {

// Runs fn(t) for every t in [0, parts): part 0 on the calling thread, the others on pool workers.
// parts is clamped to the pool size. Returns when all parts are done. A call made while the pool
// is busy (another JS thread, or from inside a part) runs all parts serially on the caller.
void parallel_run(int parts, const std::function<void(int)>& fn);

// fn(begin, end) over [0, n) in at most num_threads() contiguous chunks of whole `grain` units;
// serial when n < min_parallel. Chunk boundaries depend only on n, grain and the thread count.
void parallel_for(int64_t n, int64_t grain, int64_t min_parallel, const std::function<void(int64_t, int64_t)>& fn);

#if defined(SEQLAB_WASM_THREADS)
// The threaded .wasm only: a worker's whole life (runs the parts it claims; never returns), and whether
// the calling thread may sleep while it waits for the workers (not on a page's main thread).
[[noreturn]] void wasm_thread_loop();
void wasm_set_can_wait(bool can_wait);
#endif

}  // namespace seqlab
