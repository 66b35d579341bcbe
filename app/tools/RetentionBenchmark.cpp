#include "app/tools/RetentionBenchmark.h"

#include "app/tools/SampleEnrollments.h"
#include "core/backup/Backup.h"
#include "core/capture/PhotoChecks.h"
#include "core/cards/Cards.h"
#include "core/enrollment/EnrollmentPhotos.h"
#include "core/enrollment/Enrollments.h"
#include "core/programme/ProgrammeStore.h"
#include "core/retention/Holdings.h"
#include "core/retention/Purge.h"
#include "core/review/Review.h"
#include "core/setup/StationSetup.h"
#include "core/station/Station.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QTemporaryDir>
#include <memory>
#include <vector>

namespace tessera {

namespace {

SecureBuffer pw(const char *text)
{
    return SecureBuffer::fromText(QString::fromLatin1(text));
}

constexpr const char *kAdminPassword = "quiet harbour lantern 47";
constexpr const char *kOperatorPassword = "amber meadow violin 83";
constexpr const char *kBackupPassword = "copper river drawer 19";

// Four letters from a number, so that made-up names differ without being anyone's.
QString letters(int n)
{
    QString s;
    for (int i = 0; i < 4; ++i, n /= 26)
        s.prepend(QChar(u'a' + n % 26));
    return s;
}

// One run: the office, its clock, and the report's rows.
class Run {
public:
    Run(int count, const RetentionBenchmark::Report &report)
        : m_count(count)
        , m_report(report)
    {
    }

    Result<void> all()
    {
        if (!m_work.isValid())
            return fail(ErrorCode::Io,
                        QStringLiteral("Cannot make a temporary folder for the bench: %1").arg(m_work.errorString()));
        for (auto step : {&Run::setUp, &Run::fill, &Run::decide, &Run::printCards, &Run::purges, &Run::backup})
            if (auto r = (this->*step)(); !r)
                return r;
        m_report(QStringLiteral("Times include the key derivation for the backup password (about 0.5 s by design).\n"));
        return {};
    }

private:
    double ms() const { return static_cast<double>(m_timer.nsecsElapsed()) / 1e6; }

    void row(const QString &what, double millis, const QString &extra = {})
    {
        m_report(QStringLiteral("  %1  %2 ms%3\n")
                     .arg(what, -44)
                     .arg(millis, 10, 'f', 1)
                     .arg(extra.isEmpty() ? QString() : QStringLiteral("  (") + extra + QLatin1Char(')')));
    }

    void storeSize(const QString &what)
    {
        const qint64 bytes = QFileInfo(StationPaths {m_dir}.store()).size();
        m_report(QStringLiteral("  %1%2 MiB\n").arg(what, -46).arg(static_cast<double>(bytes) / 1048576.0, 0, 'f', 1));
    }

    Result<void> setUp();
    Result<void> fill();
    Result<void> decide();
    Result<void> printCards();
    Result<void> purges();
    Result<void> backup();

    const int m_count;
    const RetentionBenchmark::Report &m_report;
    QTemporaryDir m_work;
    const QString m_dir = m_work.filePath(QStringLiteral("station"));
    ManualClock m_clock {QDateTime(QDate(2026, 11, 23), QTime(9, 0), Qt::UTC)};
    QElapsedTimer m_timer;
    std::unique_ptr<Station> m_admin;
    std::unique_ptr<Station> m_clerk;
    std::unique_ptr<Station> m_supervisor;
    Programme m_programme;
    std::vector<Decision> m_decisions;
};

Result<void> Run::setUp()
{
    auto created = setUpStation(m_dir,
                                {QStringLiteral("Bench"), QStringLiteral("BNCH"), QStringLiteral("admin"),
                                 QStringLiteral("Bench Admin"), pw(kAdminPassword), std::nullopt, false},
                                m_clock);
    if (!created)
        return std::unexpected(created.error());
    m_admin = std::move(created->station);
    QFile rules(QStringLiteral(":/tessera/programmes/points-based.json"));
    if (!rules.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Io, QStringLiteral("The built-in points-based programme is missing from this build."));
    auto programme = installProgramme(m_admin->access(), rules.readAll());
    if (!programme)
        return std::unexpected(programme.error());
    m_programme = std::move(*programme);
    for (const char *name : {"clerk", "super"})
        if (auto op = m_admin->addOperator({QString::fromLatin1(name), QString::fromLatin1(name),
                                            name[0] == 'c' ? Roles(Role::Clerk) : Roles(Role::Supervisor),
                                            pw(kOperatorPassword)});
            !op)
            return std::unexpected(op.error());
    auto clerk = Station::login(m_dir, QStringLiteral("clerk"), pw(kOperatorPassword), m_clock);
    auto super = Station::login(m_dir, QStringLiteral("super"), pw(kOperatorPassword), m_clock);
    if (!clerk || !super)
        return std::unexpected(!clerk ? clerk.error() : super.error());
    m_clerk = std::move(*clerk);
    m_supervisor = std::move(*super);
    return {};
}

Result<void> Run::fill()
{
    auto photo = sample::cardPhoto();
    if (!photo)
        return std::unexpected(photo.error());
    m_report(QStringLiteral("bench retention: %1 enrollments, each with a %2-byte photo; a quarter rejected, a quarter "
                            "idle drafts, the rest approved, half of those printed and issued.\n")
                 .arg(m_count)
                 .arg(photo->jpeg.size()));
    Enrollments enrollments(m_clerk->access(), m_programme);
    EnrollmentPhotos photos(m_clerk->access(), m_programme);
    m_timer.start();
    for (int i = 0; i < m_count; ++i) {
        EnrollmentDraft d = sample::eligibleDraft(
            QStringLiteral("Bench") + letters(i), QStringLiteral("Counter") + letters(i * 7 + 3),
            QDate(1950, 1, 1).addDays(i % 18000), QStringLiteral("F"), QStringLiteral("%1 Bench Street").arg(i + 1));
        if (auto r = enrollments.saveDraft(d); !r)
            return std::unexpected(r.error());
        if (auto r = photos.setPhoto(d.id, photo->jpeg, photo->assessment, {}, true); !r)
            return std::unexpected(r.error());
        if (i % 4 == 3)
            continue; // stays an idle draft
        if (auto r = enrollments.submit(d); !r)
            return std::unexpected(r.error());
        m_decisions.push_back({d.id, i % 4 == 0 ? DecisionKind::Reject : DecisionKind::Approve,
                               i % 4 == 0 ? QStringLiteral("documents-insufficient") : QString(), QString()});
    }
    row(QStringLiteral("fill: enroll with photo"), ms(),
        QStringLiteral("%1 ms per enrollment").arg(ms() / m_count, 0, 'f', 2));
    return {};
}

Result<void> Run::decide()
{
    m_timer.start();
    if (auto r = Review(m_supervisor->access(), m_programme).decide(m_decisions, pw(kOperatorPassword)); !r)
        return std::unexpected(r.error());
    row(QStringLiteral("fill: review decisions"), ms(), QString::number(m_decisions.size()));
    return {};
}

Result<void> Run::printCards()
{
    m_timer.start();
    Cards cards(m_clerk->access());
    if (auto r = cards.sync(); !r)
        return std::unexpected(r.error());
    auto approved = cards.list();
    if (!approved)
        return std::unexpected(approved.error());
    int printed = 0;
    for (std::size_t i = 0; i < approved->size(); i += 2) {
        const QString number = (*approved)[i].cardNumber;
        auto attempt = cards.beginPrint(number, QStringLiteral("bench"));
        if (!attempt)
            return std::unexpected(attempt.error());
        if (auto r = cards.finishPrint(*attempt, true); !r)
            return std::unexpected(r.error());
        if (auto r = cards.handOver(number); !r)
            return std::unexpected(r.error());
        ++printed;
    }
    row(QStringLiteral("fill: cards made, printed, issued"), ms(),
        QStringLiteral("%1 cards, %2 printed").arg(approved->size()).arg(printed));
    // The size measured next is the store's only once the write-ahead log is folded into it.
    if (auto r = m_admin->database().exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")); !r)
        return std::unexpected(r.error());
    storeSize(QStringLiteral("store file"));
    return {};
}

Result<void> Run::purges()
{
    // Day 0: the scheduled run at every sign-in and hourly, with nothing due but the card reductions.
    m_timer.start();
    auto first = runPurge(m_admin->access(), PurgeOptions {false, false});
    if (!first)
        return std::unexpected(first.error());
    row(QStringLiteral("scheduled purge, day 0"), ms(), QStringLiteral("%1 removed or reduced").arg(first->total()));
    m_timer.start();
    auto idle = runPurge(m_admin->access(), PurgeOptions {false, false});
    if (!idle)
        return std::unexpected(idle.error());
    row(QStringLiteral("scheduled purge, nothing due (each sign-in)"), ms(),
        QStringLiteral("%1 removed").arg(idle->total()));
    m_timer.start();
    auto report = holdingsReport(m_admin->access());
    if (!report)
        return std::unexpected(report.error());
    row(QStringLiteral("holdings report"), ms());

    // Day 91: drafts, rejected enrollments and unprinted printed-only values are due.
    m_clock.advance(91LL * 86400);
    m_timer.start();
    auto dry = runPurge(m_admin->access(), PurgeOptions {true, true});
    if (!dry)
        return std::unexpected(dry.error());
    row(QStringLiteral("purge --dry-run, day 91"), ms(), QStringLiteral("%1 due").arg(dry->total()));
    m_timer.start();
    auto real = runPurge(m_admin->access(), PurgeOptions {false, true});
    if (!real)
        return std::unexpected(real.error());
    row(QStringLiteral("purge, day 91 (delete, checkpoint, VACUUM)"), ms(),
        QStringLiteral("drafts %1, rejected %2, printed-only %3; photos %4; compacted %5")
            .arg(real->count(QString::fromLatin1(purge_class::kDrafts)))
            .arg(real->count(QString::fromLatin1(purge_class::kRejected)))
            .arg(real->count(QString::fromLatin1(purge_class::kPrintedOnly)))
            .arg(real->classes[1].photos + real->classes[2].photos)
            .arg(real->compacted ? QStringLiteral("yes") : QStringLiteral("no")));
    storeSize(QStringLiteral("store file after purge"));

    // The everyday case: one draft left idle; the daily purge removes it and compacts the whole file.
    EnrollmentDraft d;
    d.applicant.givenNames = QStringLiteral("Benchidle");
    if (auto saved = Enrollments(m_clerk->access(), m_programme).saveDraft(d); !saved)
        return std::unexpected(saved.error());
    m_clock.advance(14LL * 86400);
    m_timer.start();
    auto one = runPurge(m_admin->access(), PurgeOptions {false, false});
    if (!one)
        return std::unexpected(one.error());
    row(QStringLiteral("scheduled purge of one idle draft"), ms(),
        QStringLiteral("%1 removed; journal emptied, no VACUUM").arg(one->total()));
    return {};
}

Result<void> Run::backup()
{
    m_timer.start();
    auto made = createBackup(m_admin->access(), m_admin->paths(),
                             {m_work.filePath(QStringLiteral("usb")), 0, pw(kBackupPassword), std::nullopt});
    if (!made)
        return std::unexpected(made.error());
    row(QStringLiteral("backup (export under its own key)"), ms(),
        QStringLiteral("%1 MiB").arg(static_cast<double>(made->file.bytes) / 1048576.0, 0, 'f', 1));
    RestoreOptions r;
    r.backupPath = made->file.path;
    r.targetDir = m_work.filePath(QStringLiteral("second"));
    r.username = QStringLiteral("admin");
    r.password = pw(kAdminPassword);
    r.backupPassword = pw(kBackupPassword);
    m_timer.start();
    auto restored = restoreBackup(r, m_clock);
    if (!restored)
        return std::unexpected(restored.error());
    row(QStringLiteral("restore (verify, then replace)"), ms(),
        QStringLiteral("%1 enrollments").arg(restored->enrollments));
    return {};
}

} // namespace

Result<void> RetentionBenchmark::run(int count, const Report &report)
{
    return Run(count, report).all();
}

} // namespace tessera
