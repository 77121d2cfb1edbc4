#include "flamingock/testing/test_support.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <utility>

#include "flamingock/testing/doubles.h"

namespace flamingock::testing {
namespace {

// Given entries are dated from here: before any run, whatever clock the test gives the runner.
constexpr std::chrono::sys_days kGivenEpoch{std::chrono::year{2001} / 1 / 1};

// "STARTED create-orders"
std::string describe(const AuditEntry& entry) {
  return std::string(toString(entry.state)) + " " + entry.change_id;
}

// The two sequences side by side, one entry a line, the first difference marked.
std::string sideBySide(const std::vector<AuditEntry>& expected,
                       const std::vector<AuditEntry>& actual) {
  constexpr std::size_t kColumn = 40;
  std::string text = "     expected" + std::string(kColumn - 8, ' ') + "actual\n";
  bool marked = false;
  for (std::size_t i = 0; i < std::max(expected.size(), actual.size()); ++i) {
    std::string left = i < expected.size() ? describe(expected[i]) : "-";
    std::string right = i < actual.size() ? describe(actual[i]) : "-";
    bool differs = left != right;
    text += (differs && !marked ? "  >  " : "     ") + left;
    text += std::string(left.size() < kColumn ? kColumn - left.size() : 1, ' ') + right + "\n";
    marked = marked || differs;
  }
  if (expected.empty() && actual.empty()) text += "     (none)\n";
  return text;
}

bool sameSequence(const std::vector<AuditEntry>& expected, const std::vector<AuditEntry>& actual) {
  return std::equal(expected.begin(), expected.end(), actual.begin(), actual.end(),
                    [](const AuditEntry& a, const AuditEntry& b) {
                      return a.change_id == b.change_id && a.state == b.state;
                    });
}

// The entries of `after` that `before` lacks, in createdAt order, which is the order written (the
// engine's timestamps never repeat nor go backwards); stable, for entries seeded out of order.
std::vector<AuditEntry> addedEntries(const std::vector<AuditEntry>& before,
                                     std::vector<AuditEntry> after) {
  std::set<std::string> known;
  for (const AuditEntry& entry : before) known.insert(entry.partitionKey());
  std::erase_if(after,
                [&](const AuditEntry& entry) { return known.contains(entry.partitionKey()); });
  std::stable_sort(after.begin(), after.end(), [](const AuditEntry& a, const AuditEntry& b) {
    return a.created_at < b.created_at;
  });
  return after;
}

}  // namespace

AuditEntry EntryInState::operator()(std::string change_id) const {
  AuditEntry entry;
  entry.change_id = std::move(change_id);
  entry.state = state;
  entry.stage_id = "default";
  entry.author = "test";
  entry.execution_hostname = "test";
  return entry;
}

Outcome& Outcome::thenExpectAuditSequence(const std::vector<AuditEntry>& expected) {
  requireNoUnexpectedError("thenExpectAuditSequence");
  if (!sameSequence(expected, written_)) {
    throw ExpectationError(action_ + " wrote other audit entries than expected:\n" +
                           sideBySide(expected, written_));
  }
  return *this;
}

Outcome& Outcome::thenExpectNoError() {
  if (error_) throw ExpectationError(action_ + " threw " + errorText() + "; expected no error");
  return *this;
}

Outcome& Outcome::expectError(const std::type_info& type, bool (*matches)(const std::exception&),
                              std::string_view message_part) {
  std::string expected = flamingock::detail::typeName(type);
  if (!message_part.empty())
    expected += " with \"" + std::string(message_part) + "\" in its message";
  if (!error_) throw ExpectationError(action_ + " threw nothing; expected " + expected);
  bool ok = false;
  try {
    std::rethrow_exception(error_);
  } catch (const std::exception& e) {
    ok = matches(e) && std::string_view(e.what()).find(message_part) != std::string_view::npos;
  } catch (...) {
  }
  if (!ok) throw ExpectationError(action_ + " threw " + errorText() + "; expected " + expected);
  error_expected_ = true;
  return *this;
}

void Outcome::requireNoUnexpectedError(std::string_view check) const {
  if (error_ && !error_expected_) {
    throw ExpectationError(action_ + " threw " + errorText() + "; expect it with thenExpectError " +
                           "before " + std::string(check));
  }
}

std::string Outcome::errorText() const {
  if (!error_) return "";
  try {
    std::rethrow_exception(error_);
  } catch (const std::exception& e) {
    return flamingock::detail::typeName(typeid(e)) + ": " + e.what();
  } catch (...) {
    return "an exception not derived from std::exception";
  }
}

const RunSummary& Outcome::runSummary() const {
  requireNoUnexpectedError("runSummary");
  if (!run_summary_) throw ExpectationError(action_ + " has no run summary: only whenRun has one");
  return *run_summary_;
}

const UndoSummary& Outcome::undoSummary() const {
  requireNoUnexpectedError("undoSummary");
  if (!undo_summary_)
    throw ExpectationError(action_ + " has no undo summary: only whenUndo has one");
  return *undo_summary_;
}

const ValidationReport& Outcome::validationReport() const {
  requireNoUnexpectedError("validationReport");
  if (!validation_report_) {
    throw ExpectationError(action_ + " has no validation report: only whenValidate has one");
  }
  return *validation_report_;
}

TestSupport::TestSupport(FlamingockBuilder builder) : builder_(std::move(builder)) {
  if (!builder_.auditStore()) builder_.setAuditStore(std::make_shared<InMemoryAuditStore>());
  store_ = builder_.auditStore();
}

TestSupport::TestSupport(TestSupport&&) noexcept = default;
TestSupport& TestSupport::operator=(TestSupport&&) noexcept = default;
TestSupport::~TestSupport() = default;

TestSupport& TestSupport::andExistingAudit(const std::vector<AuditEntry>& entries) {
  AuditStore& actual = *store_;
  auto* store = dynamic_cast<InMemoryAuditStore*>(&actual);
  if (store == nullptr) {
    throw ExpectationError("andExistingAudit needs an InMemoryAuditStore (or no store) on the " +
                           std::string("builder, to seed; its store is ") +
                           flamingock::detail::typeName(typeid(actual)));
  }
  if (runner_) throw ExpectationError("andExistingAudit must come before the first when-method");
  for (AuditEntry entry : entries) {
    ++seeded_;
    if (entry.created_at == std::chrono::system_clock::time_point{}) {
      entry.created_at = kGivenEpoch + std::chrono::milliseconds(seeded_);
    }
    // An execution of its own: the same change and state may be given twice.
    if (entry.execution_id.empty()) entry.execution_id = "given-" + std::to_string(seeded_);
    store->seed(std::move(entry));
  }
  return *this;
}

template <class Command>
Outcome TestSupport::when(std::string action, Command command) {
  std::vector<AuditEntry> before = store_->readHistory();
  Outcome outcome(std::move(action));
  try {
    if (!runner_) {
      // build() empties the builder whether or not it succeeds: a later when-method gets the
      // same error, not one of an empty builder.
      if (build_error_) std::rethrow_exception(build_error_);
      try {
        runner_.emplace(builder_.build());
      } catch (...) {
        build_error_ = std::current_exception();
        throw;
      }
    }
    command(*runner_, outcome);
  } catch (...) {
    outcome.error_ = std::current_exception();
  }
  outcome.written_ = addedEntries(before, store_->readHistory());
  return outcome;
}

Outcome TestSupport::whenRun(const RunOptions& options) {
  return when("whenRun()", [&](Runner& runner, Outcome& outcome) {
    outcome.run_summary_ = runner.run(options);
  });
}

Outcome TestSupport::whenUndo(const UndoOptions& options) {
  return when("whenUndo()", [&](Runner& runner, Outcome& outcome) {
    outcome.undo_summary_ = runner.undo(options);
  });
}

Outcome TestSupport::whenValidate(const ValidateOptions& options) {
  return when("whenValidate()", [&](Runner& runner, Outcome& outcome) {
    outcome.validation_report_ = runner.validate(options);
  });
}

TestSupport givenBuilder(FlamingockBuilder& builder) { return TestSupport(std::move(builder)); }
TestSupport givenBuilder(FlamingockBuilder&& builder) { return TestSupport(std::move(builder)); }

}  // namespace flamingock::testing
