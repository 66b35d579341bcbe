#pragma once

#include <functional>
#include <string_view>

namespace tessera {

// Named points in multi-step writes (a restore between its key file and its store, a backup
// before its rename, an enrollment between its draft and its submission) where a crash
// leaves the most behind. In the application crashPoint() does nothing; a crash-safety test
// sets a hook in a forked child that SIGKILLs it at one chosen point, so that every kill is
// deterministic (no timing) and is exactly what a power cut there would leave.
void crashPoint(std::string_view name);

// Test hook: called with the name of every crash point passed. Not thread-safe; set it
// before the work starts. An empty function removes it.
void setCrashPointHook(std::function<void(std::string_view)> hook);

} // namespace tessera
