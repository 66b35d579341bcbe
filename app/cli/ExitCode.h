#pragma once

#include "core/util/Error.h"

namespace tessera::cli {

// Exit codes of tessera-cli, as `tessera-cli --help` documents them (kExitCodes below).
enum Exit : int {
    Ok = 0,
    CheckFailed = 1,  // a verification found a problem (audit verify, store check)
    Usage = 2,        // unknown command or option, missing or extra argument
    AuthFailed = 3,   // wrong user name or password, or locked out
    Denied = 4,       // the operator's roles do not allow it
    InvalidInput = 5, // input refused; the message names the field
    StationError = 6, // no station, damaged station, or store not encrypted
    OtherError = 7,   // I/O or internal error
};

// What each exit code means, for the help text and the man page.
struct ExitCodeHelp {
    Exit code;
    const char *meaning;
};
inline constexpr ExitCodeHelp kExitCodes[] = {
    {Ok, "success"},
    {CheckFailed,
     "a check found a problem (audit verify, store check, photo check, card verify), or document read found nothing "
     "to read"},
    {Usage, "usage: unknown command or option, a missing value, or a missing or extra argument"},
    {AuthFailed, "sign-in failed: wrong user name or password, or locked out"},
    {Denied, "not allowed: the operator's roles do not permit it"},
    {InvalidInput, "input refused: the message names the field"},
    {StationError, "station missing or damaged, or the store is not encrypted"},
    {OtherError, "other error (files, memory)"},
};

// The exit code for an error of `code`.
int exitFor(ErrorCode code);

} // namespace tessera::cli
