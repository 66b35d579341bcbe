#pragma once

#include <QString>

namespace tessera {

// A photo check's name in the clerk's and supervisor's words ("Head size" for "face_size"), for
// the enrollment page's photo panel and the review page's record alike. An id it does not know
// comes back unchanged. Translated in the "PhotoChecks" context.
QString photoCheckName(const QString &id);

} // namespace tessera
