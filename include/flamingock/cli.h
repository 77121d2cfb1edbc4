// The `flamingock` command-line interface, embedded in a service's own binary.
//
// A service that calls `flamingock::cli::run` from its `main` offers the same commands as the
// standalone `flamingock` tool (audit list/fix, issue list/get, lock status/release), over its own
// audit store, plus the commands only a binary holding the change definitions can answer:
// `execute apply` runs the pipeline, `plan` shows what is pending without writing anything.
//
//   int main(int argc, char** argv) {
//     using namespace flamingock;
//     auto client = dynamodb::Client::fromEnvironment();
//     auto target = std::make_shared<dynamodb::DynamoDBTargetSystem>("dynamodb", client);
//     auto auditStore = std::make_shared<dynamodb::DynamoDBAuditStore>(
//         dynamodb::DynamoDBAuditStore::from(*target));
//     return cli::run(argc, argv, auditStore,
//                     Flamingock::builder().addTargetSystems({target}).addChange<CreateOrders>());
//   }
//
//   $ orders-service plan
//   $ orders-service execute apply
//   $ orders-service issue list --json
//
// Results go to stdout, diagnostics to stderr; `--help` on every command documents them.
#pragma once

#include <memory>

#include "flamingock/audit_store.h"
#include "flamingock/builder.h"

namespace flamingock::cli {

// The exit status of every command, standalone or embedded.
inline constexpr int kExitSuccess = 0;
inline constexpr int kExitFailure = 1;        // the command ran and failed (one-line reason)
inline constexpr int kExitUsage = 2;          // bad command line or bad change files; nothing done
inline constexpr int kExitInterrupted = 130;  // SIGINT; a held lock expires with its lease

// Parses `argv` and runs the command it names against `audit_store`, which becomes the audit
// store of `builder` (replacing one set before). `builder` holds the service's changes, target
// systems and options; it is consumed by the commands that run the pipeline. `--lock-key`, when
// given, replaces the builder's lock options. Returns the exit status; never throws. The lock
// commands (`lock status`, `lock release --force`) work when the store describes its lock
// (AuditStore::describeLock), as the DynamoDB and the in-memory stores do; the others fail with a
// one-line reason. Call it once per process: it handles SIGINT.
int run(int argc, char** argv, std::shared_ptr<AuditStore> audit_store, FlamingockBuilder& builder);

}  // namespace flamingock::cli
