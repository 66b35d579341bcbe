// The Tessera desktop application: process hardening, arguments, then the shell.
#include "core/platform/ProcessHardening.h"
#include "core/programme/ProgrammeStore.h"
#include "core/setup/StationSetup.h"
#include "core/station/Station.h"
#include "core/util/Clock.h"
#include "ui/shell/Shell.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QMessageBox>

#include <cstdio>

namespace {

// A demonstration station, made without asking, so that a demo starts at the login.
// The password is published in the README: never use a demo station for real applicants.
bool ensureDemoStation(const QString &dir)
{
    if (tessera::Station::existsAt(dir))
        return true;
    tessera::Station::Setup setup;
    setup.stationName = QStringLiteral("Demo Station");
    setup.stationCode = QStringLiteral("DEMO");
    setup.adminUsername = QStringLiteral("admin");
    setup.adminDisplayName = QStringLiteral("Demo Administrator");
    setup.adminPassword = tessera::SecureBuffer::fromText(QStringLiteral("demo counter password"));
    setup.demo = true;
    auto created = tessera::setUpStation(dir, std::move(setup), tessera::SystemClock::instance());
    if (!created) {
        QMessageBox::critical(nullptr, QCoreApplication::translate("main", "Tessera"), created.error().message);
        return false;
    }
    // The demo enrolls under the points-based programme at once; an administrator can load
    // another rules file under Administration.
    QFile rules(QStringLiteral(":/tessera/programmes/points-based.json"));
    if (!rules.open(QIODevice::ReadOnly)) {
        QMessageBox::critical(
            nullptr, QCoreApplication::translate("main", "Tessera"),
            QCoreApplication::translate("main", "The demo programme rules are missing from this build."));
        return false;
    }
    if (auto installed = tessera::installProgramme(created->station->access(), rules.readAll()); !installed) {
        QMessageBox::critical(nullptr, QCoreApplication::translate("main", "Tessera"), installed.error().message);
        return false;
    }
    (void)created->station->logout(); // audit only: the demo station is set up either way
    return true;
}

// The desktop's command line. Built once for QApplication, or for QCoreApplication when
// only --help or --version is asked, which must answer without a display.
struct CommandLine {
    QCommandLineParser parser;
    QCommandLineOption station {QStringLiteral("station"),
                                QCoreApplication::translate("main", "The station folder (default: %1).")
                                    .arg(tessera::Station::defaultDirectory()),
                                QStringLiteral("DIR")};
    QCommandLineOption demo {QStringLiteral("demo-station"),
                             QCoreApplication::translate("main", "Use, or create, a demonstration station in DIR."),
                             QStringLiteral("DIR")};

    explicit CommandLine(const QCoreApplication &app)
    {
        QCoreApplication::setApplicationName(QStringLiteral("tessera"));
        QCoreApplication::setApplicationVersion(QStringLiteral(TESSERA_VERSION));
        parser.setApplicationDescription(
            QCoreApplication::translate("main", "Counter application for a municipal ID programme."));
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addOption(station);
        parser.addOption(demo);
        parser.process(app); // --help and --version print and exit here
    }
};

bool asksForTextOnly(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if (a == "-h" || a == "--help" || a == "--help-all" || a == "-?" || a == "-v" || a == "--version")
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    if (auto hardened = tessera::hardenProcess(); !hardened) {
        fprintf(stderr, "%s\n", qPrintable(hardened.error().message));
        return 70;
    }
    if (asksForTextOnly(argc, argv)) {
        QCoreApplication text(argc, argv);
        CommandLine line(text);
        return 0;
    }
    QApplication app(argc, argv);
    QApplication::setApplicationDisplayName(QStringLiteral("Tessera"));
    CommandLine line(app);
    const QCommandLineOption &stationOption = line.station;
    const QCommandLineOption &demoOption = line.demo;
    QCommandLineParser &parser = line.parser;

    QString dir = parser.isSet(stationOption) ? parser.value(stationOption) : tessera::Station::defaultDirectory();
    if (parser.isSet(demoOption)) {
        dir = parser.value(demoOption);
        if (!ensureDemoStation(dir))
            return 1;
    }

    tessera::ui::Shell shell(dir, tessera::SystemClock::instance());
    QObject::connect(&shell, &tessera::ui::Shell::quitRequested, &app, &QCoreApplication::quit, Qt::QueuedConnection);
    shell.start();
    return QApplication::exec();
}
