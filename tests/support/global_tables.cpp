#include "support/global_tables.h"

#include <nlohmann/json.hpp>

namespace flamingock::test {

GlobalTables::GlobalTables(FaultProxy& proxy) {
  proxy.rewriteAnswers(
      [shared = shared_](const LoopbackHttpServer::Request& request, std::string& body) {
        const std::string* target = request.header("X-Amz-Target");
        if (target == nullptr || !target->ends_with(".DescribeTable")) return;
        std::string table = nlohmann::json::parse(request.body).value("TableName", "");
        Replication replication;
        {
          std::lock_guard lock(shared->mutex);
          auto found = shared->tables.find(table);
          if (found == shared->tables.end()) return;
          replication = found->second;
        }
        nlohmann::json answer = nlohmann::json::parse(body);
        if (!answer.contains("Table")) return;  // an error answer stays as it is
        nlohmann::json replicas = nlohmann::json::array();
        for (const std::string& region : replication.regions) {
          replicas.push_back({{"RegionName", region}, {"ReplicaStatus", "ACTIVE"}});
        }
        answer["Table"]["Replicas"] = replicas;
        if (replication.strong) answer["Table"]["MultiRegionConsistency"] = "STRONG";
        body = answer.dump();
      });
}

void GlobalTables::replicate(const std::string& table, std::vector<std::string> regions,
                             bool strong) {
  std::lock_guard lock(shared_->mutex);
  shared_->tables[table] = {std::move(regions), strong};
}

int writeRequestCount(const FaultProxy& proxy) {
  int count = 0;
  for (const char* operation : {"CreateTable", "PutItem", "UpdateItem", "DeleteItem",
                                "BatchWriteItem", "TransactWriteItems"}) {
    count += proxy.requestCount(operation);
  }
  return count;
}

}  // namespace flamingock::test
