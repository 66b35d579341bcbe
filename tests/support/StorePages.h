#pragma once

#include "core/crypto/SecureBuffer.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace tessera::test {

// Every page of a SQLCipher 3 store file, decrypted here with the raw key and OpenSSL, page by
// page, without SQLite: so that free pages, pages past the last table, slack space inside
// pages, and every frame of the write-ahead log are searched as well, not only what a query
// (or sqlcipher_export) would read. The format (SQLCipher 3.4 defaults with the settings
// Tessera writes): the first 16 bytes of the file are the salt; each page is AES-256-CBC over
// page_size - 48 bytes (page 1: from byte 16), then a 16-byte IV and a 20-byte HMAC-SHA1 over
// ciphertext, IV and the little-endian page number, keyed by PBKDF2-HMAC-SHA1(key,
// salt ^ 0x3a, 2 iterations). A page whose HMAC does not match is named in `problems`, so a
// wrong key or a wrong idea of the format fails loudly instead of "finding nothing".
struct DecryptedStore {
    QByteArray pages;     // the main file's pages in order, decrypted (page 1 with its SQLite header)
    QByteArray walFrames; // the pages of every frame of `<store>-wal`, decrypted
    int pageCount = 0;
    int walFrameCount = 0;
    QStringList problems;
    bool ok() const { return problems.isEmpty() && pageCount > 0; }
    bool contains(const QByteArray &needle) const { return pages.contains(needle) || walFrames.contains(needle); }
};

DecryptedStore decryptStorePages(const QString &storePath, const SecureBuffer &rawKey, int pageSize = 4096);

} // namespace tessera::test
