#include "support/store_test_support.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <utility>

namespace flamingock::test {
namespace {

// Starts the helper program with `arguments`; its output goes to `output_file`. Returns its pid.
int startProgram(const std::vector<std::string>& arguments, const std::string& output_file) {
  // Everything the child needs is prepared before fork: other threads may hold the allocator's
  // locks, so the child only makes system calls.
  std::string program = FLAMINGOCK_TEST_RUNNER_PROGRAM;
  std::vector<char*> argv{program.data()};
  for (const std::string& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
  argv.push_back(nullptr);
  std::vector<std::string> environment{std::string("AWS_ACCESS_KEY_ID=") + kAccessKeyId,
                                       std::string("AWS_SECRET_ACCESS_KEY=") + kSecretAccessKey,
                                       "AWS_EC2_METADATA_DISABLED=true"};
  std::vector<char*> envp;
  for (std::string& variable : environment) envp.push_back(variable.data());
  envp.push_back(nullptr);
  int output = open(output_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (output < 0) throw std::runtime_error("cannot create " + output_file);
  int pid = fork();
  if (pid == 0) {
    if (dup2(output, 1) < 0 || dup2(output, 2) < 0) _exit(126);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  close(output);
  if (pid < 0) throw std::runtime_error("fork failed for " + program);
  return pid;
}

// Waits for `pid` and reads what it wrote to `output_file`; throws when it still runs after 10
// minutes, having killed it.
ProgramResult waitProgram(int pid, const std::string& output_file) {
  // Far beyond any helper's run: one that is still going hangs (a worker that never sees its job
  // end), and the test fails saying so instead of waiting until ctest's or CI's own limit.
  constexpr auto kDeadline = std::chrono::minutes(10);
  auto give_up = std::chrono::steady_clock::now() + kDeadline;
  int status = 0;
  pid_t ended = 0;
  while ((ended = waitpid(pid, &status, WNOHANG)) == 0) {
    if (std::chrono::steady_clock::now() >= give_up) {
      ::kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
      throw std::runtime_error("helper program " + std::to_string(pid) +
                               " still ran after 10 minutes and was killed; its output is in " +
                               output_file);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (ended != pid) throw std::runtime_error("waitpid failed");
  ProgramResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(output_file);
  std::stringstream text;
  text << in.rdbuf();
  result.output = text.str();
  std::remove(output_file.c_str());
  return result;
}

}  // namespace

ProgramResult runProgram(const std::vector<std::string>& arguments) {
  std::string output = scratchPath("runner-output");
  return waitProgram(startProgram(arguments, output), output);
}

StartedProgram::StartedProgram(const std::vector<std::string>& arguments)
    : output_(scratchPath("program-output")), pid_(startProgram(arguments, output_)) {}

StartedProgram::StartedProgram(StartedProgram&& other) noexcept
    : output_(std::move(other.output_)), pid_(std::exchange(other.pid_, -1)) {}

StartedProgram::~StartedProgram() {
  if (pid_ < 0) return;
  ::kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  std::remove(output_.c_str());
}

void StartedProgram::kill() const {
  if (pid_ < 0 || ::kill(pid_, SIGKILL) != 0) {
    throw std::runtime_error("cannot kill the helper program " + std::to_string(pid_) +
                             ": it was waited for already");
  }
}

ProgramResult StartedProgram::wait() {
  if (pid_ < 0) throw std::runtime_error("the helper program was waited for already");
  return waitProgram(std::exchange(pid_, -1), output_);
}

std::vector<std::string> programArguments(const dynamodb::DynamoDBAuditStore& store,
                                          const std::string& counter_table,
                                          const std::vector<std::string>& options) {
  std::vector<std::string> all{"--endpoint",      localDynamoDbEndpoint(),
                               "--audit-table",   store.options().audit_table_name,
                               "--lock-table",    store.options().lock_table_name,
                               "--counter-table", counter_table};
  all.insert(all.end(), options.begin(), options.end());
  return all;
}

std::vector<std::string> backgroundMigrationArguments(const dynamodb::DynamoDBAuditStore& store,
                                                      const std::string& counter_table,
                                                      const BackgroundMigration& migration) {
  std::ostringstream rate;
  rate << migration.items_per_second;
  std::vector<std::string> options{
      "--migrate",          migration.table,
      "--command",          migration.command,
      "--background",       "1",
      "--then-require",     migration.then_require ? "1" : "0",
      "--segments",         "16",
      "--page-limit",       "100",
      "--checkpoint-ms",    std::to_string(migration.checkpoint.count()),
      "--lease-ms",         std::to_string(migration.lease.count()),
      "--items-per-second", rate.str()};
  if (!migration.endpoint.empty())
    options.insert(options.end(), {"--endpoint", migration.endpoint});
  return programArguments(store, counter_table, options);
}

std::string scratchPath(const std::string& name) {
  return std::string(FLAMINGOCK_BINARY_DIR) + "/" + uniqueTableName(name) + ".tmp";
}

}  // namespace flamingock::test
