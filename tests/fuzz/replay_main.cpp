// Runs a fuzz target's LLVMFuzzerTestOneInput over committed inputs, without libFuzzer, so that
// any compiler (and the ASan build of tools/test) replays the corpus as a unit test.
//
//   response_parser_fuzz_replay tests/fuzz/corpus/response_parser [more dirs or files...]
//
// Exits 0 after running every input; a finding aborts (crash, sanitizer report, uncaught
// exception) exactly as under libFuzzer. An argument that names no input is an error, so a
// misplaced corpus cannot pass by replaying nothing.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

// The files of `path` (itself when it is a file), sorted so that runs are reproducible.
std::vector<fs::path> inputsOf(const fs::path& path) {
  std::vector<fs::path> files;
  if (!fs::is_directory(path)) {
    if (fs::is_regular_file(path)) files.push_back(path);
    return files;
  }
  for (const auto& entry : fs::directory_iterator(path)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string contentOf(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: " << argv[0] << " CORPUS_DIR_OR_FILE...\n";
    return 2;
  }
  std::size_t replayed = 0;
  for (int i = 1; i < argc; ++i) {
    const std::vector<fs::path> inputs = inputsOf(argv[i]);
    if (inputs.empty()) {
      std::cerr << argv[i] << ": no input to replay\n";
      return 1;
    }
    for (const fs::path& input : inputs) {
      // Printed first: when an input aborts, the last line names it.
      std::cout << "replaying " << input.string() << '\n' << std::flush;
      const std::string data = contentOf(input);
      // A copy of exactly `size` bytes, as libFuzzer passes, so ASan sees reads past the end.
      const std::vector<std::uint8_t> bytes(data.begin(), data.end());
      LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
      ++replayed;
    }
  }
  std::cout << replayed << " inputs replayed, no finding\n";
  return 0;
}
