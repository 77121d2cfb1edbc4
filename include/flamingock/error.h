// The root of every error flamingock throws.
//
// Callers catch at the level they care about:
//
//   try {
//     runner.run();
//   } catch (const flamingock::ChangeFailedError& e) {  // one change failed; e.changeId()
//   } catch (const flamingock::Error& e) {               // anything else flamingock reports
//   }
//
// Messages name the bad value and never contain credentials or signatures.
#pragma once

#include <stdexcept>
#include <string>

namespace flamingock {

// Base of all flamingock errors.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A setting or argument was rejected before anything ran: a bad table name, capacity, region,
// endpoint, missing credentials. The message names the setting and the value.
class ConfigurationError : public Error {
 public:
  using Error::Error;
};

}  // namespace flamingock
