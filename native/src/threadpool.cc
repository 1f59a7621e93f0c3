// The thread pool behind parallel_run. Natively: num_threads() − 1 std::threads; the calling (JavaScript)
// thread is part 0, so one thread means no pool at all. In the threaded .wasm: workers JavaScript starts
// (see the wasm Pool below). Either way a job is published by bumping a generation counter, and workers
// spin briefly (the next GEMM of an RNN step usually follows within microseconds) and then sleep, so an
// idle seqlab costs no CPU. Parts are claimed dynamically (Claims). The split of work is the caller's job
// and is a pure function of shapes and thread count (see parallel_for), which keeps results deterministic.
#include "threadpool.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define SEQLAB_PAUSE() _mm_pause()
#else
#define SEQLAB_PAUSE() ((void)0)
#endif

#include "kernels.h"

namespace seqlab {
namespace {

int default_threads() {
#if defined(__EMSCRIPTEN__)
  return 1;  // a .wasm: the single-threaded one has no threads, and JavaScript sizes the threaded one's pool
#else
  if (const char* v = std::getenv("SEQLAB_NUM_THREADS")) {
    const int n = std::atoi(v);
    if (n > 0) return std::min(n, 256);
  }
  const unsigned hc = std::thread::hardware_concurrency();
  return hc == 0 ? 1 : int(std::min(hc, 256u));
#endif
}

thread_local bool t_inside_part = false;

// One job's parts, claimed by whichever threads get to them: the caller and the woken workers take the
// next unclaimed part until none is left. On a machine shared with other work a descheduled worker then
// costs nothing (the caller runs its parts), where a fixed assignment would wait for it at every step. A
// part's result does not depend on which thread runs it, so results stay bit-identical.
class Claims {
 public:
  // Before the job's generation is published: the job and its part count under generation gen.
  void publish(uint64_t gen, int parts, const std::function<void(int)>* fn) {
    job_.store(fn, std::memory_order_relaxed);
    done_.store(0, std::memory_order_relaxed);
    claim_.store(gen << 32 | uint64_t(parts) << 16, std::memory_order_release);
  }

  // Claims and runs parts of job `gen` until none is left (or a newer job replaced it).
  // The claim word is generation << 32 | parts << 16 | next part, so a claim checks all three at once;
  // job_ is read only after a successful claim, when the job cannot be replaced (its part is unfinished).
  // Returns true when this thread finished the job's last part.
  bool run_parts(uint64_t gen) {
    for (;;) {
      uint64_t c = claim_.load(std::memory_order_acquire);
      int part, parts;
      do {
        part = int(c & 0xffffu);
        parts = int((c >> 16) & 0xffffu);
        if ((c >> 32) != (gen & 0xffffffffu) || part >= parts) return false;
      } while (!claim_.compare_exchange_weak(c, c + 1, std::memory_order_acq_rel, std::memory_order_acquire));
      (*job_.load(std::memory_order_acquire))(part);
      if (done_.fetch_add(1, std::memory_order_acq_rel) + 1 == parts) return true;
    }
  }

  std::atomic<int> done_{0};

 private:
  std::atomic<uint64_t> claim_{0};  // generation << 32 | parts << 16 | next unclaimed part
  std::atomic<const std::function<void(int)>*> job_{nullptr};
};

#if defined(SEQLAB_WASM_THREADS)
// The threaded .wasm (seqlab-mt.wasm, scripts/build-wasm.mjs). JavaScript starts the workers (Node
// worker_threads or Web Workers), each instantiating the module on the same shared memory and calling
// seqlab_thread_loop (wasm_glue.cc), which runs worker_loop and never returns. Idle workers sleep in
// memory.atomic.wait32 on the generation. A page's main thread may not wait, so there the caller spins
// until the workers are done (set_can_wait(false)); Node's main thread and Web Workers may.
class Pool {
 public:
  int size() const { return size_.load(std::memory_order_acquire); }
  // JavaScript has started n − 1 workers first (a part a missing worker would have claimed runs on
  // another thread: the same results, later).
  void resize(int n) { size_.store(std::max(1, n), std::memory_order_release); }
  void set_can_wait(bool w) { can_wait_ = w; }

  void run(int parts, const std::function<void(int)>& fn) {
    if (t_inside_part || parts <= 1 || parts > 0xffff || size() <= 1) {
      for (int t = 0; t < parts; t++) fn(t);
      return;
    }
    const uint32_t gen = generation_.load(std::memory_order_relaxed) + 1;
    claims_.publish(gen, parts, &fn);
    generation_.store(gen, std::memory_order_release);
    __builtin_wasm_memory_atomic_notify(reinterpret_cast<int*>(&generation_), uint32_t(size() - 1));
    t_inside_part = true;
    claims_.run_parts(gen);
    t_inside_part = false;
    // Parts other threads claimed: spin briefly, then (where allowed) sleep until the last one is done.
    for (int spins = 0;; spins++) {
      const int done = claims_.done_.load(std::memory_order_acquire);
      if (done == parts) break;
      if (spins >= 200000 && can_wait_)
        __builtin_wasm_memory_atomic_wait32(reinterpret_cast<int*>(&claims_.done_), done, 1000000);
    }
  }

  [[noreturn]] void worker_loop() {
    uint32_t seen = generation_.load(std::memory_order_acquire);
    for (;;) {
      // Spin ~0.1 ms before sleeping (200,000 loads: 91–104 µs timed on a 2.8 GHz Xeon), about the native
      // pool's window: the per-step jobs of a backward pass find the workers awake (at 20,000 loads they
      // slept between steps; bench/README.md).
      for (int spins = 0; generation_.load(std::memory_order_acquire) == seen && spins < 200000; spins++) {
      }
      if (generation_.load(std::memory_order_acquire) == seen)
        __builtin_wasm_memory_atomic_wait32(reinterpret_cast<int*>(&generation_), int(seen), -1);
      seen = generation_.load(std::memory_order_acquire);
      t_inside_part = true;
      const bool last = claims_.run_parts(seen);
      t_inside_part = false;
      if (last) __builtin_wasm_memory_atomic_notify(reinterpret_cast<int*>(&claims_.done_), 1);
    }
  }

 private:
  Claims claims_;
  std::atomic<uint32_t> generation_{0};
  std::atomic<int> size_{1};
  bool can_wait_ = true;
};
#else
// Persistent pool of num_threads()−1 workers; the calling (JavaScript) thread is part 0, so one
// thread means no pool at all. A job is published by bumping a generation counter; workers spin
// briefly (the next GEMM of an RNN step usually follows within microseconds) and then sleep on a
// condition variable, so an idle seqlab costs no CPU. Parts are claimed dynamically (Claims).
class Pool {
 public:
  ~Pool() { resize(1); }

  // Lock-free read: kernels ask for it from inside parts, where run_mutex_ is held.
  int size() const { return size_.load(std::memory_order_acquire); }

  void resize(int n) {
    std::lock_guard<std::mutex> lock(run_mutex_);
    if (n == size_.load()) return;
    stop_workers();
    size_.store(std::max(1, n));
    stop_ = false;
    // The generation is read here, not in the new thread: a job published before the thread gets to
    // run must still count as new to it.
    const uint64_t start = generation_.load();
    for (int t = 1; t < size_.load(); t++) workers_.emplace_back([this, start] { worker_loop(start); });
  }

  void run(int parts, const std::function<void(int)>& fn) {
    std::unique_lock<std::mutex> lock(run_mutex_, std::try_to_lock);
    const int size = size_.load();
    if (!lock.owns_lock() || t_inside_part || parts <= 1 || parts > 0xffff || size <= 1) {
      for (int t = 0; t < parts; t++) fn(t);  // same parts, same results, one thread
      return;
    }
    uint64_t gen;
    {
      std::lock_guard<std::mutex> g(wake_mutex_);
      gen = generation_.load() + 1;
      claims_.publish(gen, parts, &fn);
      generation_.store(gen, std::memory_order_release);
    }
    wake_cv_.notify_all();
    t_inside_part = true;
    claims_.run_parts(gen);
    t_inside_part = false;
    // Wait for parts other threads claimed: spin briefly, then yield, so that on an oversubscribed
    // machine this thread does not steal the core a descheduled worker needs to finish.
    for (int spins = 0; claims_.done_.load(std::memory_order_acquire) != parts; spins++) {
      if (spins < 2000) SEQLAB_PAUSE();
      else std::this_thread::yield();
    }
  }

 private:
  void worker_loop(uint64_t seen) {
    for (;;) {
      // Spin ~tens of microseconds before sleeping: back-to-back kernels of an RNN step find us awake.
      int spins = 0;
      while (generation_.load(std::memory_order_acquire) == seen && !stop_.load(std::memory_order_acquire) &&
             spins < 6000) {
        if (spins < 2000) SEQLAB_PAUSE();
        else std::this_thread::yield();
        spins++;
      }
      if (generation_.load(std::memory_order_acquire) == seen && !stop_.load()) {
        std::unique_lock<std::mutex> lock(wake_mutex_);
        wake_cv_.wait(lock, [&] { return generation_.load() != seen || stop_.load(); });
      }
      if (stop_.load(std::memory_order_acquire)) return;
      seen = generation_.load(std::memory_order_acquire);
      t_inside_part = true;
      claims_.run_parts(seen);
      t_inside_part = false;
    }
  }

  void stop_workers() {
    {
      std::lock_guard<std::mutex> g(wake_mutex_);
      stop_.store(true);
    }
    wake_cv_.notify_all();
    for (auto& w : workers_) w.join();
    workers_.clear();
  }

  std::mutex run_mutex_;
  std::mutex wake_mutex_;
  std::condition_variable wake_cv_;
  std::vector<std::thread> workers_;
  Claims claims_;
  std::atomic<uint64_t> generation_{0};
  std::atomic<bool> stop_{false};
  std::atomic<int> size_{1};
};
#endif

Pool& pool() {
  // Leaked on purpose: joining threads from a static destructor at process exit can deadlock.
  static Pool* p = [] {
    auto* q = new Pool();
    q->resize(default_threads());
    return q;
  }();
  return *p;
}

}  // namespace

int num_threads() { return pool().size(); }

#if defined(SEQLAB_WASM_THREADS)
void wasm_thread_loop() { pool().worker_loop(); }
void wasm_set_can_wait(bool can_wait) { pool().set_can_wait(can_wait); }
#endif

void set_num_threads(int n) { pool().resize(n <= 0 ? default_threads() : std::min(n, 256)); }

void parallel_run(int parts, const std::function<void(int)>& fn) { pool().run(parts, fn); }

void parallel_for(int64_t n, int64_t grain, int64_t min_parallel, const std::function<void(int64_t, int64_t)>& fn) {
  const int threads = num_threads();
  if (n <= 0) return;
  if (threads <= 1 || n < min_parallel) {
    fn(0, n);
    return;
  }
  const int64_t units = (n + grain - 1) / grain;
  const int parts = int(std::min<int64_t>(threads, units));
  const int64_t per = units / parts, extra = units % parts;
  parallel_run(parts, [&](int t) {
    const int64_t u0 = t * per + std::min<int64_t>(t, extra);
    const int64_t u1 = u0 + per + (t < extra ? 1 : 0);
    fn(std::min(n, u0 * grain), std::min(n, u1 * grain));
  });
}

}  // namespace seqlab
