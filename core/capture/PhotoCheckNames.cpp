#include "core/capture/PhotoCheckNames.h"

#include <QCoreApplication>
#include <QMap>

namespace tessera {

QString photoCheckName(const QString &id)
{
    static const QMap<QString, const char *> names {
        {QStringLiteral("face_count"), QT_TRANSLATE_NOOP("PhotoChecks", "One face")},
        {QStringLiteral("face_size"), QT_TRANSLATE_NOOP("PhotoChecks", "Head size")},
        {QStringLiteral("centering"), QT_TRANSLATE_NOOP("PhotoChecks", "Centred")},
        {QStringLiteral("roll"), QT_TRANSLATE_NOOP("PhotoChecks", "Eyes level")},
        {QStringLiteral("sharpness"), QT_TRANSLATE_NOOP("PhotoChecks", "Sharp")},
        {QStringLiteral("exposure"), QT_TRANSLATE_NOOP("PhotoChecks", "Exposure")},
        {QStringLiteral("illumination"), QT_TRANSLATE_NOOP("PhotoChecks", "Even light")},
        {QStringLiteral("background"), QT_TRANSLATE_NOOP("PhotoChecks", "Plain background")},
        {QStringLiteral("resolution"), QT_TRANSLATE_NOOP("PhotoChecks", "Resolution")},
    };
    const auto it = names.find(id);
    return it == names.end() ? id : QCoreApplication::translate("PhotoChecks", it.value());
}

} // namespace tessera
