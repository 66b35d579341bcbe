#include "tests/support/ApprovedCardStation.h"

#include "core/enrollment/Enrollments.h"
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

CliResult ApprovedCardStation::run(QStringList args, bool signIn)
{
    if (signIn)
        args << QStringLiteral("--store") << t.path() << QStringLiteral("--as") << QStringLiteral("admin")
             << QStringLiteral("--password-file") << passwordFile;
    return runCli(args, t.clock);
}

} // namespace tessera::test
