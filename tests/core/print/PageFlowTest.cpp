#include "core/print/PageFlow.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QProcess>
#include <QRegularExpression>

using namespace tessera;

// PageFlow's millimetre was once the integer quotient of the device's width in pixels and in
// millimetres: 11 px/mm at 300 dpi instead of 11.81, so every size and margin of the batch
// report and the holdings report came out 7 % small, and more so at other resolutions.
TEST_CASE("PageFlow's millimetres are millimetres at any resolution", "[print][page-flow]")
{
    const int dpi = GENERATE(300, 600, 1200);
    INFO(dpi << " dpi");
    test::TestStation t; // only for its temporary folder
    const QString pdf = t.dir.path() + QStringLiteral("/flow.pdf");
    QPdfWriter writer(pdf);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF()));
    writer.setResolution(dpi);
    QPainter painter(&writer);
    PageFlow flow(writer, painter);

    // A 10 mm font is 10 mm tall in device pixels (truncated to whole pixels).
    CHECK(flow.font(10).pixelSize() == static_cast<int>(10 * dpi / 25.4));

    // The body starts 18 mm from the left edge of the page and 16 mm from the top.
    flow.text(QStringLiteral("Margin"), flow.font(5));
    painter.end();
    QProcess p;
    p.start(QStringLiteral("pdftotext"), {QStringLiteral("-bbox"), pdf, QStringLiteral("-")});
    REQUIRE(p.waitForFinished(30000));
    REQUIRE(p.exitCode() == 0);
    const QString html = QString::fromUtf8(p.readAllStandardOutput());
    const auto word =
        QRegularExpression(QStringLiteral(R"re(xMin="([0-9.]+)" yMin="([0-9.]+)"[^>]*>Margin<)re")).match(html);
    REQUIRE(word.hasMatch());
    constexpr double kPointsPerMm = 72 / 25.4;
    CHECK(word.captured(1).toDouble() / kPointsPerMm == Approx(18).margin(0.5));
    CHECK(word.captured(2).toDouble() / kPointsPerMm == Approx(16).margin(1.5));
}
