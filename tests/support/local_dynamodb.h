// DynamoDB Local for integration and fault tests.
//
// The first call starts one server for the whole test binary through tools/local-dynamodb (in
// memory, on a free loopback port) and stops it by its PID when the binary exits. Set
// FLAMINGOCK_TEST_DYNAMODB_ENDPOINT to use a server that is already running instead. Under ctest a
// fixture runs one server for every test process (tests/CMakeLists.txt); while it is up, it is
// used.
#pragma once

#include <string>

namespace flamingock::test {

// "http://127.0.0.1:PORT" of the shared server.
const std::string& localDynamoDbEndpoint();

// A table name no other test of this run uses: "<prefix>_<pid>_<counter>".
std::string uniqueTableName(const std::string& prefix);

// Runs `command` with /bin/sh and returns what it printed on stdout; throws on a non-zero exit.
std::string runCommand(const std::string& command);

}  // namespace flamingock::test
