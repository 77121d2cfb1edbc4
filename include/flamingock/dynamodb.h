// Everything for DynamoDB in one include: the client, the target system, the audit store with
// its lock, and YAML changes.
//
//   #include <flamingock/dynamodb.h>
//
//   auto client = flamingock::dynamodb::Client::fromEnvironment();
//   auto target = std::make_shared<flamingock::dynamodb::DynamoDBTargetSystem>("dynamodb", client);
//   auto auditStore = flamingock::dynamodb::DynamoDBAuditStore::from(*target);
#pragma once

#include "flamingock/dynamodb/attribute_value.h"
#include "flamingock/dynamodb/audit_store.h"
#include "flamingock/dynamodb/client.h"
#include "flamingock/dynamodb/client_config.h"
#include "flamingock/dynamodb/credentials.h"
#include "flamingock/dynamodb/error.h"
#include "flamingock/dynamodb/http_transport.h"
#include "flamingock/dynamodb/item_migration.h"
#include "flamingock/dynamodb/retry_policy.h"
#include "flamingock/dynamodb/target_system.h"
#include "flamingock/dynamodb/yaml_changes.h"
