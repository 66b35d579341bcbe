#include "app/cli/Cli.h"

#include "app/cli/CardCommands.h"
#include "app/cli/CommandRegistry.h"
#include "app/cli/DocumentCommands.h"
#include "app/cli/EnrollmentCommands.h"
#include "app/cli/HelpWriter.h"
#include "app/cli/PhotoCommands.h"
#include "app/cli/RetentionCommands.h"
#include "app/cli/StationCommands.h"

#include <QTextStream>
#include <exception>
#include <map>
#include <optional>
#include <set>

namespace tessera::cli {

namespace {

// `tessera-cli manpage`: tessera-cli(1), which the build installs.
class ManPageCommand : public Command {
public:
    ManPageCommand()
        : Command({{QStringLiteral("manpage")},
                   QStringLiteral("This program's manual page, in roff (man -l to read it)."),
                   {},
                   {},
                   {}})
    {
    }
    int run(Invocation &call) override
    {
        call.out() << HelpWriter(allCommands()).manPage();
        call.out().flush();
        return Ok;
    }
};

// `tessera-cli completion bash`: the completion script, which the build installs.
class CompletionCommand : public Command {
public:
    CompletionCommand()
        : Command({{QStringLiteral("completion")},
                   QStringLiteral("The shell completion script (bash: source it, or install it as the package does)."),
                   {},
                   {},
                   {{QStringLiteral("SHELL"), QStringLiteral("the shell"), false, {QStringLiteral("bash")}}}})
    {
    }
    int run(Invocation &call) override
    {
        call.out() << HelpWriter(allCommands()).bashCompletion();
        call.out().flush();
        return Ok;
    }
};

bool isOption(const QString &arg)
{
    return arg.startsWith(QLatin1Char('-')) && arg != QLatin1String("-");
}

// The option's name without an attached "=value".
QString optionName(const QString &arg)
{
    return arg.startsWith(QLatin1String("--")) && arg.contains(QLatin1Char('=')) ? arg.section(QLatin1Char('='), 0, 0)
                                                                                 : arg;
}

// The words that are not options or option values, before the command is known: an option
// takes a value wherever any command declares it so.
QStringList bareWords(const CommandRegistry &registry, const QStringList &args)
{
    QStringList words;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        if (!isOption(arg))
            words << arg;
        else if (optionName(arg) == arg && registry.takesValue(arg))
            ++i;
    }
    return words;
}

bool asksForHelp(const QStringList &args)
{
    return args.contains(QStringLiteral("-h")) || args.contains(QStringLiteral("--help"));
}

int usageProblem(const QString &problem, const QString &seeAlso, QTextStream &err)
{
    err << "tessera-cli: " << problem << " See " << seeAlso << "." << Qt::endl;
    return Usage;
}

QString englishList(const QStringList &items, const QString &last)
{
    if (items.size() < 2)
        return items.join(QString());
    return items.mid(0, items.size() - 1).join(QStringLiteral(", ")) + QLatin1Char(' ') + last + QLatin1Char(' ')
        + items.last();
}

// Help for `words` (a command, a first word or nothing): 0 when written, Usage when unknown.
int help(const CommandRegistry &registry, const QStringList &words, QTextStream &out, QTextStream &err)
{
    const HelpWriter writer(registry);
    if (words.isEmpty()) {
        out << writer.generalHelp();
    } else if (const Command *c = registry.find(words); c && c->spec().name.size() == words.size()) {
        out << writer.commandHelp(c->spec());
    } else if (!registry.next(words).isEmpty()) {
        out << writer.groupHelp(words);
    } else {
        return usageProblem(QStringLiteral("There is no command \"%1\".").arg(words.join(QLatin1Char(' '))),
                            QStringLiteral("tessera-cli --help"), err);
    }
    out.flush();
    return Ok;
}

// Checks `args` against the command's declarations and runs it.
int runCommand(Command &command, const QStringList &args, QTextStream &out, QTextStream &err, QIODevice &in,
               const Clock &clock)
{
    const CommandSpec &spec = command.spec();
    const QString see = commandLine(spec) + QStringLiteral(" -h");
    const QString verb = spec.name.join(QLatin1Char(' '));
    QStringList arguments;
    std::map<QString, QString> options;
    std::set<QString> flags;
    qsizetype nameWords = 0;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        if (!isOption(arg)) {
            if (nameWords < spec.name.size())
                ++nameWords;
            else
                arguments << arg;
            continue;
        }
        const QString name = optionName(arg);
        const OptionSpec *declared = spec.option(name);
        for (const OptionSpec &o : CommandRegistry::globalOptions())
            if (!declared && o.name == name)
                declared = &o;
        if (!declared)
            return usageProblem(QStringLiteral("%1 does not take the option %2.").arg(verb, name), see, err);
        const bool hasValue = !declared->valueName.isEmpty();
        if (!hasValue) {
            if (name != arg)
                return usageProblem(QStringLiteral("%1 takes no value.").arg(name), see, err);
            flags.insert(name);
            continue;
        }
        if (name != arg) {
            options[name] = arg.section(QLatin1Char('='), 1);
        } else if (i + 1 < args.size()) {
            options[name] = args.at(++i);
        } else {
            return usageProblem(QStringLiteral("%1 needs a value (%2).").arg(name, declared->valueName), see, err);
        }
    }
    qsizetype required = 0;
    for (const ArgumentSpec &a : spec.arguments)
        required += a.optional ? 0 : 1;
    if (arguments.size() < required)
        return usageProblem(QStringLiteral("%1 needs %2.")
                                .arg(verb, spec.arguments.at(static_cast<std::size_t>(arguments.size())).name),
                            see, err);
    if (arguments.size() > static_cast<qsizetype>(spec.arguments.size()))
        return usageProblem(
            spec.arguments.empty()
                ? QStringLiteral("%1 takes no arguments; \"%2\" is one too many.").arg(verb, arguments.at(0))
                : QStringLiteral("%1 takes at most %2 argument(s); \"%3\" is one too many.")
                      .arg(verb)
                      .arg(spec.arguments.size())
                      .arg(arguments.at(static_cast<qsizetype>(spec.arguments.size()))),
            see, err);
    for (qsizetype a = 0; a < arguments.size(); ++a) {
        const ArgumentSpec &declared = spec.arguments.at(static_cast<std::size_t>(a));
        if (!declared.choices.isEmpty() && !declared.choices.contains(arguments.at(a)))
            return usageProblem(QStringLiteral("%1 needs %2 to be %3.")
                                    .arg(verb, declared.name, englishList(declared.choices, QStringLiteral("or"))),
                                see, err);
    }
    for (const OptionSpec &o : spec.options)
        if (o.required && !options.contains(o.name))
            return usageProblem(QStringLiteral("%1 needs %2 %3.").arg(verb, o.name, o.valueName), see, err);
    Invocation call(spec, std::move(arguments), std::move(options), std::move(flags), out, err, in, clock);
    return command.run(call);
}

} // namespace

CommandRegistry allCommands()
{
    CommandRegistry registry;
    addStationCommands(registry);
    addEnrollmentCommands(registry);
    addPhotoCommands(registry);
    addCardCommands(registry);
    addRetentionCommands(registry);
    addDocumentCommands(registry);
    registry.add(std::make_unique<ManPageCommand>());
    registry.add(std::make_unique<CompletionCommand>());
    return registry;
}

int run(const QStringList &args, QTextStream &out, QTextStream &err, QIODevice &in, const Clock &clock)
{
    try {
        // Made for each run: commands keep what they checked before sign-in (a file read, a
        // role list) until they run, and nothing of one run may outlive it.
        const CommandRegistry registry = allCommands();
        const QStringList words = bareWords(registry, args);
        if (args.contains(QStringLiteral("--version"))) {
            out << "tessera-cli " << TESSERA_VERSION << Qt::endl;
            return Ok;
        }
        if (words.value(0) == QLatin1String("help"))
            return help(registry, words.mid(1), out, err);
        Command *command = registry.find(words);
        if (asksForHelp(args)) {
            if (command)
                return help(registry, command->spec().name, out, err);
            return help(registry,
                        words.isEmpty() || registry.next(words.mid(0, 1)).isEmpty() ? QStringList() : words.mid(0, 1),
                        out, err);
        }
        if (!command) {
            if (words.isEmpty())
                return usageProblem(QStringLiteral("No command given."), QStringLiteral("tessera-cli --help"), err);
            const QStringList next = registry.next(words.mid(0, 1));
            if (next.isEmpty())
                return usageProblem(QStringLiteral("Unknown command \"%1\".").arg(words.at(0)),
                                    QStringLiteral("tessera-cli --help"), err);
            return usageProblem(
                QStringLiteral("%1 needs %2.").arg(words.at(0), englishList(next, QStringLiteral("or"))),
                QStringLiteral("tessera-cli %1 -h").arg(words.at(0)), err);
        }
        return runCommand(*command, args, out, err, in, clock);
    } catch (const std::exception &) {
        err << "tessera-cli: out of memory or an internal error; nothing further was changed." << Qt::endl;
        return OtherError;
    }
}

} // namespace tessera::cli
