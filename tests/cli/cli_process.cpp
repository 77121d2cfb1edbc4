#include "cli_process.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace flamingock::test {
namespace {

// A temporary file the child writes one stream to; read back, then removed.
class CaptureFile {
 public:
  CaptureFile() {
    char pattern[] = "/tmp/flamingock-cli-XXXXXX";
    fd_ = mkstemp(pattern);
    if (fd_ < 0) throw std::runtime_error("mkstemp failed");
    path_ = pattern;
  }
  ~CaptureFile() {
    close(fd_);
    std::remove(path_.c_str());
  }
  int fd() const { return fd_; }
  std::string read() const {
    std::ifstream in(path_);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

 private:
  int fd_;
  std::string path_;
};

}  // namespace

CliResult runProgram(const std::string& program, const std::vector<std::string>& args,
                     const std::vector<std::pair<std::string, std::string>>& environment,
                     std::optional<std::chrono::milliseconds> interrupt_after) {
  CaptureFile out, err;
  std::vector<char*> argv{const_cast<char*>(program.c_str())};
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);

  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(out.fd(), STDOUT_FILENO);
    dup2(err.fd(), STDERR_FILENO);
    for (const auto& [name, value] : environment) setenv(name.c_str(), value.c_str(), 1);
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  if (interrupt_after) {
    std::this_thread::sleep_for(*interrupt_after);
    kill(pid, SIGINT);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  CliResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = out.read();
  result.err = err.read();
  return result;
}

}  // namespace flamingock::test
