#include "app/cli/Cli.h"
#include "core/store/Schema.h"
#include "tests/support/CliResult.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

#include <QBuffer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTextStream>

using namespace tessera;
using namespace tessera::test;

namespace {

// Named, so that a failing assertion prints the name and not the text.
constexpr const char *kBluePassword = "blue kettle on the stove";
constexpr const char *kGreenPassword = "green kettle on the stove";
constexpr const char *kOrangePassword = "orange kettle on the stove";
constexpr const char *kVioletPassword = "violet kettle on the stove";
constexpr const char *kOwnPassword = "my own chosen kettle";

QString writeSecretFile(const QTemporaryDir &dir, const QString &name, const char *text)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    REQUIRE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    f.write(text);
    f.write("\n");
    return path;
}

// A TestStation (fast key derivation) with the administrator's password in a file.
struct CliStation {
    TestStation t;
    QString adminPasswordFile = writeSecretFile(t.dir, QStringLiteral("admin.pw"), kAdminPassword);
    QString clerkPasswordFile = writeSecretFile(t.dir, QStringLiteral("clerk.pw"), kClerkPassword);

    QStringList asAdmin(QStringList args) const
    {
        return args << QStringLiteral("--store") << t.path() << QStringLiteral("--as") << QStringLiteral("admin")
                    << QStringLiteral("--password-file") << adminPasswordFile;
    }
    CliResult run(const QStringList &args, const QByteArray &input = {}) { return runCli(args, t.clock, input); }
    CliResult runAsAdmin(const QStringList &args, const QByteArray &input = {})
    {
        return runCli(asAdmin(args), t.clock, input);
    }
};

QJsonObject jsonLine(const QString &text)
{
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson(text.trimmed().toUtf8(), &error);
    INFO(text.toStdString());
    REQUIRE(error.error == QJsonParseError::NoError);
    REQUIRE(doc.isObject());
    return doc.object();
}

bool signsIn(TestStation &t, const QString &user, const SecureBuffer &password)
{
    return Station::login(t.path(), user, password, t.clock).has_value();
}

} // namespace

TEST_CASE("cli: init creates a station with a 256 MiB key derivation and prints the recovery key once", "[cli][init]")
{
    QTemporaryDir dir;
    ManualClock clock;
    const QString store = dir.filePath(QStringLiteral("station"));
    const QString pw = writeSecretFile(dir, QStringLiteral("new.pw"), kAdminPassword);
    const CliResult r =
        runCli({QStringLiteral("init"), QStringLiteral("--store"), store, QStringLiteral("--station-name"),
                QStringLiteral("Front Desk"), QStringLiteral("--station-code"), QStringLiteral("fd1"),
                QStringLiteral("--admin"), QStringLiteral("boss"), QStringLiteral("--admin-name"),
                QStringLiteral("Bea Boss"), QStringLiteral("--new-password-file"), pw},
               clock);
    INFO(r.err.toStdString());
    REQUIRE(r.code == cli::Ok);
    CHECK(r.out.contains(QStringLiteral("Station \"Front Desk\" (FD1) created")));
    static const QRegularExpression keyForm(QStringLiteral("\\b(?:[0-9A-Z]{4}-){12}[0-9A-Z]{4}\\b"));
    const QRegularExpressionMatch key = keyForm.match(r.out);
    REQUIRE(key.hasMatch());
    int printed = 0;
    for (auto it = keyForm.globalMatch(r.out); it.hasNext(); it.next())
        ++printed;
    CHECK(printed == 1);
    CHECK_FALSE(r.out.contains(QString::fromUtf8(kAdminPassword)));

    // The printed key is the station's recovery key; the recovery session is cheap to open.
    auto recovered = Station::openWithRecoveryKey(store, SecureBuffer::fromText(key.captured(0)), clock);
    REQUIRE(recovered);
    auto info = (*recovered)->info();
    REQUIRE(info);
    CHECK(info->slotKdf.memLimitBytes >= crypto::kMinSlotMemLimit);
    CHECK(info->code == QStringLiteral("FD1"));
    recovered->reset();
    // One full-cost sign-in, to show the password set from the file is the one that opens it.
    CHECK(Station::login(store, QStringLiteral("boss"), secret(kAdminPassword), clock));

    const CliResult again =
        runCli({QStringLiteral("init"), QStringLiteral("--store"), store, QStringLiteral("--station-name"),
                QStringLiteral("X"), QStringLiteral("--station-code"), QStringLiteral("X1"), QStringLiteral("--admin"),
                QStringLiteral("boss"), QStringLiteral("--admin-name"), QStringLiteral("B"),
                QStringLiteral("--new-password-file"), pw},
               clock);
    CHECK(again.code == cli::InvalidInput);
    CHECK(again.err.contains(QStringLiteral("already exists")));
}

TEST_CASE("cli: init refuses missing options and weak passwords before creating anything", "[cli][init]")
{
    QTemporaryDir dir;
    ManualClock clock;
    const QString store = dir.filePath(QStringLiteral("station"));
    const CliResult missing = runCli({QStringLiteral("init"), QStringLiteral("--store"), store,
                                      QStringLiteral("--station-name"), QStringLiteral("Desk")},
                                     clock);
    CHECK(missing.code == cli::Usage);
    CHECK(missing.err.contains(QStringLiteral("--station-code")));

    const CliResult weak = runCli({QStringLiteral("init"), QStringLiteral("--store"), store,
                                   QStringLiteral("--station-name"), QStringLiteral("Desk"),
                                   QStringLiteral("--station-code"), QStringLiteral("D1"), QStringLiteral("--admin"),
                                   QStringLiteral("boss"), QStringLiteral("--admin-name"), QStringLiteral("Bea Boss")},
                                  clock, QByteArrayLiteral("password1234\n"));
    CHECK(weak.code == cli::InvalidInput);
    CHECK_FALSE(Station::existsAt(store));
}

TEST_CASE("cli: user add, list, passwd and disable", "[cli][user]")
{
    CliStation s;
    const QString newPw = writeSecretFile(s.t.dir, QStringLiteral("new.pw"), kBluePassword);

    const CliResult add =
        s.runAsAdmin({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("clerk1"), QStringLiteral("--name"),
                      QStringLiteral("Clara Clerk"), QStringLiteral("--roles"), QStringLiteral("clerk,supervisor"),
                      QStringLiteral("--new-password-file"), newPw});
    INFO(add.err.toStdString());
    REQUIRE(add.code == cli::Ok);
    CHECK(add.out.contains(QStringLiteral("Added clerk1")));
    CHECK(signsIn(s.t, QStringLiteral("clerk1"), secret(kBluePassword)));

    const CliResult list = s.runAsAdmin({QStringLiteral("--json"), QStringLiteral("user"), QStringLiteral("list")});
    REQUIRE(list.code == cli::Ok);
    const QJsonArray ops = jsonLine(list.out).value(QStringLiteral("operators")).toArray();
    REQUIRE(ops.size() == 2);
    QJsonObject clerk;
    for (const QJsonValue &v : ops)
        if (v.toObject().value(QStringLiteral("username")).toString() == QStringLiteral("clerk1"))
            clerk = v.toObject();
    CHECK(clerk.value(QStringLiteral("name")).toString() == QStringLiteral("Clara Clerk"));
    CHECK(clerk.value(QStringLiteral("roles")).toArray()
          == QJsonArray {QStringLiteral("clerk"), QStringLiteral("supervisor")});
    CHECK(clerk.value(QStringLiteral("must_change_password")).toBool());
    CHECK_FALSE(clerk.value(QStringLiteral("disabled")).toBool());

    const CliResult plain = s.runAsAdmin({QStringLiteral("user"), QStringLiteral("list")});
    REQUIRE(plain.code == cli::Ok);
    CHECK(plain.out.contains(QStringLiteral("clerk1\tClara Clerk\tclerk,supervisor")));

    const QString resetPw = writeSecretFile(s.t.dir, QStringLiteral("reset.pw"), kGreenPassword);
    const CliResult reset = s.runAsAdmin({QStringLiteral("user"), QStringLiteral("passwd"), QStringLiteral("clerk1"),
                                          QStringLiteral("--new-password-file"), resetPw});
    REQUIRE(reset.code == cli::Ok);
    CHECK_FALSE(signsIn(s.t, QStringLiteral("clerk1"), secret(kBluePassword)));
    CHECK(signsIn(s.t, QStringLiteral("clerk1"), secret(kGreenPassword)));

    const CliResult disable =
        s.runAsAdmin({QStringLiteral("user"), QStringLiteral("disable"), QStringLiteral("clerk1")});
    REQUIRE(disable.code == cli::Ok);
    CHECK(disable.out.contains(QStringLiteral("no longer opens")));
    CHECK_FALSE(signsIn(s.t, QStringLiteral("clerk1"), secret(kGreenPassword)));
    const CliResult after = s.runAsAdmin({QStringLiteral("user"), QStringLiteral("list")});
    CHECK(after.out.contains(QStringLiteral("\tdisabled")));

    const CliResult unknown =
        s.runAsAdmin({QStringLiteral("user"), QStringLiteral("disable"), QStringLiteral("nobody")});
    CHECK(unknown.code == cli::InvalidInput);
    const CliResult badRoles =
        s.runAsAdmin({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("x2"), QStringLiteral("--name"),
                      QStringLiteral("X"), QStringLiteral("--roles"), QStringLiteral("janitor")});
    CHECK(badRoles.code == cli::InvalidInput);
}

TEST_CASE("cli: passwords are read one per line from standard input", "[cli][user]")
{
    CliStation s;
    // Acting password, then the new operator's.
    const CliResult add =
        s.run({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("clerk1"), QStringLiteral("--name"),
               QStringLiteral("Clara Clerk"), QStringLiteral("--roles"), QStringLiteral("clerk"),
               QStringLiteral("--store"), s.t.path(), QStringLiteral("--as"), QStringLiteral("admin")},
              QByteArray(kAdminPassword) + "\n" + kOrangePassword + "\r\n");
    INFO(add.err.toStdString());
    REQUIRE(add.code == cli::Ok);
    CHECK(signsIn(s.t, QStringLiteral("clerk1"), secret(kOrangePassword)));

    // The operator changes their own password: current, then new.
    const CliResult own = s.run({QStringLiteral("user"), QStringLiteral("passwd"), QStringLiteral("--store"),
                                 s.t.path(), QStringLiteral("--as"), QStringLiteral("clerk1")},
                                QByteArray(kOrangePassword) + "\n" + kVioletPassword + "\n");
    INFO(own.err.toStdString());
    REQUIRE(own.code == cli::Ok);
    CHECK(own.out.contains(QStringLiteral("Your password was changed")));
    CHECK_FALSE(signsIn(s.t, QStringLiteral("clerk1"), secret(kOrangePassword)));
    CHECK(signsIn(s.t, QStringLiteral("clerk1"), secret(kVioletPassword)));

    const CliResult none = s.run({QStringLiteral("user"), QStringLiteral("list"), QStringLiteral("--store"), s.t.path(),
                                  QStringLiteral("--as"), QStringLiteral("admin")});
    CHECK(none.code == cli::InvalidInput);
    CHECK(none.err.contains(QStringLiteral("--password-file")));
}

TEST_CASE("cli: exit codes for sign-in failures, usage errors, missing stations and roles", "[cli][exit]")
{
    CliStation s;
    SECTION("wrong password")
    {
        const CliResult r = s.run({QStringLiteral("store"), QStringLiteral("info"), QStringLiteral("--store"),
                                   s.t.path(), QStringLiteral("--as"), QStringLiteral("admin"),
                                   QStringLiteral("--password-file"), s.clerkPasswordFile});
        CHECK(r.code == cli::AuthFailed);
        CHECK(r.err.contains(QStringLiteral("not right")));
        CHECK(r.out.isEmpty());
    }
    SECTION("unknown operator")
    {
        const CliResult r = s.run({QStringLiteral("store"), QStringLiteral("info"), QStringLiteral("--store"),
                                   s.t.path(), QStringLiteral("--as"), QStringLiteral("nobody"),
                                   QStringLiteral("--password-file"), s.adminPasswordFile});
        CHECK(r.code == cli::AuthFailed);
    }
    SECTION("unknown command, unknown option, missing value")
    {
        CHECK(s.run({QStringLiteral("frobnicate")}).code == cli::Usage);
        CHECK(s.run({}).code == cli::Usage);
        CHECK(s.run({QStringLiteral("store"), QStringLiteral("info"), QStringLiteral("--frob")}).code == cli::Usage);
        CHECK(s.run({QStringLiteral("store"), QStringLiteral("info"), QStringLiteral("--store")}).code == cli::Usage);
        CHECK(s.run({QStringLiteral("user"), QStringLiteral("fly")}).code == cli::Usage);
        CHECK(s.run({QStringLiteral("audit"), QStringLiteral("rewrite")}).code == cli::Usage);
        const CliResult r = s.run({QStringLiteral("frobnicate")});
        CHECK(r.err.contains(QStringLiteral("Unknown command \"frobnicate\"")));
    }
    SECTION("no station")
    {
        QTemporaryDir empty;
        const CliResult r = s.run({QStringLiteral("store"), QStringLiteral("info"), QStringLiteral("--store"),
                                   empty.path(), QStringLiteral("--as"), QStringLiteral("admin"),
                                   QStringLiteral("--password-file"), s.adminPasswordFile});
        CHECK(r.code == cli::StationError);
    }
    SECTION("a clerk adding an operator")
    {
        s.t.addOperator(QStringLiteral("clerk1"), Role::Clerk);
        const QStringList asClerk {
            QStringLiteral("--store"),         s.t.path(),         QStringLiteral("--as"), QStringLiteral("clerk1"),
            QStringLiteral("--password-file"), s.clerkPasswordFile};
        const QStringList add =
            QStringList {QStringLiteral("user"),   QStringLiteral("add"),   QStringLiteral("clerk2"),
                         QStringLiteral("--name"), QStringLiteral("C Two"), QStringLiteral("--roles"),
                         QStringLiteral("clerk")}
            + asClerk;
        // First refused because the administrator's password must be changed first...
        const CliResult first = s.run(add, QByteArrayLiteral("yellow kettle on the stove\n"));
        CHECK(first.code == cli::Denied);
        CHECK(first.err.contains(QStringLiteral("must choose a new password")));
        // ...and, once changed, because a clerk is not an administrator.
        auto clerk = Station::login(s.t.path(), QStringLiteral("clerk1"), secret(kClerkPassword), s.t.clock);
        REQUIRE(clerk);
        TESSERA_REQUIRE_OK((*clerk)->changeOwnPassword(secret(kClerkPassword), secret(kOwnPassword)));
        const QString own = writeSecretFile(s.t.dir, QStringLiteral("own.pw"), kOwnPassword);
        QStringList again = add;
        again.replace(again.size() - 1, own);
        const CliResult second = s.run(again, QByteArrayLiteral("yellow kettle on the stove\n"));
        CHECK(second.code == cli::Denied);
        CHECK(second.err.contains(QStringLiteral("administrator")));
        CHECK(s.t.station->operators()->size() == 2);
    }
}

TEST_CASE("cli: five wrong passwords lock the user name out, with exit code 3", "[cli][exit]")
{
    CliStation s;
    const QStringList args {
        QStringLiteral("store"), QStringLiteral("info"),  QStringLiteral("--store"),        s.t.path(),
        QStringLiteral("--as"),  QStringLiteral("admin"), QStringLiteral("--password-file")};
    for (int i = 0; i < 5; ++i)
        CHECK(s.run(args + QStringList {s.clerkPasswordFile}).code == cli::AuthFailed);
    const CliResult locked = s.run(args + QStringList {s.adminPasswordFile});
    CHECK(locked.code == cli::AuthFailed);
    CHECK(locked.err.contains(QStringLiteral("locked")));
    s.t.clock.advance(LoginPolicy {}.lockoutSeconds);
    CHECK(s.run(args + QStringList {s.adminPasswordFile}).code == cli::Ok);
}

TEST_CASE("cli: audit verify passes on an intact log and names the entry after tampering", "[cli][audit]")
{
    CliStation s;
    for (int i = 0; i < 4; ++i)
        REQUIRE(s.t.station->audit().append(1, QStringLiteral("test.event"), QStringLiteral("test:%1").arg(i),
                                            {{QStringLiteral("n"), i}}));

    const CliResult intact = s.runAsAdmin({QStringLiteral("audit"), QStringLiteral("verify")});
    REQUIRE(intact.code == cli::Ok);
    CHECK(intact.out.contains(QStringLiteral("Audit log intact")));

    const CliResult json = s.runAsAdmin({QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("verify")});
    REQUIRE(json.code == cli::Ok);
    const QJsonObject o = jsonLine(json.out);
    CHECK(o.value(QStringLiteral("ok")).toBool());
    auto head = s.t.station->audit().head();
    REQUIRE(head);
    CHECK(o.value(QStringLiteral("head")).toString() == QString::fromLatin1(head->toHex()));
    CHECK(o.value(QStringLiteral("entries")).toInteger() == *s.t.station->audit().count());

    Database &db = s.t.station->database();
    REQUIRE(db.exec(QStringLiteral("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;")));
    REQUIRE(db.run(QStringLiteral("UPDATE audit SET object = 'test:forged' WHERE seq = 3")));
    const CliResult broken = s.runAsAdmin({QStringLiteral("audit"), QStringLiteral("verify")});
    CHECK(broken.code == cli::CheckFailed);
    CHECK(broken.out.contains(QStringLiteral("NOT intact")));
    CHECK(broken.out.contains(QStringLiteral("Entry 3")));
    const CliResult brokenJson =
        s.runAsAdmin({QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("verify")});
    CHECK(brokenJson.code == cli::CheckFailed);
    const QJsonObject b = jsonLine(brokenJson.out);
    CHECK_FALSE(b.value(QStringLiteral("ok")).toBool());
    CHECK(b.value(QStringLiteral("first_bad_entry")).toInteger() == 3);
}

TEST_CASE("cli: audit verify --head finds entries cut from the end", "[cli][audit]")
{
    CliStation s;
    for (int i = 0; i < 4; ++i)
        REQUIRE(s.t.station->audit().append(1, QStringLiteral("test.event"), QStringLiteral("test:%1").arg(i)));
    auto head = s.t.station->audit().head();
    REQUIRE(head);
    const QString noted = QString::fromLatin1(head->toHex());
    const qint64 notedSeq = *s.t.station->audit().count();

    CHECK(s.runAsAdmin({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--head"), noted}).code
          == cli::Ok);
    CHECK(s.runAsAdmin({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--head"), noted.toUpper()})
              .code
          == cli::Ok);
    const CliResult unknown = s.runAsAdmin(
        {QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--head"), QString(64, QLatin1Char('a'))});
    CHECK(unknown.code == cli::CheckFailed);
    CHECK(unknown.out.contains(QStringLiteral("is not in it")));

    // Cut the log back to before the noted head: the chain still holds, the head is gone.
    Database &db = s.t.station->database();
    REQUIRE(db.exec(QStringLiteral("DROP TRIGGER audit_no_delete")));
    REQUIRE(db.run(QStringLiteral("DELETE FROM audit WHERE seq >= ?"), {notedSeq}));
    CHECK(s.runAsAdmin({QStringLiteral("audit"), QStringLiteral("verify")}).code == cli::Ok);
    const CliResult cut =
        s.runAsAdmin({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--head"), noted});
    CHECK(cut.code == cli::CheckFailed);
    CHECK(cut.out.contains(QStringLiteral("removed or rewritten")));
}

TEST_CASE("cli: audit export writes one JSON object per entry, in order", "[cli][audit]")
{
    CliStation s;
    s.t.addOperator(QStringLiteral("zwasowska"), Role::Clerk);
    const CliResult r = s.runAsAdmin({QStringLiteral("audit"), QStringLiteral("export")});
    REQUIRE(r.code == cli::Ok);
    const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    auto count = s.t.station->audit().count();
    REQUIRE(count);
    REQUIRE(lines.size() == *count);
    QString prev = QString(64, QLatin1Char('0'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QJsonObject e = jsonLine(lines.at(i));
        CHECK(e.value(QStringLiteral("seq")).toInteger() == i + 1);
        CHECK(e.value(QStringLiteral("prev_hash")).toString() == prev);
        prev = e.value(QStringLiteral("hash")).toString();
        CHECK(prev.size() == 64);
        for (const char *field : {"at", "operator", "event", "object", "details"})
            CHECK(e.contains(QString::fromLatin1(field)));
    }
    CHECK(r.out.contains(QStringLiteral("\"event\":\"operator.added\"")));
    CHECK_FALSE(r.out.contains(QStringLiteral("zwasowska")));

    const QString file = s.t.dir.filePath(QStringLiteral("audit.jsonl"));
    const CliResult toFile =
        s.runAsAdmin({QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--out"), file});
    REQUIRE(toFile.code == cli::Ok);
    CHECK(toFile.out.isEmpty());
    CHECK(readFile(file).count('\n') == lines.size() + 1); // plus this export's own sign-in
}

TEST_CASE("cli: store check and store info", "[cli][store]")
{
    CliStation s;
    const CliResult check = s.runAsAdmin({QStringLiteral("store"), QStringLiteral("check")});
    REQUIRE(check.code == cli::Ok);
    CHECK(check.out.contains(QStringLiteral("intact and encrypted")));

    const CliResult info = s.runAsAdmin({QStringLiteral("--json"), QStringLiteral("store"), QStringLiteral("info")});
    REQUIRE(info.code == cli::Ok);
    const QJsonObject o = jsonLine(info.out);
    CHECK_FALSE(o.value(QStringLiteral("cipher_version")).toString().isEmpty());
    CHECK(o.value(QStringLiteral("schema_version")).toInt() == latestSchemaVersion());
    CHECK(o.value(QStringLiteral("code")).toString() == QStringLiteral("TC1"));
    CHECK(o.value(QStringLiteral("operator_slots")).toInt() == 1);
    CHECK(o.value(QStringLiteral("login_max_failures")).toInt() == 5);
    CHECK(o.value(QStringLiteral("audit_head")).toString().size() == 64);

    // A problem the check finds gives exit code 1: here, cipher settings recorded in the store
    // that differ from the key file's.
    REQUIRE(
        s.t.station->database().run(QStringLiteral("UPDATE meta SET value = '1024' WHERE key = 'cipher_page_size'")));
    const CliResult mismatch =
        s.runAsAdmin({QStringLiteral("--json"), QStringLiteral("store"), QStringLiteral("check")});
    CHECK(mismatch.code == cli::CheckFailed);
    CHECK_FALSE(jsonLine(mismatch.out).value(QStringLiteral("ok")).toBool());
}

TEST_CASE("cli: the real tessera-cli binary prints help and keeps its exit codes", "[cli][process]")
{
    CliStation s;
    QTemporaryDir home;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("TESSERA_STATION"), home.filePath(QStringLiteral("none")));
    env.insert(QStringLiteral("HOME"), home.path());
    env.remove(QStringLiteral("TESSERA_USER"));
    auto run = [&](const QStringList &args, QByteArray *out = nullptr) {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(TESSERA_CLI_PATH), args);
        REQUIRE(p.waitForStarted(10000));
        p.closeWriteChannel();
        REQUIRE(p.waitForFinished(60000));
        REQUIRE(p.exitStatus() == QProcess::NormalExit);
        if (out)
            *out = p.readAllStandardOutput();
        return p.exitCode();
    };
    QByteArray help;
    CHECK(run({QStringLiteral("--help")}, &help) == cli::Ok);
    CHECK(help.contains("Exit codes:"));
    CHECK(help.contains("no network"));
    QByteArray shortHelp;
    CHECK(run({QStringLiteral("-h")}, &shortHelp) == cli::Ok);
    CHECK(shortHelp == help);
    // A packager's and an administrator's first question; it used to be "Unknown option".
    QByteArray version;
    CHECK(run({QStringLiteral("--version")}, &version) == cli::Ok);
    CHECK(version.trimmed() == QByteArray("tessera-cli " TESSERA_VERSION));
    CHECK(run({QStringLiteral("frobnicate")}) == cli::Usage);
    CHECK(run({QStringLiteral("store"), QStringLiteral("info"), QStringLiteral("--as"), QStringLiteral("admin"),
               QStringLiteral("--password-file"), s.adminPasswordFile})
          == cli::StationError);

    QByteArray info;
    CHECK(run(s.asAdmin({QStringLiteral("--json"), QStringLiteral("store"), QStringLiteral("info")}), &info)
          == cli::Ok);
    CHECK(jsonLine(QString::fromUtf8(info)).value(QStringLiteral("schema_version")).toInt() == latestSchemaVersion());
    CHECK(run({QStringLiteral("store"), QStringLiteral("check"), QStringLiteral("--store"), s.t.path(),
               QStringLiteral("--as"), QStringLiteral("admin"), QStringLiteral("--password-file"), s.clerkPasswordFile})
          == cli::AuthFailed);
}
