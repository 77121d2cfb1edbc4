// DynamoDBAuditStore's JobStore: a background change's job as items of the lock table
// (docs/tables.md#background-job-items), which Flamingock Java never reads. `job#<changeId>` is the
// job (state, definition, parts started and done); `job#<changeId>#<segment>` is one part (owner,
// version, beat, done, counts, state), written when a worker first claims it. A job starts in one
// TransactWriteItems with its STARTED entry and the lock's check; it ends in one with its APPLIED
// (or FAILED) entry, conditioned on the job running and, for APPLIED, every part done; a person
// accepting a FAILED job's failed items ends it DONE with its APPLIED entry, and a person
// cancelling an unfinished job ends it CANCELLED with its FAILED entry, under the lock's fence.
//
//   JobTable jobs(client, store_options);
//   jobs.start(job, started, lock.fence());
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "flamingock/dynamodb/audit_store.h"
#include "flamingock/job_store.h"

namespace flamingock::dynamodb::detail {

// The jobs of one store's tables. Copies share the client's connections; thread-safe.
class JobTable : public JobStore {
 public:
  JobTable(Client client, AuditStoreOptions options);

  void start(const JobRecord& job, const AuditEntry& started, const Fence& fence) override;
  // A consistent GetItem; none when the table does not exist.
  std::optional<JobRecord> read(const std::string& change_id) override;
  // A consistent Scan of the items keyed `job#` that are jobs; none when the table does not exist.
  std::vector<JobRecord> list() override;
  // A consistent Scan of the job's part items of its execution.
  std::vector<JobPart> parts(const JobRecord& job) override;
  // A conditional PutItem of the part; a first claim is a TransactWriteItems with the job's count
  // of segments started (unless the job item, of an earlier version, has none).
  std::optional<JobPart> claim(const JobRecord& job, int index, const JobPart* seen,
                               const std::string& owner) override;
  // A conditional PutItem; the save that marks the part done is a TransactWriteItems with the
  // job's count of parts done.
  void save(const JobRecord& job, JobPart& part) override;
  // A TransactWriteItems of the job's state and the entry.
  bool finish(const JobRecord& job, const AuditEntry& entry) override;
  // A TransactWriteItems of the job's state, the entry and the fence's lock check; when it is
  // refused, a consistent GetItem of the job tells whether the job was no longer so.
  bool acceptFailed(const JobRecord& job, const AuditEntry& applied, const Fence& fence) override;
  // The same, of the job's state and the FAILED entry.
  bool cancel(const JobRecord& job, const AuditEntry& failed, const Fence& fence) override;
  // A conditional UpdateItem of the job's state and rate.
  JobRecord steer(const std::string& change_id, const JobSteering& steering) override;
  // A TransactWriteItems of the failed item (`job#<changeId>#failed#<checksum of its key>`) and
  // the job's count, then a consistent GetItem of the count.
  int quarantine(const JobRecord& job, const FailedItem& item) override;
  // A consistent Scan of the job's failed items.
  std::vector<FailedItem> failedItems(const JobRecord& job) override;

 private:
  // Every item keyed with `prefix` that `keep` accepts, decoded.
  template <class Record>
  std::vector<Record> scanKeyed(const std::string& prefix, const std::string& filter,
                                ExpressionAttributeValues values,
                                Record (*decode)(const Item&)) const;
  // Sends `update` of `job`'s item with `entry` and `fence`'s lock check in one
  // TransactWriteItems. Returns false when it was refused and `still` says the stored job is no
  // longer as the update's condition asks; throws what refused it otherwise.
  bool endUnderFence(const JobRecord& job, Update update, const AuditEntry& entry,
                     const Fence& fence, bool (*still)(const JobRecord& stored, const JobRecord&));

  Client client_;
  AuditStoreOptions options_;
};

}  // namespace flamingock::dynamodb::detail
