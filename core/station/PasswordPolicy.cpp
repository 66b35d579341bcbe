#include "core/station/PasswordPolicy.h"

#include <QFile>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace tessera {

namespace {

const std::vector<std::string> &commonPasswords()
{
    static const std::vector<std::string> list = [] {
        std::vector<std::string> out;
        QFile f(QStringLiteral(":/tessera/passwords/common.txt"));
        if (f.open(QIODevice::ReadOnly)) {
            while (!f.atEnd()) {
                const QByteArray line = f.readLine().trimmed();
                if (!line.isEmpty() && !line.startsWith('#'))
                    out.emplace_back(line.toLower().constData());
            }
        }
        std::sort(out.begin(), out.end());
        return out;
    }();
    return list;
}

bool isCommon(std::string_view candidate)
{
    const auto &list = commonPasswords();
    return std::binary_search(list.begin(), list.end(), candidate,
                              [](auto a, auto b) { return std::string_view(a) < std::string_view(b); });
}

bool isDigitOrPunct(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')));
}

// A short block repeated ("abcabcabcabc"), or a run of neighbouring characters ("abcdef…",
// "987654…") make up the whole password.
bool isPattern(std::string_view p)
{
    for (std::size_t block = 1; block <= 4; ++block) {
        bool repeats = true;
        for (std::size_t i = block; i < p.size() && repeats; ++i)
            repeats = p[i] == p[i % block];
        if (repeats)
            return true;
    }
    bool up = true, down = true;
    for (std::size_t i = 1; i < p.size(); ++i) {
        up = up && p[i] == p[i - 1] + 1;
        down = down && p[i] == p[i - 1] - 1;
    }
    return up || down;
}

} // namespace

Result<void> checkNewPassword(const SecureBuffer &password, const QStringList &contextWords)
{
    const std::size_t length = password.codePointCount();
    if (length < kMinPasswordLength)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("The password needs at least %1 characters; it has %2. A short sentence is easy to "
                                   "remember and hard to guess.")
                        .arg(kMinPasswordLength)
                        .arg(length));
    if (length > kMaxPasswordLength)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("The password may have at most %1 characters.").arg(kMaxPasswordLength));

    // ASCII-lower-cased working copy in secure memory; non-ASCII bytes are left alone.
    SecureBuffer lower = password.copy();
    for (std::size_t i = 0; i < lower.size(); ++i) {
        unsigned char &c = lower.data()[i];
        if (c >= 'A' && c <= 'Z')
            c = static_cast<unsigned char>(c - 'A' + 'a');
    }
    const std::string_view p(reinterpret_cast<const char *>(lower.data()), lower.size());
    std::size_t stemEnd = p.size();
    while (stemEnd > 0 && isDigitOrPunct(static_cast<unsigned char>(p[stemEnd - 1])))
        --stemEnd;
    std::size_t stemBegin = 0;
    while (stemBegin < stemEnd && isDigitOrPunct(static_cast<unsigned char>(p[stemBegin])))
        ++stemBegin;
    const std::string_view stem = p.substr(stemBegin, stemEnd - stemBegin);
    if (isCommon(p) || (stem.size() >= 4 && isCommon(stem)) || isPattern(p)
        || (!stem.empty() && isPattern(stem) && stem.size() <= 4))
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("This password is too easy to guess: it is a commonly used password or a simple "
                                   "pattern. Choose a few unrelated words instead."));

    QStringList words = contextWords;
    words << QStringLiteral("tessera");
    for (const QString &word : words) {
        const QByteArray w = word.trimmed().toLower().toUtf8();
        if (w.size() >= 4
            && p.find(std::string_view(w.constData(), static_cast<std::size_t>(w.size()))) != std::string_view::npos)
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("The password must not contain the user name, the station's name or the word "
                                       "\"tessera\"."));
    }
    return {};
}

} // namespace tessera
