// Card codes come from outside (any QR code a verifier scans): the token parser and the
// verifier must refuse anything without crashing, and whatever parses must re-encode.
#include "core/cards/CardToken.h"
#include "core/cards/RevocationList.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    (void)tessera::base32Decode(bytes);
    auto token = tessera::CardToken::parse(bytes);
    if (token)
        (void)token->signedPart();
    tessera::IssuerPublicKey key;
    key.publicKey = QByteArray(32, '\x01');
    key.keyId = tessera::issuerKeyId(key.publicKey);
    (void)tessera::verifyCardToken(bytes, key, QDate(2026, 11, 23));
    (void)tessera::IssuerPublicKey::fromFile(bytes);
    (void)tessera::RevocationList::fromSignedFile(bytes, key);
    return 0;
}
