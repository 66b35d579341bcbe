#pragma once

#include "core/crypto/Crypto.h"
#include "core/enrollment/Applicant.h"
#include "core/programme/Programme.h"
#include "core/station/Station.h"
#include "core/util/Clock.h"

#include <QByteArray>
#include <QImage>
#include <QLocale>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <functional>
#include <map>
#include <memory>
#include <string>

// REQUIRE for a Result: on failure the test stops with the error's message (which by
// contract never holds a secret), instead of Catch's "{?}".
#define TESSERA_REQUIRE_OK(expr)                                                                                       \
    do {                                                                                                               \
        const auto &tesseraResult_ = (expr);                                                                           \
        if (!tesseraResult_)                                                                                           \
            FAIL(#expr << ": " << tesseraResult_.error().message.toStdString());                                       \
    } while (false)

namespace tessera::test {

// Argon2id at libsodium's minimum: tests check the logic, not the cost.
inline crypto::KdfParams fastKdf()
{
    return {1, 8 * crypto::kMiB};
}

// The default locale for one test, the previous one put back after: shown dates follow it, so a
// test that reads one fixes the locale instead of depending on the machine's.
class DefaultLocale {
public:
    explicit DefaultLocale(const QLocale &locale) { QLocale::setDefault(locale); }
    ~DefaultLocale() { QLocale::setDefault(m_previous); }
    DefaultLocale(const DefaultLocale &) = delete;
    DefaultLocale &operator=(const DefaultLocale &) = delete;

private:
    QLocale m_previous;
};

inline const QLocale kUsEnglish(QLocale::English, QLocale::UnitedStates);
inline const QLocale kGerman(QLocale::German, QLocale::Germany);

inline constexpr const char *kAdminPassword = "correct horse battery";
inline constexpr const char *kClerkPassword = "purple lantern oatmeal";

inline SecureBuffer secret(const char *text)
{
    return SecureBuffer::fromText(QString::fromUtf8(text));
}

// A fresh station in its own temporary folder (so tests run in parallel), with a manual
// clock and an administrator "admin" signed in.
struct TestStation {
    QTemporaryDir dir;
    ManualClock clock;
    std::unique_ptr<Station> station;
    QString recoveryKey;

    explicit TestStation(bool demo = false);
    QString path() const { return dir.path() + QStringLiteral("/station"); }
    // The raw 32-byte store key, unwrapped through the admin's slot (for sqlcipher CLI checks).
    SecureBuffer rawKey() const;
    // Adds an operator with kClerkPassword and the given roles; returns its id.
    qint64 addOperator(const QString &username, Roles roles);
};

// The built-in points-based programme (resources/programmes/points-based.json), installed by
// `t`'s administrator.
Programme installPointsBased(TestStation &t);
// The office most scenario tests start from: `t`'s clock at 2026-11-23 15:00 UTC, the
// points-based programme installed, a clerk "carla" and a supervisor "sam" (kClerkPassword).
// Returns the programme.
Programme setUpOffice(TestStation &t);

// A draft the points-based programme accepts: an adult born 1980-01-01 living in New York,
// with a passport, a birth certificate and a pay stub of 2026-11-01.
EnrollmentDraft eligibleDraft(const QString &givenNames, const QString &gender = QStringLiteral("F"));

// Saves `draft` when it is new and gives it an accepted card photo (sample::cardPhoto, every
// check passed) as the photo step would: a programme refuses to submit an enrollment without one.
void givePhoto(StationAccess access, const Programme &programme, EnrollmentDraft &draft);
// Submits eligibleDraft(givenNames, "M") with its photo as the clerk signed in to `access`;
// returns the enrollment's id.
qint64 submitWithPhoto(StationAccess access, const Programme &programme, const QString &givenNames);
// The day's batch of setUpOffice's clerk "carla": one submitted enrollment with its photo per
// given name, signed in and out for it.
void submitAsCarla(TestStation &t, const Programme &programme, const QStringList &givenNames);

// Whole file as bytes.
QByteArray readFile(const QString &path);
// A PDF's text as pdftotext -layout reads it, whitespace simplified (a test fails if it cannot).
QString pdfText(const QString &path);
// Runs the sqlcipher command-line tool on a store with a raw hex key; returns its stdout,
// or an empty string and sets ok=false when it fails. Test helper only.
QString sqlcipherQuery(const QString &store, const SecureBuffer &key, const QString &sql, bool *ok = nullptr);

// Extra process modes of a test executable: argv[1] == name runs fn instead of Catch.
std::map<std::string, std::function<int(int, char **)>> &childModes();
// The specimen passport page with QUINTERO's E (line 1, position 10) fading into an F, as a
// worn print leaves a letter: `towardsF` 0 is the E, 1 the F.
QImage fadingNamePage(double towardsF);
// The first page of that fade (from 0.3 to 0.7 in steps of 0.01) whose names readDocument is
// not sure of, or a null image when it is sure all the way.
QImage doubtfulNamePage();

// Runs `body` in a forked child that is SIGKILLed when it passes crash point `point` for the
// `occurrence`-th time (1-based; see util/CrashPoint.h): a deterministic crash at exactly that
// place. Returns true when the child was killed there, false when it finished without
// reaching it (or died otherwise). Close every store connection before calling: a SQLite
// connection must not be used on both sides of a fork.
bool killedAt(const char *point, int occurrence, const std::function<void()> &body);

struct RegisterChildMode {
    RegisterChildMode(const std::string &name, std::function<int(int, char **)> fn)
    {
        childModes()[name] = std::move(fn);
    }
};

} // namespace tessera::test
