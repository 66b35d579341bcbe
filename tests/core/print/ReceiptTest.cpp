#include "core/print/Receipt.h"
#include "core/enrollment/Enrollments.h"
#include "core/print/HoldingsPdf.h"
#include "core/print/RecoverySheet.h"
#include "core/print/RejectionNotice.h"
#include "core/programme/ProgrammeStore.h"
#include "core/retention/Holdings.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

#include <QRegularExpression>

using namespace tessera;
using namespace tessera::test;

namespace {

// What a key or a piece of JSON looks like: "medical_notes", "{", "\"count\":".
QStringList rawIdentifiers(const QString &text)
{
    static const QRegularExpression key(QStringLiteral("\\b[A-Za-z]+_[A-Za-z_]+\\b|[{}]|\"[a-z_]+\"\\s*:"));
    QStringList found;
    for (auto it = key.globalMatch(text); it.hasNext();)
        found << it.next().captured();
    return found;
}

struct Submitted {
    TestStation t;
    Programme programme;
    EnrollmentRecord record;

    explicit Submitted(const char *file, const QString &language)
    {
        t.clock.set(QDateTime(QDate(2026, 11, 23), QTime(15, 0), Qt::UTC));
        auto installed = installProgramme(
            t.station->access(),
            readFile(QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/") + QString::fromLatin1(file)));
        REQUIRE(installed);
        programme = *installed;
        t.addOperator(QStringLiteral("carla"), Role::Clerk);
        auto clerk = Station::login(t.path(), QStringLiteral("carla"), secret(kClerkPassword), t.clock);
        REQUIRE(clerk);
        Enrollments e((*clerk)->access(), programme);
        EnrollmentDraft d;
        d.applicant.givenNames = QStringLiteral("Zofia");
        d.applicant.familyName = QStringLiteral("Wąsowska");
        d.applicant.birthDate = QDate(1955, 4, 12);
        d.applicant.gender = QStringLiteral("F");
        d.applicant.addressLine = QStringLiteral("742 Evergreen Terrace");
        d.applicant.city = QStringLiteral("Springfield");
        d.applicant.postalCode = QStringLiteral("60601");
        d.applicant.preferredLanguage = language;
        const QString passport = programme.document(QStringLiteral("passport")) ? QStringLiteral("passport")
                                                                                : QStringLiteral("foreign-passport");
        d.documents.push_back(
            {PresentedDocument {passport, QDate(2030, 1, 1), std::nullopt, true, false}, QByteArray()});
        d.documents.push_back(
            {PresentedDocument {QStringLiteral("utility-bill"), std::nullopt, QDate(2026, 11, 20), false, false},
             QByteArray()});
        d.documents.push_back(
            {PresentedDocument {QStringLiteral("birth-certificate"), std::nullopt, std::nullopt, false, false},
             QByteArray()});
        givePhoto((*clerk)->access(), programme, d);
        auto s = e.submit(d);
        TESSERA_REQUIRE_OK(s);
        auto r = e.record(d.id);
        REQUIRE(r);
        record = *r;
    }
};

} // namespace

TEST_CASE("The receipt says what is kept and for how long, in the applicant's language, and names nobody",
          "[print][receipt]")
{
    Submitted s("points-based.json", QStringLiteral("es"));
    const QString pdf = s.t.dir.path() + QStringLiteral("/receipt.pdf");
    const ReceiptContent content =
        receiptFor(s.programme, s.record, QStringLiteral("Main Street"), QStringLiteral("TC1"), QStringLiteral("es"));
    REQUIRE(writeReceiptPdf(pdf, s.programme, content));
    const QString text = pdfText(pdf);
    CHECK(text.contains(s.record.summary.cardNumber));
    CHECK(text.contains(QStringLiteral("Su comprobante de inscripción")));
    CHECK(text.contains(QStringLiteral("Se imprime en su tarjeta y luego se destruye (a más tardar en 60 días)")));
    CHECK(text.contains(QStringLiteral("Pasaporte extranjero")));
    CHECK(text.contains(QStringLiteral("situación migratoria")));
    CHECK(text.contains(QStringLiteral("teléfono"))); // listed as never collected
    CHECK_FALSE(text.contains(QStringLiteral("Zofia")));
    CHECK_FALSE(text.contains(QStringLiteral("Evergreen")));
    CHECK_FALSE(text.contains(QStringLiteral("1955")));
}

TEST_CASE("A card that does not expire says so; an unknown language falls back to the first", "[print][receipt]")
{
    Submitted s("category-based.json", QStringLiteral("pl"));
    CHECK(s.record.summary.cardExpiry.isEmpty()); // 71 years old: no expiry from 65
    const QString pdf = s.t.dir.path() + QStringLiteral("/receipt.pdf");
    REQUIRE(writeReceiptPdf(
        pdf, s.programme,
        receiptFor(s.programme, s.record, QStringLiteral("X"), QStringLiteral("TC1"), QStringLiteral("pl"))));
    const QString polish = pdfText(pdf);
    CHECK(polish.contains(QStringLiteral("bezterminowo")));
    CHECK(polish.contains(QStringLiteral("Potwierdzenie złożenia wniosku")));
    REQUIRE(writeReceiptPdf(
        pdf, s.programme,
        receiptFor(s.programme, s.record, QStringLiteral("X"), QStringLiteral("TC1"), QStringLiteral("fr"))));
    CHECK(pdfText(pdf).contains(QStringLiteral("Your enrollment receipt")));
}

TEST_CASE("A receipt that cannot be written says where", "[print][receipt]")
{
    Submitted s("points-based.json", QStringLiteral("en"));
    auto r = writeReceiptPdf(QStringLiteral("/nonexistent-folder/receipt.pdf"), s.programme,
                             receiptFor(s.programme, s.record, QStringLiteral("X"), QStringLiteral("TC1"), QString()));
    REQUIRE_FALSE(r);
    CHECK(r.error().message.contains(QStringLiteral("/nonexistent-folder/receipt.pdf")));
}

TEST_CASE("The recovery sheet carries the key exactly as shown at set-up", "[print][recovery]")
{
    TestStation t;
    const QString pdf = t.dir.path() + QStringLiteral("/sheet.pdf");
    const SecureBuffer key = SecureBuffer::fromText(t.recoveryKey);
    REQUIRE(writeRecoverySheetPdf(pdf,
                                  RecoverySheet {QStringLiteral("Test Counter"), QStringLiteral("TC1"),
                                                 QStringLiteral("abc"), QStringLiteral("2026"), &key}));
    const QString text = pdfText(pdf);
    for (const QString &group : t.recoveryKey.split(QLatin1Char('-')))
        CHECK(text.contains(group));
    CHECK(text.contains(QStringLiteral("Test Counter (TC1)")));
}

TEST_CASE("A rejection notice gives the reason and the way to appeal in the applicant's language, and names nobody",
          "[print][notice]")
{
    Submitted s("points-based.json", QStringLiteral("es"));
    const QString pdf = s.t.dir.path() + QStringLiteral("/notice.pdf");
    const RejectionNoticeContent content {QStringLiteral("es"),  QStringLiteral("Main Street"),
                                          QStringLiteral("TC1"), s.record.summary.cardNumber,
                                          QDate(2026, 11, 23),   QStringLiteral("documents-insufficient")};
    const DefaultLocale us(kUsEnglish);
    REQUIRE(writeRejectionNoticePdf(pdf, s.programme, content));
    const QString text = pdfText(pdf);
    // The station's date format, as on every screen (it said "lunes, 23 de noviembre de 2026").
    CHECK(text.contains(QStringLiteral(": 11/23/2026")));
    CHECK(rawIdentifiers(text).isEmpty());
    CHECK(text.contains(QStringLiteral("Decisión sobre su solicitud")));
    CHECK(text.contains(QStringLiteral("Los documentos no cumplen las reglas del programa")));
    CHECK(text.contains(QStringLiteral("Cómo apelar")));
    CHECK(text.contains(QStringLiteral("se conserva 90 días")));
    CHECK(text.contains(s.record.summary.cardNumber));
    CHECK_FALSE(text.contains(QStringLiteral("Zofia")));
    CHECK_FALSE(text.contains(QStringLiteral("Evergreen")));
}

// The documents a person reads carry words: the programme's names for fields, dates in the one
// display format, no keys and no JSON.
TEST_CASE("The receipt names fields with the programme's words and dates in the display format", "[print][words]")
{
    Submitted o("category-based.json", QStringLiteral("en"));
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
    Submitted o("category-based.json", QStringLiteral("en"));
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
