// A flamingock::Listener that exports what runs and background jobs do as Prometheus metrics
// (prometheus-cpp): runs and changes by outcome, each job's progress, pace and failed items, and
// the steering its workers saw. Register its registry with a prometheus::Exposer (pull) or a
// Gateway (push).
//
//   auto metrics = std::make_shared<PrometheusListener>();
//   prometheus::Exposer exposer("0.0.0.0:9464");
//   exposer.RegisterCollectable(metrics->registry());
//   Flamingock::builder().addListener(metrics).setBackgroundWorkers(true) ... .build().run();
#pragma once

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <memory>
#include <mutex>
#include <string>

#include "flamingock/listener.h"

class PrometheusListener : public flamingock::Listener {
  // The family that `builder` (prometheus::BuildCounter() or BuildGauge()) makes, registered in
  // this listener's registry. Above the constructor: its type is deduced from its body, which
  // the constructor's use must follow.
  template <typename Builder>
  auto& family(Builder builder, const std::string& name, const std::string& help) {
    return builder.Name(name).Help(help).Register(*registry_);
  }

 public:
  PrometheusListener()
      : registry_(std::make_shared<prometheus::Registry>()),
        runs_(family(prometheus::BuildCounter(), "flamingock_runs_total",
                     "Runs that ended, by outcome")),
        changes_(family(prometheus::BuildCounter(), "flamingock_changes_total",
                        "Changes applied or failed, by outcome")),
        job_items_(family(prometheus::BuildGauge(), "flamingock_job_items",
                          "Items of a background job's migration so far, by kind "
                          "(scanned, written, skipped, failed)")),
        job_pace_(family(prometheus::BuildGauge(), "flamingock_job_items_per_second",
                         "A job's pace: measured, and the limit it is held to (0: none)")),
        job_parts_(family(prometheus::BuildGauge(), "flamingock_job_parts_done",
                          "Parts (segments) of a job finished, of its total")),
        job_paused_(family(prometheus::BuildGauge(), "flamingock_job_paused",
                           "1 while a worker sees the job paused")),
        job_steered_(family(prometheus::BuildCounter(), "flamingock_job_steered_total",
                            "Pauses, resumes and new rates a worker saw, by kind")) {}

  std::shared_ptr<prometheus::Registry> registry() const { return registry_; }

  void onChangeApplied(const flamingock::ChangeOutcome&) override {
    changes_.Add({{"outcome", "applied"}}).Increment();
  }
  void onChangeFailed(const flamingock::ChangeOutcome&) override {
    changes_.Add({{"outcome", "failed"}}).Increment();
  }
  void onFinished(const flamingock::RunSummary& summary) override {
    runs_.Add({{"outcome", summary.failed() == 0 ? "success" : "failure"}}).Increment();
  }

  // Workers of several jobs may report at once.
  void onProgress(const flamingock::ProgressEvent& event) override {
    std::lock_guard lock(mutex_);
    const std::string& change = event.change_id;
    job_items_.Add({{"change", change}, {"kind", "scanned"}}).Set(double(event.scanned));
    job_items_.Add({{"change", change}, {"kind", "written"}}).Set(double(event.written));
    job_items_.Add({{"change", change}, {"kind", "skipped"}}).Set(double(event.skipped));
    job_items_.Add({{"change", change}, {"kind", "failed"}}).Set(double(event.failed));
    job_pace_.Add({{"change", change}, {"kind", "measured"}}).Set(event.items_per_second);
    job_pace_.Add({{"change", change}, {"kind", "limit"}}).Set(event.rate_limit);
    job_parts_.Add({{"change", change}, {"kind", "done"}}).Set(event.parts_done);
    job_parts_.Add({{"change", change}, {"kind", "total"}}).Set(event.total_parts);
  }

  void onJobSteered(const flamingock::JobSteeredEvent& event) override {
    std::lock_guard lock(mutex_);
    job_steered_.Add({{"change", event.change_id}, {"kind", toString(event.kind)}}).Increment();
    if (event.kind != flamingock::JobSteeredEvent::Kind::kRateChanged) {
      bool paused = event.kind == flamingock::JobSteeredEvent::Kind::kPaused;
      job_paused_.Add({{"change", event.change_id}}).Set(paused ? 1 : 0);
    }
  }

 private:
  std::mutex mutex_;
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>& runs_;
  prometheus::Family<prometheus::Counter>& changes_;
  prometheus::Family<prometheus::Gauge>& job_items_;
  prometheus::Family<prometheus::Gauge>& job_pace_;
  prometheus::Family<prometheus::Gauge>& job_parts_;
  prometheus::Family<prometheus::Gauge>& job_paused_;
  prometheus::Family<prometheus::Counter>& job_steered_;
};
