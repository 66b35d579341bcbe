// Enrollment at the counter, driven with the keyboard as a clerk would: names typed and
// tabbed through, documents found by typing a few letters and Enter, Ctrl+Enter to submit.
// A real station in a temporary folder, the shipped points-based programme, a ManualClock
// set to a fixed day so that document dates score the same every run.
#include "tests/support/TestSupport.h"
#include "tests/ui/UiTestSupport.h"

#include "core/enrollment/Enrollments.h"
#include "core/programme/ProgrammeStore.h"
#include "core/util/DateText.h"
#include "ui/admin/AdministrationPage.h"
#include "ui/admin/ProgrammePanel.h"
#include "ui/enrollment/ApplicantForm.h"
#include "ui/enrollment/DocumentRow.h"
#include "ui/enrollment/DocumentsPanel.h"
#include "ui/enrollment/EnrollmentPage.h"
#include "ui/enrollment/RuleTallyPanel.h"
#include "ui/enrollment/SubmittedDialog.h"
#include "ui/shell/MainWindow.h"

#include <catch2/catch.hpp>

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>

using namespace tessera;
using namespace tessera::uitest;
using namespace tessera::ui;

namespace {

// Key presses for each character, Unicode included (QTest::keyClicks takes ASCII only).
void typeText(QWidget *w, const QString &typed)
{
    for (const QChar ch : typed) {
        if (ch.unicode() < 0x80)
            QTest::keyClick(w, ch.toLatin1());
        else
            QTest::sendKeyEvent(QTest::Click, w, Qt::Key_unknown, QString(ch), Qt::NoModifier);
    }
}

// Types into whatever has the keyboard focus, then presses Tab.
void typeAndTab(const char *typed)
{
    QWidget *w = QApplication::focusWidget();
    REQUIRE(w != nullptr);
    typeText(w, text(typed));
    QTest::keyClick(w, Qt::Key_Tab);
}

// A station with the points-based programme, a clerk "carla" and a supervisor "sam".
struct Counter {
    test::TestStation ts;

    Counter()
    {
        ts.clock.set(QDateTime(QDate(2026, 11, 23), QTime(15, 0), Qt::UTC));
        const QByteArray rules =
            test::readFile(QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/points-based.json"));
        REQUIRE(installProgramme(ts.station->access(), rules));
        ts.addOperator(QStringLiteral("carla"), Role::Clerk);
        ts.addOperator(QStringLiteral("sam"), Role::Supervisor);
    }

    std::unique_ptr<MainWindow> openWindow(const char *user = "carla")
    {
        auto window = openMainWindow(ts, user);
        REQUIRE(window->enrollmentPage() != nullptr);
        child<QTabWidget>(window.get(), "pagesTabWidget")->setCurrentWidget(window->enrollmentPage());
        return window;
    }
};

// Name, birth date and gender, with Tab from field to field.
void typeApplicant(EnrollmentPage *page, const char *given, const char *family, const char *birth)
{
    auto *first = child<QLineEdit>(page, "givenNamesLineEdit");
    first->setFocus();
    REQUIRE(QTest::qWaitFor([&] { return first->hasFocus(); }));
    typeAndTab(given);
    REQUIRE_FOCUS("familyNameLineEdit");
    typeAndTab(family);
    REQUIRE_FOCUS("birthDateLineEdit");
    typeAndTab(birth);
    REQUIRE_FOCUS("genderComboBox");
    typeAndTab("X"); // keyboard search in the list: "X (non-binary or other)"
    REQUIRE_FOCUS("addressLineEdit");
    typeAndTab("742 Evergreen Terrace Apt 3");
    REQUIRE_FOCUS("noFixedAddressCheckBox");
    press(Qt::Key_Tab);
    REQUIRE_FOCUS("careOfLineEdit");
    press(Qt::Key_Tab);
    REQUIRE_FOCUS("cityLineEdit");
    typeAndTab("New York");
    REQUIRE_FOCUS("postalCodeLineEdit");
    typeAndTab("10027");
}

// Finds a document by typing part of its label, adds it with Enter, and fills what it asks.
DocumentRow *addDocument(EnrollmentPage *page, const char *search, const char *date)
{
    press(Qt::Key_F2);
    REQUIRE_FOCUS("documentFilterLineEdit");
    const auto before = page->documents()->rows().size();
    typeText(QApplication::focusWidget(), text(search));
    press(Qt::Key_Return);
    REQUIRE(page->documents()->rows().size() == before + 1);
    DocumentRow *row = page->documents()->rows().back();
    // The new row's date has the focus: type it straight away.
    if (*date) {
        INFO("the focus is on " << focusName().toStdString());
        REQUIRE((focusName() == QStringLiteral("expiryLineEdit") || focusName() == QStringLiteral("issuedLineEdit")));
        typeAndTab(date);
    }
    return row;
}

// The Photo step's "No photo, programme's reason" set to the programme's first exception.
void chooseNoPhoto(EnrollmentPage *page)
{
    press(Qt::Key_F3);
    auto *reason = child<QComboBox>(page, "photoNoPhotoReasonComboBox");
    reason->setFocus();
    REQUIRE(QTest::qWaitFor([&] { return reason->hasFocus(); }));
    press(Qt::Key_Down);
    REQUIRE(reason->currentData().toString() == QStringLiteral("religious-objection-to-photograph"));
}

} // namespace

TEST_CASE("a clerk enrolls an adult with the keyboard, watching the rules being met")
{
    Counter c;
    const test::DefaultLocale us(test::kUsEnglish);
    auto window = c.openWindow();
    EnrollmentPage *page = window->enrollmentPage();
    RuleTallyPanel *tally = page->tally();

    typeApplicant(page, "Zofia", "Wąsowska", "1988-04-12");
    // The one date format of every screen (it said "12 April 1988" here and 1988-04-12 in the field).
    CHECK(child<QLabel>(page, "ageLabel")->text() == text("age 38 · 4/12/1988"));
    CHECK(child<QLineEdit>(page, "birthDateLineEdit")->text() == text("4/12/1988"));
    // No documents yet: every points rule is not met, and says so in plain words.
    CHECK(tally->headline().contains(text("Not eligible")));
    CHECK(tally->plainText().contains(text("At least 3 points proving identity (not met)")));
    CHECK(tally->plainText().contains(text("0 of 3 identity points")));

    DocumentRow *passport = addDocument(page, "foreign pass", "2030-05-01");
    REQUIRE(passport->typeId() == QStringLiteral("foreign-passport"));
    REQUIRE_FOCUS("machineReadableCheckBox");
    press(Qt::Key_Space);
    press(Qt::Key_Tab);
    REQUIRE_FOCUS("documentNumberLineEdit");
    auto *number = qobject_cast<QLineEdit *>(QApplication::focusWidget());
    typeAndTab("XK9923417");
    // Turned into a fingerprint on leaving the field, and gone from the widget.
    CHECK(number->text().isEmpty());
    CHECK(child<QLabel>(passport, "numberCheckedLabel")->text() == text("✓ checked"));
    CHECK(tally->plainText().contains(text("At least 3 points proving identity (met)")));
    CHECK(tally->plainText().contains(text("At least 1 point proving residency in the city (not met)")));

    // An impossible issue date is said on the row and counts for nothing (it once passed as a
    // bill issued today, since an invalid date is before every day).
    DocumentRow *bill = addDocument(page, "utility", "2026-11-31");
    CHECK(child<QLabel>(bill, "documentErrorLabel")->text().contains(text("impossible date")));
    CHECK(tally->plainText().contains(text("At least 1 point proving residency in the city (not met)")));
    auto *issued = child<QLineEdit>(bill, "issuedLineEdit");
    issued->setFocus();
    issued->selectAll();
    typeAndTab("2026-11-02");
    CHECK(tally->headline().startsWith(text("✓ Eligible: adult card")));
    CHECK_FALSE(tally->plainText().contains(text("not met")));
    // The card's expiry in the same format, four-digit year (it said "expires 23 November 2034").
    CHECK(QRegularExpression(QStringLiteral("expires \\d{1,2}/\\d{1,2}/\\d{4}$")).match(tally->headline()).hasMatch());

    // No photo yet: Submit takes the clerk to the Photo step, says why there, submits nothing.
    press(Qt::Key_Return, Qt::ControlModifier);
    auto *steps = child<QTabWidget>(page, "enrollmentStepsTabWidget");
    CHECK(steps->currentIndex() == 1);
    CHECK(child<QLabel>(page, "photoErrorLabel")->isVisible());
    CHECK(child<QLabel>(page, "photoErrorLabel")->text().contains(text("no accepted photo")));
    CHECK(child<QLabel>(page, "submitErrorLabel")->text().contains(text("no accepted photo")));
    auto none = page->enrollments()->list(EnrollmentState::Submitted);
    REQUIRE(none);
    CHECK(none->empty());
    // The programme's documented exception, chosen on the Photo step.
    chooseNoPhoto(page);

    // Ctrl+Enter submits; the card number comes back with the receipt.
    press(Qt::Key_Return, Qt::ControlModifier);
    REQUIRE(QTest::qWaitFor([&] { return page->submittedDialog() != nullptr; }, kWorkerTimeoutMs));
    SubmittedDialog *done = page->submittedDialog();
    const QString cardNumber = child<QLabel>(done, "cardNumberLabel")->text();
    CHECK(cardNumber.startsWith(QStringLiteral("TC1-000001-")));

    auto submitted = page->enrollments()->list(EnrollmentState::Submitted);
    REQUIRE(submitted);
    REQUIRE(submitted->size() == 1);
    auto record = page->enrollments()->record(submitted->front().id);
    REQUIRE(record);
    CHECK(record->summary.cardNumber == cardNumber);
    CHECK(record->storedFields.value(QStringLiteral("given_names")) == text("Zofia"));
    REQUIRE(record->attestations.size() == 2);
    CHECK(record->attestations[0].documentType == QStringLiteral("foreign-passport"));
    CHECK(record->attestations[0].fingerprinted);
    CHECK(record->attestations[1].documentType == QStringLiteral("utility-bill"));
    CHECK(record->summary.flags.contains(QStringLiteral("no_photo")));
    // The validity in the one date format (it said "valid until 2031-12-08" beside a form in M/D/YYYY).
    const QString expiry = displayDate(QDate::fromString(record->summary.cardExpiry, Qt::ISODate));
    REQUIRE_FALSE(expiry.isEmpty());
    CHECK(child<QLabel>(done, "cardExpiryLabel")->text() == text("The card will be valid until %1.").arg(expiry));

    // The receipt as PDF, and the form is ready for the next applicant.
    const QString pdf = c.ts.dir.filePath(QStringLiteral("receipt.pdf"));
    REQUIRE(done->saveReceiptPdf(pdf));
    QFile file(pdf);
    REQUIRE(file.open(QIODevice::ReadOnly));
    CHECK(file.read(5) == QByteArray("%PDF-"));
    CHECK(child<QLineEdit>(page, "givenNamesLineEdit")->text().isEmpty());
    CHECK(page->documents()->rows().isEmpty());
    done->accept();
}

TEST_CASE("a validation error keeps what was typed and says what to do")
{
    Counter c;
    auto window = c.openWindow();
    EnrollmentPage *page = window->enrollmentPage();
    auto *given = child<QLineEdit>(page, "givenNamesLineEdit");
    given->setFocus();
    REQUIRE(QTest::qWaitFor([&] { return given->hasFocus(); }));
    typeAndTab("Amadou");
    typeAndTab("");
    typeAndTab("1990-02-30"); // no such day
    auto *birth = child<QLineEdit>(page, "birthDateLineEdit");
    auto *birthError = child<QLabel>(page, "birth_dateErrorLabel");
    CHECK(birthError->isVisible());
    // It says the date is impossible (it said "enter a date that exists"), and the same at Submit.
    const QString impossible = text("1990-02-30 is an impossible date: that month has no day 30.");
    CHECK(birthError->text().startsWith(impossible));
    CHECK(birth->text() == text("1990-02-30"));

    // Submitting marks every missing field, and keeps every typed one.
    press(Qt::Key_Return, Qt::ControlModifier);
    CHECK(child<QLabel>(page, "submitErrorLabel")->isVisible());
    CHECK(child<QLabel>(page, "genderErrorLabel")->isVisible());
    CHECK(child<QLabel>(page, "documentsErrorLabel")->isVisible());
    CHECK(given->text() == text("Amadou"));
    CHECK(birth->text() == text("1990-02-30"));
    CHECK(focusName() == QStringLiteral("birthDateLineEdit")); // the first field to correct
    CHECK(birthError->text().startsWith(impossible));
    auto *submitError = child<QLabel>(page, "submitErrorLabel");
    // Birth date, gender, address, city, postal code, documents.
    CHECK(submitError->text().contains(text("6 things to correct")));

    // Corrected, the message goes as soon as the field is left, and the count follows.
    birth->selectAll();
    typeAndTab("1990-02-28");
    CHECK_FALSE(birthError->isVisible());
    CHECK(submitError->text().contains(text("5 things to correct")));
    REQUIRE_FOCUS("genderComboBox");
    typeAndTab("X");
    CHECK(submitError->text().contains(text("4 things to correct")));
    CHECK_FALSE(child<QLabel>(page, "genderErrorLabel")->isVisible());
    typeAndTab("1 Main Street");
    press(Qt::Key_Tab);
    press(Qt::Key_Tab);
    REQUIRE_FOCUS("cityLineEdit");
    typeAndTab("New York");
    typeAndTab("10027");
    CHECK(submitError->text().contains(text("Not submitted: 1 thing to correct")));
    // The last field corrected, the page no longer counts things to correct; what is left is
    // the photo, and it says so (the photo's own test sees that go too).
    addDocument(page, "foreign pass", "2030-05-01");
    addDocument(page, "utility", "2026-11-02");
    INFO("the page says " << submitError->text().toStdString());
    CHECK_FALSE(submitError->text().contains(text("to correct")));
    CHECK(submitError->text().contains(text("no accepted photo")));
    auto list = page->enrollments()->list(EnrollmentState::Submitted);
    REQUIRE(list);
    CHECK(list->empty());
}

TEST_CASE("a draft survives locking and a closed window, and comes back whole")
{
    Counter c;
    const test::DefaultLocale us(test::kUsEnglish);
    qint64 draftId = 0;
    {
        auto window = c.openWindow();
        EnrollmentPage *page = window->enrollmentPage();
        typeApplicant(page, "Ana María", "Núñez", "2013-06-01"); // 13: a caretaker is required
        auto *caretaker = child<QCheckBox>(page, "caretakerPresentCheckBox");
        REQUIRE(caretaker->isVisible());
        CHECK(page->tally()->plainText().contains(text("need a caretaker present")));
        caretaker->setChecked(true);
        child<QComboBox>(page, "caretakerRelationshipComboBox")->setCurrentIndex(1); // guardian
        addDocument(page, "birth cert", "");
        addDocument(page, "school", "2027-06-30");
        DocumentRow *bill = addDocument(page, "bank", "2026-11-10");
        auto *byCaretaker = child<QCheckBox>(bill, "byCaretakerCheckBox");
        REQUIRE(byCaretaker->isVisible());
        byCaretaker->setChecked(true);
        // Locking saves the draft at once (the debounce has not fired: the test never waits).
        window->lock();
        REQUIRE(window->isLocked());
        draftId = page->draftId();
        REQUIRE(draftId > 0);
    }

    auto window = c.openWindow();
    EnrollmentPage *page = window->enrollmentPage();
    CHECK(child<QLineEdit>(page, "givenNamesLineEdit")->text().isEmpty());
    press(Qt::Key_O, Qt::ControlModifier);
    QDialog *drafts = nullptr;
    REQUIRE(QTest::qWaitFor(
        [&] { return (drafts = page->findChild<QDialog *>(QStringLiteral("draftsDialog"))) != nullptr; }));
    auto *table = child<QTableWidget>(drafts, "draftsTableWidget");
    REQUIRE(table->rowCount() == 1);
    CHECK(table->item(0, 0)->text() == text("Ana María Núñez"));
    child<QPushButton>(drafts, "resumeDraftPushButton")->click();

    CHECK(page->draftId() == draftId);
    CHECK(child<QLineEdit>(page, "givenNamesLineEdit")->text() == text("Ana María"));
    CHECK(child<QLineEdit>(page, "familyNameLineEdit")->text() == text("Núñez"));
    CHECK(child<QLineEdit>(page, "birthDateLineEdit")->text() == text("6/1/2013")); // typed ISO, shown in the format
    CHECK(child<QLineEdit>(page, "addressLineEdit")->text()
          == text("742 Evergreen Terrace Apt 3")); // printed-only, sealed
    CHECK(child<QComboBox>(page, "genderComboBox")->currentData().toString() == QStringLiteral("X"));
    CHECK(child<QCheckBox>(page, "caretakerPresentCheckBox")->isChecked());
    CHECK(child<QComboBox>(page, "caretakerRelationshipComboBox")->currentData().toString()
          == QStringLiteral("guardian"));
    REQUIRE(page->documents()->rows().size() == 3);
    const auto entries = page->documents()->entries();
    CHECK(entries[2].presented.typeId == QStringLiteral("bank-statement"));
    CHECK(entries[2].presented.issued == QDate(2026, 11, 10));
    CHECK(entries[2].presented.byCaretaker);
    INFO(page->tally()->plainText().toStdString());
    CHECK(page->tally()->headline().startsWith(text("✓ Eligible: kids card")));
}

TEST_CASE("a possible duplicate goes on only with a supervisor's password and a reason")
{
    Counter c;
    auto window = c.openWindow();
    EnrollmentPage *page = window->enrollmentPage();
    for (int i = 0; i < 2; ++i) {
        typeApplicant(page, "Zofia", "Wasowska", "1988-04-12");
        addDocument(page, "consular", "2029-01-01");
        addDocument(page, "pay stub", "2026-11-01");
        chooseNoPhoto(page);
        press(Qt::Key_Return, Qt::ControlModifier);
        if (i == 0) {
            REQUIRE(QTest::qWaitFor([&] { return page->submittedDialog() != nullptr; }, kWorkerTimeoutMs));
            page->submittedDialog()->accept();
            REQUIRE(QTest::qWaitFor([&] { return page->submittedDialog() == nullptr; }));
            window->activateWindow();
            REQUIRE(QTest::qWaitForWindowActive(window.get()));
            // Let the gender list's type-ahead forget the first "X", as it would at a real counter.
            QTest::qWait(QApplication::keyboardInputInterval() + 100);
        }
    }
    QDialog *dialog = nullptr;
    INFO("submit says: " << child<QLabel>(page, "submitErrorLabel")->text().toStdString());
    for (QLabel *l : page->findChildren<QLabel *>())
        if (l->objectName().endsWith(QStringLiteral("ErrorLabel")) && l->isVisible())
            UNSCOPED_INFO(l->objectName().toStdString() << ": " << l->text().toStdString());
    REQUIRE(QTest::qWaitFor(
        [&] { return (dialog = page->findChild<QDialog *>(QStringLiteral("duplicateOverrideDialog"))) != nullptr; }));
    CHECK(child<QLabel>(dialog, "duplicateHitsLabel")->text().contains(text("same name and date of birth")));
    child<QLineEdit>(dialog, "supervisorUserNameLineEdit")->setText(QStringLiteral("sam"));
    auto *password = child<QLineEdit>(dialog, "supervisorPasswordLineEdit");
    QTest::keyClicks(password, text("not the password at all"));
    child<QComboBox>(dialog, "overrideReasonComboBox")->setCurrentIndex(0);
    child<QPushButton>(dialog, "overridePushButton")->click();
    CHECK(password->text().isEmpty()); // in secure memory from here on

    // Wrong password: asked again, with the reason; nothing submitted.
    QDialog *again = nullptr;
    REQUIRE(QTest::qWaitFor(
        [&] {
            for (auto *d : page->findChildren<QDialog *>(QStringLiteral("duplicateOverrideDialog")))
                if (d->isVisible() && child<QLabel>(d, "overrideErrorLabel")->isVisible())
                    again = d;
            return again != nullptr;
        },
        kWorkerTimeoutMs));
    child<QLineEdit>(again, "supervisorUserNameLineEdit")->setText(QStringLiteral("sam"));
    QTest::keyClicks(child<QLineEdit>(again, "supervisorPasswordLineEdit"), text(test::kClerkPassword));
    child<QComboBox>(again, "overrideReasonComboBox")->setCurrentIndex(0);
    child<QPushButton>(again, "overridePushButton")->click();
    REQUIRE(QTest::qWaitFor([&] { return page->submittedDialog() != nullptr; }, kWorkerTimeoutMs));

    auto submitted = page->enrollments()->list(EnrollmentState::Submitted);
    REQUIRE(submitted);
    REQUIRE(submitted->size() == 2);
    CHECK(submitted->front().flags.contains(QStringLiteral("duplicate_override")));
}

TEST_CASE("a damaged rules file is refused whole, with its line and field, and nothing changes")
{
    test::TestStation ts;
    const QByteArray rules =
        test::readFile(QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/points-based.json"));
    REQUIRE(installProgramme(ts.station->access(), rules));
    auto station = Station::login(ts.path(), text("admin"), test::secret(test::kAdminPassword), ts.clock);
    REQUIRE(station);
    MainWindow window(std::move(*station), ts.clock);
    window.show();
    ProgrammePanel *panel = window.administrationPage()->programmePanel();
    CHECK(child<QLabel>(panel, "programmeVersionLabel")->text() == text("2026.2"));

    QByteArray broken = rules;
    broken.replace("\"rules_version\": \"2026.2\"", "\"rules_version\": \"2026.3\"");
    broken.replace("\"identity\": 3\n", "\"identity\": \"three\"\n");
    const QString path = ts.dir.filePath(QStringLiteral("broken.json"));
    QFile file(path);
    REQUIRE(file.open(QIODevice::WriteOnly));
    file.write(broken);
    file.close();

    CHECK_FALSE(panel->loadFile(path));
    auto *refused = panel->findChild<QMessageBox *>(QStringLiteral("programmeRefusedMessageBox"));
    REQUIRE(refused != nullptr);
    INFO(refused->informativeText().toStdString());
    CHECK(refused->informativeText().contains(text("line ")));
    CHECK(refused->informativeText().contains(text("points")));
    refused->close();
    CHECK(child<QLabel>(panel, "programmeVersionLabel")->text() == text("2026.2"));
    auto active = activeProgramme(window.station().database());
    REQUIRE(active);
    CHECK((*active)->rulesVersion == QStringLiteral("2026.2"));
}

TEST_CASE("switching pages with Ctrl+number or starting anew with Ctrl+N puts the focus in the first field")
{
    Counter c;
    auto window = c.openWindow();
    EnrollmentPage *page = window->enrollmentPage();
    typeApplicant(page, "Ana", "Ruiz", "1990-02-03");
    press(Qt::Key_1, Qt::ControlModifier); // Home
    REQUIRE(QTest::qWaitFor([] { return focusName() != QStringLiteral("postalCodeLineEdit"); }));
    press(Qt::Key_2, Qt::ControlModifier); // back to Enroll
    REQUIRE(QTest::qWaitFor([] { return focusName() == QStringLiteral("givenNamesLineEdit"); }));
    press(Qt::Key_N, Qt::ControlModifier);
    REQUIRE(QTest::qWaitFor([] { return focusName() == QStringLiteral("givenNamesLineEdit"); }));
    CHECK(child<QLineEdit>(page, "givenNamesLineEdit")->text().isEmpty());
}

TEST_CASE("every control of the enrollment is in the Tab order, the caretaker's and the remove buttons too")
{
    Counter c;
    auto window = c.openWindow();
    EnrollmentPage *page = window->enrollmentPage();
    typeApplicant(page, "Mia", "Ruiz", "2015-02-03"); // a minor: the caretaker row shows
    addDocument(page, "foreign pass", "2030-05-01");
    addDocument(page, "utility", "2026-11-02");
    auto *caretaker = child<QCheckBox>(page, "caretakerPresentCheckBox");
    caretaker->setFocus();
    REQUIRE(QTest::qWaitFor([&] { return caretaker->hasFocus(); }));
    press(Qt::Key_Space);
    REQUIRE(caretaker->isChecked());

    child<QLineEdit>(page, "givenNamesLineEdit")->setFocus();
    QStringList reached;
    QSet<QWidget *> seen;
    for (int i = 0; i < 60; ++i) {
        QWidget *w = QApplication::focusWidget();
        if (seen.contains(w))
            break;
        seen.insert(w);
        reached << w->objectName();
        press(Qt::Key_Tab);
    }
    INFO("Tab reached " << reached.join(QStringLiteral(", ")).toStdString());
    CHECK(reached.contains(QStringLiteral("caretakerPresentCheckBox")));
    CHECK(reached.contains(QStringLiteral("caretakerRelationshipComboBox")));
    CHECK(reached.count(QStringLiteral("byCaretakerCheckBox")) == 2);
    CHECK(reached.count(QStringLiteral("removeDocumentToolButton")) == 2);
    // The rows as they read, before the page's buttons (they came after Submit).
    CHECK(reached.indexOf(QStringLiteral("expiryLineEdit")) < reached.indexOf(QStringLiteral("byCaretakerCheckBox")));
    CHECK(reached.lastIndexOf(QStringLiteral("removeDocumentToolButton"))
          < reached.indexOf(QStringLiteral("submitPushButton")));
}

TEST_CASE("preferred languages are offered under the programme's own labels")
{
    Counter c;
    auto window = c.openWindow();
    auto *language = child<QComboBox>(window->enrollmentPage(), "preferredLanguageComboBox");
    // Qt's own name was "Español de España", a country the applicant was not asked about.
    CHECK(language->itemText(language->findData(QStringLiteral("es"))) == text("Español"));
    CHECK(language->itemText(language->findData(QStringLiteral("en"))) == text("English"));
}
