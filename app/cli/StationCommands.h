#pragma once

namespace tessera::cli {

class CommandRegistry;

// Station set-up and administration: init, user, audit, store and programme.
void addStationCommands(CommandRegistry &registry);

} // namespace tessera::cli
