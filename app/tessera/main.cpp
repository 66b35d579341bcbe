// The Tessera desktop application: process hardening, arguments, then the shell.
#include "platform/ProcessHardening.h"
#include "programme/ProgrammeStore.h"
#include "shell/Shell.h"
#include "station/Station.h"
#include "util/Clock.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QMessageBox>

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
    auto created = tessera::Station::create(dir, std::move(setup), tessera::SystemClock::instance());
    if (!created) {
        QMessageBox::critical(nullptr, QCoreApplication::translate("main", "Tessera"), created.error().message);
        return false;
    }
    // The demo enrolls under the points-based programme at once; an administrator can load
    // another rules file under Administration.
    QFile rules(QStringLiteral(":/tessera/programmes/points-based.json"));
    if (!rules.open(QIODevice::ReadOnly)) {
        QMessageBox::critical(nullptr, QCoreApplication::translate("main", "Tessera"),
                              QCoreApplication::translate("main", "The demo programme rules are missing from this build."));
        return false;
    }
    if (auto installed = tessera::installProgramme(*created->station, rules.readAll()); !installed) {
        QMessageBox::critical(nullptr, QCoreApplication::translate("main", "Tessera"), installed.error().message);
        return false;
    }
    (void)created->station->logout();
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    tessera::hardenProcess();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("tessera"));
    QApplication::setApplicationDisplayName(QStringLiteral("Tessera"));
    QApplication::setApplicationVersion(QStringLiteral(TESSERA_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("main", "Counter application for a municipal ID programme."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption stationOption(QStringLiteral("station"),
                                           QCoreApplication::translate("main", "The station folder (default: %1).")
                                               .arg(tessera::Station::defaultDirectory()),
                                           QStringLiteral("DIR"));
    const QCommandLineOption demoOption(QStringLiteral("demo-station"),
                                        QCoreApplication::translate("main", "Use, or create, a demonstration station in DIR."),
                                        QStringLiteral("DIR"));
    parser.addOption(stationOption);
    parser.addOption(demoOption);
    parser.process(app);

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
