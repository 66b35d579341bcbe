#include "app/tools/CounterPath.h"

#include "app/tools/DemoVideo.h"
#include "app/tools/SampleDocuments.h"
#include "core/capture/CameraChoice.h"
#include "core/store/StationSettings.h"
#include "ui/cards/CardsPage.h"
#include "ui/enrollment/DocumentsPanel.h"
#include "ui/enrollment/EnrollmentPage.h"
#include "ui/enrollment/PhotoPanel.h"
#include "ui/enrollment/ReadDocumentDialog.h"
#include "ui/enrollment/SubmittedDialog.h"
#include "ui/review/ReviewPage.h"
#include "ui/shell/MainWindow.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

namespace tessera::tools {

namespace {

// Worker tasks (reading the document, the camera, submitting) get this long.
constexpr int kTaskTimeoutMs = 60000;

QString focusName()
{
    const QWidget *w = QApplication::focusWidget();
    return w == nullptr ? QStringLiteral("(nothing)") : w->objectName();
}

Result<void> waitFor(const std::function<bool()> &done, const QString &what)
{
    if (QTest::qWaitFor(done, kTaskTimeoutMs))
        return {};
    return fail(ErrorCode::Internal, QStringLiteral("%1 did not happen (the focus is on %2)").arg(what, focusName()));
}

} // namespace

Result<void> setUpCounterDevices(Database &database, const QString &folder, const QImage &portrait)
{
    const QString video = QDir(folder).filePath(QStringLiteral("counter-camera.avi"));
    if (auto written = writeDemoVideo(portrait, video, 4, 5); !written)
        return written;
    StationSettings settings(database);
    if (auto saved = saveCameraChoice(settings, CameraChoice {0, QSize(1280, 720), video}); !saved)
        return saved;
    const QString scans = QDir(folder).filePath(QStringLiteral("scans"));
    if (!QDir().mkpath(scans))
        return fail(ErrorCode::Io, QStringLiteral("Could not make the scanner's folder %1.").arg(scans));
    const QImage scan = sample::inPhoto(sample::licenceBack(), sample::desk(2000, 1500, 1), 2000, 1500, 1);
    if (!scan.save(QDir(scans).filePath(QStringLiteral("scan-0001.png"))))
        return fail(ErrorCode::Io, QStringLiteral("Could not write the specimen scan in %1.").arg(scans));
    return settings.setDocumentImageFolder(scans);
}

Result<void> CounterPath::expectFocus(const char *objectName) const
{
    if (focusName() == QLatin1String(objectName))
        return {};
    return fail(ErrorCode::Internal,
                QStringLiteral("expected the focus on %1, it is on %2").arg(QLatin1String(objectName), focusName()));
}

Result<void> CounterPath::readLicence(ui::MainWindow &window)
{
    ui::EnrollmentPage *page = window.enrollmentPage();
    m_keys.key(Qt::Key_R, Qt::ControlModifier);
    if (auto up = waitFor(
            [&] {
                const QWidget *dialog = page->readDocumentDialog();
                return dialog != nullptr && dialog->isVisible() && QApplication::focusWidget() != nullptr
                    && dialog->isAncestorOf(QApplication::focusWidget());
            },
            QStringLiteral("Read document opening"));
        !up)
        return up;
    ui::ReadDocumentDialog *dialog = page->readDocumentDialog();
    if (auto f = expectFocus("openImagePushButton"); !f)
        return f;
    // Enter on "Open image…": the file dialog opens in the scanner's folder with the newest
    // scan selected, and Enter there opens it.
    Result<void> inFiles;
    m_keys.keyIntoModal(Qt::Key_Return, Qt::NoModifier, [&] {
        inFiles = waitFor(
            [] {
                QWidget *modal = QApplication::activeModalWidget();
                return qobject_cast<QFileDialog *>(modal) != nullptr && QApplication::focusWidget() != nullptr
                    && modal->isAncestorOf(QApplication::focusWidget());
            },
            QStringLiteral("the file dialog opening"));
        if (atPage)
            atPage(QStringLiteral("the file dialog"));
        m_keys.key(Qt::Key_Return);
    });
    if (!inFiles)
        return inFiles;
    if (auto read =
            waitFor([&] { return dialog->hasImage() && !dialog->isReading(); }, QStringLiteral("the licence read"));
        !read)
        return read;
    if (atPage)
        atPage(QStringLiteral("Read document"));
    // Enter: every value read, each shown beside its tick box first.
    m_keys.key(Qt::Key_Return);
    // The window has the keyboard again once the dialog is gone and it is active.
    return waitFor(
        [&] {
            if (page->readDocumentDialog() != nullptr)
                return false;
            // What a window manager does when a dialog closes; the offscreen platform does not.
            if (QApplication::activeWindow() == nullptr)
                window.activateWindow();
            return QApplication::focusWidget() != nullptr && window.isAncestorOf(QApplication::focusWidget());
        },
        QStringLiteral("Read document closing"));
}

Result<EnrollmentFigures> CounterPath::enroll(ui::MainWindow &window)
{
    ui::EnrollmentPage *page = window.enrollmentPage();
    if (page == nullptr)
        return fail(ErrorCode::PermissionDenied, QStringLiteral("the operator is not a clerk"));
    EnrollmentFigures figures;
    QElapsedTimer wall;
    wall.start();

    // Ctrl+N brings the enrollment page forward from any page, with an empty form.
    m_keys.step(QStringLiteral("new form"));
    m_keys.key(Qt::Key_N, Qt::ControlModifier);
    if (auto f = expectFocus("givenNamesLineEdit"); !f)
        return std::unexpected(f.error());

    m_keys.step(QStringLiteral("licence read: names, birth date, licence and expiry"));
    if (auto read = readLicence(window); !read)
        return std::unexpected(read.error());

    m_keys.step(QStringLiteral("applicant: gender"));
    if (auto f = expectFocus("genderComboBox"); !f)
        return std::unexpected(f.error());
    m_keys.typeAndTab(QStringLiteral("X"));

    m_keys.step(QStringLiteral("applicant: address"));
    if (auto f = expectFocus("addressLineEdit"); !f)
        return std::unexpected(f.error());
    m_keys.typeAndTab(QStringLiteral("742 Evergreen Terrace Apt 3"));
    m_keys.key(Qt::Key_Tab); // no fixed address
    m_keys.key(Qt::Key_Tab); // care of
    if (auto f = expectFocus("cityLineEdit"); !f)
        return std::unexpected(f.error());
    m_keys.typeAndTab(QStringLiteral("New York"));
    m_keys.typeAndTab(QStringLiteral("10027"));

    m_keys.step(QStringLiteral("document 2: utility bill"));
    m_keys.key(Qt::Key_F2);
    if (auto f = expectFocus("documentFilterLineEdit"); !f)
        return std::unexpected(f.error());
    m_keys.type(QStringLiteral("utility"));
    m_keys.key(Qt::Key_Return);
    if (page->documents()->rows().size() != 2)
        return fail(ErrorCode::Internal,
                    QStringLiteral("expected the licence and the utility bill, found %1 documents")
                        .arg(page->documents()->rows().size()));
    m_keys.typeAndTab(QStringLiteral("2026-11-02"));

    m_keys.step(QStringLiteral("photo from the station's camera"));
    m_keys.key(Qt::Key_F3); // the remembered camera starts, and takes the photo after good frames
    if (auto taken = waitFor([&] { return page->photo()->acceptedPhoto().has_value(); },
                             QStringLiteral("the photo being taken"));
        !taken)
        return std::unexpected(taken.error());
    if (atPage)
        atPage(QStringLiteral("Enroll, the photo taken"));

    m_keys.step(QStringLiteral("submit, close the receipt"));
    QElapsedTimer submitToEmpty;
    submitToEmpty.start();
    m_keys.key(Qt::Key_Return, Qt::ControlModifier);
    if (auto shown = waitFor([&] { return page->submittedDialog() != nullptr; }, QStringLiteral("the receipt showing"));
        !shown)
        return std::unexpected(shown.error());
    auto *given = page->findChild<QLineEdit *>(QStringLiteral("givenNamesLineEdit"));
    if (auto empty = waitFor([&] { return given->text().isEmpty() && page->documents()->rows().isEmpty(); },
                             QStringLiteral("the next empty form"));
        !empty)
        return std::unexpected(empty.error());
    figures.submitToEmptyMs = submitToEmpty.elapsed();
    if (atPage)
        atPage(QStringLiteral("the receipt"));
    m_keys.key(Qt::Key_Escape);
    figures.wallMs = wall.elapsed();
    return figures;
}

Result<void> CounterPath::dialogWithFocus(const char *objectName) const
{
    return waitFor(
        [objectName] {
            QWidget *modal = QApplication::activeModalWidget();
            return modal != nullptr && modal->objectName() == QLatin1String(objectName)
                && QApplication::focusWidget() != nullptr && modal->isAncestorOf(QApplication::focusWidget());
        },
        QStringLiteral("%1 opening").arg(QLatin1String(objectName)));
}

Result<void> CounterPath::approve(ui::MainWindow &window, const QString &password)
{
    ui::ReviewPage *page = window.reviewPage();
    if (page == nullptr)
        return fail(ErrorCode::PermissionDenied, QStringLiteral("the operator is not a supervisor"));
    m_keys.step(QStringLiteral("review: open the day's enrollments"));
    m_keys.key(Qt::Key_3, Qt::ControlModifier);
    m_keys.key(Qt::Key_O, Qt::AltModifier);
    if (auto f = expectFocus("enrollmentsTableView"); !f)
        return f;
    if (atPage)
        atPage(QStringLiteral("Review"));
    m_keys.step(QStringLiteral("review: approve, commit with the password"));
    m_keys.key(Qt::Key_A);
    if (page->pendingDecisionCount() != 1)
        return fail(ErrorCode::Internal,
                    QStringLiteral("A queued %1 decisions, not one").arg(page->pendingDecisionCount()));
    m_keys.key(Qt::Key_Return, Qt::ControlModifier);
    if (auto up = dialogWithFocus("reviewPasswordDialog"); !up)
        return up;
    if (atPage)
        atPage(QStringLiteral("the commit confirmation"));
    m_keys.type(password);
    m_keys.key(Qt::Key_Return);
    return waitFor([page] { return page->pendingDecisionCount() == 0 && QApplication::activeModalWidget() == nullptr; },
                   QStringLiteral("the approval being committed"));
}

Result<QString> CounterPath::printCard(ui::MainWindow &window)
{
    ui::CardsPage *page = window.cardsPage();
    if (page == nullptr)
        return fail(ErrorCode::PermissionDenied, QStringLiteral("the operator has no Cards page"));
    m_keys.step(QStringLiteral("cards: print the approved card"));
    m_keys.key(Qt::Key_4, Qt::ControlModifier);
    const std::optional<CardRecord> card = page->currentCard();
    if (!card)
        return fail(ErrorCode::NotFound, QStringLiteral("Cards selected no card"));
    if (atPage)
        atPage(QStringLiteral("Cards"));
    QSignalSpy finished(page, &ui::CardsPage::printFinished);
    // Once the card is out, the page asks whether it came out right, in a message box with its
    // own event loop: a timer, which fires inside that loop too, answers Yes (Alt+Y) when it is up.
    bool answered = false;
    QTimer answer;
    answer.setInterval(20);
    QObject::connect(&answer, &QTimer::timeout, [&] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (box == nullptr || QApplication::focusWidget() == nullptr || !box->isAncestorOf(QApplication::focusWidget()))
            return;
        answer.stop();
        if (atPage)
            atPage(QStringLiteral("the print confirmation"));
        m_keys.key(Qt::Key_Y, Qt::AltModifier);
        answered = true;
    });
    answer.start();
    m_keys.key(Qt::Key_P, Qt::AltModifier);
    if (!finished.wait(kTaskTimeoutMs) && finished.isEmpty())
        return fail(ErrorCode::Internal,
                    QStringLiteral("the print did not finish (the focus is on %1)").arg(focusName()));
    if (!answered)
        return fail(ErrorCode::Internal, QStringLiteral("the print was not confirmed"));
    return card->cardNumber;
}

} // namespace tessera::tools
