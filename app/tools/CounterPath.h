#pragma once

#include "app/tools/KeyboardDriver.h"
#include "core/util/Error.h"

#include <QImage>
#include <QString>

#include <functional>

namespace tessera {
class Database;
namespace ui {
class MainWindow;
}
} // namespace tessera

namespace tessera::tools {

// The devices a counter has set up by mid-morning, as the station remembers them once a clerk
// has chosen them: the photo camera (a demo video of a portrait that passes every check,
// written to `folder`) and the scanner's folder, holding the back of a specimen licence
// (SampleDocuments) as the scanner has just written it. `portrait`: the video's face (the
// public-domain tests/data/astronaut.jpg). Any operator's database will do: the
// settings belong to the station.
Result<void> setUpCounterDevices(Database &database, const QString &folder, const QImage &portrait);

// Figures of one enrollment, for the benchmark report.
struct EnrollmentFigures {
    qint64 wallMs = 0;          // from the first key to the receipt closed
    qint64 submitToEmptyMs = 0; // from Submit to the next applicant's empty form
};

// The counter's daily path, driven by keyboard only through KeyboardDriver (real key events
// to whatever has the focus), shared by the end-to-end UI test and tessera-bench-counter so
// both measure the same thing. Each step checks where the focus is before typing and fails
// with what it found, rather than typing into the wrong field. `atPage` is called on each page
// and dialog the path shows (the test checks there that every button fits the window).
class CounterPath {
public:
    explicit CounterPath(KeyboardDriver &keys)
        : m_keys(keys)
    {
    }

    std::function<void(const QString &where)> atPage;

    // A typical adult: the licence read from the scanner's newest image (names, birth date,
    // the licence with its expiry), gender and address typed, a utility bill added, the photo
    // from the remembered camera, submitted, the receipt closed. `window` is a clerk's.
    Result<EnrollmentFigures> enroll(ui::MainWindow &window);
    // A supervisor who did not enroll it approves the day's first pending enrollment and
    // commits with `password`. `window` is the supervisor's.
    Result<void> approve(ui::MainWindow &window, const QString &password);
    // Cards: the approved card (selected first) printed through the page's printer chooser,
    // which the caller has pointed at a PDF file or a test printer. Returns its card number.
    Result<QString> printCard(ui::MainWindow &window);

private:
    Result<void> readLicence(ui::MainWindow &window);
    Result<void> expectFocus(const char *objectName) const;
    // Waits until a modal dialog named `objectName` is up with the focus inside it.
    Result<void> dialogWithFocus(const char *objectName) const;

    KeyboardDriver &m_keys;
};

} // namespace tessera::tools
