// Logging that cannot break what it reports on: a logger's exception is dropped, as a listener's
// is, because the audit log matters more than a log line.
#pragma once

#include "flamingock/logger.h"

namespace flamingock::detail {

inline void logQuietly(Logger& logger, const LogRecord& record) noexcept {
  try {
    logger.log(record);
  } catch (...) {
  }
}

}  // namespace flamingock::detail
