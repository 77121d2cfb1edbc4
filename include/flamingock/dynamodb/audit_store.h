// The audit log and the distributed lock on DynamoDB: two tables, created on first use.
//
//   auto target = std::make_shared<flamingock::dynamodb::DynamoDBTargetSystem>("dynamodb", client);
//   auto auditStore = flamingock::dynamodb::DynamoDBAuditStore::from(*target)
//                         .withReadCapacityUnits(10)
//                         .withWriteCapacityUnits(10)
//                         .withAuditRepositoryName("ordersAuditLog");
//   Flamingock::builder().setAuditStore(auditStore).addTargetSystems({target});
//
// The audit table (`flamingockAuditLog`) holds one item per audit entry in the layout of
// Flamingock's DynamoDB store, so either can read what the other wrote (docs/tables.md). The
// lock table (`flamingockLock`) holds one item per lock key; the lock follows Amazon's DynamoDB
// Lock Client: it is taken over only after its version stayed unchanged for a full lease of the
// waiter's own monotonic clock, so clock skew between hosts cannot break it
// (docs/exactly-once.md#the-lock). Every audit write and every transactional commit checks, in
// the same TransactWriteItems, that the lock is still the writer's.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "flamingock/audit_store.h"
#include "flamingock/dynamodb/client.h"
#include "flamingock/dynamodb/lock_table.h"
#include "flamingock/dynamodb/table_model.h"
#include "flamingock/dynamodb/target_system.h"

namespace flamingock::dynamodb {

namespace detail {
class KnownRole;
class GlobalTargetTables;
}  // namespace detail

// The store's settings; defaults are Flamingock's.
struct AuditStoreOptions {
  bool auto_create = true;                               // create missing tables at initialize()
  BillingMode billing_mode = BillingMode::kProvisioned;  // of created tables
  std::int64_t read_capacity_units = 5;                  // of created PROVISIONED tables
  std::int64_t write_capacity_units = 5;                 // of created PROVISIONED tables
  std::string audit_table_name = "flamingockAuditLog";
  std::string lock_table_name = "flamingockLock";
  // The one Region that writes when the tables are global tables in multi-Region eventual
  // consistency; empty: FLAMINGOCK_HOME_REGION, when set (docs/operations.md#several-regions).
  std::string home_region;
};

// An AuditStore on DynamoDB. Options are checked when set and throw ConfigurationError naming
// the bad value; that the audit and lock tables differ is checked when the store is first used
// (initialize(), reading the log, the lock), so the names may be set in any order. Copies are
// independent settings over the same tables and share the client's connections; every method may be
// called from several threads at once.
class DynamoDBAuditStore : public AuditStore {
 public:
  // A store with the target system's connection settings and its own client handle.
  static DynamoDBAuditStore from(const DynamoDBTargetSystem& target);
  // A store with its own client made from `config`.
  explicit DynamoDBAuditStore(ClientConfig config);

  // Whether initialize() creates missing tables; when false, a missing table is an error.
  DynamoDBAuditStore& withAutoCreate(bool auto_create);
  // Capacity of tables created PROVISIONED; at least 1.
  DynamoDBAuditStore& withReadCapacityUnits(std::int64_t units);
  DynamoDBAuditStore& withWriteCapacityUnits(std::int64_t units);
  // PayPerRequest (ON_DEMAND) tables ignore the capacity units.
  DynamoDBAuditStore& withBillingMode(BillingMode mode);
  // Table names: 3 to 255 characters of [a-zA-Z0-9_.-]; the audit and the lock table distinct
  // when the store is used.
  DynamoDBAuditStore& withAuditRepositoryName(std::string name);
  DynamoDBAuditStore& withLockRepositoryName(std::string name);
  // The Region whose runs apply changes when the tables are global tables in multi-Region
  // eventual consistency (MREC); in the tables' other Regions a run writes nothing and waits for
  // the home Region's APPLIED entries to arrive by replication. A Region name (letters, digits
  // and '-'). Takes precedence over FLAMINGOCK_HOME_REGION; unused for tables without replicas
  // and for STRONG (MRSC) ones.
  DynamoDBAuditStore& withHomeRegion(std::string region);

  const AuditStoreOptions& options() const { return options_; }
  const Client& client() const { return client_; }

  // Checks both tables' key schema (`partitionKey`, S, HASH only), creating missing ones when
  // auto-create is on and waiting until they are ACTIVE, and finds the Region's role from their
  // replicas (role()). Safe when several processes do it at once. Throws ConfigurationError naming
  // the table when one does not fit or is missing, or is an MREC global table and no home Region
  // is set, before anything is written.
  void initialize() override;
  // A consistent Scan of the audit table; empty when the table does not exist.
  std::vector<AuditEntry> readHistory() override;
  // The same Scan, reading only the attributes planning needs.
  std::vector<AuditEntry> readHistoryForPlanning() override;
  void append(const AuditEntry& entry, const Fence& fence) override;
  bool appendUnlessExists(const AuditEntry& entry, const std::string& absent_key,
                          const Fence& fence) override;
  // True for a DynamoDBTargetSystem on this store's region and endpoint with the same credentials
  // (the same provider, or the same access key id): one TransactWriteItems cannot span two.
  bool canCommitTransactionsOf(const TargetSystem& target) const override;
  void commitTransaction(TargetTransaction& transaction, const AuditEntry& entry,
                         const Fence& fence) override;
  // Names the transaction's tables that are MREC global tables (each described once per
  // initialize()), or that could not be described.
  std::optional<std::string> transactionWarning(TargetTransaction& transaction) override;
  // From the tables' replicas and MultiRegionConsistency and the home Region, against the client's
  // Region (ClientConfig::region): kSingle without replicas, kAnywhere when every global table is
  // STRONG, else kHome or kFollower. As initialize() found it, or from DescribeTable of both
  // tables when it has not run (a missing table has no replicas).
  StoreRole role() override;
  // A lock on `options.key` in the lock table. The handle keeps its own client and may outlive
  // the store. Throws ConfigurationError naming the home Region in a follower Region.
  std::unique_ptr<Lock> createLock(const LockOptions& options, const std::string& owner,
                                   std::shared_ptr<Clock> clock) override;

  // The lock table, for administration (reading a lock, clearing a dead runner's). Throws
  // ConfigurationError when the audit and the lock table have the same name.
  LockTable lockTable() const;
  // Progress records are items of the lock table, beside the lock that fences their writes
  // (docs/tables.md#migration-progress-items).
  ProgressStore* progressStore() override { return progress_.get(); }
  // Jobs of background changes are items of the lock table too
  // (docs/tables.md#background-job-items).
  JobStore* jobStore() override { return jobs_.get(); }
  // The lock table's item of `key`, read as lockTable().read does.
  std::optional<LockDescription> describeLock(const std::string& key) override;
  // As lockTable().forceRelease; refused in a follower Region, as createLock is.
  bool forceReleaseLock(const LockDescription& seen) override;

 private:
  // Throws ConfigurationError when the audit and the lock table have the same name.
  void checkTableNames() const;
  // Throws ConfigurationError naming the home Region when this Region's role is a follower's:
  // `what` would write here.
  void refuseInFollowerRegion(const std::string& what);

  Client client_;
  AuditStoreOptions options_;
  // On the lock table named in `options_`; shared by copies until one names another.
  std::shared_ptr<ProgressStore> progress_;
  // On both tables named in `options_`; shared by copies until one names another.
  std::shared_ptr<JobStore> jobs_;
  // Found by initialize() or role(); shared by copies until one changes the tables or the home.
  std::shared_ptr<detail::KnownRole> known_role_;
  std::shared_ptr<detail::GlobalTargetTables> global_targets_;
  // Segments of the parallel Scan that reads the log, from the size initialize() found (DynamoDB
  // updates a table's size about every six hours); 1 before initialize(). Atomic, as initialize()
  // may run beside a read; copied by value with the store.
  struct ScanSegments {
    std::atomic<int> count{1};
    ScanSegments() = default;
    ScanSegments(const ScanSegments& other) : count(other.count.load()) {}
    ScanSegments& operator=(const ScanSegments& other) {
      count = other.count.load();
      return *this;
    }
  };
  ScanSegments audit_scan_segments_;
};

}  // namespace flamingock::dynamodb
