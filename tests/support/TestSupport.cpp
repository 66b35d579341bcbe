#include "tests/support/TestSupport.h"

#include "app/tools/SampleDocuments.h"
#include "app/tools/SampleEnrollments.h"
#include "core/document/DocumentReader.h"
#include "core/enrollment/EnrollmentPhotos.h"
#include "core/enrollment/Enrollments.h"
#include "core/programme/ProgrammeStore.h"
#include "core/setup/StationSetup.h"
#include "core/util/CrashPoint.h"

#include <catch2/catch.hpp>

#include <QFile>
#include <QProcess>

#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

namespace tessera::test {

std::map<std::string, std::function<int(int, char **)>> &childModes()
{
    static std::map<std::string, std::function<int(int, char **)>> modes;
    return modes;
}

TestStation::TestStation(bool demo)
{
    REQUIRE(dir.isValid());
    Station::Setup setup;
    setup.stationName = QStringLiteral("Test Counter");
    setup.stationCode = QStringLiteral("TC1");
    setup.adminUsername = QStringLiteral("admin");
    setup.adminDisplayName = QStringLiteral("Ada Admin");
    setup.adminPassword = secret(kAdminPassword);
    setup.slotKdf = fastKdf();
    setup.demo = demo;
    auto created = setUpStation(path(), std::move(setup), clock);
    if (!created)
        FAIL(created.error().message.toStdString());
    station = std::move(created->station);
    recoveryKey = QString::fromLatin1(reinterpret_cast<const char *>(created->recoveryKey.data()),
                                      static_cast<qsizetype>(created->recoveryKey.size()));
}

SecureBuffer TestStation::rawKey() const
{
    auto slots = KeySlotFile::load(StationPaths {path()}.keys());
    REQUIRE(slots);
    auto key = slots->unlockWithPassword(QStringLiteral("admin"), secret(kAdminPassword));
    REQUIRE(key);
    return std::move(*key);
}

qint64 TestStation::addOperator(const QString &username, Roles roles)
{
    auto op = station->addOperator({username, username + QStringLiteral(" Person"), roles, secret(kClerkPassword)});
    if (!op)
        FAIL(op.error().message.toStdString());
    return op->id;
}

QString pdfText(const QString &path)
{
    QProcess p;
    p.start(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), path, QStringLiteral("-")});
    REQUIRE(p.waitForFinished(30000));
    REQUIRE(p.exitCode() == 0);
    return QString::fromUtf8(p.readAllStandardOutput()).simplified();
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

QString sqlcipherQuery(const QString &store, const SecureBuffer &key, const QString &sql, bool *ok)
{
    const SecureBuffer hex = key.toHex();
    QByteArray script = "PRAGMA key = \"x'"
        + QByteArray(reinterpret_cast<const char *>(hex.data()), static_cast<qsizetype>(hex.size()))
        + "'\";\nPRAGMA cipher_page_size = 4096;\n" + sql.toUtf8() + "\n";
    QProcess p;
    p.start(QStringLiteral("sqlcipher"), {QStringLiteral("-batch"), store});
    const bool started = p.waitForStarted();
    p.write(script);
    p.closeWriteChannel();
    const bool finished = started && p.waitForFinished(60000);
    const bool good = finished && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0
        && p.readAllStandardError().trimmed().isEmpty();
    if (ok)
        *ok = good;
    return good ? QString::fromUtf8(p.readAllStandardOutput()) : QString();
}

Programme installPointsBased(TestStation &t)
{
    auto programme = installProgramme(
        t.station->access(), readFile(QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/points-based.json")));
    if (!programme)
        FAIL(programme.error().message.toStdString());
    return std::move(*programme);
}

Programme setUpOffice(TestStation &t)
{
    t.clock.set(QDateTime(QDate(2026, 11, 23), QTime(15, 0), Qt::UTC));
    Programme programme = installPointsBased(t);
    t.addOperator(QStringLiteral("carla"), Role::Clerk);
    t.addOperator(QStringLiteral("sam"), Role::Supervisor);
    return programme;
}

void givePhoto(StationAccess access, const Programme &programme, EnrollmentDraft &draft)
{
    if (draft.id == 0)
        TESSERA_REQUIRE_OK(Enrollments(access, programme).saveDraft(draft));
    auto photo = sample::cardPhoto();
    TESSERA_REQUIRE_OK(photo);
    TESSERA_REQUIRE_OK(
        EnrollmentPhotos(access, programme).setPhoto(draft.id, photo->jpeg, photo->assessment, {}, true));
}

qint64 submitWithPhoto(StationAccess access, const Programme &programme, const QString &givenNames)
{
    EnrollmentDraft d = eligibleDraft(givenNames, QStringLiteral("M"));
    givePhoto(access, programme, d);
    TESSERA_REQUIRE_OK(Enrollments(access, programme).submit(d));
    return d.id;
}

void submitAsCarla(TestStation &t, const Programme &programme, const QStringList &givenNames)
{
    auto carla = Station::login(t.path(), QStringLiteral("carla"), secret(kClerkPassword), t.clock);
    TESSERA_REQUIRE_OK(carla);
    for (const QString &given : givenNames)
        submitWithPhoto((*carla)->access(), programme, given);
}

EnrollmentDraft eligibleDraft(const QString &givenNames, const QString &gender)
{
    return sample::eligibleDraft(givenNames, QStringLiteral("Tester"), QDate(1980, 1, 1), gender,
                                 QStringLiteral("1 Main St"));
}

QImage fadingNamePage(double towardsF)
{
    const QStringList zone = sample::passportMrz().split(QLatin1Char('\n'));
    QStringList withF = zone;
    withF[0][10] = QLatin1Char('F');
    QImage page = sample::zonePage(zone);
    const QImage f = sample::zonePage(withF);
    for (int y = 0; y < page.height(); ++y) {
        uchar *a = page.scanLine(y);
        const uchar *b = f.constScanLine(y);
        for (int x = 0; x < page.width() * 3; ++x)
            a[x] = static_cast<uchar>(a[x] * (1 - towardsF) + b[x] * towardsF + 0.5);
    }
    return page;
}

QImage doubtfulNamePage()
{
    // Through the whole reading path (rectification included), as the dialog and the CLI read.
    for (int step = 0; step <= 40; ++step) {
        QImage page = fadingNamePage(0.3 + step * 0.01);
        auto found = readDocument(page, SystemClock::instance());
        if (found && found->mrz && found->mrz->namesUncertain)
            return page;
    }
    return {};
}

bool killedAt(const char *point, int occurrence, const std::function<void()> &body)
{
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        int passed = 0;
        const std::string wanted(point);
        setCrashPointHook([&](std::string_view name) {
            if (name == wanted && ++passed == occurrence)
                ::raise(SIGKILL);
        });
        body();
        _exit(0);
    }
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

} // namespace tessera::test
