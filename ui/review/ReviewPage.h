#pragma once

#include "core/review/DecisionQueue.h"
#include "core/review/RecordRenderer.h"
#include "core/review/Review.h"

#include <QDate>
#include <QSet>
#include <QWidget>

#include <functional>
#include <optional>

class QAction;
class QLabel;
class QListWidget;
class QPushButton;
class QTableView;
class QTextBrowser;

namespace tessera {
class Station;
}

namespace tessera::ui {

class ErrorLabel;
class ReviewTableModel;
class TaskRunner;

// The supervisor's review of the day's batches: the open batches on the left with counts by
// state, the selected day's enrollments in a table, and the current record on the right.
// Decisions are queued with the keyboard (J/K or Down/Up, A, R, T) and committed together
// with the supervisor's password (Ctrl+Return), all or nothing. Closing the day produces the
// batch report, to save as PDF or print.
//
// The parts without widgets live in core/review: the queue (DecisionQueue) and the record pane's
// HTML (RecordRenderer); the table reads the queue through ReviewTableModel.
class ReviewPage : public QWidget {
    Q_OBJECT
public:
    ReviewPage(Station &station, TaskRunner &tasks, QWidget *parent = nullptr);

    // Reads the batches again (another clerk may have submitted meanwhile).
    void refresh();
    // The administrator installed programme rules: labels and reason codes follow them.
    void reloadProgramme();
    int pendingDecisionCount() const { return m_queue.size(); }
    QDate currentDay() const { return m_day; }

Q_SIGNALS:
    void statusMessage(const QString &message, int timeout);
    void decisionsCommitted(int count);
    void dayClosed(const QDate &day);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    // Checks the signed-in supervisor's password, its Argon2id on the worker thread, then
    // gives `apply` the unlocked check on this one. Fails when the check cannot begin (the
    // name is locked out, failures cannot be recorded).
    Result<void> checkPassword(SecureBuffer password, std::function<void(Session::PasswordCheck)> apply);
    void loadBatch();
    void sizeColumns();
    void showRecord();
    int currentRow() const;
    void setCurrentRow(int row);
    void moveBy(int delta);
    void queueApprove();
    // Approving an enrollment flagged "no_photo" asks first (Review refuses it otherwise).
    void confirmApproveWithoutPhoto(const EnrollmentSummary &summary);
    void askDecision(DecisionKind kind);
    void queue(const Decision &decision);
    void approveUnflagged();
    void commit();
    void closeDay();
    void offerReport(const BatchReport &report);
    void askPassword(const QString &title, const QString &text, std::function<void(SecureBuffer)> then);
    void setBusy(bool busy);
    void returnFocus();
    void updateActions();
    void offerNotice();

    Station &m_station;
    TaskRunner &m_tasks;
    std::optional<Programme> m_programme;
    std::optional<Review> m_review;
    QDate m_day;
    bool m_dayClosed = false;
    QSet<QDate> m_closedDays; // of the open batches listed: today once it is closed
    DecisionQueue m_queue;
    std::optional<RecordRenderer> m_renderer;
    bool m_busy = false;

    QLabel *m_noProgramme;
    QListWidget *m_batches;
    ReviewTableModel *m_model;
    QTableView *m_table;
    QLabel *m_ownNote;
    QTextBrowser *m_record;
    QPushButton *m_bulk;
    QPushButton *m_commit;
    QPushButton *m_close;
    QPushButton *m_notice;
    QWidget *m_splitter;
    ErrorLabel *m_error;
    QAction *m_next;
    QAction *m_previous;
    QAction *m_approve;
    QAction *m_reject;
    QAction *m_return;
    QAction *m_commitAction;
};

} // namespace tessera::ui
