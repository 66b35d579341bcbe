#include "core/enrollment/DraftJson.h"

#include "core/enrollment/Enrollments.h"
#include "core/programme/JsonLocator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace tessera {

namespace {

// The applicant's fields; an unknown key, or a value of the wrong type, is a problem.
void readApplicant(const QJsonObject &applicant, Applicant &a, QStringList &problems)
{
    for (auto it = applicant.begin(); it != applicant.end(); ++it) {
        const QString where = QStringLiteral("applicant.") + it.key();
        if (it.key() == QLatin1String("no_fixed_address")) {
            a.noFixedAddress = it.value().toBool();
            continue;
        }
        const auto field = fieldFromKey(it.key());
        if (!field) {
            problems << where
                    + QStringLiteral(": not a field Tessera has (immigration status, citizenship, SSN and place of "
                                     "birth never are)");
            continue;
        }
        if (*field == Field::Veteran || *field == Field::OrganDonor) {
            if (!it.value().isBool())
                problems << where + QStringLiteral(": use true or false");
            else
                a.setValue(*field, it.value().toBool() ? QStringLiteral("yes") : QStringLiteral("no"));
            continue;
        }
        if (!it.value().isString()) {
            problems << where + QStringLiteral(": use text");
            continue;
        }
        a.setValue(*field, it.value().toString());
    }
}

// One document as presented; its number, when given, becomes the keyed fingerprint and is
// not kept.
Result<DocumentEntry> readDocument(const QJsonObject &d, const QString &where, Enrollments &enrollments,
                                   QStringList &problems)
{
    DocumentEntry entry;
    entry.presented.typeId = d.value(QStringLiteral("type")).toString();
    for (const char *key : {"expiry", "issued"}) {
        const QString k = QString::fromLatin1(key);
        if (!d.contains(k))
            continue;
        const QDate date = QDate::fromString(d.value(k).toString(), Qt::ISODate);
        if (!date.isValid())
            problems << where + QLatin1Char('.') + k + QStringLiteral(": use a date that exists, as YYYY-MM-DD");
        else if (k == QLatin1String("expiry"))
            entry.presented.expiry = date;
        else
            entry.presented.issued = date;
    }
    entry.presented.machineReadable = d.value(QStringLiteral("machine_readable")).toBool(false);
    entry.presented.byCaretaker = d.value(QStringLiteral("by_caretaker")).toBool(false);
    if (d.contains(QStringLiteral("number"))) {
        const SecureBuffer number = SecureBuffer::fromText(d.value(QStringLiteral("number")).toString());
        auto fp = enrollments.fingerprint(entry.presented.typeId, number);
        if (!fp)
            return std::unexpected(fp.error());
        entry.fingerprint = *fp;
    }
    for (auto it = d.begin(); it != d.end(); ++it)
        if (!QStringList {QStringLiteral("type"), QStringLiteral("expiry"), QStringLiteral("issued"),
                          QStringLiteral("machine_readable"), QStringLiteral("by_caretaker"), QStringLiteral("number")}
                 .contains(it.key()))
            problems << where + QLatin1Char('.') + it.key() + QStringLiteral(": not something a document entry has");
    return entry;
}

// The portrait file to read and the overrides of its failing checks; or, where the programme
// allows a card without a photo, "none" and its no_photo reason code (checked at submission).
void readPhoto(const QJsonObject &photo, DraftRequest &out, QStringList &problems)
{
    out.photoFile = photo.value(QStringLiteral("file")).toString();
    out.draft.noPhotoReason = photo.value(QStringLiteral("none")).toString();
    if (out.photoFile.isEmpty() == out.draft.noPhotoReason.isEmpty())
        problems << QStringLiteral("photo.file: give the path of the portrait image (or, for a programme's "
                                   "exception, \"none\" with one of its no_photo reason codes, and no file)");
    for (auto it = photo.begin(); it != photo.end(); ++it)
        if (it.key() != QLatin1String("file") && it.key() != QLatin1String("overrides")
            && it.key() != QLatin1String("none"))
            problems << QStringLiteral("photo.%1: not something a photo has (file, overrides, none)").arg(it.key());
    const QJsonObject overrides = photo.value(QStringLiteral("overrides")).toObject();
    for (auto it = overrides.begin(); it != overrides.end(); ++it) {
        if (!it.value().isString())
            problems << QStringLiteral("photo.overrides.%1: give one of the programme's photo_override reason codes")
                            .arg(it.key());
        else
            out.photoOverrides.insert(it.key(), it.value().toString());
    }
}

} // namespace

Result<DraftRequest> draftFromJson(const QByteArray &json, Enrollments &enrollments)
{
    auto parsed = JsonLocator::parseObject(json, QStringLiteral("an enrollment description"));
    if (!parsed)
        return std::unexpected(parsed.error());
    const QJsonObject &root = *parsed;
    QStringList problems;
    DraftRequest out;
    for (auto it = root.begin(); it != root.end(); ++it)
        if (!QStringList {QStringLiteral("applicant"), QStringLiteral("caretaker"), QStringLiteral("documents"),
                          QStringLiteral("duplicate_override"), QStringLiteral("photo")}
                 .contains(it.key()))
            problems << QStringLiteral("%1: not something an enrollment has").arg(it.key());

    const QJsonObject applicant = root.value(QStringLiteral("applicant")).toObject();
    if (applicant.isEmpty())
        problems << QStringLiteral("applicant: missing; give at least the name and date of birth");
    readApplicant(applicant, out.draft.applicant, problems);

    const QJsonObject caretaker = root.value(QStringLiteral("caretaker")).toObject();
    out.draft.caretakerPresent = caretaker.value(QStringLiteral("present")).toBool(false);
    out.draft.caretakerRelationship = caretaker.value(QStringLiteral("relationship")).toString();

    const QJsonArray documents = root.value(QStringLiteral("documents")).toArray();
    for (qsizetype i = 0; i < documents.size(); ++i) {
        auto entry =
            readDocument(documents.at(i).toObject(), QStringLiteral("documents[%1]").arg(i), enrollments, problems);
        if (!entry)
            return std::unexpected(entry.error());
        out.draft.documents.push_back(std::move(*entry));
    }

    const QJsonObject override = root.value(QStringLiteral("duplicate_override")).toObject();
    out.overrideSupervisor = override.value(QStringLiteral("supervisor")).toString();
    out.overrideReason = override.value(QStringLiteral("reason")).toString();

    if (root.contains(QStringLiteral("photo")))
        readPhoto(root.value(QStringLiteral("photo")).toObject(), out, problems);

    for (const FieldProblem &p : enrollments.validate(out.draft))
        problems << (fieldFromKey(p.field) ? QStringLiteral("applicant.") : QString()) + p.field + QStringLiteral(": ")
                + p.message;
    if (!problems.isEmpty())
        return fail(ErrorCode::InvalidInput, problems.join(QLatin1Char('\n')));
    return out;
}

} // namespace tessera
