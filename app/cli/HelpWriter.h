#pragma once

#include "app/cli/CommandRegistry.h"

#include <QString>

namespace tessera::cli {

// The help texts, the man page and the bash completion of tessera-cli, all written from the
// commands' declarations so that none can drift from what the parser accepts.
class HelpWriter {
public:
    explicit HelpWriter(const CommandRegistry &registry)
        : m_registry(registry)
    {
    }

    // `tessera-cli --help`: every command with its synopsis and summary, the sign-in and
    // global options, the exit codes.
    QString generalHelp() const;
    // `tessera-cli user add -h`: the synopsis, description, arguments and options of one command.
    QString commandHelp(const CommandSpec &spec) const;
    // `tessera-cli user -h`: the commands under a first word.
    QString groupHelp(const QStringList &prefix) const;
    // tessera-cli(1) in roff (man(7) macros).
    QString manPage() const;
    // A bash completion script: verbs, sub-verbs, each command's options, closed argument
    // values, and file names where a file is expected.
    QString bashCompletion() const;

private:
    const CommandRegistry &m_registry;
};

} // namespace tessera::cli
