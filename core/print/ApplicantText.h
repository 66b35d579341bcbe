#pragma once

#include "core/programme/Programme.h"

#include <QString>

namespace tessera {

// Text for documents handed to applicants (receipt, rejection notice): the programme's own
// wording for `key` in `language` (else in its first language), else Tessera's English
// default. Keys: "receipt_*", "notice_*", "field.<field key>". A text may hold %1 where a
// number of days goes.
QString applicantText(const Programme &programme, const QString &language, const QString &key);

// A field's name as a person reads it ("medical notes", never "medical_notes"), in `language`:
// the programme's text "field.<key>", else Tessera's default, else the key with spaces. The
// gender field is named by the programme's own word for it (card.gender_label: "Sex" where the
// programme says so), the one its form and its cards show. Used wherever fields are named: the
// receipt, the review record, the holdings panel and report.
QString fieldName(const Programme &programme, const QString &language, const QString &key);

} // namespace tessera
