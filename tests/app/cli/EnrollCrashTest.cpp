// tessera-cli enroll killed midway, retried, and fed files that are not files (issue 16).
#include "app/cli/Cli.h"
#include "core/capture/PhotoChecks.h"
#include "core/util/CrashPoint.h"
#include "core/util/InputFile.h"
#include "tests/support/CliResult.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>

#include <QGuiApplication>
#include <QProcess>

#include <csignal>
#include <sys/stat.h>

using namespace tessera;
using namespace tessera::test;

namespace {

// Child mode: enroll-killed-at POINT ARGS...: runs tessera-cli ARGS in this fresh process and
// SIGKILLs it when it passes crash point POINT. A fresh process (not a fork of the test runner,
// whose Qt thread pool would not exist in a forked child) with the same store and files.
const RegisterChildMode enrollKilledAt {"enroll-killed-at", [](int argc, char **argv) {
                                            if (argc < 3)
                                                return 64;
                                            qputenv("QT_QPA_PLATFORM", "offscreen");
                                            QGuiApplication app(argc, argv);
                                            const std::string wanted(argv[2]);
                                            setCrashPointHook([wanted](std::string_view name) {
                                                if (name == wanted)
                                                    ::raise(SIGKILL);
                                            });
                                            QStringList args;
                                            for (int i = 3; i < argc; ++i)
                                                args << QString::fromLocal8Bit(argv[i]);
                                            ManualClock clock(QDateTime(QDate(2026, 11, 23), QTime(15, 0), Qt::UTC));
                                            return runCli(args, clock).code == 0 ? 0 : 1;
                                        }};

// Runs tessera-cli ARGS in a child of this test executable, killed at `point`; true when it
// was killed (it passed the point), false when it finished.
bool cliKilledAt(const char *point, const QStringList &args)
{
    QProcess child;
    child.start(QCoreApplication::applicationFilePath(),
                QStringList {QStringLiteral("enroll-killed-at"), QString::fromLatin1(point)} + args);
    REQUIRE(child.waitForStarted(10000));
    REQUIRE(child.waitForFinished(120000));
    return child.exitStatus() == QProcess::CrashExit;
}

struct EnrollStation {
    TestStation t;
    QString adminPw;
    QString clerkPw;

    EnrollStation()
    {
        t.clock.set(QDateTime(QDate(2026, 11, 23), QTime(15, 0), Qt::UTC));
        t.addOperator(QStringLiteral("carla"), Role::Clerk);
        adminPw = write(QStringLiteral("admin.pw"), kAdminPassword);
        clerkPw = write(QStringLiteral("clerk.pw"), kClerkPassword);
        REQUIRE(run({QStringLiteral("user"), QStringLiteral("passwd"), QStringLiteral("--as"), QStringLiteral("carla"),
                     QStringLiteral("--password-file"), clerkPw, QStringLiteral("--new-password-file"),
                     write(QStringLiteral("new.pw"), "amber lamps at dusk")})
                    .code
                == 0);
        clerkPw = write(QStringLiteral("clerk.pw"), "amber lamps at dusk");
        REQUIRE(run({QStringLiteral("programme"), QStringLiteral("load"),
                     QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/points-based.json"),
                     QStringLiteral("--as"), QStringLiteral("admin"), QStringLiteral("--password-file"), adminPw})
                    .code
                == 0);
        // From here on only the commands below use the store (and the forked children).
        t.station.reset();
    }

    QString write(const QString &name, const QByteArray &content)
    {
        const QString path = t.dir.filePath(name);
        QFile f(path);
        REQUIRE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(content + "\n");
        return path;
    }
    CliResult run(QStringList args)
    {
        return runCli(QStringList {QStringLiteral("--store"), t.path()} + args, t.clock);
    }
    QStringList enrollArgs(const QString &file) const
    {
        return {QStringLiteral("--store"),
                t.path(),
                QStringLiteral("enroll"),
                QStringLiteral("--from"),
                file,
                QStringLiteral("--json"),
                QStringLiteral("--as"),
                QStringLiteral("carla"),
                QStringLiteral("--password-file"),
                clerkPw};
    }
    CliResult enroll(const QString &file) { return runCli(enrollArgs(file), t.clock); }
    // Enrollments in any state and card photos, counted through a fresh sign-in.
    std::pair<qint64, qint64> counts()
    {
        auto s = Station::login(t.path(), QStringLiteral("admin"), secret(kAdminPassword), t.clock);
        REQUIRE(s);
        auto e = (*s)->database().scalar(QStringLiteral("SELECT count(*) FROM enrollments"));
        auto p = (*s)->database().scalar(QStringLiteral("SELECT count(*) FROM enrollment_photos"));
        REQUIRE(e);
        REQUIRE(p);
        return {e->toLongLong(), p->toLongLong()};
    }
};

const QByteArray kRequest =
    R"({"applicant": {"given_names": "Ana", "family_name": "Ruiz", "birth_date": "1990-06-15", "gender": "F",
  "address_line": "12 Main St", "city": "New York", "postal_code": "10001"},
  "documents": [{"type": "us-state-id", "expiry": "2029-01-01", "number": "S123 456 789"}, {"type": "bank-statement", "issued": "2026-11-01"}],
  "photo": {"file": "frame.png", "overrides": {"background": "medical-condition"}}})";

void writeFrame(const EnrollStation &s)
{
    QImage frame(1280, 720, QImage::Format_RGB888);
    frame.fill(QColor(208, 208, 208));
    {
        QPainter p(&frame);
        p.drawImage(QRect(280, 0, 720, 720), QImage(QStringLiteral(TESSERA_SOURCE_DIR "/tests/data/astronaut.jpg")));
    }
    REQUIRE(frame.save(s.t.dir.filePath(QStringLiteral("frame.png"))));
}

} // namespace

TEST_CASE("enroll --from killed at any step leaves nothing, and a retry makes exactly one enrollment",
          "[cli][enroll][crash]")
{
    for (const char *point : {"enroll.after-draft", "enroll.before-commit"}) {
        INFO("killed at " << point);
        EnrollStation s;
        writeFrame(s);
        const QString file = s.write(QStringLiteral("ana.json"), kRequest);
        REQUIRE(cliKilledAt(point, s.enrollArgs(file)));
        // No half draft with the applicant's data: nothing at all.
        CHECK(s.counts() == std::pair<qint64, qint64> {0, 0});

        const CliResult first = s.enroll(file);
        INFO(first.err.toStdString());
        REQUIRE(first.code == cli::Ok);
        const QString number =
            QJsonDocument::fromJson(first.out.toUtf8()).object().value(QStringLiteral("card_number")).toString();
        CHECK_FALSE(number.isEmpty());
        // The same file again (a retry after a lost answer): the same enrollment, no second one.
        const CliResult again = s.enroll(file);
        REQUIRE(again.code == cli::Ok);
        const QJsonObject o = QJsonDocument::fromJson(again.out.toUtf8()).object();
        CHECK(o.value(QStringLiteral("card_number")).toString() == number);
        CHECK(o.value(QStringLiteral("already_submitted")).toBool());
        CHECK(s.counts() == std::pair<qint64, qint64> {1, 1});
    }
}

TEST_CASE("enroll --from refuses a FIFO at once and names a file over 1 MiB as too large", "[cli][enroll][input]")
{
    EnrollStation s;
    const QString fifo = s.t.dir.filePath(QStringLiteral("pipe.json"));
    REQUIRE(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
    // Nobody ever writes to the FIFO: a blocking open would hang here for ever.
    const CliResult piped = s.enroll(fifo);
    CHECK(piped.code == cli::InvalidInput);
    CHECK(piped.err.contains(QStringLiteral("not a regular file")));

    QByteArray big = kRequest;
    big.chop(1);
    big += ", \"padding\": \"" + QByteArray(1024 * 1024, 'x') + "\"}";
    const CliResult large = s.enroll(s.write(QStringLiteral("big.json"), big));
    CHECK(large.code == cli::InvalidInput);
    CHECK(large.err.contains(QStringLiteral("the file is too large (1.0 MiB, at most 1 MiB)")));
    CHECK_FALSE(large.err.contains(QStringLiteral("unterminated")));

    // A photo that is a FIFO is refused the same way, and leaves nothing behind.
    QByteArray withFifoPhoto = kRequest;
    withFifoPhoto.replace("frame.png", "photo.fifo");
    REQUIRE(::mkfifo(QFile::encodeName(s.t.dir.filePath(QStringLiteral("photo.fifo"))).constData(), 0600) == 0);
    const CliResult photo = s.enroll(s.write(QStringLiteral("fifo-photo.json"), withFifoPhoto));
    CHECK(photo.code == cli::InvalidInput);
    CHECK(photo.err.contains(QStringLiteral("not a regular file")));
    CHECK(s.counts() == std::pair<qint64, qint64> {0, 0});

    // programme load and the image commands read through the same check.
    const CliResult programme =
        s.run({QStringLiteral("programme"), QStringLiteral("load"), fifo, QStringLiteral("--as"),
               QStringLiteral("admin"), QStringLiteral("--password-file"), s.adminPw});
    CHECK(programme.code == cli::InvalidInput);
    CHECK(programme.err.contains(QStringLiteral("not a regular file")));
    auto image = readPhotoFile(fifo);
    REQUIRE_FALSE(image);
    CHECK(image.error().message.contains(QStringLiteral("not a regular file")));
}

TEST_CASE("A JPEG flooded with metadata segments is refused before it is decoded", "[capture][input]")
{
    QByteArray jpeg;
    {
        QBuffer buffer(&jpeg);
        REQUIRE(buffer.open(QIODevice::WriteOnly));
        REQUIRE(QImage(QStringLiteral(TESSERA_SOURCE_DIR "/tests/data/astronaut.jpg")).save(&buffer, "JPEG", 80));
    }
    REQUIRE(jpegMetadataSegments(jpeg, kMaxJpegMetadataSegments).value_or(-1) <= 2);
    REQUIRE(decodePhoto(jpeg));

    // 200,000 empty APP1 segments right after the start of image (the reviewers' file, which
    // took 2 min 17 s to refuse: libjpeg's marker list is appended to in quadratic time).
    QByteArray flooded = jpeg.left(2);
    const char app1[] = {'\xFF', '\xE1', '\x00', '\x02'};
    flooded.reserve(jpeg.size() + 200000 * 4);
    for (int i = 0; i < 200000; ++i)
        flooded.append(app1, 4);
    flooded.append(jpeg.mid(2));
    // Bounded work: the count stops one past the limit.
    CHECK(jpegMetadataSegments(flooded, kMaxJpegMetadataSegments).value_or(-1) == kMaxJpegMetadataSegments + 1);
    auto refused = decodePhoto(flooded);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.contains(QStringLiteral("metadata segments")));

    // A camera's few segments are fine.
    QByteArray few = jpeg.left(2);
    for (int i = 0; i < 8; ++i)
        few.append(app1, 4);
    few.append(jpeg.mid(2));
    CHECK(decodePhoto(few));
}
