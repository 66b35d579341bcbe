#include "core/enrollment/EnrollmentPhotos.h"

#include "core/enrollment/EnrollmentStore.h"
#include "core/util/Clock.h"

#include <algorithm>

namespace tessera {

namespace {

QString enrollmentObject(qint64 id)
{
    return QStringLiteral("enrollment:%1").arg(id);
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
    auto state = EnrollmentStore(db).state(id);
    if (!state)
        return std::unexpected(state.error());
    if (!*state)
        return fail(ErrorCode::NotFound, QStringLiteral("There is no enrollment %1.").arg(id));
    if (**state != EnrollmentState::Draft && **state != EnrollmentState::Returned)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("This enrollment was submitted; its photo can no longer be changed."));

    // Only a JPEG that decodes, as cropForCard + encodeJpeg make it: never a raw frame.
    if (!jpeg.startsWith("\xFF\xD8"))
        return fail(ErrorCode::InvalidInput, QStringLiteral("The card photo must be a JPEG."));
    if (jpeg.size() > m_programme.photo.maxJpegBytes)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("The card photo is %1 bytes, more than the programme's budget of %2.")
                        .arg(jpeg.size())
                        .arg(m_programme.photo.maxJpegBytes));
    auto image = decodePhoto(jpeg, 4'000'000);
    if (!image)
        return std::unexpected(image.error());

    const auto &codes = m_programme.reasonCodes.value(QStringLiteral("photo_override"));
    for (auto it = overrides.begin(); it != overrides.end(); ++it) {
        const PhotoCheck *c = assessment.check(it.key());
        if (!c)
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("There is no photo check \"%1\" to override.").arg(it.key()));
        if (c->pass)
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("The check \"%1\" passed; there is nothing to override.").arg(it.key()));
        if (std::none_of(codes.begin(), codes.end(), [&](const Choice &choice) { return choice.code == it.value(); })) {
            QStringList known;
            for (const Choice &choice : codes)
                known << choice.code;
            return fail(
                ErrorCode::InvalidInput,
                QStringLiteral("Override of \"%1\": \"%2\" is not one of the programme's reasons for accepting a photo "
                               "that fails a check (%3).")
                    .arg(it.key(), it.value(), known.join(QStringLiteral(", "))));
        }
    }
    QStringList unexplained;
    for (const PhotoCheck &c : assessment.checks)
        if (!c.pass && !overrides.contains(c.id))
            unexplained << c.id;
    if (!unexplained.isEmpty())
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("The photo fails %1: retake it, or override each failing check with a reason.")
                        .arg(unexplained.join(QStringLiteral(", "))));

    const qint64 clerk = m_access.session.currentOperator().id;
    const EnrollmentPhoto kept {
        jpeg, image->size(), assessment.checks, overrides, automatic, isoUtc(m_access.clock.now()), clerk};
    return db.transaction([&]() -> Result<void> {
        if (auto r = PhotoStore(db).put(id, kept); !r)
            return r;
        const auto failed = std::count_if(assessment.checks.begin(), assessment.checks.end(),
                                          [](const PhotoCheck &c) { return !c.pass; });
        auto e = m_access.audit.append(clerk, QStringLiteral("photo.captured"), enrollmentObject(id),
                                       {{QStringLiteral("automatic"), automatic},
                                        {QStringLiteral("bytes"), static_cast<qint64>(jpeg.size())},
                                        {QStringLiteral("failed_checks"), static_cast<qint64>(failed)},
                                        {QStringLiteral("overrides"), static_cast<qint64>(overrides.size())}});
        if (!e)
            return std::unexpected(e.error());
        for (auto it = overrides.begin(); it != overrides.end(); ++it) {
            auto o =
                m_access.audit.append(clerk, QStringLiteral("photo.override"), enrollmentObject(id),
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
    return PhotoStore(m_access.db).get(id);
}

} // namespace tessera
