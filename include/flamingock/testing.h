// The test kit, for users' own tests (and ours). See docs/testing.md.
//
//   testing/doubles.h        FakeClock, InMemoryTargetSystem, InMemoryAuditStore: no server needed
//   testing/test_support.h   givenBuilder(builder): given audit entries, when run / undo /
//                            validate, then the entries written and the error
//   testing/local_dynamodb.h LocalDynamoDB: a DynamoDB Local of the test's own
//
//   using namespace flamingock::testing;
//   givenBuilder(builder)                              // an InMemoryAuditStore unless it has a
//   store
//       .andExistingAudit({applied("create-orders")})
//       .whenRun()
//       .thenExpectAuditSequence({started("seed-orders"), applied("seed-orders")});
#pragma once

#include "flamingock/testing/doubles.h"
#include "flamingock/testing/local_dynamodb.h"
#include "flamingock/testing/test_support.h"
