#pragma once

#include "core/enrollment/Enrollments.h"

#include <QPointer>
#include <QWidget>

#include <memory>
#include <optional>

class QAction;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTimer;

namespace tessera {
class EnrollmentPhotos;
class Station;
} // namespace tessera

namespace tessera::ui {

class ApplicantForm;
class DocumentsPanel;
class DraftsList;
class ErrorLabel;
class PhotoPanel;
class RuleTallyPanel;
class SubmittedDialog;
class TaskRunner;
class ReadDocumentDialog;
struct AcceptedDocumentValues;

// Enrollment at the counter, for clerks: the applicant's details and documents on the left
// and in the middle, the live tally of the programme's rules on the right. Everything typed
// is saved as a draft about a second after the last change, and whenever the clerk leaves
// (tab change, lock, sign-out), so nothing is lost. Submitting checks the fields, the rules
// and possible duplicates; a duplicate needs a supervisor, whose password is checked on the
// worker thread.
class EnrollmentPage : public QWidget {
    Q_OBJECT
public:
    EnrollmentPage(Station &station, TaskRunner &tasks, QWidget *parent = nullptr);
    ~EnrollmentPage() override;

    bool hasProgramme() const { return m_enrollments != nullptr; }
    Enrollments *enrollments() const { return m_enrollments.get(); }
    ApplicantForm *form() const { return m_form; }
    DocumentsPanel *documents() const { return m_documents; }
    RuleTallyPanel *tally() const { return m_tally; }
    PhotoPanel *photo() const { return m_photo; }
    qint64 draftId() const { return m_draftId; }
    EnrollmentDraft currentDraft() const;
    QList<QAction *> actions() const { return m_actions; }
    SubmittedDialog *submittedDialog() const;
    ReadDocumentDialog *readDocumentDialog() const;
    // Fills the form and adds a document from what the clerk accepted in the dialog.
    void applyDocumentValues(const AcceptedDocumentValues &values);

    // The clerk's language for programme texts: the UI locale's, if the programme has it.
    static QString languageFor(const Programme &programme);

public Q_SLOTS:
    // Saves the current draft now if anything changed since the last save (lock, sign-out).
    bool saveDraftNow();
    void newEnrollment();
    void submit();
    void showDrafts();
    void resumeDraft(qint64 id);
    // The photo step: shows it and puts the focus on its source picker (F3).
    void showPhotoStep();
    // "Read document…": reads a document image or typed zone lines; the values the clerk
    // ticks fill the form and add the document with its expiry (and machine readable).
    void readDocument();
    // The administrator installed rules: later enrollments use them (the form is rebuilt
    // after saving what was typed).
    void reloadProgramme();

Q_SIGNALS:
    void submitted(const QString &cardNumber);
    void statusMessage(const QString &message, int timeoutMs);

private:
    void build();
    void onChanged();
    void reassess();
    // Shows what keeps Submit from going through; false while anything does.
    bool showCorrections();
    void clearForm();
    void refreshDraftCount();
    void setBusy(bool busy);
    void runSubmit(EnrollmentDraft draft, std::optional<Enrollments::SupervisorOverride> override,
                   const std::vector<DuplicateHit> &hits);
    void showSubmitted(const EnrollmentDraft &draft, const QString &cardNumber);
    void askOverride(const EnrollmentDraft &draft, const std::vector<DuplicateHit> &hits, const QString &error);
    void onPhotoAccepted();
    void showApplicantPhoto(const QImage &crop);

    Station &m_station;
    TaskRunner &m_tasks;
    std::unique_ptr<Enrollments> m_enrollments;
    QStackedWidget *m_stack;
    QWidget *m_content = nullptr;
    QLabel *m_noProgramme;
    ApplicantForm *m_form = nullptr;
    DocumentsPanel *m_documents = nullptr;
    RuleTallyPanel *m_tally = nullptr;
    std::unique_ptr<EnrollmentPhotos> m_photos;
    PhotoPanel *m_photo = nullptr;
    QTabWidget *m_steps = nullptr;
    QLabel *m_applicantPhoto = nullptr;
    bool m_photoDirty = false; // an accepted photo not yet stored with the draft
    QLabel *m_draftStatus = nullptr;
    QLabel *m_returnNote = nullptr;
    ErrorLabel *m_submitError = nullptr;
    QPushButton *m_submitButton = nullptr;
    QPushButton *m_draftsButton = nullptr;
    QTimer *m_autosave;
    QList<QAction *> m_actions;
    QPointer<SubmittedDialog> m_submitted;
    QPointer<ReadDocumentDialog> m_readDocument;
    qint64 m_draftId = 0;
    bool m_dirty = false;
    bool m_busy = false;
    bool m_filling = false;
    QPointer<QWidget> m_firstProblem; // where the last showCorrections() found one
    QString m_photoProblem;           // why the last showCorrections() found the photo missing
    bool m_correcting = false;        // Submit was refused for the fields: the message follows them
};

} // namespace tessera::ui
