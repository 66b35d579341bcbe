#pragma once

#include "core/enrollment/Applicant.h"
#include "core/programme/Eligibility.h"

#include <QGroupBox>
#include <QList>

#include <vector>

class QLabel;
class QLineEdit;
class QListWidget;
class QVBoxLayout;

namespace tessera {
class Enrollments;
}

namespace tessera::ui {

class DocumentRow;
class ErrorLabel;

// The documents the applicant presented. A filter over the programme's list (by label in
// the clerk's language) picks each one: type a few letters, Enter adds the highlighted one
// and moves to what it asks. Rows come off with their ✕ button or the Delete key.
class DocumentsPanel : public QGroupBox {
    Q_OBJECT
public:
    DocumentsPanel(Enrollments &enrollments, QString language, QWidget *parent = nullptr);

    std::vector<DocumentEntry> entries() const;
    void setEntries(const std::vector<DocumentEntry> &entries);
    void clear();
    // Adds a row for the programme document `typeId`; returns it (null if unknown).
    DocumentRow *addDocument(const QString &typeId);
    void setCaretakerPresent(bool present);
    void setAssessments(const std::vector<DocumentAssessment> &assessments);
    // Shows validateDraft problems for "documents" and "documents[i]…"; returns the first
    // widget to focus, or null.
    QWidget *showProblems(const std::vector<FieldProblem> &problems);
    QLineEdit *filterField() const { return m_filter; }
    QListWidget *choices() const { return m_choices; }
    QList<DocumentRow *> rows() const { return m_rows; }

public Q_SLOTS:
    void focusFilter();

Q_SIGNALS:
    void changed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void applyFilter(const QString &text);
    void addCurrentChoice();
    void removeRow(DocumentRow *row);

    Enrollments &m_enrollments;
    QString m_language;
    QLineEdit *m_filter;
    QListWidget *m_choices;
    QWidget *m_rowsWidget;
    QVBoxLayout *m_rowsLayout;
    QLabel *m_empty;
    ErrorLabel *m_error;
    QList<DocumentRow *> m_rows;
    bool m_caretakerPresent = false;
};

} // namespace tessera::ui
