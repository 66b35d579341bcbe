#pragma once

#include "core/capture/PhotoChecks.h"
#include "core/store/Database.h"
#include "core/store/HeldRows.h"
#include "core/util/Error.h"

#include <QByteArray>
#include <QMap>
#include <QSize>
#include <QString>
#include <optional>
#include <set>
#include <vector>

namespace tessera {

// The card photo kept with an enrollment: the final crop as JPEG (the only image Tessera
// stores), what the automatic checks measured on the frame it was cut from, and the reason
// code for each failing check the clerk overrode.
struct EnrollmentPhoto {
    QByteArray jpeg;
    QSize size;                       // pixels of the crop
    std::vector<PhotoCheck> checks;   // id, value, threshold, pass; `message` is not kept
    QMap<QString, QString> overrides; // check id -> the programme's photo_override reason code
    bool automatic = false;           // taken by auto-capture (every check passed long enough)
    QString capturedAt;               // ISO 8601 UTC
    qint64 capturedBy = 0;            // operator id
};

// The owner of the enrollment_photos table: one photo per enrollment, deleted with it (ON
// DELETE CASCADE). No role or state checks: EnrollmentPhotos decides who may change a photo.
// Refers to the Database it is given, which must outlive it; not thread-safe (as Database).
class PhotoStore {
public:
    explicit PhotoStore(Database &db)
        : m_db(db)
    {
    }

    // Stores the photo of `enrollmentId`, replacing an earlier one.
    Result<void> put(qint64 enrollmentId, const EnrollmentPhoto &photo);
    // None when the enrollment has no photo.
    Result<std::optional<EnrollmentPhoto>> get(qint64 enrollmentId);
    // Whether the enrollment's photo was accepted with at least one failing check overridden
    // (false when it has no photo).
    Result<bool> hasOverrides(qint64 enrollmentId);

    // For the holdings report and the purge receipt.
    Result<HeldRows> held();
    Result<std::set<qint64>> enrollmentsWithPhoto();
    Result<qint64> countFor(const std::vector<qint64> &enrollmentIds);

private:
    Database &m_db;
};

} // namespace tessera
