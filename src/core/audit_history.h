// AuditHistory is public now (flamingock/audit_history.h); this name stays for the engine files
// that still include it by its old path.
#pragma once

#include "flamingock/audit_history.h"
