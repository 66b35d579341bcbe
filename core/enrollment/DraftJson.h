#pragma once

#include "core/enrollment/Applicant.h"

#include <QByteArray>
#include <QMap>

namespace tessera {

class Enrollments;

// Reads the JSON description `tessera-cli enroll --from` takes:
//   {"applicant": {"given_names": …, "birth_date": "YYYY-MM-DD", …},
//    "caretaker": {"present": true, "relationship": "parent"},
//    "documents": [{"type": "utility-bill", "issued": "2026-11-02"},
//                  {"type": "foreign-passport", "expiry": "2030-01-01", "machine_readable": true, "number": "…"}],
//    "duplicate_override": {"supervisor": "sam", "reason": "different-person-same-name"},
//    "photo": {"file": "portrait.jpg", "overrides": {"roll": "medical-condition"}}}
// Unknown keys are refused by name (there is no field for, say, citizenship). A document
// "number" is turned into the keyed fingerprint at once and dropped. All problems are
// listed, one per line, naming the field.
struct DraftRequest {
    EnrollmentDraft draft;
    QString overrideSupervisor;
    QString overrideReason;
    QString photoFile;                     // a portrait to check and crop as the photo step does
    QMap<QString, QString> photoOverrides; // failing check id -> photo_override reason code
};
Result<DraftRequest> draftFromJson(const QByteArray &json, Enrollments &enrollments);

} // namespace tessera
