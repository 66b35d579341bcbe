#pragma once

#include <QString>

#include <expected>
#include <utility>

namespace tessera {

// What went wrong, in a form a caller can branch on (code) and a clerk can read (message).
// Messages say what is wrong and what to do; they never carry personal data.
enum class ErrorCode {
    InvalidInput,     // the caller's input is wrong; the message names the field
    AuthFailed,       // unknown operator or wrong password: deliberately the same code
    LockedOut,        // too many failed attempts; the message says until when
    PermissionDenied, // the operator's roles do not allow the action
    NotFound,
    AlreadyExists,
    StoreMissing, // no station at the given place
    StoreCorrupt, // the store or a station file is damaged or not what it claims
    NotEncrypted, // SQLCipher is not the SQLite in use: refuse rather than write plain text
    Io,
    Crypto,
    Integrity, // a verification (audit chain, integrity check) found a problem
    Internal,
};

struct Error {
    ErrorCode code = ErrorCode::Internal; // set, so that a default-made Error is never read uninitialised
    QString message;
};

// std::expected<T, Error> that must not be ignored. libstdc++ 12 does not mark std::expected
// [[nodiscard]], so an alias of it let a dropped error compile silently; a class derived from
// it carries the attribute, and under -Werror (CI) a call whose Result is unused fails to
// build. An ignore that is right is written `(void)call(); // why`.
//
// Everything std::expected offers works as before: values and std::unexpected (fail()) convert
// implicitly, and so do std::expected<T, Error> and Results of other value types. (libstdc++ 12
// has no monadic and_then/transform yet; when GCC 13's arrive, they return std::expected, and
// and_then's function must return a std::expected, not a Result.)
template <typename T>
class [[nodiscard]] Result : public std::expected<T, Error> {
public:
    using Expected = std::expected<T, Error>;
    using Expected::Expected;
    using Expected::operator=;

    constexpr Result() = default;
    constexpr Result(const Expected &other)
        : Expected(other)
    {
    }
    constexpr Result(Expected &&other)
        : Expected(std::move(other))
    {
    }
};

inline std::unexpected<Error> fail(ErrorCode code, QString message)
{
    return std::unexpected(Error {code, std::move(message)});
}

} // namespace tessera
