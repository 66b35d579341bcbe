#pragma once

#include "core/util/Error.h"

#include <QString>
#include <functional>

namespace tessera {

// Retention's work timed on a synthetic office in a temporary folder, made through the same code
// paths as the counter: N enrollments with photos (a quarter rejected, a quarter idle drafts, the
// rest approved, half of those printed and issued), then the scheduled purge, the holdings report,
// a purge with VACUUM, backup and restore. Nothing personal: the names are made up from the
// counter index. For `tessera-cli bench retention`.
class RetentionBenchmark {
public:
    // Receives the report a piece at a time, each ending in a newline, as the run makes it: a
    // large office takes minutes.
    using Report = std::function<void(const QString &text)>;

    // `count` enrollments, 8 or more.
    static Result<void> run(int count, const Report &report);
};

} // namespace tessera
