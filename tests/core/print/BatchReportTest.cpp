#include "core/enrollment/CardNumber.h"
#include "core/print/BatchReportPdf.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

#include <QProcess>
#include <QRegularExpression>

#include <algorithm>

using namespace tessera;

namespace {

QString run(const QString &program, const QStringList &args)
{
    QProcess p;
    p.start(program, args);
    REQUIRE(p.waitForFinished(30000));
    REQUIRE(p.exitCode() == 0);
    return QString::fromUtf8(p.readAllStandardOutput());
}

BatchReport sampleReport(int approved)
{
    BatchReport r;
    r.day = QDate(2026, 11, 23);
    r.stationName = QStringLiteral("Main Street");
    r.stationCode = QStringLiteral("MS1");
    r.closedAt = QStringLiteral("2026-11-23T17:30:00Z");
    r.closedBy = QStringLiteral("sam");
    r.byDecision = {{QStringLiteral("approved"), approved}, {QStringLiteral("rejected"), 1}};
    r.byClerk[QStringLiteral("carla")] = {{QStringLiteral("approved"), approved}, {QStringLiteral("rejected"), 1}};
    r.byReason = {{QStringLiteral("document-doubtful"), 1}};
    r.reasonLabels = {
        {QStringLiteral("document-doubtful"), QStringLiteral("A document could not be accepted as genuine")}};
    for (int i = 1; i <= approved; ++i)
        r.cards[QStringLiteral("approved")] << makeCardNumber(QStringLiteral("MS1"), i);
    r.cards[QStringLiteral("rejected")] << makeCardNumber(QStringLiteral("MS1"), approved + 1);
    r.auditHead = QByteArray(32, '\x5a');
    return r;
}

} // namespace

TEST_CASE("The batch report PDF carries counts, card numbers and the audit head", "[print][batch-report]")
{
    test::TestStation t; // only for its temporary folder
    const QString pdf = t.dir.path() + QStringLiteral("/batch.pdf");
    const BatchReport r = sampleReport(18);
    const test::DefaultLocale us(test::kUsEnglish); // dates as on every screen, four-digit year
    REQUIRE(writeBatchReportPdf(pdf, r));
    const QString text = run(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), pdf, QStringLiteral("-")});
    CHECK(text.contains(QStringLiteral("Batch report, 11/23/2026")));
    // Words a supervisor reads: no snake_case keys, no JSON.
    CHECK_FALSE(text.contains(QRegularExpression(QStringLiteral("\\b[A-Za-z]+_[A-Za-z_]+\\b|[{}]"))));
    CHECK(text.contains(QStringLiteral("Approved (18)")));
    CHECK(text.contains(r.cards.value(QStringLiteral("rejected")).front()));
    CHECK(text.simplified().contains(QStringLiteral("A document could not be accepted as genuine")));
    // The reason's words, never its code (it once read "... genuine (document-doubtful)").
    CHECK_FALSE(text.contains(QStringLiteral("document-doubtful")));
    CHECK(text.contains(QString::fromLatin1(r.auditHead.toHex())));
    CHECK(text.contains(QStringLiteral("carla: 18 approved, 1 rejected")));
}

TEST_CASE("A long day's report runs onto more pages instead of off the page", "[print][batch-report]")
{
    test::TestStation t;
    const QString pdf = t.dir.path() + QStringLiteral("/batch.pdf");
    const BatchReport r = sampleReport(400);
    REQUIRE(writeBatchReportPdf(pdf, r));
    const QString info = run(QStringLiteral("pdfinfo"), {pdf});
    CHECK_FALSE(info.contains(QStringLiteral("Pages:           1\n")));
    const QString text = run(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")});
    CHECK(text.contains(r.cards.value(QStringLiteral("approved")).back()));
    CHECK(text.contains(QString::fromLatin1(r.auditHead.toHex())));
}

TEST_CASE("A reason of any length wraps within its column, never under the count or off the page",
          "[print][batch-report]")
{
    test::TestStation t;
    const QString pdf = t.dir.path() + QStringLiteral("/batch.pdf");
    BatchReport r = sampleReport(3);
    const QString longLabel = QStringLiteral(
        "The applicant presented a document whose security features could not be checked at the counter and a "
        "second document whose dates contradict the other one, so neither can be accepted under the rules");
    r.reasonLabels[QStringLiteral("document-doubtful")] = longLabel;
    REQUIRE(writeBatchReportPdf(pdf, r));
    // Every word of the label, with its box in points (A4: 595 wide; the count column starts at
    // 18 mm + 80 % of the 174 mm body, about 445 pt).
    const QString boxes = run(QStringLiteral("pdftotext"), {QStringLiteral("-bbox"), pdf, QStringLiteral("-")});
    const QRegularExpression word(
        QStringLiteral(R"re(<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)</word>)re"));
    QStringList found;
    double rightmost = 0;
    bool inLabel = false;
    for (auto it = word.globalMatch(boxes); it.hasNext();) {
        const auto m = it.next();
        const QString w = m.captured(3);
        if (w == QStringLiteral("applicant"))
            inLabel = true;
        if (!inLabel)
            continue;
        found << w;
        rightmost = std::max(rightmost, m.captured(2).toDouble());
        if (w == QStringLiteral("rules"))
            break;
    }
    CHECK(found.join(QLatin1Char(' ')).toStdString()
          == longLabel.mid(longLabel.indexOf(QStringLiteral("applicant"))).toStdString());
    CHECK(rightmost < 445);
}
