// The supervisor's review, driven with the keyboard: through a batch of four enrollments
// submitted by a clerk, one approved, one rejected with a reason, one returned with a note,
// the rest bulk-approved, committed with the password once; then the day closed.
#include "tests/support/TestSupport.h"
#include "tests/ui/UiTestSupport.h"
#include "tests/ui/WindowFit.h"

#include "core/enrollment/Enrollments.h"
#include "core/programme/ProgrammeStore.h"
#include "core/review/Review.h"
#include "core/util/DateText.h"
#include "ui/enrollment/EnrollmentPage.h"
#include "ui/review/ReviewPage.h"
#include "ui/review/ReviewTableModel.h"
#include "ui/shell/MainWindow.h"

#include <catch2/catch.hpp>

#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTextBrowser>

using namespace tessera;
using namespace tessera::uitest;
using namespace tessera::ui;

namespace {

void type(const QString &typed)
{
    QWidget *w = QApplication::focusWidget();
    REQUIRE(w != nullptr);
    QTest::keyClicks(w, typed);
}

// The modal dialog with this object name, once it is up and has the focus.
QWidget *waitForDialog(const char *objectName)
{
    QWidget *modal = nullptr;
    REQUIRE(QTest::qWaitFor(
        [&] {
            modal = QApplication::activeModalWidget();
            return modal && modal->objectName() == QLatin1String(objectName) && QApplication::focusWidget()
                && modal->isAncestorOf(QApplication::focusWidget());
        },
        kWorkerTimeoutMs));
    return modal;
}

QString cell(const QTableView *table, int row, int column)
{
    return table->model()->index(row, column).data().toString();
}

} // namespace

TEST_CASE("a supervisor reviews a batch with the keyboard, commits once and closes the day")
{
    test::TestStation ts;
    const Programme programme = test::setUpOffice(ts);
    const QString rejectCode = programme.reasonCodes.value(QStringLiteral("reject")).at(0).code;

    auto carla = Station::login(ts.path(), QStringLiteral("carla"), test::secret(test::kClerkPassword), ts.clock);
    REQUIRE(carla);
    QMap<QString, qint64> idByCard;
    for (const char *given : {"Ann", "Ben", "Cat", "Dan"}) {
        const qint64 id = test::submitWithPhoto((*carla)->access(), programme, QString::fromLatin1(given));
        auto rec = Enrollments((*carla)->access(), programme).record(id);
        REQUIRE(rec);
        idByCard.insert(rec->summary.cardNumber, id);
    }

    auto sam = Station::login(ts.path(), QStringLiteral("sam"), test::secret(test::kClerkPassword), ts.clock);
    REQUIRE(sam);
    const test::DefaultLocale us(test::kUsEnglish);
    MainWindow window(std::move(*sam), ts.clock);
    window.show();
    window.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&window));
    // The columns are measured at the smallest screen a counter has (the offscreen screen is smaller).
    layOutAt(&window, clientAreaOn(kLaptopScreen));
    ReviewPage *page = window.reviewPage();
    REQUIRE(page != nullptr);
    REQUIRE(window.enrollmentPage() == nullptr);

    // Review is Ctrl+3 for a supervisor who is no clerk too; Alt+O goes to the day's enrollments.
    auto *tabs = child<QTabWidget>(&window, "pagesTabWidget");
    press(Qt::Key_3, Qt::ControlModifier);
    REQUIRE(tabs->currentWidget() == page);
    press(Qt::Key_O, Qt::AltModifier);
    auto *table = child<QTableView>(page, "enrollmentsTableView");
    REQUIRE(QTest::qWaitFor([&] { return table->hasFocus(); }));
    REQUIRE(table->model()->rowCount() == 4);
    REQUIRE(table->currentIndex().row() == 0);
    CHECK(cell(table, 0, 1).contains(QStringLiteral("Tester")));
    CHECK(cell(table, 0, 2) == QStringLiteral("pending review"));
    auto *batches = child<QListWidget>(page, "batchesListWidget");
    REQUIRE(batches->count() >= 1);
    CHECK(batches->item(0)->text().contains(QStringLiteral("4 pending review")));
    // The day in the one date format (it said "Monday, November 23, 2026").
    CHECK(batches->item(0)->text().startsWith(displayDate(ts.clock.now().toLocalTime().date(), test::kUsEnglish)
                                              + QStringLiteral(" — ")));

    // Moving through the batch: J/K and the arrows; the record view follows.
    auto *record = child<QTextBrowser>(page, "recordTextBrowser");
    press(Qt::Key_J);
    CHECK(table->currentIndex().row() == 1);
    CHECK(record->toPlainText().contains(cell(table, 1, 0)));
    press(Qt::Key_K);
    CHECK(table->currentIndex().row() == 0);
    press(Qt::Key_Down);
    CHECK(table->currentIndex().row() == 1);
    press(Qt::Key_Up);
    CHECK(table->currentIndex().row() == 0);
    CHECK(record->toPlainText().contains(QStringLiteral("History")));
    CHECK(record->toPlainText().contains(QStringLiteral("submitted")));

    // A approves the first and moves on. The columns keep their widths as decisions are queued.
    auto *header = table->horizontalHeader();
    const auto widths = [header] {
        QList<int> w;
        for (int c = 0; c < header->count(); ++c)
            w << header->sectionSize(c);
        return w;
    };
    const QList<int> widthsBefore = widths();
    const QString approved = cell(table, 0, 0);
    press(Qt::Key_A);
    CHECK(cell(table, 0, 2) == QStringLiteral("to approve"));
    REQUIRE(table->currentIndex().row() == 1);

    // R rejects the second with a reason from the programme and a note.
    const QString rejected = cell(table, 1, 0);
    press(Qt::Key_R);
    waitForDialog("decisionDialog");
    CHECK(focusName() == QStringLiteral("reasonComboBox"));
    CHECK(child<QComboBox>(QApplication::activeModalWidget(), "reasonComboBox")->currentData().toString()
          == rejectCode);
    press(Qt::Key_Tab);
    CHECK(focusName() == QStringLiteral("notePlainTextEdit"));
    type(QStringLiteral("Documents do not match"));
    press(Qt::Key_Return, Qt::ControlModifier);
    REQUIRE(QTest::qWaitFor([&] { return QApplication::activeModalWidget() == nullptr; }));
    CHECK(cell(table, 1, 2) == QStringLiteral("to reject"));
    REQUIRE(table->currentIndex().row() == 2);
    REQUIRE(QTest::qWaitFor([&] { return table->hasFocus(); }));

    // T returns the third to the clerk, saying what to correct.
    const QString returned = cell(table, 2, 0);
    press(Qt::Key_T);
    waitForDialog("decisionDialog");
    // The note is a text box: Return starts a new line, Ctrl+Return queues.
    CHECK(focusName() == QStringLiteral("notePlainTextEdit"));
    type(QStringLiteral("Proof of address is missing."));
    press(Qt::Key_Return);
    type(QStringLiteral("Ask for a recent pay stub."));
    CHECK(QApplication::activeModalWidget() != nullptr);
    press(Qt::Key_Return, Qt::ControlModifier);
    REQUIRE(QTest::qWaitFor([&] { return QApplication::activeModalWidget() == nullptr; }));
    CHECK(cell(table, 2, 2) == QStringLiteral("to return"));
    CHECK(widths() == widthsBefore);
    REQUIRE(QTest::qWaitFor([&] { return table->hasFocus(); }));

    // Closing the day is refused while decisions are queued.
    press(Qt::Key_D, Qt::AltModifier);
    auto *error = child<QLabel>(page, "reviewErrorLabel");
    CHECK(QTest::qWaitFor([&] { return error->isVisible(); }));
    CHECK(error->text().contains(QStringLiteral("not committed")));
    CHECK(QApplication::activeModalWidget() == nullptr);

    // Bulk approval of the rest, after a confirmation that says how many.
    auto *bulk = child<QPushButton>(page, "approveUnflaggedPushButton");
    CHECK(bulk->text() == QString::fromUtf8("Approve all &unflagged (1)…"));
    table->setFocus();
    press(Qt::Key_U, Qt::AltModifier);
    QWidget *confirm = waitForDialog("approveUnflaggedMessageBox");
    CHECK(qobject_cast<QMessageBox *>(confirm)->text().contains(QStringLiteral("carry no flag: 1.")));
    press(Qt::Key_Return);
    REQUIRE(QTest::qWaitFor([&] { return QApplication::activeModalWidget() == nullptr; }));
    CHECK(page->pendingDecisionCount() == 4);
    CHECK(cell(table, 3, 2) == QStringLiteral("to approve"));
    CHECK(widths() == widthsBefore);

    // A picture of the queued batch, for looking at (TESSERA_SCREENSHOT_DIR, run under Xvfb).
    if (const QString dir = qEnvironmentVariable("TESSERA_SCREENSHOT_DIR"); !dir.isEmpty())
        CHECK(window.grab().save(dir + QStringLiteral("/review-queued.png")));

    // Ctrl+Return commits, after the password, once, off the GUI thread.
    QSignalSpy committed(page, &ReviewPage::decisionsCommitted);
    REQUIRE(QTest::qWaitFor([&] { return table->hasFocus(); }));
    press(Qt::Key_Return, Qt::ControlModifier);
    QWidget *commitDialog = waitForDialog("reviewPasswordDialog");
    CHECK(focusName() == QStringLiteral("reviewPasswordLineEdit"));
    // The confirmation says what will happen, by kind.
    bool saysWhat = false;
    for (const QLabel *l : commitDialog->findChildren<QLabel *>())
        saysWhat = saysWhat || l->text().contains(QStringLiteral(": 2 approvals, 1 rejection, 1 return to the clerk."));
    CHECK(saysWhat);
    // Its title is not cut by the window manager's title bar (it was, "Commit de…", under
    // openbox): room for the bold title and the bar's buttons.
    QFont bold = commitDialog->font();
    bold.setBold(true);
    CHECK(commitDialog->width() >= QFontMetrics(bold).horizontalAdvance(commitDialog->windowTitle()) + 150);
    if (const QString dir = qEnvironmentVariable("TESSERA_SCREENSHOT_DIR"); !dir.isEmpty())
        CHECK(commitDialog->grab().save(dir + QStringLiteral("/review-commit.png")));
    type(QString::fromUtf8(test::kClerkPassword));
    press(Qt::Key_Return);
    REQUIRE(committed.wait(kWorkerTimeoutMs));
    CHECK(committed.at(0).at(0).toInt() == 4);
    CHECK(page->pendingDecisionCount() == 0);

    Enrollments store((*carla)->access(), programme);
    auto stateOf = [&](const QString &card) {
        auto rec = store.record(idByCard.value(card));
        REQUIRE(rec);
        return rec->summary.state;
    };
    CHECK(stateOf(approved) == EnrollmentState::Approved);
    CHECK(stateOf(rejected) == EnrollmentState::Rejected);
    CHECK(stateOf(returned) == EnrollmentState::Returned);
    CHECK(store.record(idByCard.value(returned))->summary.returnNote
          == QStringLiteral("Proof of address is missing.\nAsk for a recent pay stub."));
    int approvedCount = 0;
    for (auto it = idByCard.cbegin(); it != idByCard.cend(); ++it)
        approvedCount += stateOf(it.key()) == EnrollmentState::Approved ? 1 : 0;
    CHECK(approvedCount == 2);
    CHECK(cell(table, 0, 2) == QStringLiteral("approved"));

    // The record speaks the supervisor's language: field labels, not keys; names, not ids.
    REQUIRE(QTest::qWaitFor([&] { return table->hasFocus(); }));
    for (int guard = 0; table->currentIndex().row() > 0 && guard < 10; ++guard)
        press(Qt::Key_K);
    REQUIRE(table->currentIndex().row() == 0);
    CHECK(record->toPlainText().contains(QStringLiteral("Date of birth")));
    CHECK_FALSE(record->toPlainText().contains(QStringLiteral("birth_date")));
    CHECK(record->toPlainText().contains(QStringLiteral("submitted by carla Person (carla)")));
    CHECK(record->toPlainText().contains(QStringLiteral("approved by sam Person (sam)")));
    CHECK_FALSE(record->toPlainText().contains(QStringLiteral("operator ")));

    // A rejected record offers the applicant's notice (Alt+N); an approved one does not.
    auto *notice = child<QPushButton>(page, "rejectionNoticePushButton");
    CHECK_FALSE(notice->isEnabled());
    press(Qt::Key_J);
    REQUIRE(cell(table, 1, 0) == rejected);
    CHECK(notice->isEnabled());
    press(Qt::Key_N, Qt::AltModifier);
    QWidget *noticeBox = waitForDialog("rejectionNoticeMessageBox");
    CHECK(qobject_cast<QMessageBox *>(noticeBox)->text().contains(rejected));
    CHECK(child<QPushButton>(noticeBox, "saveNoticePushButton")->isVisible());
    CHECK(child<QPushButton>(noticeBox, "printNoticePushButton")->isVisible());
    press(Qt::Key_Escape);
    REQUIRE(QTest::qWaitFor([&] { return QApplication::activeModalWidget() == nullptr; }));

    // Closing the day: password once, then the report is offered.
    QSignalSpy closed(page, &ReviewPage::dayClosed);
    REQUIRE(QTest::qWaitFor([&] { return table->hasFocus(); }));
    press(Qt::Key_D, Qt::AltModifier);
    waitForDialog("reviewPasswordDialog");
    type(QString::fromUtf8(test::kClerkPassword));
    press(Qt::Key_Return);
    REQUIRE(closed.wait(kWorkerTimeoutMs));
    QWidget *done = waitForDialog("dayClosedMessageBox");
    CHECK(child<QPushButton>(done, "saveReportPushButton")->isVisible());
    CHECK(child<QPushButton>(done, "printReportPushButton")->isVisible());
    press(Qt::Key_Escape);
    REQUIRE(QTest::qWaitFor([&] { return QApplication::activeModalWidget() == nullptr; }));
    // The day shown is the closed one: there is nothing left to close.
    CHECK(page->currentDay() == QDate(2026, 11, 23));
    CHECK_FALSE(child<QPushButton>(page, "closeDayPushButton")->isEnabled());

    auto report = Review(window.station().access(), programme).report(QDate(2026, 11, 23));
    REQUIRE(report);
    CHECK(report->byDecision.value(QStringLiteral("approved")) == 2);
    CHECK(report->byDecision.value(QStringLiteral("rejected")) == 1);
    CHECK(report->byDecision.value(QStringLiteral("returned")) == 1);
    CHECK(report->byReason.value(rejectCode) == 1);
    CHECK(report->byClerk.value(QStringLiteral("carla")).value(QStringLiteral("approved")) == 2);
}

TEST_CASE("a supervisor who is also a clerk cannot decide on their own enrollments")
{
    test::TestStation ts;
    ts.clock.set(QDateTime(QDate(2026, 11, 23), QTime(15, 0), Qt::UTC));
    auto programme =
        installProgramme(ts.station->access(),
                         test::readFile(QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/points-based.json")));
    REQUIRE(programme);
    ts.addOperator(QStringLiteral("dev"), Roles(Role::Clerk) | Role::Supervisor);
    auto dev = Station::login(ts.path(), QStringLiteral("dev"), test::secret(test::kClerkPassword), ts.clock);
    REQUIRE(dev);
    test::submitWithPhoto((*dev)->access(), *programme, QStringLiteral("Eve"));
    MainWindow window(std::move(*dev), ts.clock);
    ReviewPage *page = showReviewPage(window);
    auto *table = child<QTableView>(page, "enrollmentsTableView");
    REQUIRE(table->model()->rowCount() == 1);
    auto *note = child<QLabel>(page, "ownEnrollmentLabel");
    CHECK(note->isVisible());
    CHECK(note->text().contains(QString::fromUtf8("entered by you — another supervisor decides"), Qt::CaseInsensitive));
    press(Qt::Key_A);
    CHECK(page->pendingDecisionCount() == 0);
    CHECK(child<QPushButton>(page, "approveUnflaggedPushButton")->isEnabled() == false);
}

TEST_CASE("Ctrl+Return commits on the review page for a supervisor who is also a clerk")
{
    // The window's "Submit enrollment" has the same keys; two matching shortcuts trigger neither.
    test::TestStation ts;
    const Programme programme = test::setUpOffice(ts);
    auto carla = Station::login(ts.path(), QStringLiteral("carla"), test::secret(test::kClerkPassword), ts.clock);
    REQUIRE(carla);
    test::submitWithPhoto((*carla)->access(), programme, QStringLiteral("Eve"));
    ts.addOperator(QStringLiteral("dev"), Roles(Role::Clerk) | Role::Supervisor);
    auto dev = Station::login(ts.path(), QStringLiteral("dev"), test::secret(test::kClerkPassword), ts.clock);
    REQUIRE(dev);
    MainWindow window(std::move(*dev), ts.clock);
    ReviewPage *page = showReviewPage(window);
    REQUIRE(window.enrollmentPage() != nullptr);
    auto *table = child<QTableView>(page, "enrollmentsTableView");
    press(Qt::Key_A);
    REQUIRE(page->pendingDecisionCount() == 1);
    table->setFocus();
    press(Qt::Key_Return, Qt::ControlModifier);
    QWidget *dialog = waitForDialog("reviewPasswordDialog");
    CHECK(dialog != nullptr);
    CHECK(child<QTabWidget>(&window, "pagesTabWidget")->currentWidget() == page);
    press(Qt::Key_Escape);
    REQUIRE(QTest::qWaitFor([&] { return QApplication::activeModalWidget() == nullptr; }));
    CHECK(page->pendingDecisionCount() == 1);
}

TEST_CASE("a returned enrollment reaches its clerk with what the supervisor asked to correct")
{
    test::TestStation ts;
    const Programme programme = test::setUpOffice(ts);
    auto carla = Station::login(ts.path(), QStringLiteral("carla"), test::secret(test::kClerkPassword), ts.clock);
    REQUIRE(carla);
    const qint64 id = test::submitWithPhoto((*carla)->access(), programme, QStringLiteral("Flo"));
    {
        auto sam = Station::login(ts.path(), QStringLiteral("sam"), test::secret(test::kClerkPassword), ts.clock);
        REQUIRE(sam);
        TESSERA_REQUIRE_OK(
            Review((*sam)->access(), programme)
                .decide({{id, DecisionKind::Return, {}, QStringLiteral("Birth date does not match the passport")}},
                        test::secret(test::kClerkPassword)));
    }

    MainWindow window(std::move(*carla), ts.clock);
    window.show();
    window.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&window));
    EnrollmentPage *page = window.enrollmentPage();
    REQUIRE(page != nullptr);
    child<QTabWidget>(&window, "pagesTabWidget")->setCurrentWidget(page);
    auto *banner = child<QLabel>(page, "returnNoteLabel");
    CHECK_FALSE(banner->isVisible());

    press(Qt::Key_O, Qt::ControlModifier);
    QDialog *drafts = nullptr;
    REQUIRE(QTest::qWaitFor(
        [&] { return (drafts = page->findChild<QDialog *>(QStringLiteral("draftsDialog"))) != nullptr; }));
    auto *table = child<QTableWidget>(drafts, "draftsTableWidget");
    REQUIRE(table->rowCount() == 1);
    CHECK(table->item(0, 1)->text() == QStringLiteral("Returned for correction"));
    CHECK(table->item(0, 3)->text() == QStringLiteral("Birth date does not match the passport"));
    child<QPushButton>(drafts, "resumeDraftPushButton")->click();

    CHECK(page->draftId() == id);
    CHECK(banner->isVisible());
    CHECK(banner->text().contains(QStringLiteral("Birth date does not match the passport")));
    // The next applicant starts without the previous one's note.
    press(Qt::Key_N, Qt::ControlModifier);
    CHECK_FALSE(banner->isVisible());
}

TEST_CASE("an enrollment without a photo shows the flag, and A asks before queueing its approval")
{
    test::TestStation ts;
    const Programme programme = test::setUpOffice(ts);
    auto carla = Station::login(ts.path(), QStringLiteral("carla"), test::secret(test::kClerkPassword), ts.clock);
    REQUIRE(carla);
    EnrollmentDraft d = test::eligibleDraft(QStringLiteral("Noa"), QStringLiteral("M"));
    d.noPhotoReason = QStringLiteral("religious-objection-to-photograph");
    TESSERA_REQUIRE_OK(Enrollments((*carla)->access(), programme).submit(d));

    auto sam = Station::login(ts.path(), QStringLiteral("sam"), test::secret(test::kClerkPassword), ts.clock);
    REQUIRE(sam);
    MainWindow window(std::move(*sam), ts.clock);
    ReviewPage *page = showReviewPage(window);
    auto *table = child<QTableView>(page, "enrollmentsTableView");
    REQUIRE(table->model()->rowCount() == 1);
    CHECK(cell(table, 0, ReviewTableModel::FlagsColumn).contains(QStringLiteral("no photo")));
    auto *record = child<QTextBrowser>(page, "recordTextBrowser");
    CHECK(record->toPlainText().contains(QStringLiteral("Religious objection to being photographed")));

    // Cancelled: nothing queued. Confirmed: queued as an approval.
    press(Qt::Key_A);
    waitForDialog("approveWithoutPhotoMessageBox");
    press(Qt::Key_Escape);
    REQUIRE(QTest::qWaitFor([] { return QApplication::activeModalWidget() == nullptr; }));
    CHECK(cell(table, 0, 2) == QStringLiteral("pending review"));
    table->setFocus();
    REQUIRE(QTest::qWaitFor([&] { return table->hasFocus(); }));
    press(Qt::Key_A);
    QWidget *box = waitForDialog("approveWithoutPhotoMessageBox");
    qobject_cast<QMessageBox *>(box)->button(QMessageBox::Yes)->click();
    REQUIRE(QTest::qWaitFor([&] { return cell(table, 0, 2) == QStringLiteral("to approve"); }));
}

TEST_CASE("the review columns stay put as decisions are queued, at every width down to the window's minimum")
{
    // At 1366 px they did; below about 800 px the button row ("Commit decisions (3)…",
    // "Approve all unflagged (2)…") grew with the queue and took width from the table.
    test::TestStation ts;
    const Programme programme = test::setUpOffice(ts);
    test::submitAsCarla(ts, programme,
                        {QStringLiteral("Ann"), QStringLiteral("Ben"), QStringLiteral("Cat"), QStringLiteral("Dan")});
    int minimumWidth = 0;
    for (const int width : {0, 700, 800, 1024, 1366}) {
        auto sam = Station::login(ts.path(), QStringLiteral("sam"), test::secret(test::kClerkPassword), ts.clock);
        REQUIRE(sam);
        MainWindow window(std::move(*sam), ts.clock);
        ReviewPage *page = showReviewPage(window);
        if (width == 0)
            minimumWidth = window.minimumSizeHint().width();
        if (width != 0 && width < minimumWidth)
            continue;
        window.resize(width == 0 ? minimumWidth : width, 700);
        QTest::qWait(0);
        INFO("window " << window.width() << " px wide");
        auto *table = child<QTableView>(page, "enrollmentsTableView");
        REQUIRE(table->model()->rowCount() == 4);
        auto *header = table->horizontalHeader();
        // "table width, window width: column widths", to compare and to read in a failure.
        const auto layout = [&] {
            QStringList columns;
            for (int c = 0; c < header->count(); ++c)
                columns << QString::number(header->sectionSize(c));
            return QStringLiteral("%1, %2: %3").arg(table->width()).arg(window.width()).arg(columns.join(u' '));
        };
        const QString before = layout();
        for (int queued = 1; queued <= 3; ++queued) {
            press(Qt::Key_A);
            QTest::qWait(0);
            REQUIRE(page->pendingDecisionCount() == queued);
            CHECK(layout().toStdString() == before.toStdString());
        }
    }
    CHECK(minimumWidth > 0);
}
