#include "tests/support/ApprovedCardStation.h"

#include "core/enrollment/Enrollments.h"
#include "core/programme/ProgrammeStore.h"
#include "core/review/Review.h"

#include <catch2/catch.hpp>

#include <QFile>

namespace tessera::test {

ApprovedCardStation::ApprovedCardStation()
{
    const Programme programme = setUpOffice(t);
    auto carla = Station::login(t.path(), QStringLiteral("carla"), secret(kClerkPassword), t.clock);
    REQUIRE(carla);
    Enrollments e((*carla)->access(), programme);
    EnrollmentDraft d = eligibleDraft(QStringLiteral("Ana"));
    givePhoto((*carla)->access(), programme, d);
    auto submitted = e.submit(d);
    REQUIRE(submitted);
    number = submitted->cardNumber;
    auto sam = Station::login(t.path(), QStringLiteral("sam"), secret(kClerkPassword), t.clock);
    REQUIRE(sam);
    REQUIRE(
        Review((*sam)->access(), programme).decide({{d.id, DecisionKind::Approve, {}, {}}}, secret(kClerkPassword)));
    passwordFile = t.dir.filePath(QStringLiteral("admin.pw"));
    QFile f(passwordFile);
    REQUIRE(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(kAdminPassword) + "\n");
}

QString ApprovedCardStation::approveWithoutPhoto(const QString &givenName)
{
    auto carla = Station::login(t.path(), QStringLiteral("carla"), secret(kClerkPassword), t.clock);
    REQUIRE(carla);
    auto programme = activeProgramme((*carla)->database());
    REQUIRE(programme);
    REQUIRE(programme->has_value());
    EnrollmentDraft d = eligibleDraft(givenName);
    d.noPhotoReason = QStringLiteral("religious-objection-to-photograph");
    auto submitted = Enrollments((*carla)->access(), **programme).submit(d);
    REQUIRE(submitted);
    auto sam = Station::login(t.path(), QStringLiteral("sam"), secret(kClerkPassword), t.clock);
    REQUIRE(sam);
    Decision approve {d.id, DecisionKind::Approve, {}, {}};
    approve.confirmedNoPhoto = true;
    REQUIRE(Review((*sam)->access(), **programme).decide({approve}, secret(kClerkPassword)));
    return submitted->cardNumber;
}

CliResult ApprovedCardStation::run(QStringList args, bool signIn)
{
    if (signIn)
        args << QStringLiteral("--store") << t.path() << QStringLiteral("--as") << QStringLiteral("admin")
             << QStringLiteral("--password-file") << passwordFile;
    return runCli(args, t.clock);
}

} // namespace tessera::test
