#pragma once
// Threads that live for a whole population run and take one job at a time.
//
// A job is started, the caller does other work (reading the next batch), then
// waits for it. Keeping the threads alive keeps their per-thread buffers (the
// JSON parser, the evaluator's slots) warm from batch to batch.

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace clause {

class WorkerPool {
 public:
  using Job = std::function<void(std::size_t worker)>;

  // `threads` threads run each job. With none, start() runs the job on the
  // caller, as its one worker, and nothing is handed between threads.
  explicit WorkerPool(std::size_t threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  std::size_t size() const { return workers_; }
  // Runs job(worker) once on every worker; returns at once unless it runs on the caller.
  void start(Job job);
  // Waits for the started job to finish everywhere; rethrows the first exception it threw.
  void wait();

 private:
  void serve(std::size_t worker);
  void finish(std::exception_ptr failure);

  std::size_t workers_;
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable job_ready_;
  std::condition_variable job_done_;
  Job job_;
  std::uint64_t generation_ = 0;  // counts jobs started, so a worker runs each job once
  std::size_t running_ = 0;
  bool closing_ = false;
  std::exception_ptr failure_;
};

}  // namespace clause
