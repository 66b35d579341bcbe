#pragma once

#include "app/cli/Command.h"

#include <memory>

namespace tessera {
class Station;
}

namespace tessera::cli {

// A command that acts on the station as a signed-in operator. It declares the sign-in options
// (--as, --password-file, --recovery-key-file), checks its own arguments before anyone
// is asked for a password, opens the station, signs the operator in (password from the file,
// standard input or a prompt, as Invocation::secret reads it), refuses an operator who must
// first choose a new password, runs the scheduled retention duties, and only then runs.
class StationCommand : public Command {
public:
    explicit StationCommand(CommandSpec spec);

    int run(Invocation &call) final;

protected:
    // Checks what can be checked without the station; Ok to go on, else the exit code.
    virtual int check(Invocation &) { return Ok; }
    virtual int runSignedIn(Invocation &call, Station &station) = 0;
    // Whether an operator whose password an administrator set may run this (only to change it).
    virtual bool allowsPendingPasswordChange(const Invocation &) const { return false; }
    // Whether the scheduled retention duties run at sign-in (purge runs them itself).
    virtual bool runsScheduledDuties() const { return true; }
};

// The sign-in options every station command declares, for commands that open a station in
// their own way (restore). The station folder, --store, is an option of every command.
std::vector<OptionSpec> signInOptions();

} // namespace tessera::cli
