#include "tests/ui/UiTestSupport.h"

#include "core/backup/Backup.h"
#include "core/enrollment/Enrollments.h"
#include "core/programme/ProgrammeStore.h"
#include "tests/support/TestSupport.h"
#include "ui/admin/AuditPanel.h"
#include "ui/admin/HoldingsPanel.h"

#include <QDialog>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTimer>

#include <functional>

using namespace tessera;
using namespace tessera::test;
using namespace tessera::uitest;

namespace {

// Answers the modal dialogs a synchronous action opens, in order, from a timer that runs
// inside their event loops; records the object names it saw.
class Responder {
public:
    explicit Responder(std::function<void(QWidget *)> answer)
        : m_answer(std::move(answer))
    {
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            QWidget *modal = QApplication::activeModalWidget();
            // A guarded pointer: the next dialog may reuse the address of the last one.
            if (!modal || modal == m_last.data())
                return;
            m_last = modal;
            seen << modal->objectName();
            m_answer(modal);
        });
        m_timer.start(20);
    }
    QStringList seen;

private:
    std::function<void(QWidget *)> m_answer;
    QTimer m_timer;
    QPointer<QWidget> m_last;
};

QString cell(QTableWidget *t, const QString &startsWith, int column)
{
    for (int r = 0; r < t->rowCount(); ++r)
        if (t->item(r, 0)->text().startsWith(startsWith))
            return t->item(r, column)->text();
    return QStringLiteral("(no row)");
}

} // namespace

TEST_CASE("The holdings panel shows what is held, previews and runs the purge, and backs up", "[ui][holdings]")
{
    TestStation t;
    t.clock.set(QDateTime(QDate(2026, 11, 23), QTime(15, 0), Qt::UTC));
    auto p = installProgramme(t.station->access(),
                              readFile(QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/points-based.json")));
    REQUIRE(p);
    t.addOperator(QStringLiteral("carla"), Role::Clerk);
    {
        auto clerk = Station::login(t.path(), QStringLiteral("carla"), secret(kClerkPassword), t.clock);
        REQUIRE(clerk);
        Enrollments e((*clerk)->access(), *p);
        EnrollmentDraft d;
        d.applicant.givenNames = QStringLiteral("Idle");
        TESSERA_REQUIRE_OK(e.saveDraft(d));
    }
    t.clock.advance(15LL * 86400);

    const DefaultLocale us(kUsEnglish);
    ui::HoldingsPanel panel(*t.station);
    panel.show();
    QTableWidget *table = child<QTableWidget>(&panel, "holdingsTableWidget");
    CHECK(cell(table, QStringLiteral("Enrollments not yet submitted"), 1) == QStringLiteral("1"));
    // The one date format of every screen, not ISO (it said 2026-12-08).
    CHECK(cell(table, QStringLiteral("Enrollments not yet submitted"), 2) == QStringLiteral("11/23/2026"));
    CHECK(cell(table, QStringLiteral("Enrollments not yet submitted"), 3).startsWith(QStringLiteral("12/8/2026")));
    const QString notCollected = child<QLabel>(&panel, "notCollectedLabel")->text();
    CHECK(notCollected.contains(QStringLiteral("telephone")));
    // Names a person reads, not the fields' keys (it said "medical_notes").
    CHECK(notCollected.contains(QStringLiteral("medical notes")));
    CHECK_FALSE(notCollected.contains(QLatin1Char('_')));
    CHECK(child<QLabel>(&panel, "backupStatementLabel")
              ->text()
              .contains(QStringLiteral("still holds what that purge removed")));

    SECTION("cancelling the preview changes nothing")
    {
        QString preview;
        Responder r([&](QWidget *modal) {
            preview = qobject_cast<QMessageBox *>(modal)->text();
            qobject_cast<QMessageBox *>(modal)->reject();
        });
        panel.purgeNow();
        CHECK(r.seen == QStringList {QStringLiteral("purgePreviewMessageBox")});
        CHECK(preview.contains(QStringLiteral("Idle drafts (deleted whole): 1")));
        CHECK(cell(table, QStringLiteral("Enrollments not yet submitted"), 1) == QStringLiteral("1"));
    }
    SECTION("confirming purges and the table follows")
    {
        Responder r([&](QWidget *modal) {
            auto *box = qobject_cast<QMessageBox *>(modal);
            if (modal->objectName() == QStringLiteral("purgePreviewMessageBox"))
                child<QPushButton>(modal, "confirmPurgePushButton")->click();
            else
                box->accept();
        });
        panel.purgeNow();
        CHECK(r.seen.size() == 2);
        CHECK(cell(table, QStringLiteral("Enrollments not yet submitted"), 1) == QStringLiteral("0"));
    }
    SECTION("backing up writes a backup the panel then lists")
    {
        const QString usb = t.dir.path() + QStringLiteral("/usb");
        Responder r([&](QWidget *modal) {
            if (modal->objectName() == QStringLiteral("backupDialog")) {
                child<QLineEdit>(modal, "backupFolderLineEdit")->setText(usb);
                child<QLineEdit>(modal, "backupPasswordLineEdit")->setText(QStringLiteral("backup drawer key 2026"));
                child<QLineEdit>(modal, "backupPasswordAgainLineEdit")
                    ->setText(QStringLiteral("backup drawer key 2026"));
                child<QSpinBox>(modal, "backupKeepSpinBox")->setValue(2);
                qobject_cast<QDialog *>(modal)->accept();
            } else {
                qobject_cast<QMessageBox *>(modal)->accept();
            }
        });
        panel.backupNow();
        CHECK(r.seen.size() == 2);
        CHECK(listBackups(usb).size() == 1);
        CHECK(child<QLabel>(&panel, "backupsLabel")->text().contains(QStringLiteral("tessera-")));
    }
}

TEST_CASE("The administrator reads the latest audit entries, newest first, with operator user names", "[ui][audit]")
{
    TestStation t;
    t.clock.set(QDateTime(QDate(2031, 12, 7), QTime(14, 5), Qt::LocalTime));
    t.addOperator(QStringLiteral("carla"), Role::Clerk);
    // An entry whose object names a day and whose details nest an object, as batch.closed's do.
    REQUIRE(t.station->audit().append(
        1, QStringLiteral("batch.closed"), QStringLiteral("batch:2031-12-07"),
        QJsonObject {{QStringLiteral("counts"), QJsonObject {{QStringLiteral("approved"), 3}}},
                     {QStringLiteral("flags"), QStringLiteral("photo_override")}}));
    t.addOperator(QStringLiteral("dana"), Role::Clerk);
    const DefaultLocale us(kUsEnglish);
    ui::AuditPanel panel(*t.station);
    int rows = 0;
    QString firstEvent, firstOperator, firstNumber, firstTime, firstDetails, batchEvent, batchDetails;
    Responder answer([&](QWidget *modal) {
        auto *table = modal->findChild<QTableWidget *>(QStringLiteral("auditEntriesTable"));
        REQUIRE(table != nullptr);
        rows = table->rowCount();
        firstNumber = table->item(0, 0)->text();
        firstOperator = table->item(0, 2)->text();
        firstEvent = table->item(0, 3)->text();
        firstTime = table->item(0, 1)->text();
        firstDetails = table->item(0, 4)->text();
        batchEvent = table->item(1, 3)->text();
        batchDetails = table->item(1, 4)->text();
        qobject_cast<QDialog *>(modal)->reject();
    });
    panel.showEntries();
    CHECK(answer.seen == QStringList {QStringLiteral("auditEntriesDialog")});
    CHECK(rows == *t.station->audit().count());
    // Words, not the log's keys (it showed "operator.added" and the details as JSON).
    CHECK(firstEvent == QStringLiteral("Operator added"));
    CHECK(firstTime == QStringLiteral("12/7/2031 2:05 PM"));
    CHECK(firstDetails.startsWith(QStringLiteral("operator ")));
    CHECK_FALSE(firstDetails.contains(QLatin1Char('{')));
    CHECK_FALSE(firstDetails.contains(QLatin1Char('_')));
    CHECK_FALSE(firstDetails.contains(QLatin1Char('"')));
    CHECK(batchEvent == QStringLiteral("Batch closed"));
    CHECK(batchDetails == QStringLiteral("batch 12/7/2031; counts: approved 3; flags: photo override"));
    CHECK(firstOperator == QStringLiteral("admin"));
    CHECK(firstNumber.toLongLong() == t.station->audit().entries()->back().seq);
}

TEST_CASE("'Verified: all N entries' follows the count: entries added since are said to be unverified", "[ui][audit]")
{
    TestStation t;
    ui::AuditPanel panel(*t.station);
    panel.verify();
    auto *result = child<QLabel>(&panel, "auditResultLabel");
    const qint64 verified = *t.station->audit().count();
    CHECK(result->text() == QStringLiteral("Verified: all %1 entries are intact and in order.").arg(verified));
    t.addOperator(QStringLiteral("carla"), Role::Clerk); // an audit entry
    panel.refresh();
    // It went on saying "all N entries" beside a count of N+1.
    INFO(result->text().toStdString());
    CHECK(result->text().contains(QStringLiteral("the first %1 entries").arg(verified)));
    CHECK(result->text().contains(QStringLiteral("; 1 more since then, not verified yet.")));
    panel.verify();
    CHECK(result->text() == QStringLiteral("Verified: all %1 entries are intact and in order.").arg(verified + 1));
}
