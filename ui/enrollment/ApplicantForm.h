#pragma once

#include "core/enrollment/Applicant.h"
#include "core/programme/Programme.h"

#include <QMap>
#include <QWidget>

#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;

namespace tessera {
class Enrollments;
}

namespace tessera::ui {

class DateField;
class ErrorLabel;

// The applicant's details, laid out for typing: one row per field the programme collects
// (and none for the rest), in the order a clerk reads them off a document. Each field is
// checked with the core's validateField when the clerk leaves it; the message appears
// under the field and the text stays as typed. Fields the programme holds only until the
// card is printed carry a marker saying so. The caretaker row appears for ages whose band
// allows or requires one.
class ApplicantForm : public QWidget {
    Q_OBJECT
public:
    ApplicantForm(const Enrollments &enrollments, QString language, QWidget *parent = nullptr);

    Applicant applicant() const;
    bool caretakerPresent() const;
    QString caretakerRelationship() const;
    // Fills the form from a draft (applicant and caretaker), without validating it.
    void setDraft(const EnrollmentDraft &draft);
    void clear();
    bool isBlank() const;

    // Shows problems from validateDraft at their fields; returns the first field with a
    // problem (to focus), or null. Problems for other parts (documents) are ignored.
    QWidget *showProblems(const std::vector<FieldProblem> &problems);
    void clearProblems();
    QWidget *firstField() const;
    // The first field, in the form's order, that is enabled and still empty (a line with no
    // text, a choice not made), or null: where the next value goes after a document was read.
    QWidget *firstEmptyField() const;

    // Marks fields whose values the clerk accepted from a document (Read document): a note
    // "from the document" beside each, naming `source` in its tooltip. A note goes when the
    // clerk changes its field, and all go when the form is filled again (setDraft, clear).
    void markFromDocument(const QList<Field> &fields, const QString &source);
    bool isMarkedFromDocument(Field field) const;
    // The marked fields and the source each was read from.
    QMap<Field, QString> documentMarks() const { return m_markSources; }

Q_SIGNALS:
    void changed();
    void caretakerChanged(bool present);

private:
    struct Row {
        QWidget *editor = nullptr;
        ErrorLabel *error = nullptr;
        QLabel *fromDocument = nullptr;
    };
    QWidget *addRow(Field field, const QString &label, QWidget *editor, QWidget *extra = nullptr);
    QLineEdit *addLine(Field field, const QString &label, const char *objectName, int maxLength,
                       QWidget *extra = nullptr);
    void addCaretakerRow();
    void validate(Field field);
    void revalidateIfShown(Field field);
    void updateAge();
    void unmarkFromDocument(Field field);

    const Enrollments &m_enrollments;
    const Programme &m_programme;
    QString m_language;
    QFormLayout *m_form;
    QMap<Field, Row> m_rows;
    QMap<Field, QString> m_markSources;
    QMap<Field, QLineEdit *> m_lines;
    DateField *m_birthDate = nullptr;
    QLabel *m_ageLabel = nullptr;
    QComboBox *m_gender = nullptr;
    QCheckBox *m_noFixedAddress = nullptr;
    QCheckBox *m_veteran = nullptr;
    QCheckBox *m_organDonor = nullptr;
    QComboBox *m_preferredLanguage = nullptr;
    QWidget *m_caretakerRow = nullptr;
    QLabel *m_caretakerLabel = nullptr;
    QCheckBox *m_caretakerPresent = nullptr;
    QComboBox *m_caretakerRelationship = nullptr;
    QLabel *m_caretakerHint = nullptr;
    ErrorLabel *m_caretakerError = nullptr;
    bool m_filling = false;
};

} // namespace tessera::ui
