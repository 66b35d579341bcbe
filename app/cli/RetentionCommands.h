#pragma once

namespace tessera::cli {

class CommandRegistry;

// The retention verbs: purge, report holdings, backup, restore, and bench retention.
void addRetentionCommands(CommandRegistry &registry);

} // namespace tessera::cli
