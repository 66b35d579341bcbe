#pragma once

#include "app/cli/ExitCode.h"
#include "core/crypto/SecureBuffer.h"
#include "core/util/Clock.h"
#include "core/util/Error.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <map>
#include <set>
#include <vector>

class QIODevice;
class QTextStream;

namespace tessera::cli {

// One option a command accepts. The parser, the help, the man page and the shell completion
// all read these declarations, so an option works exactly where its help says it does.
struct OptionSpec {
    OptionSpec(QString optionName, QString value, QString helpText, bool isRequired = false)
        : name(std::move(optionName))
        , valueName(std::move(value))
        , help(std::move(helpText))
        , required(isRequired)
    {
    }

    QString name;          // with its dashes: "--out"
    QString valueName;     // what the value is, for the help ("FILE.pdf"); empty for a flag
    QString help;          // one sentence
    bool required = false; // refused with exit code 2 when missing
    bool common = false;   // shared by a family of commands (sign-in), listed once in the help
};

// One positional argument, in order.
struct ArgumentSpec {
    ArgumentSpec(QString argumentName, QString helpText, bool isOptional = false, QStringList only = {})
        : name(std::move(argumentName))
        , help(std::move(helpText))
        , optional(isOptional)
        , choices(std::move(only))
    {
    }

    QString name; // "CARDNO"
    QString help;
    bool optional = false; // only the last arguments may be optional
    QStringList choices;   // when not empty, the only values accepted (and completed)
};

// What a command says about itself.
struct CommandSpec {
    QStringList name;    // the words that choose it: {"user", "list"}
    QString summary;     // one line, for the list of commands
    QString description; // more, for the command's own help and the man page (may be empty)
    std::vector<OptionSpec> options;
    std::vector<ArgumentSpec> arguments;

    // "user add USER --name NAME --roles ROLES [--new-password-file FILE]", without the
    // common options.
    QString synopsis() const;
    const OptionSpec *option(const QString &optionName) const;
};

class Invocation;

// A tessera-cli command: declares its name, options and arguments, and runs. Commands are
// added to a CommandRegistry; that is the one way to plug a command in.
class Command {
public:
    explicit Command(CommandSpec spec)
        : m_spec(std::move(spec))
    {
    }
    virtual ~Command() = default;
    Command(const Command &) = delete;
    Command &operator=(const Command &) = delete;

    const CommandSpec &spec() const { return m_spec; }
    // Runs with arguments and options already checked against the spec; returns the exit code.
    virtual int run(Invocation &call) = 0;

protected:
    CommandSpec m_spec;
};

// One run of a command: what the command line gave it, where it reads and writes, and the
// ways of answering that every command shares.
class Invocation {
public:
    Invocation(const CommandSpec &spec, QStringList arguments, std::map<QString, QString> options,
               std::set<QString> flags, QTextStream &out, QTextStream &err, QIODevice &in, const Clock &clock);

    const CommandSpec &spec() const { return m_spec; }
    // The positional argument at `index` (0 is the first after the command's name), or empty.
    QString argument(qsizetype index) const { return m_arguments.value(index); }
    // An option's value, empty when it was not given.
    QString option(const QString &name) const;
    // Whether a flag (or an option) was given.
    bool given(const QString &name) const;
    bool json() const { return given(QStringLiteral("--json")); }
    // --store, else $TESSERA_STATION, else the per-user data folder.
    QString stationDir() const;
    // --as, else $TESSERA_USER.
    QString user() const;

    QTextStream &out() { return m_out; }
    QTextStream &err() { return m_err; }
    QIODevice &in() { return m_in; }
    const Clock &clock() const { return m_clock; }

    // Writes "tessera-cli: <message>" to standard error and returns the error's exit code.
    int report(const Error &e);
    // Writes the usage problem and how to get this command's help; returns Usage.
    int usage(const QString &problem);
    // One compact JSON line on standard output.
    void emitJson(const QJsonObject &o);
    // `json` under --json, else `text`, as one line.
    void say(const QJsonObject &json, const QString &text);

    // A secret from the file named by `fileOption` (first line), else the next line of a
    // standard input that is not a terminal, else a prompt on the terminal with echo off.
    Result<SecureBuffer> secret(const QString &fileOption, const QString &prompt);

    // The password the operator signed in with (empty after a recovery-key sign-in); decisions
    // and a change of one's own password need it again. Set by StationCommand.
    const SecureBuffer &actingPassword() const { return m_actingPassword; }
    void setActingPassword(SecureBuffer password) { m_actingPassword = std::move(password); }

private:
    const CommandSpec &m_spec;
    QStringList m_arguments;
    std::map<QString, QString> m_options;
    std::set<QString> m_flags;
    QTextStream &m_out;
    QTextStream &m_err;
    QIODevice &m_in;
    const Clock &m_clock;
    SecureBuffer m_actingPassword;
};

// "tessera-cli user list", for messages.
QString commandLine(const CommandSpec &spec);

} // namespace tessera::cli
