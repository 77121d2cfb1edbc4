// Everything a service needs to run change units: builder, runner, changes, errors.
//
//   #include <flamingock/flamingock.h>
//   Flamingock::builder().setAuditStore(store).addChange<MyChange>().build().run();
//
// DynamoDB parts: <flamingock/dynamodb.h>. In-memory store for tests: <flamingock/testing.h>.
#pragma once

#include "flamingock/administration.h"
#include "flamingock/audit_entry.h"
#include "flamingock/audit_history.h"
#include "flamingock/audit_store.h"
#include "flamingock/builder.h"
#include "flamingock/change.h"
#include "flamingock/change_context.h"
#include "flamingock/clock.h"
#include "flamingock/error.h"
#include "flamingock/listener.h"
#include "flamingock/lock.h"
#include "flamingock/metadata.h"
#include "flamingock/run_summary.h"
#include "flamingock/runner.h"
#include "flamingock/store_role.h"
#include "flamingock/target_system.h"
#include "flamingock/version.h"
