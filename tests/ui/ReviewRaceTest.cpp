// J and K during a commit: the supervisor reads records (each load re-reads the operator's
// roles) while the commit's password is checked on the worker thread. The commit's task gets a
// copy of the key file and the password, never the Station, so there is nothing to race on;
// before, it ran Review::decide on the worker (the roles re-read and the key slots written
// there too) and a GUI touch meanwhile was a data race. Now such a touch would abort (the
// store's owner check) in every build, and `make test-tsan` runs this under ThreadSanitizer.
#include "tests/support/TestSupport.h"
#include "tests/ui/UiTestSupport.h"

#include "core/enrollment/Enrollments.h"
#include "ui/common/TaskRunner.h"
#include "ui/review/ReviewPage.h"
#include "ui/shell/MainWindow.h"

#include <catch2/catch.hpp>

#include <QApplication>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>

#include <atomic>
#include <semaphore>

using namespace tessera;
using namespace tessera::uitest;
using namespace tessera::ui;

namespace {

// Presses J, or K at the last row, and checks that the record shown follows.
void moveAndRead(QTableView *table, QTextBrowser *record)
{
    const int before = table->currentIndex().row();
    press(before + 1 < table->model()->rowCount() ? Qt::Key_J : Qt::Key_K);
    const int now = table->currentIndex().row();
    CHECK(now != before);
    CHECK(record->toPlainText().contains(table->model()->index(now, 0).data().toString()));
}

} // namespace

TEST_CASE("J and K load records while a commit checks the supervisor's password on the worker")
{
    test::TestStation ts;
    const Programme programme = test::setUpOffice(ts);
    {
        auto carla = Station::login(ts.path(), QStringLiteral("carla"), test::secret(test::kClerkPassword), ts.clock);
        REQUIRE(carla);
        for (const char *given : {"Ann", "Ben", "Cat", "Dan"}) {
            EnrollmentDraft d = test::eligibleDraft(QString::fromLatin1(given), QStringLiteral("M"));
            test::givePhoto((*carla)->access(), programme, d);
            REQUIRE(Enrollments((*carla)->access(), programme).submit(d));
        }
    }

    auto sam = Station::login(ts.path(), QStringLiteral("sam"), test::secret(test::kClerkPassword), ts.clock);
    REQUIRE(sam);
    MainWindow window(std::move(*sam), ts.clock);
    window.show();
    window.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&window));
    ReviewPage *page = window.reviewPage();
    REQUIRE(page != nullptr);
    press(Qt::Key_3, Qt::ControlModifier);
    press(Qt::Key_O, Qt::AltModifier);
    auto *table = child<QTableView>(page, "enrollmentsTableView");
    auto *record = child<QTextBrowser>(page, "recordTextBrowser");
    REQUIRE(QTest::qWaitFor([&] { return table->hasFocus(); }));
    REQUIRE(table->model()->rowCount() == 4);

    // Two approvals queued, then the commit with the password.
    press(Qt::Key_A);
    press(Qt::Key_A);
    REQUIRE(page->pendingDecisionCount() == 2);
    QSignalSpy committed(page, &ReviewPage::decisionsCommitted);
    press(Qt::Key_Return, Qt::ControlModifier);
    REQUIRE(QTest::qWaitFor(
        [&] {
            QWidget *modal = QApplication::activeModalWidget();
            return modal && modal->objectName() == QLatin1String("reviewPasswordDialog") && QApplication::focusWidget()
                && modal->isAncestorOf(QApplication::focusWidget());
        },
        kWorkerTimeoutMs));
    QTest::keyClicks(QApplication::focusWidget(), QString::fromUtf8(test::kClerkPassword));

    // The commit's task waits on the worker until J and K have been pressed a few times, then
    // runs while they go on: presses fall both before its work and during it.
    std::binary_semaphore go {0};
    std::atomic<bool> started {false};
    TaskRunner::setStartHookForTests([&] {
        started = true;
        go.acquire();
    });
    press(Qt::Key_Return);
    TaskRunner::setStartHookForTests({});

    auto *commitButton = child<QPushButton>(page, "commitDecisionsPushButton");
    REQUIRE(QTest::qWaitFor([&] { return started.load(); }, kWorkerTimeoutMs));
    REQUIRE(QTest::qWaitFor([&] { return table->hasFocus(); }));
    REQUIRE_FALSE(commitButton->isEnabled());
    REQUIRE(committed.isEmpty());
    CHECK(window.station().database().isOwnedByCurrentThread());
    int moves = 0;
    for (; moves < 3; ++moves)
        moveAndRead(table, record);
    go.release();
    for (; committed.isEmpty() && moves < 2000; ++moves) {
        moveAndRead(table, record);
        QCoreApplication::processEvents();
    }
    INFO("J/K presses before the commit's result came back: " << moves);
    REQUIRE((!committed.isEmpty() || committed.wait(kWorkerTimeoutMs)));
    CHECK(committed.at(0).at(0).toInt() == 2);
    CHECK(page->pendingDecisionCount() == 0);
    CHECK(table->model()->index(0, 2).data().toString() == QStringLiteral("approved"));
    CHECK(table->model()->index(1, 2).data().toString() == QStringLiteral("approved"));
}
