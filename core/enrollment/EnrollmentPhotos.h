#pragma once

#include "core/capture/PhotoChecks.h"
#include "core/enrollment/PhotoStore.h"
#include "core/programme/Programme.h"
#include "core/station/StationAccess.h"
#include "core/util/Error.h"

#include <QByteArray>
#include <QMap>
#include <QSize>
#include <QString>

#include <optional>
#include <vector>

namespace tessera {

class Station;

// The photo of a draft, or of a returned enrollment being corrected. Drafts keep their photo
// (it is stored against the enrollment, not the form), a discarded draft loses it with the
// rest (ON DELETE CASCADE). Not thread-safe: it uses the Station's connection.
class EnrollmentPhotos {
public:
    EnrollmentPhotos(StationAccess access, const Programme &programme);

    // Stores `jpeg` (from cropForCard + encodeJpeg) as the photo of enrollment `id`, replacing
    // an earlier one. Refused unless a clerk is signed in, the enrollment is a draft or
    // returned, the JPEG decodes and fits the programme's budget, and every failing check of
    // `assessment` has an override whose code is one of the programme's photo_override
    // reasons (and no override names a passing check). Audits "photo.captured" and one
    // "photo.override" per override, with check ids and codes only.
    Result<void> setPhoto(qint64 id, const QByteArray &jpeg, const PhotoAssessment &assessment,
                          const QMap<QString, QString> &overrides, bool automatic);
    // The photo, or none when the enrollment has none yet. For clerks and supervisors.
    Result<std::optional<EnrollmentPhoto>> photo(qint64 id);

private:
    StationAccess m_access;
    const Programme &m_programme;
};

} // namespace tessera
