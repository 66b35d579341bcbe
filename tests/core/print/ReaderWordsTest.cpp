// The documents a person reads (receipt, batch report, holdings report) carry words: the
// programme's names for fields, dates in the one display format, no keys and no JSON.
#include "core/enrollment/Enrollments.h"
#include "core/print/HoldingsPdf.h"
#include "core/print/Receipt.h"
#include "core/programme/ProgrammeStore.h"
#include "core/retention/Holdings.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

#include <QProcess>
#include <QRegularExpression>

using namespace tessera;
using namespace tessera::test;

namespace {

QString pdfText(const QString &path)
{
    QProcess p;
    p.start(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), path, QStringLiteral("-")});
    REQUIRE(p.waitForFinished(30000));
    REQUIRE(p.exitCode() == 0);
    return QString::fromUtf8(p.readAllStandardOutput()).simplified();
}

// What a key or a piece of JSON looks like: "medical_notes", "{", "\"count\":".
QStringList rawIdentifiers(const QString &text)
{
    static const QRegularExpression key(QStringLiteral("\\b[A-Za-z]+_[A-Za-z_]+\\b|[{}]|\"[a-z_]+\"\\s*:"));
    QStringList found;
    for (auto it = key.globalMatch(text); it.hasNext();)
        found << it.next().captured();
    return found;
}

struct Office {
    TestStation t;
    Programme programme;
    EnrollmentRecord record;

    Office()
    {
        t.clock.set(QDateTime(QDate(2026, 11, 23), QTime(15, 0), Qt::UTC));
        // The programme whose cards say "Sex", and which never collects some fields.
        auto installed =
            installProgramme(t.station->access(),
                             readFile(QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/category-based.json")));
        REQUIRE(installed);
        programme = *installed;
        t.addOperator(QStringLiteral("carla"), Role::Clerk);
        auto clerk = Station::login(t.path(), QStringLiteral("carla"), secret(kClerkPassword), t.clock);
        REQUIRE(clerk);
        Enrollments e((*clerk)->access(), programme);
        EnrollmentDraft d;
        d.applicant.givenNames = QStringLiteral("Zofia");
        d.applicant.familyName = QStringLiteral("Wąsowska");
        d.applicant.birthDate = QDate(1988, 4, 12);
        d.applicant.gender = programme.genders.front().code;
        d.applicant.addressLine = QStringLiteral("742 Evergreen Terrace");
        d.applicant.city = QStringLiteral("Springfield");
        d.applicant.postalCode = QStringLiteral("60601");
        d.documents.push_back(
            {PresentedDocument {QStringLiteral("passport"), QDate(2030, 1, 1), std::nullopt, true, false},
             QByteArray()});
        d.documents.push_back(
            {PresentedDocument {QStringLiteral("utility-bill"), std::nullopt, QDate(2026, 11, 20), false, false},
             QByteArray()});
        givePhoto((*clerk)->access(), programme, d);
        TESSERA_REQUIRE_OK(e.submit(d));
        auto r = e.record(d.id);
        REQUIRE(r);
        record = *r;
    }
};

} // namespace

TEST_CASE("The receipt names fields with the programme's words and dates in the display format", "[print][words]")
{
    Office o;
    const QString pdf = o.t.dir.path() + QStringLiteral("/receipt.pdf");
    const ReceiptContent content =
        receiptFor(o.programme, o.record, QStringLiteral("Main Street"), QStringLiteral("TC1"), QStringLiteral("en"));
    {
        const DefaultLocale us(kUsEnglish);
        REQUIRE(writeReceiptPdf(pdf, o.programme, content));
        const QString text = pdfText(pdf);
        CHECK(text.contains(QStringLiteral("Applied on: 11/23/2026"))); // it said "Monday, November 23, 2026"
        CHECK(text.contains(QStringLiteral("date of birth, sex")));     // the card's word; it said "gender"
        CHECK_FALSE(text.contains(QStringLiteral("gender")));
        INFO(rawIdentifiers(text).join(QLatin1Char(' ')).toStdString());
        CHECK(rawIdentifiers(text).isEmpty());
    }
    const DefaultLocale german(kGerman);
    REQUIRE(writeReceiptPdf(pdf, o.programme, content));
    CHECK(pdfText(pdf).contains(QStringLiteral("Applied on: 23.11.2026")));
}

TEST_CASE("The holdings report names fields as the Holdings panel does, and shows no keys", "[print][words]")
{
    Office o;
    const DefaultLocale us(kUsEnglish);
    auto holdings = holdingsReport(o.t.station->access());
    REQUIRE(holdings);
    REQUIRE_FALSE(holdings->notCollected.isEmpty());
    const QString pdf = o.t.dir.path() + QStringLiteral("/holdings.pdf");
    REQUIRE(writeHoldingsPdf(pdf, *holdings));
    const QString text = pdfText(pdf);
    INFO(rawIdentifiers(text).join(QLatin1Char(' ')).toStdString());
    CHECK(rawIdentifiers(text).isEmpty()); // it listed medical_notes, birth_date, draft_idle_days, …
    CHECK(text.contains(holdings->notCollectedNames.join(QStringLiteral(", "))));
    CHECK(text.contains(QStringLiteral("date of birth")));
    CHECK(text.contains(QStringLiteral("oldest 11/23/2026")));
    CHECK_FALSE(text.contains(o.programme.id)); // the programme by its name
    CHECK(text.contains(o.programme.name.in(QStringLiteral("en"))));
}
