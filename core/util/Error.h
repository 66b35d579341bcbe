#pragma once

#include <QString>

#include <expected>

namespace tessera {

// What went wrong, in a form a caller can branch on (code) and a clerk can read (message).
// Messages say what is wrong and what to do; they never carry personal data.
enum class ErrorCode {
    InvalidInput,      // the caller's input is wrong; the message names the field
    AuthFailed,        // unknown operator or wrong password: deliberately the same code
    LockedOut,         // too many failed attempts; the message says until when
    PermissionDenied,  // the operator's roles do not allow the action
    NotFound,
    AlreadyExists,
    StoreMissing,      // no station at the given place
    StoreCorrupt,      // the store or a station file is damaged or not what it claims
    NotEncrypted,      // SQLCipher is not the SQLite in use: refuse rather than write plain text
    Io,
    Crypto,
    Integrity,         // a verification (audit chain, integrity check) found a problem
    Internal,
};

struct Error {
    ErrorCode code;
    QString message;
};

template <typename T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(ErrorCode code, QString message)
{
    return std::unexpected(Error{code, std::move(message)});
}

} // namespace tessera
