#include "app/cli/CommandRegistry.h"

namespace tessera::cli {

void CommandRegistry::add(std::unique_ptr<Command> command)
{
    Q_ASSERT(!command->spec().name.isEmpty());
    m_commands.push_back(std::move(command));
}

Command *CommandRegistry::find(const QStringList &words) const
{
    Command *best = nullptr;
    for (const auto &c : m_commands) {
        const QStringList &name = c->spec().name;
        if (name.size() <= words.size() && words.mid(0, name.size()) == name
            && (!best || name.size() > best->spec().name.size()))
            best = c.get();
    }
    return best;
}

QStringList CommandRegistry::next(const QStringList &prefix) const
{
    QStringList words;
    for (const auto &c : m_commands) {
        const QStringList &name = c->spec().name;
        if (name.size() > prefix.size() && name.mid(0, prefix.size()) == prefix
            && !words.contains(name.at(prefix.size())))
            words << name.at(prefix.size());
    }
    return words;
}

bool CommandRegistry::takesValue(const QString &option) const
{
    for (const OptionSpec &o : globalOptions())
        if (o.name == option)
            return !o.valueName.isEmpty();
    for (const auto &c : m_commands)
        if (const OptionSpec *o = c->spec().option(option))
            return !o->valueName.isEmpty();
    return false;
}

const std::vector<OptionSpec> &CommandRegistry::globalOptions()
{
    static const std::vector<OptionSpec> options {
        {QStringLiteral("--store"), QStringLiteral("DIR"),
         QStringLiteral("the station folder (default: $TESSERA_STATION, else the per-user data folder)")},
        {QStringLiteral("--json"), {}, QStringLiteral("machine-readable output on standard output")},
        {QStringLiteral("--help"), {}, QStringLiteral("the help; after a command, that command's own")},
        {QStringLiteral("-h"), {}, QStringLiteral("the same as --help")},
        {QStringLiteral("--version"), {}, QStringLiteral("the program's version")},
    };
    return options;
}

} // namespace tessera::cli
