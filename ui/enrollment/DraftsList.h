#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;

namespace tessera {
class Enrollments;
}

namespace tessera::ui {

class ErrorLabel;

// The signed-in clerk's own unfinished work: drafts, and enrollments a supervisor returned
// for correction. Resume opens one in the form; Discard deletes a draft after asking.
class DraftsList : public QWidget {
    Q_OBJECT
public:
    explicit DraftsList(Enrollments &enrollments, QWidget *parent = nullptr);

    int count() const;
    QTableWidget *table() const { return m_table; }

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    void resumeRequested(qint64 id);
    void discarded(qint64 id);

private:
    qint64 currentId() const;
    void resume();
    void discard();

    Enrollments &m_enrollments;
    QTableWidget *m_table;
    QPushButton *m_resumeButton;
    QPushButton *m_discardButton;
    ErrorLabel *m_error;
    QLabel *m_empty;
};

} // namespace tessera::ui
