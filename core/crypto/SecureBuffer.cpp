#include "core/crypto/SecureBuffer.h"

#include "core/crypto/Sodium_p.h"

#include <stdexcept>
#include <utility>

namespace tessera {

SecureBuffer::SecureBuffer(std::size_t size)
    : m_size(size)
{
    if (size == 0)
        return;
    sodium::ensureInitialised();
    m_data = static_cast<unsigned char *>(sodium_malloc(size));
    if (!m_data)
        throw std::bad_alloc();
    sodium_memzero(m_data, size);
}

SecureBuffer::~SecureBuffer()
{
    if (m_data)
        sodium_free(m_data); // zeroes before release
}

SecureBuffer::SecureBuffer(SecureBuffer &&other) noexcept
    : m_data(std::exchange(other.m_data, nullptr))
    , m_size(std::exchange(other.m_size, 0))
{
}

SecureBuffer &SecureBuffer::operator=(SecureBuffer &&other) noexcept
{
    if (this != &other) {
        if (m_data)
            sodium_free(m_data);
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

SecureBuffer SecureBuffer::fromText(const QString &text)
{
    QByteArray utf8 = text.normalized(QString::NormalizationForm_KC).toUtf8();
    SecureBuffer out(static_cast<std::size_t>(utf8.size()));
    if (!utf8.isEmpty())
        memcpy(out.m_data, utf8.constData(), out.m_size);
    sodium_memzero(utf8.data(), static_cast<std::size_t>(utf8.size()));
    return out;
}

SecureBuffer SecureBuffer::fromBytes(std::span<const unsigned char> bytes)
{
    SecureBuffer out(bytes.size());
    if (!bytes.empty())
        memcpy(out.m_data, bytes.data(), bytes.size());
    return out;
}

SecureBuffer SecureBuffer::random(std::size_t size)
{
    SecureBuffer out(size);
    if (size)
        randombytes_buf(out.m_data, size);
    return out;
}

std::size_t SecureBuffer::codePointCount() const
{
    std::size_t count = 0;
    for (std::size_t i = 0; i < m_size; ++i)
        if ((m_data[i] & 0xC0) != 0x80)
            ++count;
    return count;
}

bool SecureBuffer::equals(const SecureBuffer &other) const
{
    if (m_size != other.m_size)
        return false;
    return m_size == 0 || sodium_memcmp(m_data, other.m_data, m_size) == 0;
}

SecureBuffer SecureBuffer::copy() const
{
    return fromBytes(bytes());
}

SecureBuffer SecureBuffer::toHex() const
{
    SecureBuffer out(m_size * 2 + 1);
    sodium_bin2hex(reinterpret_cast<char *>(out.m_data), out.m_size, m_data, m_size);
    out.m_size -= 1; // drop the terminator from the visible size; the allocation keeps it
    return out;
}

} // namespace tessera
