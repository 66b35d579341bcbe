#pragma once

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <span>

namespace tessera {

// Bytes that must not linger: keys, passwords, recovery codes. Held in libsodium's guarded
// allocation (sodium_malloc: guard pages, mlock'd where allowed) and zeroed on destruction.
// Move-only, so a secret has exactly one owner. Not thread-safe.
class SecureBuffer {
public:
    SecureBuffer() = default;
    explicit SecureBuffer(std::size_t size);
    ~SecureBuffer();
    SecureBuffer(SecureBuffer &&other) noexcept;
    SecureBuffer &operator=(SecureBuffer &&other) noexcept;
    SecureBuffer(const SecureBuffer &) = delete;
    SecureBuffer &operator=(const SecureBuffer &) = delete;

    // Copies the UTF-8 form of text (NFKC-normalised, as NIST SP 800-63B asks for passwords).
    static SecureBuffer fromText(const QString &text);
    static SecureBuffer fromBytes(std::span<const unsigned char> bytes);
    static SecureBuffer random(std::size_t size);

    unsigned char *data() { return m_data; }
    const unsigned char *data() const { return m_data; }
    std::size_t size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    std::span<const unsigned char> bytes() const { return {m_data, m_size}; }
    // Number of Unicode code points, for password length rules.
    std::size_t codePointCount() const;

    bool equals(const SecureBuffer &other) const; // constant time for equal sizes
    SecureBuffer copy() const;
    // Lower-case hex, itself secret (SQLCipher's raw-key form needs it).
    SecureBuffer toHex() const;

private:
    unsigned char *m_data = nullptr;
    std::size_t m_size = 0;
};

} // namespace tessera
