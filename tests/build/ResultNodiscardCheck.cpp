// Compiled by the build test `result_nodiscard` and expected NOT to compile cleanly: a Result
// that is ignored must be a warning, which -Werror (CI) turns into an error.
#include "core/util/Error.h"

namespace {

tessera::Result<void> mayFail()
{
    return tessera::fail(tessera::ErrorCode::Io, QStringLiteral("disk full"));
}

} // namespace

int main()
{
    mayFail();
    return 0;
}
