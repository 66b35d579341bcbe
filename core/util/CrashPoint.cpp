#include "core/util/CrashPoint.h"

#include <utility>

namespace tessera {

namespace {
std::function<void(std::string_view)> &hook()
{
    static std::function<void(std::string_view)> h;
    return h;
}
} // namespace

void crashPoint(std::string_view name)
{
    if (hook())
        hook()(name);
}

void setCrashPointHook(std::function<void(std::string_view)> h)
{
    hook() = std::move(h);
}

} // namespace tessera
