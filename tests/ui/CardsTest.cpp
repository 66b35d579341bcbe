// The Cards page: an approved enrollment's card previewed, printed (to a PDF printer), the
// print confirmed (printed-only values gone), reprinted with a reason, and handed over.
#include "tests/support/TestSupport.h"
#include "tests/ui/UiTestSupport.h"

#include "core/cards/Cards.h"
#include "core/cards/QrCode.h"
#include "core/enrollment/Enrollments.h"
#include "core/programme/ProgrammeStore.h"
#include "core/review/Review.h"
#include "core/util/DateText.h"
#include "ui/cards/CardPrinter.h"
#include "ui/cards/CardsPage.h"
#include "ui/common/ErrorLabel.h"
#include "ui/common/TaskRunner.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QPrinter>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>

using namespace tessera;
using namespace tessera::uitest;
using namespace tessera::ui;

TEST_CASE("the Cards page prints an approved card, asks a reason for a reprint, and hands it over", "[ui][cards]")
{
    test::TestStation ts;
    const Programme programme = test::setUpOffice(ts);
    auto carla = Station::login(ts.path(), QStringLiteral("carla"), test::secret(test::kClerkPassword), ts.clock);
    REQUIRE(carla);
    qint64 id = 0;
    {
        Enrollments e((*carla)->access(), programme);
        EnrollmentDraft d = test::eligibleDraft(QStringLiteral("Ana"));
        test::givePhoto((*carla)->access(), programme, d);
        REQUIRE(e.submit(d));
        id = d.id;
        auto sam = Station::login(ts.path(), QStringLiteral("sam"), test::secret(test::kClerkPassword), ts.clock);
        REQUIRE(sam);
        REQUIRE(Review((*sam)->access(), programme)
                    .decide({{id, DecisionKind::Approve, {}, {}}}, test::secret(test::kClerkPassword)));
    }

    TaskRunner tasks;
    const test::DefaultLocale us(test::kUsEnglish);
    CardsPage page(**carla, tasks);
    page.show();
    QTemporaryDir out;
    int printed = 0;
    int reasonsAsked = 0;
    QString reasonsOffered;
    page.choosePrinter = [&](QWidget *) {
        auto *printer = new QPrinter(QPrinter::HighResolution);
        setUpCardPrinter(*printer);
        printer->setOutputFormat(QPrinter::PdfFormat);
        printer->setOutputFileName(out.path() + QStringLiteral("/print-%1.pdf").arg(++printed));
        return printer;
    };
    int confirmationsAsked = 0;
    page.askConfirmation = [&](const QString &) {
        ++confirmationsAsked;
        return true;
    };
    page.askReprintReason = [&](const std::vector<std::pair<QString, QString>> &reasons) -> std::optional<QString> {
        ++reasonsAsked;
        REQUIRE_FALSE(reasons.empty());
        reasonsOffered = reasons.front().first;
        return reasons.front().first;
    };

    auto *table = child<QTableWidget>(&page, "cardsTableWidget");
    REQUIRE(table->rowCount() == 1);
    REQUIRE(page.currentCard());
    // Expiry in the one date format, four-digit year (en_US's short format alone said 11/23/34).
    CHECK(table->item(0, 4)->text() == displayDate(*page.currentCard()->expiresOn, test::kUsEnglish));
    CHECK(table->item(0, 4)->text().endsWith(QString::number(page.currentCard()->expiresOn->year())));
    // The preview shows the back's QR code, readable.
    const QPixmap back = child<QLabel>(&page, "cardBackLabel")->pixmap();
    REQUIRE_FALSE(back.isNull());
    CHECK(readQrCodes(back.toImage()).size() == 1);
    CHECK_FALSE(child<QPushButton>(&page, "handOverPushButton")->isEnabled());

    // Save as PDF is not a print: it asks nothing, logs no print, keeps the printed-only values,
    // and leaves the file where the clerk saved it and nowhere else (no temporary copy).
    QSignalSpy finished(&page, &CardsPage::printFinished);
    QTemporaryDir tmp;
    const QByteArray oldTmp = qgetenv("TMPDIR");
    qputenv("TMPDIR", tmp.path().toLocal8Bit());
    page.choosePdfPath = [&](const QString &) -> QString { return out.path() + QStringLiteral("/saved.pdf"); };
    child<QPushButton>(&page, "saveCardPdfPushButton")->click();
    REQUIRE(finished.wait(kWorkerTimeoutMs));
    qputenv("TMPDIR", oldTmp);
    CHECK(confirmationsAsked == 0);
    CHECK(reasonsAsked == 0);
    CHECK(printed == 0);
    const QByteArray saved = test::readFile(out.path() + QStringLiteral("/saved.pdf"));
    // Two CR80 pages, landscape (243 x 153 pt), front and back.
    CHECK(saved.count("/MediaBox [0 0 243.000000 153.000000]") == 2);
    CHECK(QDir(out.path()).entryList(QDir::Files | QDir::Hidden) == QStringList {QStringLiteral("saved.pdf")});
    CHECK(QDir(tmp.path()).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot));
    {
        Cards cards((*carla)->access());
        auto unprinted = cards.card(page.currentCard()->cardNumber);
        REQUIRE(unprinted);
        CHECK(unprinted->state == CardState::Approved);
        CHECK(unprinted->printCount == 0);
        CHECK(cards.printLog(unprinted->id)->empty());
        Enrollments e((*carla)->access(), programme);
        CHECK(e.record(id)->printedOnlyHeld);
    }

    child<QPushButton>(&page, "printCardPushButton")->click();
    REQUIRE(finished.wait(kWorkerTimeoutMs));
    CHECK(printed == 1);
    CHECK(reasonsAsked == 0);
    CHECK(QFileInfo(out.path() + QStringLiteral("/print-1.pdf")).size() > 1000);
    Cards cards((*carla)->access());
    auto card = cards.card(page.currentCard()->cardNumber);
    REQUIRE(card);
    CHECK(card->state == CardState::Printed);
    {
        Enrollments e((*carla)->access(), programme);
        CHECK_FALSE(e.record(id)->printedOnlyHeld);
    }

    // A reprint asks why.
    child<QPushButton>(&page, "printCardPushButton")->click();
    REQUIRE(finished.wait(kWorkerTimeoutMs));
    CHECK(reasonsAsked == 1);
    CHECK(printed == 2);
    CHECK(confirmationsAsked == 2);
    CHECK(cards.card(card->cardNumber)->reprintCount == 1);
    auto log = cards.printLog(card->id);
    REQUIRE(log);
    REQUIRE(log->size() == 2);
    CHECK(log->back().reprintReason == reasonsOffered);
    // The log on screen says who printed, where and how it went.
    const QString details = child<QLabel>(&page, "cardDetailsLabel")->text();
    INFO(details.toStdString());
    CHECK(details.contains(QStringLiteral(" by carla: printed")));

    child<QPushButton>(&page, "handOverPushButton")->click();
    CHECK(cards.card(card->cardNumber)->state == CardState::Issued);
    // Issued cards leave the to-do list.
    CHECK(table->rowCount() == 0);
}

TEST_CASE("the Cards page revokes with one of the programme's reason codes, chosen from a list", "[ui][cards]")
{
    test::TestStation ts;
    const Programme programme = test::setUpOffice(ts);
    auto carla = Station::login(ts.path(), QStringLiteral("carla"), test::secret(test::kClerkPassword), ts.clock);
    REQUIRE(carla);
    auto sam = Station::login(ts.path(), QStringLiteral("sam"), test::secret(test::kClerkPassword), ts.clock);
    REQUIRE(sam);
    {
        Enrollments e((*carla)->access(), programme);
        EnrollmentDraft d = test::eligibleDraft(QStringLiteral("Ana"));
        test::givePhoto((*carla)->access(), programme, d);
        REQUIRE(e.submit(d));
        REQUIRE(Review((*sam)->access(), programme)
                    .decide({{d.id, DecisionKind::Approve, {}, {}}}, test::secret(test::kClerkPassword)));
    }

    TaskRunner tasks;
    CardsPage page(**sam, tasks);
    page.show();
    QStringList offered;
    page.askRevokeReason = [&](const std::vector<std::pair<QString, QString>> &reasons) -> std::optional<QString> {
        for (const auto &r : reasons)
            offered << r.first;
        return std::nullopt; // cancelled first
    };
    auto *revoke = child<QPushButton>(&page, "revokeCardPushButton");
    REQUIRE(page.currentCard());
    REQUIRE(revoke->isVisible());
    CHECK(revoke->text().contains(QLatin1Char('&'))); // Alt+V
    revoke->click();
    // Exactly the programme's codes are offered; cancelling changes nothing.
    QStringList codes;
    for (const Choice &c : programme.reasonCodes.value(QStringLiteral("revoke")))
        codes << c.code;
    CHECK(offered == codes);
    Cards cards((*sam)->access());
    const QString number = page.currentCard()->cardNumber;
    CHECK(cards.card(number)->state == CardState::Approved);

    page.askRevokeReason = [](const std::vector<std::pair<QString, QString>> &) -> std::optional<QString> {
        return QStringLiteral("issued-in-error");
    };
    revoke->click();
    CHECK(cards.card(number)->state == CardState::Revoked);
    auto last = (*sam)->audit().latest(1);
    REQUIRE(last);
    REQUIRE(last->size() == 1);
    CHECK(last->front().event == QStringLiteral("card.revoked"));
    CHECK(last->front().details.value(QStringLiteral("reason")).toString() == QStringLiteral("issued-in-error"));
}

TEST_CASE("the Cards page says why a card whose enrollment has no photo is not shown or printed", "[ui][cards]")
{
    test::TestStation ts;
    const Programme programme = test::setUpOffice(ts);
    auto carla = Station::login(ts.path(), QStringLiteral("carla"), test::secret(test::kClerkPassword), ts.clock);
    REQUIRE(carla);
    {
        EnrollmentDraft d = test::eligibleDraft(QStringLiteral("Noa"));
        d.noPhotoReason = QStringLiteral("religious-objection-to-photograph");
        REQUIRE(Enrollments((*carla)->access(), programme).submit(d));
        auto sam = Station::login(ts.path(), QStringLiteral("sam"), test::secret(test::kClerkPassword), ts.clock);
        REQUIRE(sam);
        Decision approve {d.id, DecisionKind::Approve, {}, {}};
        approve.confirmedNoPhoto = true;
        REQUIRE(Review((*sam)->access(), programme).decide({approve}, test::secret(test::kClerkPassword)));
    }
    TaskRunner tasks;
    CardsPage page(**carla, tasks);
    page.show();
    int printersAsked = 0;
    page.choosePrinter = [&](QWidget *) -> QPrinter * {
        ++printersAsked;
        return nullptr;
    };
    REQUIRE(page.currentCard());
    CHECK(child<QLabel>(&page, "cardFrontLabel")->pixmap().isNull()); // no silhouette card
    auto *error = child<ErrorLabel>(&page, "cardsErrorLabel");
    CHECK(error->isVisible());
    CHECK(error->text().contains(QStringLiteral("has no photo")));
    error->clearMessage();
    child<QPushButton>(&page, "printCardPushButton")->click();
    CHECK(printersAsked == 0); // refused before a printer is asked for
    CHECK(error->text().contains(QStringLiteral("has no photo")));
    Cards cards((*carla)->access());
    auto log = cards.printLog(page.currentCard()->id);
    REQUIRE(log);
    CHECK(log->empty());
    CHECK(cards.card(page.currentCard()->cardNumber)->state == CardState::Approved);
}

TEST_CASE("the Cards table keeps its name column filling the width when the list is reloaded", "[ui][cards]")
{
    // After a print the list reloads; resizing every column to its contents there took the
    // stretch from the name column, so the table shrank to the left and left a blank band.
    test::TestStation ts;
    const Programme programme = test::setUpOffice(ts);
    auto carla = Station::login(ts.path(), QStringLiteral("carla"), test::secret(test::kClerkPassword), ts.clock);
    REQUIRE(carla);
    {
        Enrollments e((*carla)->access(), programme);
        EnrollmentDraft d = test::eligibleDraft(QStringLiteral("Ana"));
        test::givePhoto((*carla)->access(), programme, d);
        REQUIRE(e.submit(d));
        auto sam = Station::login(ts.path(), QStringLiteral("sam"), test::secret(test::kClerkPassword), ts.clock);
        REQUIRE(sam);
        REQUIRE(Review((*sam)->access(), programme)
                    .decide({{d.id, DecisionKind::Approve, {}, {}}}, test::secret(test::kClerkPassword)));
    }
    TaskRunner tasks;
    CardsPage page(**carla, tasks);
    page.resize(1200, 700);
    page.show();
    REQUIRE(QTest::qWaitForWindowExposed(&page));
    auto *table = child<QTableWidget>(&page, "cardsTableWidget");
    REQUIRE(table->rowCount() == 1);
    auto filled = [&] {
        const QHeaderView *header = table->horizontalHeader();
        return header->length() >= table->viewport()->width() - 1;
    };
    CHECK(filled());
    const int nameWidth = table->columnWidth(1);
    page.refresh();
    QApplication::processEvents();
    CHECK(filled());
    CHECK(table->columnWidth(1) == nameWidth);
}
