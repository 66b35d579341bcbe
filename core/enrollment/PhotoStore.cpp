#include "core/enrollment/PhotoStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>
#include <limits>

namespace tessera {

namespace {

// A measurement that could not be made (NaN) is kept as null: JSON has no NaN.
QJsonValue number(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null);
}

} // namespace

Result<void> PhotoStore::put(qint64 enrollmentId, const EnrollmentPhoto &photo)
{
    QJsonArray checks;
    for (const PhotoCheck &c : photo.checks)
        checks.append(QJsonObject {{QStringLiteral("id"), c.id},
                                   {QStringLiteral("value"), number(c.value)},
                                   {QStringLiteral("threshold"), number(c.threshold)},
                                   {QStringLiteral("pass"), c.pass}});
    QJsonObject overridden;
    for (auto it = photo.overrides.begin(); it != photo.overrides.end(); ++it)
        overridden.insert(it.key(), it.value());
    return m_db.run(
        QStringLiteral(
            "INSERT OR REPLACE INTO enrollment_photos (enrollment_id, jpeg, width, height, checks, overrides, "
            "automatic, captured_at, captured_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {enrollmentId, photo.jpeg, photo.size.width(), photo.size.height(),
         QString::fromUtf8(QJsonDocument(checks).toJson(QJsonDocument::Compact)),
         QString::fromUtf8(QJsonDocument(overridden).toJson(QJsonDocument::Compact)), photo.automatic ? 1 : 0,
         photo.capturedAt, photo.capturedBy});
}

Result<std::optional<EnrollmentPhoto>> PhotoStore::get(qint64 enrollmentId)
{
    std::optional<EnrollmentPhoto> out;
    auto r = m_db.each(QStringLiteral("SELECT jpeg, width, height, checks, overrides, automatic, captured_at, "
                                      "captured_by FROM enrollment_photos WHERE enrollment_id = ?"),
                       {enrollmentId}, [&](const Statement &row) {
                           EnrollmentPhoto p;
                           p.jpeg = row.blob(0);
                           p.size = QSize(static_cast<int>(row.integer(1)), static_cast<int>(row.integer(2)));
                           for (const QJsonValue v : QJsonDocument::fromJson(row.text(3).toUtf8()).array()) {
                               const QJsonObject c = v.toObject();
                               const QJsonValue value = c.value(QStringLiteral("value"));
                               p.checks.push_back(PhotoCheck {
                                   c.value(QStringLiteral("id")).toString(),
                                   value.isDouble() ? value.toDouble() : std::numeric_limits<double>::quiet_NaN(),
                                   c.value(QStringLiteral("threshold")).toDouble(),
                                   c.value(QStringLiteral("pass")).toBool(), QString()});
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

Result<bool> PhotoStore::hasOverrides(qint64 enrollmentId)
{
    auto overrides =
        m_db.scalar(QStringLiteral("SELECT overrides FROM enrollment_photos WHERE enrollment_id = ?"), {enrollmentId});
    if (!overrides)
        return std::unexpected(overrides.error());
    return !overrides->isNull() && !QJsonDocument::fromJson(overrides->toString().toUtf8()).object().isEmpty();
}

Result<HeldRows> PhotoStore::held()
{
    return heldRows(m_db, QStringLiteral("SELECT count(*), min(captured_at) FROM enrollment_photos"));
}

Result<std::set<qint64>> PhotoStore::enrollmentsWithPhoto()
{
    return enrollmentIds(m_db, QStringLiteral("SELECT enrollment_id FROM enrollment_photos"));
}

Result<qint64> PhotoStore::countFor(const std::vector<qint64> &enrollmentIds)
{
    return countForEnrollments(
        m_db, QStringLiteral("SELECT count(*) FROM enrollment_photos WHERE enrollment_id IN (%1)"), enrollmentIds);
}

} // namespace tessera
