// One applicant's enrollment at 1366x768 by keyboard only, through CounterPath and its
// KeyboardDriver (the same path tessera-bench-counter measures): every key a real key event to
// the focused widget. Also checks that every enabled button of every page and dialog the path
// shows lies inside the window.
#include "tests/support/TestSupport.h"
#include "tests/ui/UiTestSupport.h"
#include "tests/ui/WindowFit.h"

#include "app/tools/CounterPath.h"
#include "core/enrollment/Enrollments.h"
#include "core/programme/ProgrammeStore.h"
#include "core/store/StationSettings.h"
#include "ui/cards/CardPrinter.h"
#include "ui/cards/CardsPage.h"
#include "ui/enrollment/EnrollmentPage.h"
#include "ui/shell/MainWindow.h"

#include <catch2/catch.hpp>

#include <QApplication>
#include <QDir>
#include <QPrinter>
#include <QTemporaryDir>

using namespace tessera;
using namespace tessera::uitest;
using namespace tessera::ui;

namespace {

// Every enabled button of `where` (the window, or the dialog in front of it) inside it.
void checkFits(MainWindow &window, const QString &where)
{
    INFO("at " << where.toStdString() << ", window " << window.width() << "x" << window.height());
    CHECK(window.width() <= kLaptopScreen.width());
    CHECK(window.height() <= kLaptopScreen.height());
    QStringList outside = partsOutside(&window, clientAreaOn(kLaptopScreen));
    if (QWidget *modal = QApplication::activeModalWidget(); modal != nullptr && modal != &window)
        outside << partsOutside(modal, modal->size());
    INFO("enabled buttons outside the window: " << outside.join(QStringLiteral(", ")).toStdString());
    CHECK(outside.isEmpty());
}

// `user`'s main window, active and laid out at 1366x768.
std::unique_ptr<MainWindow> windowAtLaptopSize(test::TestStation &ts, const char *user)
{
    auto window = openMainWindow(ts, user);
    layOutAt(window.get(), clientAreaOn(kLaptopScreen));
    return window;
}

} // namespace

TEST_CASE("a clerk enrolls an adult, a supervisor approves it and prints the card, by keyboard only at 1366x768",
          "[counter-path]")
{
    test::TestStation ts;
    ts.clock.set(QDateTime(QDate(2026, 11, 23), QTime(15, 0), Qt::UTC));
    REQUIRE(
        installProgramme(ts.station->access(),
                         test::readFile(QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/points-based.json"))));
    ts.addOperator(QStringLiteral("carla"), Role::Clerk);
    ts.addOperator(QStringLiteral("sam"), Role::Supervisor);
    TESSERA_REQUIRE_OK(tools::setUpCounterDevices(
        ts.station->database(), ts.dir.path(), QImage(QStringLiteral(TESSERA_SOURCE_DIR "/tests/data/astronaut.jpg"))));
    auto clerk = windowAtLaptopSize(ts, "carla");
    MainWindow &window = *clerk;
    EnrollmentPage *page = window.enrollmentPage();
    REQUIRE(page != nullptr);

    tools::KeyboardDriver keys;
    tools::CounterPath path(keys);
    QStringList pagesSeen;
    path.atPage = [&](const QString &where) {
        pagesSeen << where;
        checkFits(window, where);
    };
    auto figures = path.enroll(window);
    INFO("keystrokes so far:\n" << keys.report().toStdString());
    INFO((figures ? QString() : figures.error().message).toStdString());
    REQUIRE(figures);
    CHECK(pagesSeen.size() >= 4);

    auto submitted = page->enrollments()->list(EnrollmentState::Submitted);
    REQUIRE(submitted);
    REQUIRE(submitted->size() == 1);
    // What the licence gave (the specimen's), and what was typed.
    auto record = page->enrollments()->record(submitted->front().id);
    REQUIRE(record);
    CHECK(record->storedFields.value(QStringLiteral("family_name")) == QStringLiteral("Halloran"));
    CHECK(record->storedFields.value(QStringLiteral("birth_date")) == QStringLiteral("1988-03-14"));
    QStringList documents;
    for (const Attestation &a : record->attestations)
        documents << a.documentType;
    CHECK(documents == QStringList {QStringLiteral("us-driver-licence"), QStringLiteral("utility-bill")});
    // The station remembers the scanner's folder, never the scan's name (it may name the applicant).
    {
        StationSettings settings(ts.station->database());
        auto folder = settings.documentImageFolder();
        REQUIRE(folder);
        CHECK(*folder == QDir(ts.dir.filePath(QStringLiteral("scans"))).absolutePath());
    }
    // The target for a typical adult enrollment.
    CHECK(keys.total() <= 100);
    // Figures for the record, not assertions (timing is the benchmark's to report).
    WARN("keystrokes:\n"
         << keys.report().toStdString() << "\nSubmit to the next empty form: " << figures->submitToEmptyMs << " ms");
    window.hide();

    // The supervisor at the next desk: another operator, since no one approves their own.
    auto supervisor = windowAtLaptopSize(ts, "sam");
    MainWindow &sam = *supervisor;
    tools::KeyboardDriver supervisorKeys;
    tools::CounterPath office(supervisorKeys);
    pagesSeen.clear();
    office.atPage = [&](const QString &where) {
        pagesSeen << where;
        checkFits(sam, where);
    };
    {
        auto approved = office.approve(sam, text(test::kClerkPassword));
        INFO(supervisorKeys.report().toStdString());
        INFO((approved ? QString() : approved.error().message).toStdString());
        REQUIRE(approved);
    }
    CHECK(page->enrollments()->record(submitted->front().id)->summary.state == EnrollmentState::Approved);

    // Cards prints it, here to a PDF file as a card printer's queue would get it.
    QTemporaryDir out;
    sam.cardsPage()->choosePrinter = [&](QWidget *) {
        auto *printer = new QPrinter(QPrinter::HighResolution);
        setUpCardPrinter(*printer);
        printer->setOutputFormat(QPrinter::PdfFormat);
        printer->setOutputFileName(out.filePath(QStringLiteral("card.pdf")));
        return printer;
    };
    auto printed = office.printCard(sam);
    INFO(supervisorKeys.report().toStdString());
    INFO((printed ? QString() : printed.error().message).toStdString());
    REQUIRE(printed);
    CHECK(*printed == submitted->front().cardNumber);
    CHECK(pagesSeen
          == QStringList {QStringLiteral("Review"), QStringLiteral("the commit confirmation"), QStringLiteral("Cards"),
                          QStringLiteral("the print confirmation")});
    // Two CR80 pages, front and back.
    CHECK(test::readFile(out.filePath(QStringLiteral("card.pdf"))).count("/MediaBox [0 0 243.000000 153.000000]") == 2);
    Cards cards(sam.station().access());
    auto card = cards.card(*printed);
    REQUIRE(card);
    CHECK(card->printCount == 1);
    WARN("supervisor's keystrokes:\n" << supervisorKeys.report().toStdString());
}
