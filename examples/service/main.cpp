// The example orders service. Started plainly, it applies its pending changes at start-up, exactly
// once across all of its instances. Started with arguments, it is the flamingock CLI over its own
// compiled changes:
//
//   orders_service                 apply what is pending, then (a real service) serve
//   orders_service plan            what is pending
//   orders_service audit list      the audit log; also issue list/get, audit fix, lock status
//
// DynamoDB's region, endpoint and credentials come from the environment, as for the AWS CLI.
#include <flamingock/cli.h>
#include <flamingock/dynamodb.h>
#include <flamingock/flamingock.h>

#include <iostream>

#include "orders_changes.h"

int main(int argc, char** argv) {
  using namespace flamingock;
  try {
    auto client = dynamodb::Client::fromEnvironment();
    auto target = std::make_shared<dynamodb::DynamoDBTargetSystem>("dynamodb", client);
    auto auditStore =
        std::make_shared<dynamodb::DynamoDBAuditStore>(dynamodb::DynamoDBAuditStore::from(*target));
    auto builder = Flamingock::builder();
    builder.addTargetSystems({target});
    orders::addOrdersChanges(builder);
    if (argc > 1) return cli::run(argc, argv, auditStore, builder);

    RunSummary summary = builder.setAuditStore(auditStore).build().run();
    std::cout << "orders-service: " << summary.applied() << " change(s) applied, "
              << summary.skipped() << " already applied\n";
    return 0;
  } catch (const Error& e) {
    std::cerr << "orders-service: " << e.what() << "\n";
    return 1;
  }
}
