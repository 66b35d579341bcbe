#pragma once

#include "core/cards/CardToken.h"
#include "core/cards/IssuerKey.h"

#include <QDate>
#include <QImage>
#include <QSet>
#include <QStringList>

#include <optional>

namespace tessera {

// The card numbers a station has revoked (replaced, reported lost, stolen or damaged,
// revoked), signed with its issuer key, for partner verifiers. JSON:
//   {"format": "tessera-revocations", "format_version": 1, "key_id": "…", "issued_at": "…",
//    "cards": ["MS1-000001-7", …], "signature": "<base64 Ed25519 over the compact JSON of
//    the other members>"}
// Holds card numbers only, never a name.
struct RevocationList {
    QByteArray keyId;
    QString issuedAt;
    QStringList cards;

    Result<QByteArray> toSignedFile(const IssuerKey &key) const;
    // Refuses a file that is malformed, from another key, or whose signature fails.
    static Result<RevocationList> fromSignedFile(const QByteArray &bytes, const IssuerPublicKey &key);
};

// What an offline verifier concludes about a card code.
struct CardVerdict {
    bool valid = false;
    QString reason;                 // why not, or "valid"
    std::optional<CardToken> token; // when the code parsed
};

// Checks a token's format, key id, signature, dates (issued not in the future, not expired
// on `today`) and, when given, the revocation list.
CardVerdict verifyCardToken(const QByteArray &text, const IssuerPublicKey &key, const QDate &today,
                            const RevocationList *revocations = nullptr);
// Finds the QR codes in an image and verifies the first Tessera code among them.
CardVerdict verifyCardImage(const QImage &image, const IssuerPublicKey &key, const QDate &today,
                            const RevocationList *revocations = nullptr);

} // namespace tessera
