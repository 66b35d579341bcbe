// Reading a document at the counter: the clerk opens an image (here handed to the dialog as
// the file button would), sees the values read, ticks those to use; only those fill the
// form and the document row. The image is gone when the dialog closes.
#include "tests/support/TestSupport.h"
#include "tests/ui/UiTestSupport.h"

#include "app/tools/SampleDocuments.h"
#include "core/capture/FrameSource.h"
#include "core/document/Pdf417.h"
#include "core/programme/ProgrammeStore.h"
#include "ui/enrollment/ApplicantForm.h"
#include "ui/enrollment/DocumentRow.h"
#include "ui/enrollment/DocumentsPanel.h"
#include "ui/enrollment/EnrollmentPage.h"
#include "ui/enrollment/ReadDocumentDialog.h"
#include "ui/shell/MainWindow.h"

#include <catch2/catch.hpp>

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMultiMap>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QTabWidget>
#include <QTest>

using namespace tessera;
using namespace tessera::uitest;
using namespace tessera::ui;

namespace {

struct Counter {
    test::TestStation ts;
    std::unique_ptr<MainWindow> window;
    EnrollmentPage *page = nullptr;

    // `familyName`: the programme's retention class for the family name.
    explicit Counter(const char *familyName = "stored")
    {
        ts.clock.set(QDateTime(QDate(2026, 11, 23), QTime(15, 0), Qt::UTC));
        auto rules = test::readFile(QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/points-based.json"));
        rules.replace(QByteArray("\"family_name\": \"stored\""),
                      QByteArray(QByteArray("\"family_name\": \"") + familyName + '"'));
        REQUIRE(installProgramme(ts.station->access(), rules));
        ts.addOperator(QStringLiteral("carla"), Role::Clerk);
        auto station = Station::login(ts.path(), QStringLiteral("carla"), test::secret(test::kClerkPassword), ts.clock);
        REQUIRE(station);
        window = std::make_unique<MainWindow>(std::move(*station), ts.clock);
        window->show();
        window->activateWindow();
        REQUIRE(QTest::qWaitForWindowActive(window.get()));
        page = window->enrollmentPage();
        REQUIRE(page != nullptr);
        child<QTabWidget>(window.get(), "pagesTabWidget")->setCurrentWidget(page);
    }

    ReadDocumentDialog *openDialog()
    {
        window->activateWindow();
        REQUIRE(QTest::qWaitForWindowActive(window.get()));
        page->setFocus();
        QTest::keyClick(page, Qt::Key_R, Qt::ControlModifier);
        REQUIRE(QTest::qWaitFor(
            [&] { return page->readDocumentDialog() != nullptr && page->readDocumentDialog()->isVisible(); }));
        return page->readDocumentDialog();
    }
};

void readAndWait(ReadDocumentDialog *dialog, const QImage &image)
{
    dialog->readImage(image);
    REQUIRE(QTest::qWaitFor([&] { return !dialog->isReading(); }, kWorkerTimeoutMs));
}

QChar accelerator(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i)
        if (text.at(i) == QLatin1Char('&') && text.at(i + 1) != QLatin1Char('&'))
            return text.at(i + 1).toLower();
    return {};
}

} // namespace

TEST_CASE("a licence in perspective prefills names, birth date and expiry only once the clerk ticks them", "[document]")
{
    Counter c;
    ReadDocumentDialog *dialog = c.openDialog();
    readAndWait(dialog, sample::inPhoto(sample::licenceBack(), sample::desk(2000, 1500, 1), 2000, 1500, 1));
    CHECK(dialog->hasImage());
    CHECK_FALSE(child<QLabel>(dialog, "documentImageLabel")->pixmap().isNull());
    CHECK(child<QLabel>(dialog, "findingsLabel")->text().contains(QStringLiteral("AAMVA version 10")));
    CHECK(child<QLineEdit>(dialog, "readFamilyNameLineEdit")->text() == QStringLiteral("Halloran"));
    CHECK(child<QLineEdit>(dialog, "readGivenNamesLineEdit")->text() == QStringLiteral("Maren Elise"));
    CHECK(child<QComboBox>(dialog, "readDocumentTypeComboBox")->currentData().toString()
          == QStringLiteral("us-driver-licence"));
    // Nothing is ticked until the clerk ticks it; a licence has no zone to vouch for.
    CHECK_FALSE(child<QCheckBox>(dialog, "readFamilyNameCheckBox")->isChecked());
    CHECK_FALSE(child<QCheckBox>(dialog, "readBirthDateCheckBox")->isChecked());
    CHECK_FALSE(child<QCheckBox>(dialog, "readMachineReadableCheckBox")->isEnabled());
    // The clerk ticks with the keyboard: Alt+N, Alt+G, Alt+B, Alt+E, then Alt+U uses them.
    // (A mnemonic clicks its button after a short animation: wait for each.)
    for (auto [key, name] :
         {std::pair {Qt::Key_N, "readFamilyNameCheckBox"}, std::pair {Qt::Key_G, "readGivenNamesCheckBox"},
          std::pair {Qt::Key_B, "readBirthDateCheckBox"}, std::pair {Qt::Key_E, "readExpiryCheckBox"}}) {
        QTest::keyClick(QApplication::focusWidget(), key, Qt::AltModifier);
        auto *box = child<QCheckBox>(dialog, name);
        CHECK(QTest::qWaitFor([&] { return box->isChecked(); }));
    }
    QPointer<ReadDocumentDialog> watch(dialog);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_U, Qt::AltModifier);
    REQUIRE(QTest::qWaitFor([&] { return watch.isNull(); }));

    const Applicant a = c.page->form()->applicant();
    CHECK(a.familyName == QStringLiteral("Halloran"));
    CHECK(a.givenNames == QStringLiteral("Maren Elise"));
    CHECK(a.birthDate == QDate(1988, 3, 14));
    REQUIRE(c.page->documents()->rows().size() == 1);
    const DocumentEntry e = c.page->documents()->rows().front()->entry();
    CHECK(e.presented.typeId == QStringLiteral("us-driver-licence"));
    CHECK(e.presented.expiry == QDate(2031, 3, 14));
    CHECK_FALSE(e.presented.machineReadable);

    // The clerk sees which fields came from the document, until changing one.
    ApplicantForm *form = c.page->form();
    for (Field f : {Field::FamilyName, Field::GivenNames, Field::BirthDate}) {
        CHECK(form->isMarkedFromDocument(f));
        CHECK(form->findChild<QLabel *>(QString(fieldKey(f) + QStringLiteral("FromDocumentLabel")))
                  ->toolTip()
                  .contains(QStringLiteral("licence's barcode")));
    }
    CHECK_FALSE(form->isMarkedFromDocument(Field::City));
    auto *family = child<QLineEdit>(form, "familyNameLineEdit");
    family->setFocus();
    QTest::keyClick(family, Qt::Key_End);
    QTest::keyClick(family, Qt::Key_S);
    CHECK_FALSE(form->isMarkedFromDocument(Field::FamilyName));
    CHECK(form->isMarkedFromDocument(Field::GivenNames));
    // A second document that fills no field (a passport: only the document ticked) leaves the
    // licence's marks as they were.
    AcceptedDocumentValues passport;
    passport.documentTypeId = QStringLiteral("foreign-passport");
    passport.expiry = QDate(2033, 9, 17);
    passport.machineReadable = true;
    passport.source = QStringLiteral("the passport's machine readable zone");
    c.page->applyDocumentValues(passport);
    CHECK(form->isMarkedFromDocument(Field::GivenNames));
    CHECK(form->isMarkedFromDocument(Field::BirthDate));
    auto *givenMark =
        form->findChild<QLabel *>(QString(fieldKey(Field::GivenNames) + QStringLiteral("FromDocumentLabel")));
    REQUIRE(givenMark != nullptr);
    CHECK(givenMark->toolTip().contains(QStringLiteral("licence's barcode")));
    CHECK_FALSE(form->isMarkedFromDocument(Field::FamilyName));
    CHECK(c.page->documents()->rows().size() == 2);
    // The next applicant starts with no marks.
    c.page->newEnrollment();
    CHECK_FALSE(form->isMarkedFromDocument(Field::GivenNames));
    CHECK_FALSE(form->isMarkedFromDocument(Field::BirthDate));
}

TEST_CASE("names the barcode only lets the reader guess are offered unticked, with a note", "[document]")
{
    // A version 1 licence whose full name has no commas (as Pennsylvania writes it).
    const QByteArray elements = "DLDAQ55501234\nDAALUCIA MARISA FERREIRA\nDAJPA\nDBB02021986\nDBA02032030\r";
    const QByteArray text =
        "@\n\x1e\rANSI 6360250101DL0029" + QByteArray::number(elements.size()).rightJustified(4, '0') + elements;
    QImage card(1012, 638, QImage::Format_RGB888);
    card.fill(Qt::white);
    {
        QPainter p(&card);
        p.drawImage(QRect(56, 130, 900, 380), encodePdf417(text, 900, 380));
    }
    Counter c;
    ReadDocumentDialog *dialog = c.openDialog();
    readAndWait(dialog, sample::inPhoto(card, sample::desk(2000, 1500, 8), 2000, 1500, 8));
    REQUIRE(child<QLabel>(dialog, "findingsLabel")->text().contains(QStringLiteral("AAMVA version 1")));
    CHECK(child<QLineEdit>(dialog, "readFamilyNameLineEdit")->text() == QStringLiteral("Ferreira"));
    CHECK(child<QLineEdit>(dialog, "readGivenNamesLineEdit")->text() == QStringLiteral("Lucia Marisa"));
    CHECK_FALSE(child<QCheckBox>(dialog, "readFamilyNameCheckBox")->isChecked());
    CHECK_FALSE(child<QCheckBox>(dialog, "readGivenNamesCheckBox")->isChecked());
    auto *note = child<QLabel>(dialog, "namesNoteLabel");
    CHECK(note->isVisible());
    CHECK(note->text().contains(QStringLiteral("check which is the family name")));
    CHECK(child<QLabel>(dialog, "findingsLabel")->text().contains(QStringLiteral("without commas")));

    // The next document, read with certainty, has no note.
    readAndWait(dialog, sample::inPhoto(sample::licenceBack(), sample::desk(2000, 1500, 1), 2000, 1500, 1));
    CHECK(child<QLineEdit>(dialog, "readFamilyNameLineEdit")->text() == QStringLiteral("Halloran"));
    CHECK_FALSE(note->isVisible());
    dialog->reject();
}

TEST_CASE("names the zone reader is not sure of come with a note, and the passport cannot be marked machine readable",
          "[document]")
{
    const QImage page = test::doubtfulNamePage();
    REQUIRE_FALSE(page.isNull());
    Counter c;
    ReadDocumentDialog *dialog = c.openDialog();
    // A flat scan: the doubt is in the print, not in a camera's resampling.
    readAndWait(dialog, page);
    REQUIRE(child<QLabel>(dialog, "findingsLabel")->text().contains(QStringLiteral("TD3")));
    CHECK(child<QLabel>(dialog, "findingsLabel")->text().contains(QStringLiteral("could not be read with certainty")));
    auto *note = child<QLabel>(dialog, "namesNoteLabel");
    CHECK(note->isVisible());
    CHECK(note->text().contains(QStringLiteral("letter by letter")));
    CHECK_FALSE(child<QCheckBox>(dialog, "readFamilyNameCheckBox")->isChecked());
    CHECK_FALSE(child<QCheckBox>(dialog, "readMachineReadableCheckBox")->isEnabled());

    // The same passport printed clean: no note, and it may be marked machine readable.
    readAndWait(dialog, sample::inPhoto(sample::passportPage(), sample::desk(2400, 1800, 5), 2400, 1800, 5, 0.6));
    CHECK_FALSE(note->isVisible());
    CHECK(child<QCheckBox>(dialog, "readMachineReadableCheckBox")->isEnabled());
    dialog->reject();
}

TEST_CASE("a value the programme does not collect is not offered", "[document]")
{
    Counter c("not-collected");
    ReadDocumentDialog *dialog = c.openDialog();
    readAndWait(dialog, sample::inPhoto(sample::licenceBack(), sample::desk(2000, 1500, 1), 2000, 1500, 1));
    REQUIRE(dialog->hasImage());
    CHECK(child<QCheckBox>(dialog, "readFamilyNameCheckBox")->isHidden());
    CHECK_FALSE(child<QCheckBox>(dialog, "readFamilyNameCheckBox")->isEnabled());
    CHECK(child<QLineEdit>(dialog, "readFamilyNameLineEdit")->text().isEmpty());
    CHECK(child<QLineEdit>(dialog, "readGivenNamesLineEdit")->text() == QStringLiteral("Maren Elise"));
    child<QCheckBox>(dialog, "readFamilyNameCheckBox")->setChecked(true); // even forced, it does not leave
    child<QCheckBox>(dialog, "readGivenNamesCheckBox")->setChecked(true);
    CHECK_FALSE(dialog->accepted().familyName);
    CHECK(dialog->accepted().givenNames == QStringLiteral("Maren Elise"));
    dialog->reject();
}

TEST_CASE("values not ticked are not used, and cancelling uses nothing", "[document]")
{
    Counter c;
    ReadDocumentDialog *dialog = c.openDialog();
    readAndWait(dialog, sample::inPhoto(sample::licenceBack(), sample::desk(2000, 1500, 2), 2000, 1500, 2));
    child<QCheckBox>(dialog, "readBirthDateCheckBox")->setChecked(true);
    child<QComboBox>(dialog, "readDocumentTypeComboBox")->setCurrentIndex(0); // add no document
    QPointer<ReadDocumentDialog> watch(dialog);
    child<QPushButton>(dialog, "useValuesPushButton")->click();
    REQUIRE(QTest::qWaitFor([&] { return watch.isNull(); }));
    CHECK(c.page->form()->applicant().birthDate == QDate(1988, 3, 14));
    CHECK(c.page->form()->applicant().familyName.isEmpty());
    CHECK(c.page->documents()->rows().isEmpty());

    dialog = c.openDialog();
    readAndWait(dialog, sample::inPhoto(sample::licenceBack(), sample::desk(2000, 1500, 3), 2000, 1500, 3));
    child<QCheckBox>(dialog, "readFamilyNameCheckBox")->setChecked(true);
    watch = dialog;
    QTest::keyClick(dialog, Qt::Key_Escape);
    REQUIRE(QTest::qWaitFor([&] { return watch.isNull(); }));
    CHECK(c.page->form()->applicant().familyName.isEmpty());
}

TEST_CASE("a passport's zone marks the document machine readable; typed lines are the fallback", "[document]")
{
    Counter c;
    ReadDocumentDialog *dialog = c.openDialog();
    readAndWait(dialog, sample::inPhoto(sample::passportPage(), sample::desk(2400, 1800, 5), 2400, 1800, 5, 0.6));
    CHECK(child<QLabel>(dialog, "findingsLabel")->text().contains(QStringLiteral("TD3")));
    auto *machine = child<QCheckBox>(dialog, "readMachineReadableCheckBox");
    CHECK(machine->isEnabled());
    // Every check digit right: ticked from the start (it started unticked).
    CHECK(machine->isChecked());
    CHECK(child<QComboBox>(dialog, "readDocumentTypeComboBox")->currentData().toString()
          == QStringLiteral("foreign-passport"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_E, Qt::AltModifier);
    CHECK(QTest::qWaitFor([&] { return child<QCheckBox>(dialog, "readExpiryCheckBox")->isChecked(); }));
    QPointer<ReadDocumentDialog> watch(dialog);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_U, Qt::AltModifier);
    REQUIRE(QTest::qWaitFor([&] { return watch.isNull(); }));
    REQUIRE(c.page->documents()->rows().size() == 1);
    DocumentEntry e = c.page->documents()->rows().front()->entry();
    CHECK(e.presented.typeId == QStringLiteral("foreign-passport"));
    CHECK(e.presented.machineReadable);
    CHECK(e.presented.expiry == QDate(2033, 9, 17));
    CHECK(c.page->form()->applicant().familyName.isEmpty()); // not ticked

    // Typed: a wrong check digit says which, and offers no machine readable mark.
    dialog = c.openDialog();
    QString lines = sample::passportMrz();
    lines[lines.size() - 1] = lines[lines.size() - 1] == QLatin1Char('1') ? QLatin1Char('2') : QLatin1Char('1');
    auto *typed = child<QPlainTextEdit>(dialog, "zoneLinesPlainTextEdit");
    typed->setPlainText(lines.toLower());
    child<QPushButton>(dialog, "readLinesPushButton")->click();
    CHECK(typed->toPlainText().isEmpty()); // the typed lines do not linger
    CHECK(child<QLabel>(dialog, "findingsLabel")->text().contains(QStringLiteral("composite WRONG")));
    CHECK_FALSE(child<QCheckBox>(dialog, "readMachineReadableCheckBox")->isEnabled());
    typed->setPlainText(sample::passportMrz());
    child<QPushButton>(dialog, "readLinesPushButton")->click();
    CHECK(child<QCheckBox>(dialog, "readMachineReadableCheckBox")->isEnabled());
    CHECK(child<QLineEdit>(dialog, "readFamilyNameLineEdit")->text() == QStringLiteral("Quintero"));
    typed->setPlainText(QStringLiteral("P<UTO"));
    child<QPushButton>(dialog, "readLinesPushButton")->click();
    CHECK(child<QLabel>(dialog, "readDocumentErrorLabel")->text().contains(QStringLiteral("has 1 lines")));
    dialog->reject();
}

TEST_CASE("the image is dropped when the dialog hides, and an unusable image gets a message", "[document]")
{
    Counter c;
    ReadDocumentDialog *dialog = c.openDialog();
    readAndWait(dialog, QImage(10, 10, QImage::Format_RGB888));
    CHECK(child<QLabel>(dialog, "readDocumentErrorLabel")->text().contains(QStringLiteral("too small")));
    readAndWait(dialog, sample::inPhoto(sample::licenceBack(), sample::desk(1600, 1200, 4), 1600, 1200, 4));
    CHECK(dialog->hasImage());
    c.window->lock();
    CHECK_FALSE(dialog->hasImage());
    CHECK(child<QLabel>(dialog, "documentImageLabel")->pixmap().isNull());
}

TEST_CASE("the document camera's picture is read like an opened image, and a missing camera is named", "[document]")
{
    Counter c;
    ReadDocumentDialog *dialog = c.openDialog();
    // A still standing in for the camera: a passport page under it.
    const QImage page = sample::inPhoto(sample::passportPage(), sample::desk(2400, 1800, 5), 2400, 1800, 5, 0.6);
    dialog->setCameraOpener([page]() -> Result<std::unique_ptr<FrameSource>> {
        return std::unique_ptr<FrameSource>(std::make_unique<StillImageSource>(page, QStringLiteral("Camera 2")));
    });
    REQUIRE(QTest::qWaitForWindowActive(dialog));
    REQUIRE(QTest::qWaitFor([&] { return dialog->isAncestorOf(QApplication::focusWidget()); }));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_D, Qt::AltModifier);
    REQUIRE(QTest::qWaitFor([&] { return dialog->hasImage() && !dialog->isReading(); }, kWorkerTimeoutMs));
    CHECK(child<QLabel>(dialog, "findingsLabel")->text().contains(QStringLiteral("TD3")));
    CHECK(child<QLineEdit>(dialog, "readFamilyNameLineEdit")->text() == QStringLiteral("Quintero"));
    CHECK(child<QCheckBox>(dialog, "readMachineReadableCheckBox")->isEnabled());

    dialog->setCameraOpener([]() -> Result<std::unique_ptr<FrameSource>> {
        return fail(ErrorCode::NotFound, QStringLiteral("No document camera is connected."));
    });
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_D, Qt::AltModifier);
    REQUIRE(QTest::qWaitFor([&] { return !child<QLabel>(dialog, "readDocumentErrorLabel")->text().isEmpty(); },
                            kWorkerTimeoutMs));
    CHECK(child<QLabel>(dialog, "readDocumentErrorLabel")->text().contains(QStringLiteral("No document camera")));
    CHECK(child<QPushButton>(dialog, "documentCameraPushButton")->isEnabled());
    dialog->reject();
}

TEST_CASE("closing the dialog while it reads waits for the reading, so no image is left behind", "[document]")
{
    Counter c;
    ReadDocumentDialog *dialog = c.openDialog();
    dialog->readImage(sample::inPhoto(sample::licenceBack(), sample::desk(2000, 1500, 7), 2000, 1500, 7));
    REQUIRE(dialog->isReading());
    const QFuture<Result<DocumentFindings>> task = dialog->readingTask();
    REQUIRE(task.isValid());
    delete dialog;               // the destructor waits for the task, takes its result and clears the image
    CHECK_FALSE(task.isValid()); // a taken result leaves every copy of the future invalid
    CHECK(c.page->readDocumentDialog() == nullptr);
}

TEST_CASE("the read document dialog's Alt accelerators are unique", "[document]")
{
    Counter c;
    ReadDocumentDialog *dialog = c.openDialog();
    QMultiMap<QChar, QString> live;
    for (QAbstractButton *b : dialog->findChildren<QAbstractButton *>())
        if (const QChar k = accelerator(b->text()); !k.isNull())
            live.insert(k, b->text());
    for (QLabel *l : dialog->findChildren<QLabel *>())
        if (l->buddy())
            if (const QChar k = accelerator(l->text()); !k.isNull())
                live.insert(k, l->text());
    CHECK(live.size() >= 10);
    for (const QChar k : live.uniqueKeys()) {
        INFO("Alt+" << QString(k).toStdString() << ": "
                    << QStringList(live.values(k)).join(QStringLiteral(" | ")).toStdString());
        CHECK(live.count(k) == 1);
    }
    dialog->reject();
}

TEST_CASE("Enter uses every value read, each shown first; names the reader doubts are ticked by hand", "[document]")
{
    Counter c;
    ReadDocumentDialog *dialog = c.openDialog();
    readAndWait(dialog, sample::inPhoto(sample::passportPage(), sample::desk(2400, 1800, 5), 2400, 1800, 5, 0.6));
    // Shown for comparing before the key is pressed.
    CHECK(child<QLineEdit>(dialog, "readFamilyNameLineEdit")->text() == QStringLiteral("Quintero"));
    CHECK_FALSE(child<QCheckBox>(dialog, "readFamilyNameCheckBox")->isChecked());
    auto *useAll = child<QPushButton>(dialog, "useAllValuesPushButton");
    CHECK(useAll->isEnabled());
    CHECK(useAll->isDefault());
    QPointer<ReadDocumentDialog> watch(dialog);
    press(Qt::Key_Return);
    REQUIRE(QTest::qWaitFor([&] { return watch.isNull(); }));
    const Applicant a = c.page->form()->applicant();
    CHECK(a.familyName == QStringLiteral("Quintero"));
    CHECK_FALSE(a.givenNames.isEmpty());
    CHECK(a.birthDate.isValid());
    REQUIRE(c.page->documents()->rows().size() == 1);
    const DocumentEntry e = c.page->documents()->rows().front()->entry();
    CHECK(e.presented.machineReadable);
    CHECK(e.presented.expiry == QDate(2033, 9, 17));

    dialog = c.openDialog();
    readAndWait(dialog, test::doubtfulNamePage());
    CHECK(child<QLabel>(dialog, "namesNoteLabel")->isVisibleTo(dialog));
    CHECK_FALSE(child<QPushButton>(dialog, "useAllValuesPushButton")->isEnabled());
    dialog->reject();
}
