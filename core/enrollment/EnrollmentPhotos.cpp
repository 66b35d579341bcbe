#include "enrollment/EnrollmentPhotos.h"

#include "util/Clock.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <limits>

namespace tessera {

namespace {

QString enrollmentObject(qint64 id)
{
    return QStringLiteral("enrollment:%1").arg(id);
}

QJsonValue number(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null);
}

} // namespace

EnrollmentPhotos::EnrollmentPhotos(StationAccess access, const Programme &programme)
    : m_access(access)
    , m_programme(programme)
{
}

Result<void> EnrollmentPhotos::setPhoto(qint64 id, const QByteArray &jpeg, const PhotoAssessment &assessment,
                                        const QMap<QString, QString> &overrides, bool automatic)
{
    if (auto r = m_access.session.requireRole(Role::Clerk); !r)
        return r;
    Database &db = m_access.db;
    auto state = db.scalar(QStringLiteral("SELECT state FROM enrollments WHERE id = ?"), {id});
    if (!state)
        return std::unexpected(state.error());
    if (state->isNull())
        return fail(ErrorCode::NotFound, QStringLiteral("There is no enrollment %1.").arg(id));
    if (state->toString() != QLatin1String("draft") && state->toString() != QLatin1String("returned"))
        return fail(ErrorCode::InvalidInput, QStringLiteral("This enrollment was submitted; its photo can no longer be changed."));

    // Only a JPEG that decodes, as cropForCard + encodeJpeg make it: never a raw frame.
    if (!jpeg.startsWith("\xFF\xD8"))
        return fail(ErrorCode::InvalidInput, QStringLiteral("The card photo must be a JPEG."));
    if (jpeg.size() > m_programme.photo.maxJpegBytes)
        return fail(ErrorCode::InvalidInput, QStringLiteral("The card photo is %1 bytes, more than the programme's budget of %2.")
                                                 .arg(jpeg.size())
                                                 .arg(m_programme.photo.maxJpegBytes));
    auto image = decodePhoto(jpeg, 4'000'000);
    if (!image)
        return std::unexpected(image.error());

    const auto &codes = m_programme.reasonCodes.value(QStringLiteral("photo_override"));
    for (auto it = overrides.begin(); it != overrides.end(); ++it) {
        const PhotoCheck *c = assessment.check(it.key());
        if (!c)
            return fail(ErrorCode::InvalidInput, QStringLiteral("There is no photo check \"%1\" to override.").arg(it.key()));
        if (c->pass)
            return fail(ErrorCode::InvalidInput, QStringLiteral("The check \"%1\" passed; there is nothing to override.").arg(it.key()));
        if (std::none_of(codes.begin(), codes.end(), [&](const Choice &choice) { return choice.code == it.value(); })) {
            QStringList known;
            for (const Choice &choice : codes)
                known << choice.code;
            return fail(ErrorCode::InvalidInput, QStringLiteral("Override of \"%1\": \"%2\" is not one of the programme's reasons for accepting a photo "
                                                                "that fails a check (%3).")
                                                     .arg(it.key(), it.value(), known.join(QStringLiteral(", "))));
        }
    }
    QStringList unexplained;
    for (const PhotoCheck &c : assessment.checks)
        if (!c.pass && !overrides.contains(c.id))
            unexplained << c.id;
    if (!unexplained.isEmpty())
        return fail(ErrorCode::InvalidInput, QStringLiteral("The photo fails %1: retake it, or override each failing check with a reason.")
                                                 .arg(unexplained.join(QStringLiteral(", "))));

    QJsonArray checks;
    for (const PhotoCheck &c : assessment.checks)
        checks.append(QJsonObject{{QStringLiteral("id"), c.id},
                                  {QStringLiteral("value"), number(c.value)},
                                  {QStringLiteral("threshold"), number(c.threshold)},
                                  {QStringLiteral("pass"), c.pass}});
    QJsonObject overridden;
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        overridden.insert(it.key(), it.value());
    const qint64 clerk = m_access.session.currentOperator().id;
    return db.transaction([&]() -> Result<void> {
        if (auto r = db.run(QStringLiteral("INSERT OR REPLACE INTO enrollment_photos (enrollment_id, jpeg, width, height, checks, overrides, "
                                           "automatic, captured_at, captured_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                            {id, jpeg, image->width(), image->height(),
                             QString::fromUtf8(QJsonDocument(checks).toJson(QJsonDocument::Compact)),
                             QString::fromUtf8(QJsonDocument(overridden).toJson(QJsonDocument::Compact)), automatic ? 1 : 0,
                             isoUtc(m_access.clock.now()), clerk});
            !r)
            return r;
        const auto failed = std::count_if(assessment.checks.begin(), assessment.checks.end(), [](const PhotoCheck &c) { return !c.pass; });
        auto e = m_access.audit.append(clerk, QStringLiteral("photo.captured"), enrollmentObject(id),
                                          {{QStringLiteral("automatic"), automatic},
                                           {QStringLiteral("bytes"), static_cast<qint64>(jpeg.size())},
                                           {QStringLiteral("failed_checks"), static_cast<qint64>(failed)},
                                           {QStringLiteral("overrides"), static_cast<qint64>(overrides.size())}});
        if (!e)
            return std::unexpected(e.error());
        for (auto it = overrides.begin(); it != overrides.end(); ++it) {
            auto o = m_access.audit.append(clerk, QStringLiteral("photo.override"), enrollmentObject(id),
                                              {{QStringLiteral("check"), it.key()}, {QStringLiteral("reason"), it.value()}});
            if (!o)
                return std::unexpected(o.error());
        }
        return {};
    });
}

Result<std::optional<EnrollmentPhoto>> EnrollmentPhotos::photo(qint64 id)
{
    if (!m_access.session.requireRole(Role::Clerk) && !m_access.session.requireRole(Role::Supervisor))
        return fail(ErrorCode::PermissionDenied, QStringLiteral("Applicant photos are for clerks and supervisors."));
    std::optional<EnrollmentPhoto> out;
    auto r = m_access.db.each(
        QStringLiteral("SELECT jpeg, width, height, checks, overrides, automatic, captured_at, captured_by FROM enrollment_photos WHERE enrollment_id = ?"),
        {id}, [&](const Statement &row) {
            EnrollmentPhoto p;
            p.jpeg = row.blob(0);
            p.size = QSize(static_cast<int>(row.integer(1)), static_cast<int>(row.integer(2)));
            for (const QJsonValue &v : QJsonDocument::fromJson(row.text(3).toUtf8()).array()) {
                const QJsonObject c = v.toObject();
                const QJsonValue value = c.value(QStringLiteral("value"));
                p.checks.push_back(PhotoCheck{c.value(QStringLiteral("id")).toString(),
                                              value.isDouble() ? value.toDouble() : std::numeric_limits<double>::quiet_NaN(),
                                              c.value(QStringLiteral("threshold")).toDouble(), c.value(QStringLiteral("pass")).toBool(), QString()});
            }
            const QJsonObject o = QJsonDocument::fromJson(row.text(4).toUtf8()).object();
            for (auto it = o.begin(); it != o.end(); ++it)
                p.overrides.insert(it.key(), it.value().toString());
            p.automatic = row.integer(5) != 0;
            p.capturedAt = row.text(6);
            p.capturedBy = row.integer(7);
            out = std::move(p);
        });
    if (!r)
        return std::unexpected(r.error());
    return out;
}

} // namespace tessera
