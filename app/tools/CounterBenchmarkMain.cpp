// tessera-bench-counter: the figures of the counter's keyboard path for the benchmark report.
// A clerk's typical adult enrollment (the licence read from a scan, a utility bill, the photo
// from the demo video) driven by real key events on the desktop's own window, offscreen, in a
// fresh demo station: keystrokes per step, wall time, and the time from Submit to the next
// applicant's empty form. tessera-cli cannot link Widgets, so this is its own executable.
#include "app/tools/CounterPath.h"
#include "core/programme/ProgrammeStore.h"
#include "core/setup/StationSetup.h"
#include "core/station/Station.h"
#include "core/util/Clock.h"
#include "ui/shell/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

#include <cstdio>

using namespace tessera;

namespace {

const char *const kPassword = "bench counter password";

// A demo station with the points-based programme, a clerk and the counter's devices.
Result<std::unique_ptr<Station>> clerkAt(const QString &dir, const QImage &portrait)
{
    Station::Setup setup;
    setup.stationName = QStringLiteral("Bench Station");
    setup.stationCode = QStringLiteral("BENCH");
    setup.adminUsername = QStringLiteral("admin");
    setup.adminDisplayName = QStringLiteral("Bench Administrator");
    setup.adminPassword = SecureBuffer::fromText(QString::fromLatin1(kPassword));
    setup.demo = true;
    auto created = setUpStation(dir, std::move(setup), SystemClock::instance());
    if (!created)
        return std::unexpected(created.error());
    Station &admin = *created->station;
    QFile rules(QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/points-based.json"));
    if (!rules.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Io, QStringLiteral("Cannot read %1.").arg(rules.fileName()));
    if (auto installed = installProgramme(admin.access(), rules.readAll()); !installed)
        return std::unexpected(installed.error());
    if (auto clerk = admin.addOperator({QStringLiteral("clerk"), QStringLiteral("Bench Clerk"), Role::Clerk,
                                        SecureBuffer::fromText(QString::fromLatin1(kPassword))});
        !clerk)
        return std::unexpected(clerk.error());
    if (auto devices = tools::setUpCounterDevices(admin.database(), dir, portrait); !devices)
        return std::unexpected(devices.error());
    (void)admin.logout(); // audit only
    return Station::login(dir, QStringLiteral("clerk"), SecureBuffer::fromText(QString::fromLatin1(kPassword)),
                          SystemClock::instance());
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Drives one typical adult enrollment by keyboard on the desktop's window, offscreen, and "
                       "prints its keystrokes per step, its wall time and Submit to the next empty form."));
    parser.addHelpOption();
    QCommandLineOption portrait(QStringLiteral("portrait"), QStringLiteral("The demo video's face."),
                                QStringLiteral("FILE"), QStringLiteral(TESSERA_SOURCE_DIR "/tests/data/astronaut.jpg"));
    parser.addOption(portrait);
    parser.process(app);

    QTextStream out(stdout);
    QTextStream err(stderr);
    QTemporaryDir dir;
    auto clerk = clerkAt(dir.filePath(QStringLiteral("station")), QImage(parser.value(portrait)));
    if (!clerk) {
        err << clerk.error().message << Qt::endl;
        return 1;
    }
    ui::MainWindow window(std::move(*clerk), SystemClock::instance());
    window.resize(1366, 736);
    window.show();
    window.activateWindow();
    if (!QTest::qWaitForWindowActive(&window)) {
        err << "The window did not become active." << Qt::endl;
        return 1;
    }
    tools::KeyboardDriver keys;
    tools::CounterPath path(keys);
    auto figures = path.enroll(window);
    if (!figures) {
        err << "The path stopped: " << figures.error().message << Qt::endl << keys.report() << Qt::endl;
        return 1;
    }
    out << "Typical adult enrollment (licence read from a scan, utility bill, photo from the demo video), "
           "keyboard only, 1366x768, offscreen:"
        << Qt::endl
        << keys.report() << Qt::endl
        << QStringLiteral("  wall time: %1 ms").arg(figures->wallMs) << Qt::endl
        << QStringLiteral("  Submit to the next empty form: %1 ms").arg(figures->submitToEmptyMs) << Qt::endl;
    return 0;
}
