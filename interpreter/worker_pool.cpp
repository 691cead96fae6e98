#include "interpreter/worker_pool.hpp"

#include <utility>

namespace clause {

WorkerPool::WorkerPool(std::size_t threads) : workers_(threads < 1 ? 1 : threads) {
  for (std::size_t worker = 0; worker < threads; ++worker) threads_.emplace_back([this, worker] { serve(worker); });
}

WorkerPool::~WorkerPool() {
  {
    // A job still running reads its caller's data: let it finish before leaving.
    std::unique_lock lock(mutex_);
    job_done_.wait(lock, [&] { return running_ == 0; });
    closing_ = true;
  }
  job_ready_.notify_all();
  for (std::thread& thread : threads_) thread.join();
}

void WorkerPool::start(Job job) {
  if (threads_.empty()) {
    try {
      job(0);
    } catch (...) {
      failure_ = std::current_exception();
    }
    return;
  }
  {
    std::lock_guard lock(mutex_);
    job_ = std::move(job);
    running_ = threads_.size();
    ++generation_;
  }
  job_ready_.notify_all();
}

void WorkerPool::wait() {
  std::unique_lock lock(mutex_);
  job_done_.wait(lock, [&] { return running_ == 0; });
  if (std::exception_ptr failure = std::exchange(failure_, nullptr)) std::rethrow_exception(failure);
}

void WorkerPool::serve(std::size_t worker) {
  std::uint64_t done = 0;
  for (;;) {
    std::unique_lock lock(mutex_);
    job_ready_.wait(lock, [&] { return closing_ || generation_ != done; });
    if (closing_) return;
    done = generation_;
    const Job& job = job_;  // unchanged until every worker has finished it
    lock.unlock();
    std::exception_ptr failure;
    try {
      job(worker);
    } catch (...) {
      failure = std::current_exception();
    }
    finish(failure);
  }
}

void WorkerPool::finish(std::exception_ptr failure) {
  std::lock_guard lock(mutex_);
  if (failure && !failure_) failure_ = failure;
  if (--running_ == 0) job_done_.notify_all();
}

}  // namespace clause
