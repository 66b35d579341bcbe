#pragma once

#include "core/util/Error.h"

#include <QByteArray>
#include <QDate>
#include <QString>

#include <optional>

namespace tessera {

class SecureBuffer;

// What the QR code on the back of a card says: which card, issued and valid until when,
// under which programme, signed by which station's issuer key. Deliberately no name, birth
// date or address: a verifier learns that the card is genuine and current, nothing more.
//
// Binary form, version 1 (all integers big-endian):
//   u8  version (1)
//   4   key id (the first 4 bytes of BLAKE2b-256 of the issuer's Ed25519 public key)
//   u8  n, then n bytes: card number (ASCII, 1..17: an 8-letter station code's)
//   u16 issue day, u16 expiry day: days since 2000-01-01; expiry 0xFFFF = does not expire
//   u8  m, then m bytes: programme id (ASCII, 1..16)
//   64  Ed25519 signature (RFC 8032) over everything before it
// Text form: RFC 4648 base32 without padding, so the whole token is in the QR alphanumeric
// set: at most 108 bytes, 173 characters, where a version 7 code at level M holds 178.
struct CardToken {
    static constexpr quint8 kVersion = 1;
    static constexpr int kMaxCardNumber = 17;
    static constexpr int kMaxProgrammeId = 16;

    QByteArray keyId; // 4 bytes
    QString cardNumber;
    QDate issuedOn;
    std::optional<QDate> expiresOn;
    QString programmeId;
    QByteArray signature; // 64 bytes once signed or parsed

    // The bytes the signature covers. Fails when a field does not fit the format.
    Result<QByteArray> signedPart() const;
    // Signs with the issuer's secret key and returns the text form for the QR code.
    Result<QByteArray> signedText(const SecureBuffer &secretKey);
    bool signatureValid(const QByteArray &publicKey) const;

    // Parses the text form (or the raw binary, as read back from a QR code's bytes). Checks
    // structure only; signatures and dates are verifyCard()'s business. Never throws.
    static Result<CardToken> parse(const QByteArray &text);
};

QByteArray base32Encode(const QByteArray &bytes);
std::optional<QByteArray> base32Decode(const QByteArray &text);

} // namespace tessera
