#include "ui/enrollment/EnrollmentPage.h"

#include "core/capture/CameraChoice.h"
#include "core/capture/FrameSource.h"
#include "core/document/DocumentCamera.h"
#include "core/enrollment/EnrollmentPhotos.h"
#include "core/programme/ProgrammeStore.h"
#include "core/station/Station.h"
#include "ui/common/ErrorLabel.h"
#include "ui/common/Shortcuts.h"
#include "ui/common/TaskRunner.h"
#include "ui/enrollment/ApplicantForm.h"
#include "ui/enrollment/DocumentRow.h"
#include "ui/enrollment/DocumentsPanel.h"
#include "ui/enrollment/DraftsList.h"
#include "ui/enrollment/DuplicateOverrideDialog.h"
#include "ui/enrollment/PhotoPanel.h"
#include "ui/enrollment/ReadDocumentDialog.h"
#include "ui/enrollment/RuleTallyPanel.h"
#include "ui/enrollment/SubmittedDialog.h"

#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableWidget>
#include <QTime>
#include <QTimer>
#include <QVBoxLayout>

namespace tessera::ui {

namespace {

// Drafts save this long after the last keystroke: often enough that a crash loses a few
// words at most, rarely enough that typing never waits on the store.
constexpr int kAutosaveDelayMs = 1000;

QScrollArea *scrolling(QWidget *inner, QWidget *parent)
{
    auto *area = new QScrollArea(parent);
    area->setWidget(inner);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    return area;
}

} // namespace

QString EnrollmentPage::languageFor(const Programme &programme)
{
    QString ui = QLocale().name().section(QLatin1Char('_'), 0, 0);
    if (programme.languages.contains(ui))
        return ui;
    if (programme.languages.contains(QStringLiteral("en")))
        return QStringLiteral("en");
    return programme.languages.value(0);
}

EnrollmentPage::EnrollmentPage(Station &station, TaskRunner &tasks, QWidget *parent)
    : QWidget(parent)
    , m_station(station)
    , m_tasks(tasks)
    , m_stack(new QStackedWidget(this))
    , m_noProgramme(new QLabel(this))
    , m_autosave(new QTimer(this))
{
    setObjectName(QStringLiteral("enrollmentPageWidget"));
    m_noProgramme->setObjectName(QStringLiteral("noProgrammeLabel"));
    m_noProgramme->setAlignment(Qt::AlignCenter);
    m_noProgramme->setWordWrap(true);
    m_stack->addWidget(m_noProgramme);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    m_autosave->setSingleShot(true);
    m_autosave->setInterval(kAutosaveDelayMs);
    connect(m_autosave, &QTimer::timeout, this, &EnrollmentPage::saveDraftNow);

    auto addAction = [this](const QString &text, const char *name, const QList<QKeySequence> &keys, auto slot) {
        auto *action = new QAction(text, this);
        action->setObjectName(QString::fromLatin1(name));
        action->setShortcuts(keys);
        connect(action, &QAction::triggered, this, slot);
        m_actions << action;
        return action;
    };
    addAction(tr("&New enrollment"), "newEnrollmentAction", shortcutKeys(ShortcutId::NewEnrollment),
              &EnrollmentPage::newEnrollment);
    addAction(tr("&Submit enrollment"), "submitEnrollmentAction", shortcutKeys(ShortcutId::SubmitEnrollment),
              &EnrollmentPage::submit);
    addAction(tr("Save &draft now"), "saveDraftAction", shortcutKeys(ShortcutId::SaveDraft),
              &EnrollmentPage::saveDraftNow);
    addAction(tr("Add a d&ocument"), "findDocumentAction", shortcutKeys(ShortcutId::FindDocument), [this] {
        if (m_documents) {
            m_steps->setCurrentIndex(0);
            m_documents->focusFilter();
        }
    });
    addAction(tr("Take the &photo"), "photoStepAction", shortcutKeys(ShortcutId::PhotoStep),
              &EnrollmentPage::showPhotoStep);
    addAction(tr("&My drafts and returned…"), "showDraftsAction", shortcutKeys(ShortcutId::ShowDrafts),
              &EnrollmentPage::showDrafts);
    addAction(tr("&Read document…"), "readDocumentAction", shortcutKeys(ShortcutId::ReadDocument),
              &EnrollmentPage::readDocument);

    reloadProgramme();
}

EnrollmentPage::~EnrollmentPage() = default;

SubmittedDialog *EnrollmentPage::submittedDialog() const
{
    return m_submitted;
}

ReadDocumentDialog *EnrollmentPage::readDocumentDialog() const
{
    return m_readDocument;
}

void EnrollmentPage::readDocument()
{
    if (!m_enrollments || m_readDocument)
        return;
    auto *dialog = new ReadDocumentDialog(m_enrollments->programme(), languageFor(m_enrollments->programme()),
                                          m_station.clock(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    std::optional<int> photoCamera;
    StationSettings stationSettings(m_station.database());
    if (auto choice = loadCameraChoice(stationSettings); choice && *choice && (*choice)->videoFile.isEmpty())
        photoCamera = (*choice)->index;
    dialog->setCameraOpener([photoCamera] { return openDocumentCamera(photoCamera); });
    if (auto folder = stationSettings.documentImageFolder(); folder)
        dialog->setImageFolder(*folder);
    connect(dialog, &ReadDocumentDialog::imageFolderChosen, this, [this](const QString &folder) {
        StationSettings settings(m_station.database());
        // Only a convenience: the clerk is told, and the image opens anyway.
        if (auto saved = settings.setDocumentImageFolder(folder); !saved)
            Q_EMIT statusMessage(tr("The scanner's folder could not be remembered: %1").arg(saved.error().message),
                                 8000);
    });
    m_readDocument = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog] { applyDocumentValues(dialog->accepted()); });
    dialog->open();
}

void EnrollmentPage::applyDocumentValues(const AcceptedDocumentValues &values)
{
    if (!m_form)
        return;
    EnrollmentDraft draft = currentDraft();
    QList<Field> filled;
    QStringList names;
    if (values.familyName) {
        draft.applicant.familyName = *values.familyName;
        filled << Field::FamilyName;
        names << tr("family name");
    }
    if (values.givenNames) {
        draft.applicant.givenNames = *values.givenNames;
        filled << Field::GivenNames;
        names << tr("given names");
    }
    if (values.birthDate) {
        draft.applicant.birthDate = *values.birthDate;
        filled << Field::BirthDate;
        names << tr("date of birth");
    }
    // Filling the form clears its marks: keep those of an earlier document this one leaves alone.
    const QMap<Field, QString> earlier = m_form->documentMarks();
    m_form->setDraft(draft);
    for (auto it = earlier.begin(); it != earlier.end(); ++it)
        if (!filled.contains(it.key()))
            m_form->markFromDocument({it.key()}, it.value());
    m_form->markFromDocument(filled, values.source);
    if (!values.documentTypeId.isEmpty()) {
        m_steps->setCurrentIndex(0);
        if (DocumentRow *row = m_documents->addDocument(values.documentTypeId)) {
            DocumentEntry entry = row->entry();
            if (values.expiry)
                entry.presented.expiry = values.expiry;
            entry.presented.machineReadable = values.machineReadable;
            row->setEntry(entry);
            names << tr("the document");
        }
    }
    onChanged();
    // The clerk goes on where the document left off: the first field it did not fill.
    if (!filled.isEmpty())
        if (QWidget *next = m_form->firstEmptyField()) {
            m_steps->setCurrentIndex(0);
            next->setFocus(Qt::OtherFocusReason);
        }
    if (!names.isEmpty())
        Q_EMIT statusMessage(tr("From %1: %2.").arg(values.source, names.join(QStringLiteral(", "))), 8000);
}

void EnrollmentPage::reloadProgramme()
{
    if (m_enrollments)
        saveDraftNow();
    auto active = activeProgramme(m_station.database());
    if (!active || !active->has_value()) {
        m_noProgramme->setText(!active ? active.error().message
                                       : tr("No programme rules are loaded at this station yet.\n"
                                            "An administrator loads them under Administration, Programme rules."));
        m_stack->setCurrentWidget(m_noProgramme);
        for (QAction *a : std::as_const(m_actions))
            a->setEnabled(false);
        return;
    }
    // The widgets refer to the old rules: they go first.
    delete m_content;
    m_content = nullptr;
    m_enrollments = std::make_unique<Enrollments>(m_station.access(), std::move(**active));
    build();
    for (QAction *a : std::as_const(m_actions))
        a->setEnabled(true);
    clearForm();
}

void EnrollmentPage::build()
{
    const Programme &programme = m_enrollments->programme();
    const QString language = languageFor(programme);
    m_content = new QWidget(m_stack);
    m_form = new ApplicantForm(*m_enrollments, language);
    m_documents = new DocumentsPanel(*m_enrollments, language);
    m_tally = new RuleTallyPanel(programme, language, m_content);
    m_photos = std::make_unique<EnrollmentPhotos>(m_station.access(), programme);
    m_photo = new PhotoPanel(programme, language);
    StationSettings stationSettings(m_station.database());
    auto remembered = loadCameraChoice(stationSettings);
    m_photo->setCameras(listCameras(), remembered ? *remembered : std::nullopt);

    auto *applicantBox = new QGroupBox(tr("Applicant"));
    applicantBox->setObjectName(QStringLiteral("applicantGroupBox"));
    auto *applicantLayout = new QVBoxLayout(applicantBox);
    m_applicantPhoto = new QLabel(applicantBox);
    m_applicantPhoto->setObjectName(QStringLiteral("applicantPhotoLabel"));
    m_applicantPhoto->setAccessibleName(tr("Card photo"));
    applicantLayout->addWidget(m_applicantPhoto);
    applicantLayout->addWidget(m_form);
    applicantLayout->addStretch(1);
    auto *documentsHolder = new QWidget;
    auto *documentsLayout = new QVBoxLayout(documentsHolder);
    documentsLayout->setContentsMargins(0, 0, 0, 0);
    auto *readButton = new QPushButton(tr("Read document…"), documentsHolder);
    readButton->setObjectName(QStringLiteral("readDocumentPushButton"));
    readButton->setToolTip(tr("Prefill from a licence's barcode or a passport's machine readable zone; "
                              "you confirm each value (Ctrl+R)"));
    readButton->setAutoDefault(false);
    connect(readButton, &QPushButton::clicked, this, &EnrollmentPage::readDocument);
    documentsLayout->addWidget(readButton, 0, Qt::AlignLeft);
    documentsLayout->addWidget(m_documents);
    documentsLayout->addStretch(1);

    auto *splitter = new QSplitter(Qt::Horizontal, m_content);
    splitter->setObjectName(QStringLiteral("enrollmentSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(scrolling(applicantBox, splitter));
    // Documents and the photo are two steps of the middle column (F2, F3).
    m_steps = new QTabWidget(splitter);
    m_steps->setObjectName(QStringLiteral("enrollmentStepsTabWidget"));
    m_steps->addTab(scrolling(documentsHolder, m_steps), tr("Documents (F2)"));
    auto *photoHolder = new QWidget;
    auto *photoLayout = new QVBoxLayout(photoHolder);
    photoLayout->addWidget(m_photo);
    photoLayout->addStretch(1);
    m_steps->addTab(scrolling(photoHolder, m_steps), tr("Photo (F3)"));
    splitter->addWidget(m_steps);
    splitter->addWidget(m_tally);
    splitter->setStretchFactor(0, 5);
    splitter->setStretchFactor(1, 4);
    splitter->setStretchFactor(2, 4);

    m_draftStatus = new QLabel(m_content);
    m_draftStatus->setObjectName(QStringLiteral("draftStatusLabel"));
    m_draftStatus->setStyleSheet(QStringLiteral("color: palette(dark);"));
    m_submitError = new ErrorLabel(m_content);
    m_submitError->setObjectName(QStringLiteral("submitErrorLabel"));
    m_draftsButton = new QPushButton(m_content);
    m_draftsButton->setObjectName(QStringLiteral("draftsPushButton"));
    m_draftsButton->setToolTip(tr("Your drafts, and enrollments returned to you for correction (Ctrl+O)"));
    auto *newButton = new QPushButton(tr("New"), m_content);
    newButton->setObjectName(QStringLiteral("newEnrollmentPushButton"));
    newButton->setToolTip(tr("Start the next applicant; this one is kept as a draft (Ctrl+N)"));
    m_submitButton = new QPushButton(tr("Submit"), m_content);
    m_submitButton->setObjectName(QStringLiteral("submitPushButton"));
    m_submitButton->setToolTip(tr("Check and submit for a supervisor's review (Ctrl+Enter)"));
    m_submitButton->setDefault(false);
    m_submitButton->setAutoDefault(false);
    QFont bold = m_submitButton->font();
    bold.setBold(true);
    m_submitButton->setFont(bold);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(12, 0, 12, 8);
    bar->addWidget(m_draftStatus);
    bar->addWidget(m_submitError, 1);
    bar->addStretch(1);
    bar->addWidget(m_draftsButton);
    bar->addWidget(newButton);
    bar->addWidget(m_submitButton);

    // A returned enrollment says, above the form, what the supervisor asked to correct.
    m_returnNote = new QLabel(m_content);
    m_returnNote->setObjectName(QStringLiteral("returnNoteLabel"));
    m_returnNote->setWordWrap(true);
    m_returnNote->setTextFormat(Qt::PlainText);
    m_returnNote->setStyleSheet(
        QStringLiteral("background: #fff4ce; color: #3b2f00; border: 1px solid #e0c96a; padding: 6px;"));
    m_returnNote->hide();

    auto *layout = new QVBoxLayout(m_content);
    layout->setContentsMargins(8, 8, 8, 0);
    layout->addWidget(m_returnNote);
    layout->addWidget(splitter, 1);
    layout->addLayout(bar);
    m_stack->addWidget(m_content);
    m_stack->setCurrentWidget(m_content);

    // Tab goes from the form to the documents; the tally has nothing to type into.
    if (QWidget *first = m_form->firstField())
        setFocusProxy(first);

    connect(m_form, &ApplicantForm::changed, this, &EnrollmentPage::onChanged);
    connect(m_form, &ApplicantForm::caretakerChanged, m_documents, &DocumentsPanel::setCaretakerPresent);
    connect(m_documents, &DocumentsPanel::changed, this, &EnrollmentPage::onChanged);
    connect(newButton, &QPushButton::clicked, this, &EnrollmentPage::newEnrollment);
    connect(m_submitButton, &QPushButton::clicked, this, &EnrollmentPage::submit);
    connect(m_draftsButton, &QPushButton::clicked, this, &EnrollmentPage::showDrafts);
    connect(m_photo, &PhotoPanel::photoAccepted, this, &EnrollmentPage::onPhotoAccepted);
    // A reason for no photo is part of the draft, and answers Submit's "no accepted photo".
    connect(m_photo, &PhotoPanel::noPhotoReasonChosen, this, &EnrollmentPage::onChanged);
    connect(m_photo, &PhotoPanel::cameraChosen, this, [this](const CameraChoice &choice) {
        if (m_busy || m_tasks.stationLent())
            return; // the store is in use on the worker thread; the choice is asked again next time
        StationSettings settings(m_station.database());
        if (auto saved = saveCameraChoice(settings, choice); !saved)
            Q_EMIT statusMessage(tr("The camera choice was not remembered: %1").arg(saved.error().message), 6000);
    });
}

void EnrollmentPage::showPhotoStep()
{
    if (!m_steps)
        return;
    m_steps->setCurrentWidget(m_steps->widget(1));
    m_photo->findChild<QWidget *>(QStringLiteral("photoSourceComboBox"))->setFocus(Qt::ShortcutFocusReason);
    m_photo->startIfIdle(); // the next applicant's preview, when the step was left open
}

void EnrollmentPage::showApplicantPhoto(const QImage &crop)
{
    if (crop.isNull()) {
        m_applicantPhoto->setPixmap({});
        m_applicantPhoto->setText(tr("No photo yet: Photo step (F3)"));
        return;
    }
    m_applicantPhoto->setPixmap(QPixmap::fromImage(crop.scaledToWidth(96, Qt::SmoothTransformation)));
}

void EnrollmentPage::onPhotoAccepted()
{
    const auto &photo = m_photo->acceptedPhoto();
    if (!photo)
        return;
    showApplicantPhoto(photo->crop);
    m_photoDirty = true;
    m_dirty = true;
    saveDraftNow();
    if (m_correcting)
        showCorrections();
}

EnrollmentDraft EnrollmentPage::currentDraft() const
{
    EnrollmentDraft d;
    d.id = m_draftId;
    if (!m_form)
        return d;
    d.applicant = m_form->applicant();
    d.documents = m_documents->entries();
    d.caretakerPresent = m_form->caretakerPresent();
    d.caretakerRelationship = m_form->caretakerRelationship();
    d.noPhotoReason = m_photo->noPhotoReason();
    return d;
}

void EnrollmentPage::onChanged()
{
    if (m_filling)
        return;
    m_dirty = true;
    m_autosave->start();
    reassess();
    if (m_correcting)
        showCorrections();
}

void EnrollmentPage::reassess()
{
    if (!m_enrollments)
        return;
    const EnrollmentDraft draft = currentDraft();
    const Eligibility e = m_enrollments->assess(draft, languageFor(m_enrollments->programme()));
    std::vector<PresentedDocument> presented;
    presented.reserve(draft.documents.size());
    for (const DocumentEntry &d : draft.documents)
        presented.push_back(d.presented);
    m_tally->showEligibility(e, presented, draft.applicant.birthDate.isValid(),
                             !m_form->isBlank() || !draft.documents.empty());
    m_documents->setAssessments(e.documents);
}

bool EnrollmentPage::showCorrections()
{
    // After a refused Submit the message and the red marks follow what the clerk corrects, and
    // go when nothing is left (they stayed, "1 thing to correct", over a corrected form).
    const EnrollmentDraft draft = currentDraft();
    const std::vector<FieldProblem> problems = m_enrollments->validate(draft);
    QWidget *first = m_form->showProblems(problems);
    QWidget *firstDocument = m_documents->showProblems(problems);
    m_firstProblem = first != nullptr ? first : firstDocument;
    if (!problems.empty()) {
        m_submitError->showMessage(
            problems.size() == 1 ? tr("Not submitted: 1 thing to correct, marked in red.")
                                 : tr("Not submitted: %1 things to correct, marked in red.").arg(problems.size()));
        return false;
    }
    const Eligibility e = m_enrollments->assess(draft, languageFor(m_enrollments->programme()));
    if (!e.eligible) {
        QStringList missing;
        for (const RuleAssessment &r : e.rules)
            if (!r.met)
                missing << r.why;
        missing << e.problems;
        m_submitError->showMessage(
            tr("Not submitted: the programme's rules are not met yet. %1").arg(missing.join(QLatin1Char(' '))));
        return false;
    }
    // No card without a photo; the message goes once a photo is accepted (or a programme's
    // reason for none is chosen), like the others.
    m_photoProblem.clear();
    if (auto photo = m_enrollments->photoReady(draft); !photo) {
        m_photoProblem = photo.error().message;
        m_submitError->showMessage(tr("Not submitted: %1").arg(m_photoProblem));
        return false;
    }
    m_correcting = false;
    m_submitError->clearMessage();
    return true;
}

bool EnrollmentPage::saveDraftNow()
{
    m_autosave->stop();
    if (!m_enrollments || !m_dirty)
        return true;
    if (m_busy || m_tasks.stationLent()) {
        m_autosave->start(); // the station is in use on the worker thread: try again shortly
        return false;
    }
    EnrollmentDraft draft = currentDraft();
    if (draft.id == 0 && m_form->isBlank() && draft.documents.empty() && !m_photoDirty) {
        m_dirty = false;
        return true;
    }
    const bool created = draft.id == 0;
    if (auto saved = m_enrollments->saveDraft(draft); !saved) {
        m_draftStatus->setStyleSheet(QStringLiteral("color: #b00020;"));
        m_draftStatus->setText(tr("Draft not saved: %1").arg(saved.error().message));
        return false;
    }
    m_draftId = draft.id;
    m_dirty = false;
    // The photo goes with the draft it belongs to, once the draft has an id.
    if (m_photoDirty && m_photo->acceptedPhoto()) {
        const AcceptedPhoto &photo = *m_photo->acceptedPhoto();
        if (auto stored = m_photos->setPhoto(draft.id, photo.jpeg, photo.assessment, photo.overrides, photo.automatic);
            !stored) {
            m_draftStatus->setStyleSheet(QStringLiteral("color: #b00020;"));
            m_draftStatus->setText(tr("Photo not saved: %1").arg(stored.error().message));
            return false;
        }
        m_photoDirty = false;
    }
    m_draftStatus->setStyleSheet(QStringLiteral("color: palette(dark);"));
    m_draftStatus->setText(tr("Draft saved %1").arg(QLocale().toString(QTime::currentTime(), QLocale::ShortFormat)));
    if (created)
        refreshDraftCount();
    return true;
}

void EnrollmentPage::clearForm()
{
    if (!m_form)
        return;
    m_filling = true;
    m_form->clear();
    m_documents->clear();
    m_documents->setCaretakerPresent(false);
    m_photo->reset();
    showApplicantPhoto({});
    m_photoDirty = false;
    m_filling = false;
    m_draftId = 0;
    m_dirty = false;
    m_autosave->stop();
    m_correcting = false;
    m_submitError->clearMessage();
    m_draftStatus->setText(tr("New applicant"));
    m_returnNote->hide();
    m_draftStatus->setStyleSheet(QStringLiteral("color: palette(dark);"));
    refreshDraftCount();
    reassess();
    if (QWidget *first = m_form->firstField())
        first->setFocus(Qt::OtherFocusReason);
}

void EnrollmentPage::refreshDraftCount()
{
    auto all = m_enrollments->list(std::nullopt, true);
    int n = 0;
    if (all)
        for (const EnrollmentSummary &s : *all)
            n += (s.state == EnrollmentState::Draft || s.state == EnrollmentState::Returned) ? 1 : 0;
    m_draftsButton->setText(tr("My drafts (%1)…").arg(n));
}

void EnrollmentPage::newEnrollment()
{
    if (!m_enrollments || m_busy)
        return;
    const bool hadWork = m_draftId != 0 || m_dirty;
    if (!saveDraftNow())
        return; // the message says why; what was typed stays on screen
    clearForm();
    if (hadWork)
        Q_EMIT statusMessage(tr("The previous applicant is kept in My drafts."), 6000);
}

void EnrollmentPage::resumeDraft(qint64 id)
{
    if (!m_enrollments || m_busy)
        return;
    if (id != m_draftId && !saveDraftNow())
        return;
    auto loaded = m_enrollments->loadDraft(id);
    if (!loaded) {
        m_submitError->showMessage(loaded.error().message);
        return;
    }
    m_filling = true;
    m_form->setDraft(*loaded);
    m_documents->setCaretakerPresent(m_form->caretakerPresent());
    m_documents->setEntries(loaded->documents);
    m_photo->reset();
    m_photoDirty = false;
    showApplicantPhoto({});
    if (auto stored = m_photos->photo(id); stored && *stored) {
        const QImage crop = QImage::fromData((*stored)->jpeg, "JPEG");
        m_photo->showStoredPhoto(crop, (*stored)->overrides, (*stored)->automatic);
        showApplicantPhoto(crop);
    }
    m_filling = false;
    m_draftId = id;
    m_dirty = false;
    m_correcting = false;
    m_submitError->clearMessage();
    m_draftStatus->setText(tr("Draft resumed"));
    const auto rec = m_enrollments->record(id);
    const QString note = rec ? rec->summary.returnNote : QString();
    m_returnNote->setText(tr("Returned by the supervisor for correction: %1\nCorrect it and submit again.").arg(note));
    m_returnNote->setVisible(rec && rec->summary.state == EnrollmentState::Returned);
    reassess();
    if (QWidget *first = m_form->firstField())
        first->setFocus(Qt::OtherFocusReason);
}

void EnrollmentPage::showDrafts()
{
    if (!m_enrollments || m_busy)
        return;
    saveDraftNow();
    auto *dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("draftsDialog"));
    dialog->setWindowTitle(tr("My drafts and returned enrollments"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto *list = new DraftsList(*m_enrollments, dialog);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(list);
    layout->addWidget(close);
    connect(close, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(list, &DraftsList::resumeRequested, this, [this, dialog](qint64 id) {
        dialog->accept();
        resumeDraft(id);
    });
    connect(list, &DraftsList::discarded, this, [this](qint64 id) {
        if (id == m_draftId)
            clearForm(); // the draft on screen is gone: start afresh rather than write it again
        else
            refreshDraftCount();
    });
    dialog->resize(560, 360);
    dialog->open();
    list->table()->setFocus();
}

void EnrollmentPage::setBusy(bool busy)
{
    m_busy = busy;
    if (m_content)
        m_content->setEnabled(!busy);
    for (QAction *a : std::as_const(m_actions))
        a->setEnabled(!busy && m_enrollments);
    if (m_submitButton)
        m_submitButton->setText(busy ? tr("Submitting…") : tr("Submit"));
}

void EnrollmentPage::submit()
{
    if (!m_enrollments || m_busy)
        return;
    m_autosave->stop();
    m_submitError->clearMessage();
    if (m_photoDirty && !saveDraftNow())
        return; // the draft status says why the photo could not be stored
    m_correcting = true;
    if (!showCorrections()) {
        if (!m_photoProblem.isEmpty()) {
            // No card without a photo: the clerk is taken to the Photo step, with the reason there.
            showPhotoStep();
            m_photo->showSubmitProblem(m_photoProblem);
        } else if (m_firstProblem) {
            m_firstProblem->setFocus(Qt::OtherFocusReason);
        }
        return;
    }
    EnrollmentDraft draft = currentDraft();
    auto hits = m_enrollments->possibleDuplicates(draft);
    if (!hits) {
        m_submitError->showMessage(hits.error().message);
        return;
    }
    if (!hits->empty()) {
        askOverride(draft, *hits, QString());
        return;
    }
    runSubmit(std::move(draft), std::nullopt, {});
}

void EnrollmentPage::askOverride(const EnrollmentDraft &draft, const std::vector<DuplicateHit> &hits,
                                 const QString &error)
{
    auto *dialog =
        new DuplicateOverrideDialog(m_enrollments->programme(), languageFor(m_enrollments->programme()), hits, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!error.isEmpty())
        dialog->showError(error);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog, draft, hits] { runSubmit(draft, dialog->takeOverride(), hits); });
    connect(dialog, &QDialog::rejected, this, [this] {
        m_submitError->showMessage(
            tr("Not submitted: a possible duplicate needs a supervisor. The enrollment is kept as a draft."));
        m_dirty = true;
        saveDraftNow();
    });
    dialog->open();
}

void EnrollmentPage::runSubmit(EnrollmentDraft draft, std::optional<Enrollments::SupervisorOverride> override,
                               const std::vector<DuplicateHit> &hits)
{
    const bool overriding = override.has_value();
    setBusy(true);
    // Submitting checks the supervisor's password (Argon2id, about half a second) and writes
    // in one transaction: on the worker thread, so the window stays responsive, with the
    // Station lent to it (the password is checked inside the submission's transaction).
    m_tasks.lend(
        m_station, this,
        [enrollments = m_enrollments.get(), draft = std::move(draft),
         override = std::move(override)](Station &) mutable {
            auto result = enrollments->submit(draft, std::move(override));
            return std::make_pair(std::move(result), std::move(draft));
        },
        [this, hits, overriding](const std::pair<Result<Enrollments::Submitted>, EnrollmentDraft> &outcome) {
            setBusy(false);
            const auto &[result, submittedDraft] = outcome;
            if (!result) {
                const ErrorCode code = result.error().code;
                if (overriding
                    && (code == ErrorCode::AuthFailed || code == ErrorCode::PermissionDenied
                        || code == ErrorCode::LockedOut || code == ErrorCode::InvalidInput)) {
                    askOverride(submittedDraft, hits, result.error().message);
                    return;
                }
                m_submitError->showMessage(tr("Not submitted: %1").arg(result.error().message));
                m_dirty = true;
                m_autosave->start();
                return;
            }
            showSubmitted(submittedDraft, result->cardNumber);
            Q_EMIT submitted(result->cardNumber);
            clearForm();
        });
}

void EnrollmentPage::showSubmitted(const EnrollmentDraft &draft, const QString &cardNumber)
{
    auto record = m_enrollments->record(draft.id);
    auto info = m_station.info();
    if (!record || !info) {
        QMessageBox::information(this, tr("Enrollment submitted"),
                                 tr("Submitted. The card number is %1. The receipt cannot be made: %2")
                                     .arg(cardNumber, !record ? record.error().message : info.error().message));
        return;
    }
    ReceiptContent content =
        receiptFor(m_enrollments->programme(), *record, info->name, info->code, draft.applicant.preferredLanguage);
    if (m_submitted)
        m_submitted->close();
    m_submitted = new SubmittedDialog(m_enrollments->programme(), std::move(content), this);
    m_submitted->setAttribute(Qt::WA_DeleteOnClose);
    m_submitted->open();
}

} // namespace tessera::ui
