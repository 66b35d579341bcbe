#pragma once

#include "app/cli/Command.h"

#include <memory>
#include <vector>

namespace tessera::cli {

// The commands of tessera-cli, in the order the help lists them.
class CommandRegistry {
public:
    void add(std::unique_ptr<Command> command);

    const std::vector<std::unique_ptr<Command>> &commands() const { return m_commands; }
    // The command whose name is the longest prefix of `words`, or null.
    Command *find(const QStringList &words) const;
    // The next words after `prefix` that lead to a command ("user" → list, add, disable, passwd).
    QStringList next(const QStringList &prefix) const;
    // Whether `option` takes a value wherever it is declared; the parser needs it to tell an
    // option's value from a command word before it knows the command.
    bool takesValue(const QString &option) const;

    // Options every command accepts.
    static const std::vector<OptionSpec> &globalOptions();

private:
    std::vector<std::unique_ptr<Command>> m_commands;
};

} // namespace tessera::cli
