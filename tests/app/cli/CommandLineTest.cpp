#include "app/cli/Cli.h"
#include "app/cli/HelpWriter.h"
#include "tests/support/CliResult.h"
#include "tests/support/TestSupport.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <catch2/catch.hpp>
#include <map>

using namespace tessera;
using namespace tessera::test;

namespace {

CliResult run(const QStringList &args)
{
    static const ManualClock clock;
    return runCli(args, clock);
}

QStringList words(const char *line)
{
    return QString::fromLatin1(line).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

// A usage error: exit code 2, nothing on standard output, and a message that names what is
// wrong and where to read the command's help.
void checkRefused(const char *line, const QString &named, const QString &help)
{
    INFO(line);
    const CliResult r = run(words(line));
    INFO(r.err.toStdString());
    CHECK(r.code == cli::Usage);
    CHECK(r.out.isEmpty());
    CHECK(r.err.contains(named));
    CHECK(r.err.contains(QStringLiteral("See %1.").arg(help)));
}

} // namespace

TEST_CASE("cli: an option another verb takes is refused, naming the option and the verb", "[cli][usage]")
{
    // These exited 0 when every verb accepted every option of one global table.
    checkRefused("user list --dry-run", QStringLiteral("user list does not take the option --dry-run"),
                 QStringLiteral("tessera-cli user list -h"));
    checkRefused("user list --force --printer X", QStringLiteral("--force"),
                 QStringLiteral("tessera-cli user list -h"));
    checkRefused("photo check a.jpg --printer X", QStringLiteral("photo check does not take the option --printer"),
                 QStringLiteral("tessera-cli photo check -h"));
    checkRefused("audit verify --frob", QStringLiteral("--frob"), QStringLiteral("tessera-cli audit verify -h"));
    checkRefused("store info --store=/tmp --json=yes", QStringLiteral("--json takes no value"),
                 QStringLiteral("tessera-cli store info -h"));
}

TEST_CASE("cli: a missing value, a missing or extra argument and an unknown value are usage errors", "[cli][usage]")
{
    checkRefused("audit export --out", QStringLiteral("--out needs a value (FILE)"),
                 QStringLiteral("tessera-cli audit export -h"));
    checkRefused("user add --name Ann --roles clerk", QStringLiteral("user add needs USER"),
                 QStringLiteral("tessera-cli user add -h"));
    checkRefused("user add ann --roles clerk", QStringLiteral("user add needs --name"),
                 QStringLiteral("tessera-cli user add -h"));
    checkRefused("user list everyone", QStringLiteral("user list takes no arguments; \"everyone\" is one too many"),
                 QStringLiteral("tessera-cli user list -h"));
    checkRefused("photo crop a.jpg b.jpg c.jpg", QStringLiteral("\"c.jpg\" is one too many"),
                 QStringLiteral("tessera-cli photo crop -h"));
    checkRefused("card report T-1 misplaced", QStringLiteral("card report needs WHAT to be lost, stolen or damaged"),
                 QStringLiteral("tessera-cli card report -h"));
    checkRefused("user fly", QStringLiteral("user needs list, add, disable or passwd"),
                 QStringLiteral("tessera-cli user -h"));
    checkRefused("frobnicate", QStringLiteral("Unknown command \"frobnicate\""), QStringLiteral("tessera-cli --help"));
    checkRefused("", QStringLiteral("No command given"), QStringLiteral("tessera-cli --help"));
}

TEST_CASE("cli: every command has its own help, by -h and by help", "[cli][help]")
{
    const CliResult dashH = run(words("user add -h"));
    CHECK(dashH.code == cli::Ok);
    CHECK(dashH.out.startsWith(QStringLiteral("Usage: tessera-cli user add USER --name \"FULL NAME\" --roles ROLES")));
    CHECK(dashH.out.contains(QStringLiteral("--new-password-file FILE")));
    CHECK(dashH.out.contains(QStringLiteral("Signing in:")));
    CHECK_FALSE(dashH.out.contains(QStringLiteral("--dry-run")));
    // Asked for help, a command line with a mistake in it still gets the help.
    CHECK(run(words("help user add")).out == dashH.out);
    CHECK(run(words("user add --frob --help")).out == dashH.out);

    const CliResult group = run(words("card -h"));
    CHECK(group.code == cli::Ok);
    for (const char *verb : {"card list", "card print", "card verify"})
        CHECK(group.out.contains(QString::fromLatin1(verb)));
    CHECK_FALSE(group.out.contains(QStringLiteral("user list")));
    // The benchmark that needs the desktop's widgets is named where the others are listed.
    CHECK(run(words("bench -h")).out.contains(QStringLiteral("tessera-bench-counter")));
    CHECK_FALSE(group.out.contains(QStringLiteral("tessera-bench-counter")));

    CHECK(run(words("help frobnicate")).code == cli::Usage);
    // Commands that open no station list no sign-in options.
    CHECK_FALSE(run(words("photo check -h")).out.contains(QStringLiteral("--password-file")));
}

TEST_CASE("cli: the help, the man page and the completion come from the same declarations", "[cli][help]")
{
    const cli::CommandRegistry commands = cli::allCommands();
    const cli::HelpWriter writer(commands);
    const QString help = run(words("--help")).out;
    CHECK(help == writer.generalHelp());
    const QString man = writer.manPage();
    const QString completion = writer.bashCompletion();
    std::map<QString, bool> takesValue;
    for (const auto &c : commands.commands()) {
        const cli::CommandSpec &spec = c->spec();
        INFO(spec.name.join(QLatin1Char(' ')).toStdString());
        CHECK(help.simplified().contains(spec.synopsis() + QLatin1Char(' ')
                                         + spec.summary.simplified().section(QLatin1Char(' '), 0, 2)));
        CHECK(man.contains(QStringLiteral("\\fB%1\\fR")
                               .arg(QString(spec.name.last()).replace(QLatin1Char('-'), QStringLiteral("\\-")))));
        CHECK(
            completion.contains(QStringLiteral("${words[%1]-} == %2").arg(spec.name.size() - 1).arg(spec.name.last())));
        CHECK_FALSE(spec.summary.isEmpty());
        for (const cli::OptionSpec &o : spec.options) {
            INFO(o.name.toStdString());
            CHECK(o.name.startsWith(QLatin1String("--")));
            CHECK_FALSE(o.help.isEmpty());
            CHECK(completion.contains(o.name));
            // The parser tells a value from a command word before it knows the command: an
            // option must take a value everywhere or nowhere.
            const auto [it, first] = takesValue.emplace(o.name, !o.valueName.isEmpty());
            CHECK(it->second == !o.valueName.isEmpty());
        }
        bool optionalSeen = false;
        for (const cli::ArgumentSpec &a : spec.arguments) {
            CHECK((a.optional || !optionalSeen)); // only the last arguments may be optional
            optionalSeen = optionalSeen || a.optional;
        }
    }
    CHECK(commands.commands().size() >= 50);
}

TEST_CASE("cli: the real binary refuses an unknown option with exit code 2", "[cli][process]")
{
    QTemporaryDir home;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("HOME"), home.path());
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(TESSERA_CLI_PATH), words("user list --dry-run --force --printer X"));
    REQUIRE(p.waitForStarted(10000));
    p.closeWriteChannel();
    REQUIRE(p.waitForFinished(60000));
    CHECK(p.exitCode() == cli::Usage);
    const QByteArray err = p.readAllStandardError();
    CHECK(err.contains("user list does not take the option --dry-run"));
    CHECK(err.contains("tessera-cli user list -h"));
}
