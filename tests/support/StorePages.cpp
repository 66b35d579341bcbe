#include "tests/support/StorePages.h"

#include <QFile>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstring>
#include <memory>

namespace tessera::test {

namespace {

constexpr int kSaltBytes = 16;
constexpr int kIvBytes = 16;
constexpr int kHmacBytes = 20; // SHA-1
constexpr int kReserve = 48;   // IV + HMAC rounded up to the AES block
constexpr int kHmacSaltMask = 0x3a;
constexpr int kFastKdfIterations = 2;

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

struct PageCipher {
    const unsigned char *key = nullptr; // 32 bytes
    unsigned char hmacKey[32] {};
    int pageSize = 4096;

    // Decrypts one page in place into `out` (pageSize bytes); false when its HMAC fails.
    bool decrypt(const unsigned char *page, quint32 pgno, QByteArray &out) const
    {
        const int offset = pgno == 1 ? kSaltBytes : 0;
        const int size = pageSize - kReserve - offset;
        const unsigned char *iv = page + pageSize - kReserve;
        const unsigned char *mac = iv + kIvBytes;

        unsigned char le[4] = {static_cast<unsigned char>(pgno), static_cast<unsigned char>(pgno >> 8),
                               static_cast<unsigned char>(pgno >> 16), static_cast<unsigned char>(pgno >> 24)};
        QByteArray signedPart(reinterpret_cast<const char *>(page + offset), size + kIvBytes);
        signedPart.append(reinterpret_cast<const char *>(le), 4);
        unsigned char computed[EVP_MAX_MD_SIZE];
        unsigned int computedSize = 0;
        if (!HMAC(EVP_sha1(), hmacKey, sizeof hmacKey, reinterpret_cast<const unsigned char *>(signedPart.constData()),
                  static_cast<size_t>(signedPart.size()), computed, &computedSize)
            || computedSize != kHmacBytes || std::memcmp(computed, mac, kHmacBytes) != 0)
            return false;

        out = QByteArray(pageSize, '\0');
        if (pgno == 1)
            std::memcpy(out.data(), "SQLite format 3", 16);
        std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> c(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
        int written = 0;
        int last = 0;
        if (!c || EVP_DecryptInit_ex(c.get(), EVP_aes_256_cbc(), nullptr, key, iv) != 1
            || EVP_CIPHER_CTX_set_padding(c.get(), 0) != 1
            || EVP_DecryptUpdate(c.get(), reinterpret_cast<unsigned char *>(out.data()) + offset, &written,
                                 page + offset, size)
                != 1
            || EVP_DecryptFinal_ex(c.get(), reinterpret_cast<unsigned char *>(out.data()) + offset + written, &last)
                != 1)
            return false;
        // The reserved tail (IV and HMAC) is not data; keep it as it is on disk.
        std::memcpy(out.data() + pageSize - kReserve, page + pageSize - kReserve, kReserve);
        return true;
    }
};

} // namespace

DecryptedStore decryptStorePages(const QString &storePath, const SecureBuffer &rawKey, int pageSize)
{
    DecryptedStore result;
    const QByteArray file = readAll(storePath);
    if (rawKey.size() != 32 || file.size() < pageSize || file.size() % pageSize != 0) {
        result.problems << QStringLiteral("%1 is not a whole number of %2-byte pages, or the key is not 32 bytes.")
                               .arg(storePath)
                               .arg(pageSize);
        return result;
    }
    PageCipher cipher;
    cipher.key = rawKey.data();
    cipher.pageSize = pageSize;
    unsigned char hmacSalt[kSaltBytes];
    for (int i = 0; i < kSaltBytes; ++i)
        hmacSalt[i] = static_cast<unsigned char>(file.at(i)) ^ kHmacSaltMask;
    if (PKCS5_PBKDF2_HMAC_SHA1(reinterpret_cast<const char *>(rawKey.data()), 32, hmacSalt, kSaltBytes,
                               kFastKdfIterations, sizeof cipher.hmacKey, cipher.hmacKey)
        != 1) {
        result.problems << QStringLiteral("The HMAC key could not be derived.");
        return result;
    }

    const auto *bytes = reinterpret_cast<const unsigned char *>(file.constData());
    for (qsizetype at = 0; at < file.size(); at += pageSize) {
        const auto pgno = static_cast<quint32>(at / pageSize + 1);
        QByteArray page;
        if (!cipher.decrypt(bytes + at, pgno, page))
            result.problems << QStringLiteral("page %1 failed its HMAC").arg(pgno);
        result.pages += page;
        ++result.pageCount;
    }

    // The WAL: a 32-byte header, then frames of a 24-byte header (page number big-endian
    // first) and one page each.
    const QByteArray wal = readAll(storePath + QStringLiteral("-wal"));
    const auto *w = reinterpret_cast<const unsigned char *>(wal.constData());
    for (qsizetype at = 32; at + 24 + pageSize <= wal.size(); at += 24 + pageSize) {
        const quint32 pgno =
            (quint32(w[at]) << 24) | (quint32(w[at + 1]) << 16) | (quint32(w[at + 2]) << 8) | quint32(w[at + 3]);
        QByteArray page;
        if (!cipher.decrypt(w + at + 24, pgno, page))
            result.problems
                << QStringLiteral("WAL frame %1 (page %2) failed its HMAC").arg(result.walFrameCount + 1).arg(pgno);
        result.walFrames += page;
        ++result.walFrameCount;
    }
    OPENSSL_cleanse(cipher.hmacKey, sizeof cipher.hmacKey);
    return result;
}

} // namespace tessera::test
