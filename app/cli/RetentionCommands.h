#pragma once

namespace tessera::cli {

class CommandRegistry;

// The retention verbs: purge, report holdings, backup, restore, and bench retention (its work in
// app/tools/RetentionBenchmark.h).
void addRetentionCommands(CommandRegistry &registry);

} // namespace tessera::cli
