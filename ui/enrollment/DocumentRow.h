#pragma once

#include "core/enrollment/Applicant.h"
#include "core/programme/Programme.h"

#include <QFrame>

class QCheckBox;
class QLabel;
class QLineEdit;
class QToolButton;

namespace tessera {
class Enrollments;
}

namespace tessera::ui {

class DateField;
class ErrorLabel;

// One document the applicant presented, asking only what scoring needs of its type: the
// expiry or issue date, whether it is machine readable, whether the caretaker presented it.
// Where the programme checks documents for duplicates, the number is typed into a
// password-style field, turned into a keyed fingerprint when the clerk leaves the field,
// and cleared at once: the number itself is never kept, not even in the widget.
class DocumentRow : public QFrame {
    Q_OBJECT
public:
    DocumentRow(const DocumentType &type, const QString &language, Enrollments &enrollments, QWidget *parent = nullptr);

    const QString &typeId() const { return m_type.id; }
    DocumentEntry entry() const;
    void setEntry(const DocumentEntry &entry);
    void setCaretakerPresent(bool present);
    void setAssessment(const QString &note, bool counts);
    // `part` is "" for the document as a whole, or "expiry" / "issued".
    void showProblem(const QString &part, const QString &message);
    void clearProblems();
    QWidget *firstInput() const;
    // What Tab visits in this row, in order: the date, machine readable, the number,
    // presented by caretaker, the remove button.
    QList<QWidget *> tabOrder() const;

Q_SIGNALS:
    void changed();
    void removeRequested();

private:
    void takeNumber();

    const DocumentType m_type;
    Enrollments &m_enrollments;
    DateField *m_date = nullptr;
    QCheckBox *m_machineReadable = nullptr;
    QCheckBox *m_byCaretaker;
    QLineEdit *m_number = nullptr;
    QLabel *m_checked = nullptr;
    QToolButton *m_remove;
    QLabel *m_note;
    ErrorLabel *m_error;
    QByteArray m_fingerprint;
};

} // namespace tessera::ui
