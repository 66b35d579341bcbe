#pragma once

#include <QString>

#include <expected>
#include <functional>
#include <type_traits>
#include <utility>

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
    ErrorCode code = ErrorCode::Internal; // set, so that a default-made Error is never read uninitialised
    QString message;
};

template <typename T>
class Result;

namespace detail {
// std::expected's and_then/or_else accept only functions returning a std::expected
// specialization; a Result is derived from one, so it is handed over as its base.
template <typename T>
constexpr std::expected<T, Error> asExpected(Result<T> result)
{
    return std::move(result);
}
template <typename T, typename E>
constexpr std::expected<T, E> asExpected(std::expected<T, E> plain)
{
    return plain;
}
} // namespace detail

// std::expected<T, Error> that must not be ignored. libstdc++ 12 does not mark std::expected
// [[nodiscard]], so an alias of it let a dropped error compile silently; a class derived from
// it carries the attribute, and under -Werror (CI) a call whose Result is unused fails to
// build. An ignore that is right is written `(void)call(); // why`.
//
// Everything std::expected offers works as before: values and std::unexpected (fail()) convert
// implicitly, and and_then / or_else / transform / transform_error return Results and accept
// functions that return Results.
template <typename T>
class [[nodiscard]] Result : public std::expected<T, Error> {
public:
    using Expected = std::expected<T, Error>;
    using Expected::Expected;
    using Expected::operator=;

    constexpr Result() = default;
    constexpr Result(const Expected &other) : Expected(other) {}
    constexpr Result(Expected &&other) : Expected(std::move(other)) {}

    template <typename F>
    constexpr auto and_then(F &&f) &
    {
        return andThen(static_cast<Expected &>(*this), std::forward<F>(f));
    }
    template <typename F>
    constexpr auto and_then(F &&f) const &
    {
        return andThen(static_cast<const Expected &>(*this), std::forward<F>(f));
    }
    template <typename F>
    constexpr auto and_then(F &&f) &&
    {
        return andThen(static_cast<Expected &&>(*this), std::forward<F>(f));
    }

    template <typename F>
    constexpr auto or_else(F &&f) &
    {
        return orElse(static_cast<Expected &>(*this), std::forward<F>(f));
    }
    template <typename F>
    constexpr auto or_else(F &&f) const &
    {
        return orElse(static_cast<const Expected &>(*this), std::forward<F>(f));
    }
    template <typename F>
    constexpr auto or_else(F &&f) &&
    {
        return orElse(static_cast<Expected &&>(*this), std::forward<F>(f));
    }

    template <typename F>
    constexpr auto transform(F &&f) &
    {
        return wrap(static_cast<Expected &>(*this).transform(std::forward<F>(f)));
    }
    template <typename F>
    constexpr auto transform(F &&f) const &
    {
        return wrap(static_cast<const Expected &>(*this).transform(std::forward<F>(f)));
    }
    template <typename F>
    constexpr auto transform(F &&f) &&
    {
        return wrap(static_cast<Expected &&>(*this).transform(std::forward<F>(f)));
    }

    template <typename F>
    constexpr auto transform_error(F &&f) &
    {
        return wrap(static_cast<Expected &>(*this).transform_error(std::forward<F>(f)));
    }
    template <typename F>
    constexpr auto transform_error(F &&f) const &
    {
        return wrap(static_cast<const Expected &>(*this).transform_error(std::forward<F>(f)));
    }
    template <typename F>
    constexpr auto transform_error(F &&f) &&
    {
        return wrap(static_cast<Expected &&>(*this).transform_error(std::forward<F>(f)));
    }

private:
    // The error type stays Error for every Result; transform_error to another type gives a
    // plain std::expected.
    template <typename U, typename E>
    static constexpr auto wrap(std::expected<U, E> &&plain)
    {
        if constexpr (std::is_same_v<E, Error>)
            return Result<U>(std::move(plain));
        else
            return std::move(plain);
    }

    template <typename Self, typename F>
    static constexpr auto andThen(Self &&self, F &&f)
    {
        return wrap(std::forward<Self>(self).and_then([&f](auto &&...value) {
            return detail::asExpected(std::invoke(std::forward<F>(f), std::forward<decltype(value)>(value)...));
        }));
    }

    template <typename Self, typename F>
    static constexpr auto orElse(Self &&self, F &&f)
    {
        return wrap(std::forward<Self>(self).or_else([&f](auto &&error) {
            return detail::asExpected(std::invoke(std::forward<F>(f), std::forward<decltype(error)>(error)));
        }));
    }
};

inline std::unexpected<Error> fail(ErrorCode code, QString message)
{
    return std::unexpected(Error{code, std::move(message)});
}

} // namespace tessera
