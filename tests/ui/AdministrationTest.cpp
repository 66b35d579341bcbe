// The Administration page at the smallest screen a counter has (1366x768): its tables show
// every cell whole, and the backup dialog's folder can be chosen with a Browse button.
#include "tests/support/TestSupport.h"
#include "tests/ui/UiTestSupport.h"

#include "ui/admin/AdministrationPage.h"
#include "ui/shell/MainWindow.h"

#include <catch2/catch.hpp>

#include <QDialog>
#include <QFileDialog>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

using namespace tessera;
using namespace tessera::uitest;
using namespace tessera::ui;

namespace {

// Every cell inside the visible part of the table, as wide and as tall as its contents ask.
void requireWhole(QTableView *table)
{
    INFO(table->objectName().toStdString());
    REQUIRE(table->isVisible());
    const QAbstractItemModel *model = table->model();
    REQUIRE(model->rowCount() > 0);
    INFO("viewport " << table->viewport()->height() << " rows " << model->rowCount() << " row0 " << table->rowHeight(0)
                     << " col0 " << table->columnWidth(0));
    const QRect viewport = table->viewport()->rect();
    const QAbstractItemView *view = table; // the size hints are public here
    for (int r = 0; r < model->rowCount(); ++r) {
        INFO("row " << r);
        CHECK(table->rowHeight(r) >= view->sizeHintForRow(r));
        for (int c = 0; c < model->columnCount(); ++c) {
            INFO("column " << c << ": " << model->index(r, c).data().toString().toStdString());
            CHECK(viewport.contains(table->visualRect(model->index(r, c))));
            if (!table->wordWrap() || c > 0)
                CHECK(table->columnWidth(c) >= view->sizeHintForColumn(c));
        }
    }
}

} // namespace

TEST_CASE("the operators and holdings tables show their contents whole at 1366x768")
{
    test::TestStation ts;
    test::setUpOffice(ts);
    ts.addOperator(QStringLiteral("a.very.long.user.name"), Role::Clerk | Role::Supervisor | Role::Administrator);
    auto station = Station::login(ts.path(), text("admin"), test::secret(test::kAdminPassword), ts.clock);
    REQUIRE(station);
    MainWindow window(std::move(*station), ts.clock);
    window.setGeometry(0, 0, 1366, 768);
    window.show();
    REQUIRE(QTest::qWaitForWindowExposed(&window));
    child<QTabWidget>(&window, "pagesTabWidget")->setCurrentWidget(window.administrationPage());
    auto *sections = child<QTabWidget>(window.administrationPage(), "administrationTabWidget");

    sections->setCurrentIndex(0);
    QApplication::processEvents();
    auto *operators = child<QTableView>(&window, "operatorsTableView");
    requireWhole(operators);
    // The last column reaches the right edge: no blank band beside the table's header.
    CHECK(operators->horizontalHeader()->length() >= operators->viewport()->width() - 1);

    sections->setCurrentIndex(1);
    QApplication::processEvents();
    requireWhole(child<QTableView>(&window, "holdingsTableWidget"));
}

TEST_CASE("the backup folder is chosen with Browse, or typed")
{
    test::TestStation ts;
    auto station = Station::login(ts.path(), text("admin"), test::secret(test::kAdminPassword), ts.clock);
    REQUIRE(station);
    MainWindow window(std::move(*station), ts.clock);
    window.show();
    REQUIRE(QTest::qWaitForWindowExposed(&window));
    child<QTabWidget>(&window, "pagesTabWidget")->setCurrentWidget(window.administrationPage());
    QTemporaryDir media;
    REQUIRE(media.isValid());

    QString typedAfterBrowse;
    bool browseNextInTabOrder = false;
    bool fileDialogShown = false;
    QTimer::singleShot(0, &window, [&] {
        // No REQUIRE in here: an exception must not cross the dialog's event loop.
        auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
        if (dialog == nullptr || dialog->objectName() != QStringLiteral("backupDialog"))
            return;
        auto *folder = dialog->findChild<QLineEdit *>(QStringLiteral("backupFolderLineEdit"));
        auto *browse = dialog->findChild<QPushButton *>(QStringLiteral("backupFolderBrowsePushButton"));
        if (folder == nullptr || browse == nullptr) {
            dialog->reject();
            return;
        }
        CHECK(browse->isVisible());
        browseNextInTabOrder = folder->nextInFocusChain() == browse;
        QTimer::singleShot(0, dialog, [&] {
            auto *files = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
            if (files == nullptr)
                return;
            fileDialogShown = files->fileMode() == QFileDialog::Directory;
            files->setDirectory(media.path());
            files->selectFile(media.path());
            static_cast<QDialog *>(files)->accept();
        });
        browse->click();
        typedAfterBrowse = folder->text();
        dialog->reject();
    });
    child<QPushButton>(&window, "backupNowPushButton")->click();

    CHECK(browseNextInTabOrder);
    CHECK(fileDialogShown);
    CHECK(QDir(typedAfterBrowse) == QDir(media.path()));
}
