#include "app/cli/Cli.h"
#include "core/enrollment/Enrollments.h"
#include "core/programme/ProgrammeStore.h"
#include "tests/support/CliResult.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

using namespace tessera;
using namespace tessera::test;

namespace {

struct RetentionCli {
    TestStation t;
    QString adminPw;
    QString backupPw;

    RetentionCli()
    {
        t.clock.set(QDateTime(QDate(2026, 11, 23), QTime(15, 0), Qt::UTC));
        adminPw = write(QStringLiteral("admin.pw"), kAdminPassword);
        backupPw = write(QStringLiteral("backup.pw"), "backup drawer key 2026");
        auto p =
            installProgramme(t.station->access(),
                             readFile(QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/points-based.json")));
        REQUIRE(p);
        EnrollmentDraft d;
        d.applicant.givenNames = QStringLiteral("Idle");
        d.applicant.birthDate = QDate(1990, 1, 1);
        // The administrator is not a clerk; a clerk saves the draft.
        t.addOperator(QStringLiteral("carla"), Role::Clerk);
        auto clerk = Station::login(t.path(), QStringLiteral("carla"), secret(kClerkPassword), t.clock);
        REQUIRE(clerk);
        Enrollments asClerk((*clerk)->access(), *p);
        TESSERA_REQUIRE_OK(asClerk.saveDraft(d));
    }

    QString write(const QString &name, const QByteArray &content)
    {
        const QString path = t.dir.filePath(name);
        QFile f(path);
        REQUIRE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(content + "\n");
        return path;
    }

    using Out = CliResult;
    Out run(QStringList args, const QString &store = {})
    {
        args.prepend(store.isEmpty() ? t.path() : store);
        args.prepend(QStringLiteral("--store"));
        return runCli(args, t.clock);
    }
    Out admin(QStringList args, const QString &store = {})
    {
        args << QStringLiteral("--as") << QStringLiteral("admin") << QStringLiteral("--password-file") << adminPw;
        return run(args, store);
    }
};

QJsonObject json(const QString &text)
{
    return QJsonDocument::fromJson(text.trimmed().toUtf8()).object();
}

qint64 classCount(const QJsonObject &o, const char *name)
{
    for (const QJsonValue &c : o.value(QStringLiteral("classes")).toArray())
        if (c.toObject().value(QStringLiteral("class")).toString() == QLatin1String(name))
            return c.toObject().value(QStringLiteral("count")).toInteger();
    return -1;
}

} // namespace

TEST_CASE("tessera-cli purge: a dry run shows what is due, the purge removes it and leaves receipts",
          "[cli][retention]")
{
    RetentionCli c;
    c.t.clock.advance(15LL * 86400);
    auto dry = c.admin({QStringLiteral("purge"), QStringLiteral("--dry-run"), QStringLiteral("--json")});
    INFO(dry.err.toStdString());
    REQUIRE(dry.code == 0);
    CHECK(json(dry.out).value(QStringLiteral("dry_run")).toBool());
    CHECK(classCount(json(dry.out), "drafts") == 1);

    auto real = c.admin({QStringLiteral("purge"), QStringLiteral("--json")});
    REQUIRE(real.code == 0);
    CHECK(classCount(json(real.out), "drafts") == 1);
    CHECK(json(real.out).value(QStringLiteral("compacted")).toBool());
    auto again = c.admin({QStringLiteral("purge"), QStringLiteral("--dry-run"), QStringLiteral("--json")});
    CHECK(classCount(json(again.out), "drafts") == 0);

    auto exported = c.admin({QStringLiteral("audit"), QStringLiteral("export")});
    REQUIRE(exported.code == 0);
    CHECK(exported.out.contains(QStringLiteral("\"class\":\"drafts\",\"count\":1")));
    CHECK_FALSE(exported.out.contains(QStringLiteral("Idle")));

    auto clerk = c.run({QStringLiteral("purge"), QStringLiteral("--as"), QStringLiteral("carla"),
                        QStringLiteral("--password-file"), c.write(QStringLiteral("clerk.pw"), kClerkPassword)});
    CHECK(clerk.code != 0);
}

TEST_CASE("tessera-cli report holdings: counts, oldest, next purge, backups, as JSON and PDF", "[cli][holdings]")
{
    RetentionCli c;
    const QString usb = c.t.dir.filePath(QStringLiteral("usb"));
    auto made = c.admin({QStringLiteral("backup"), QStringLiteral("--to"), usb, QStringLiteral("--keep"),
                         QStringLiteral("3"), QStringLiteral("--backup-password-file"), c.backupPw});
    INFO(made.err.toStdString());
    REQUIRE(made.code == 0);
    c.t.clock.advance(2LL * 86400);

    const QString pdf = c.t.dir.filePath(QStringLiteral("holdings.pdf"));
    auto r = c.admin(
        {QStringLiteral("report"), QStringLiteral("holdings"), QStringLiteral("--json"), QStringLiteral("--out"), pdf});
    INFO(r.err.toStdString());
    REQUIRE(r.code == 0);
    const QJsonObject o = json(r.out);
    QJsonObject drafts;
    for (const QJsonValue &v : o.value(QStringLiteral("holdings")).toArray())
        if (v.toObject().value(QStringLiteral("kind")).toString() == QStringLiteral("enrollments.draft"))
            drafts = v.toObject();
    CHECK(drafts.value(QStringLiteral("count")).toInteger() == 1);
    CHECK(drafts.value(QStringLiteral("oldest")).toString() == QStringLiteral("2026-11-23T15:00:00Z"));
    CHECK(drafts.value(QStringLiteral("next_purge")).toString() == QStringLiteral("2026-12-07"));
    CHECK(drafts.value(QStringLiteral("next_purge_count")).toInteger() == 1);
    CHECK(o.value(QStringLiteral("not_collected")).toArray().contains(QStringLiteral("telephone")));
    const QJsonArray backups = o.value(QStringLiteral("backups")).toArray();
    REQUIRE(backups.size() == 1);
    CHECK(backups.at(0).toObject().value(QStringLiteral("age_days")).toInteger() == 2);
    CHECK(o.value(QStringLiteral("backup_statement"))
              .toString()
              .contains(QStringLiteral("still holds what that purge removed")));
    CHECK(readFile(pdf).startsWith("%PDF"));
}

TEST_CASE("tessera-cli backup and restore onto a second station folder; a newer store needs --force", "[cli][backup]")
{
    RetentionCli c;
    const QString usb = c.t.dir.filePath(QStringLiteral("usb"));
    REQUIRE(c.admin({QStringLiteral("backup"), QStringLiteral("--to"), usb, QStringLiteral("--backup-password-file"),
                     c.backupPw})
                .code
            == 0);
    const QStringList files = QDir(usb).entryList({QStringLiteral("*.tdb")});
    REQUIRE(files.size() == 1);
    const QString tdb = usb + QLatin1Char('/') + files.front();

    const QString second = c.t.dir.filePath(QStringLiteral("second"));
    auto restored =
        c.admin({QStringLiteral("restore"), tdb, QStringLiteral("--backup-password-file"), c.backupPw}, second);
    INFO(restored.err.toStdString());
    REQUIRE(restored.code == 0);
    auto verify = c.admin({QStringLiteral("audit"), QStringLiteral("verify")}, second);
    CHECK(verify.code == 0);

    // Work on the original after the backup: restoring over it is refused without --force.
    c.t.clock.advance(60);
    REQUIRE(c.admin({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("newbie"), QStringLiteral("--name"),
                     QStringLiteral("New Person"), QStringLiteral("--roles"), QStringLiteral("clerk"),
                     QStringLiteral("--new-password-file"), c.write(QStringLiteral("newbie.pw"), "granite owl meadow")})
                .code
            == 0);
    auto refused = c.admin({QStringLiteral("restore"), tdb, QStringLiteral("--backup-password-file"), c.backupPw});
    CHECK(refused.code == 5);
    CHECK(refused.err.contains(QStringLiteral("newer")));
    auto forced = c.admin({QStringLiteral("restore"), tdb, QStringLiteral("--force"),
                           QStringLiteral("--backup-password-file"), c.backupPw});
    CHECK(forced.code == 0);
}

TEST_CASE("tessera-cli runs the scheduled purge at sign-in, and its receipt is in the log",
          "[cli][retention][scheduled]")
{
    RetentionCli c;
    c.t.clock.advance(13LL * 86400);
    auto early = c.admin({QStringLiteral("audit"), QStringLiteral("export")});
    REQUIRE(early.code == 0);
    CHECK_FALSE(early.out.contains(QStringLiteral("retention.purged")));

    // Day 14 of idleness: any command's sign-in runs the duties, which purge the draft.
    c.t.clock.advance(1LL * 86400);
    auto held = c.admin({QStringLiteral("report"), QStringLiteral("holdings"), QStringLiteral("--json")});
    REQUIRE(held.code == 0);
    for (const QJsonValue &v : json(held.out).value(QStringLiteral("holdings")).toArray())
        if (v.toObject().value(QStringLiteral("kind")).toString() == QStringLiteral("enrollments.draft"))
            CHECK(v.toObject().value(QStringLiteral("count")).toInteger() == 0);
    auto exported = c.admin({QStringLiteral("audit"), QStringLiteral("export")});
    REQUIRE(exported.code == 0);
    CHECK(exported.out.contains(QStringLiteral("\"class\":\"drafts\",\"count\":1")));
    CHECK(exported.out.contains(QStringLiteral("\"trigger\":\"scheduled\"")));
    CHECK_FALSE(exported.out.contains(QStringLiteral("Idle")));
}

TEST_CASE("tessera-cli bench retention runs on a synthetic station of its own and reports each step",
          "[cli][retention][bench]")
{
    RetentionCli c;
    auto r =
        c.run({QStringLiteral("bench"), QStringLiteral("retention"), QStringLiteral("--count"), QStringLiteral("8")});
    INFO(r.err.toStdString());
    REQUIRE(r.code == 0);
    for (const char *step : {"scheduled purge, nothing due", "holdings report", "purge, day 91", "backup", "restore"})
        CHECK(r.out.contains(QString::fromLatin1(step)));
    CHECK(r.out.contains(QStringLiteral("drafts 2, rejected 2, printed-only 2; photos 4; compacted yes")));
    auto bad = c.run(
        {QStringLiteral("bench"), QStringLiteral("retention"), QStringLiteral("--count"), QStringLiteral("many")});
    CHECK(bad.code == 2);
}
