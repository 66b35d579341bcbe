#pragma once

#include "core/programme/Programme.h"

#include <QString>

namespace tessera {

// Text for documents handed to applicants (receipt, rejection notice): the programme's own
// wording for `key` in `language` (else in its first language), else Tessera's English
// default. Keys: "receipt_*", "notice_*", "field.<field key>". A text may hold %1 where a
// number of days goes.
QString applicantText(const Programme &programme, const QString &language, const QString &key);

} // namespace tessera
