#include "core/cards/CardToken.h"
#include "core/cards/IssuerKey.h"
#include "core/cards/QrCode.h"
#include "core/cards/RevocationList.h"
#include "core/crypto/Signing.h"

#include "tests/support/TestSupport.h"

#include <QPainter>
#include <QRandomGenerator>

#include <catch2/catch.hpp>

using namespace tessera;

namespace {

struct Keys {
    IssuerPublicKey pub;
    SecureBuffer secret;
};

Keys makeKeys()
{
    crypto::SigningKeyPair pair = crypto::generateSigningKeyPair();
    Keys k;
    k.pub.publicKey = pair.publicKey;
    k.pub.keyId = issuerKeyId(pair.publicKey);
    k.pub.stationCode = QStringLiteral("MS1");
    k.secret = std::move(pair.secretKey);
    return k;
}

CardToken sampleToken(const Keys &k)
{
    CardToken t;
    t.keyId = k.pub.keyId;
    t.cardNumber = QStringLiteral("MS1-000042-K");
    t.issuedOn = QDate(2026, 1, 5);
    t.expiresOn = QDate(2031, 1, 5);
    t.programmeId = QStringLiteral("points-based");
    return t;
}

} // namespace

TEST_CASE("base32 round-trips and refuses what is not base32")
{
    QRandomGenerator rng(7);
    for (int n = 0; n < 40; ++n) {
        QByteArray bytes(n, '\0');
        for (char &c : bytes)
            c = static_cast<char>(rng.bounded(256));
        const QByteArray text = base32Encode(bytes);
        REQUIRE(base32Decode(text) == bytes);
    }
    CHECK_FALSE(base32Decode("AB1"));
    CHECK_FALSE(base32Decode("A"));  // 5 bits: not a whole byte
    CHECK_FALSE(base32Decode("AB")); // non-zero padding bits
}

TEST_CASE("a signed token parses back and verifies; any change breaks it")
{
    const Keys k = makeKeys();
    CardToken t = sampleToken(k);
    auto text = t.signedText(k.secret);
    TESSERA_REQUIRE_OK(text);
    auto parsed = CardToken::parse(*text);
    TESSERA_REQUIRE_OK(parsed);
    CHECK(parsed->cardNumber == t.cardNumber);
    CHECK(parsed->issuedOn == t.issuedOn);
    CHECK(parsed->expiresOn == t.expiresOn);
    CHECK(parsed->programmeId == t.programmeId);
    CHECK(parsed->signatureValid(k.pub.publicKey));

    const QDate today(2026, 6, 1);
    CHECK(verifyCardToken(*text, k.pub, today).valid);
    CHECK(verifyCardToken(*text, k.pub, QDate(2031, 1, 6)).reason == QStringLiteral("expired on 2031-01-05"));
    CHECK(verifyCardToken(*text, k.pub, QDate(2025, 12, 31)).reason.contains(QStringLiteral("in the future")));
    const Keys other = makeKeys();
    CHECK(verifyCardToken(*text, other.pub, today).reason.contains(QStringLiteral("not by the given key")));
    // Same key id, different key: the signature check catches it.
    IssuerPublicKey impostor = other.pub;
    impostor.keyId = k.pub.keyId;
    CHECK(verifyCardToken(*text, impostor, today).reason.contains(QStringLiteral("signature does not match")));

    // Flip each character in turn: every altered token is refused.
    int refused = 0;
    for (qsizetype i = 0; i < text->size(); ++i) {
        QByteArray altered = *text;
        altered[i] = altered[i] == 'A' ? 'B' : 'A';
        refused += verifyCardToken(altered, k.pub, today).valid ? 0 : 1;
    }
    CHECK(refused == text->size());

    RevocationList list;
    list.issuedAt = QStringLiteral("2026-06-01T00:00:00Z");
    list.cards = {QStringLiteral("MS1-000042-K")};
    CHECK(verifyCardToken(*text, k.pub, today, &list).reason.contains(QStringLiteral("revoked")));
}

TEST_CASE("the token holds no personal data and fits a version 7 QR code at level M, worst case")
{
    const Keys k = makeKeys();
    CardToken t = sampleToken(k);
    t.cardNumber = QString(CardToken::kMaxCardNumber, QLatin1Char('W'));
    t.programmeId = QString(CardToken::kMaxProgrammeId, QLatin1Char('p'));
    t.expiresOn.reset();
    auto text = t.signedText(k.secret);
    TESSERA_REQUIRE_OK(text);
    CHECK(text->size() <= 178);
    auto code = QrCode::encode(*text, 7);
    TESSERA_REQUIRE_OK(code);
    CHECK(code->version() <= 7);
    // Too long a card number or programme id is refused before signing.
    t.programmeId += QLatin1Char('x');
    CHECK_FALSE(t.signedText(k.secret));
}

TEST_CASE("a QR code drawn by the facade is read back by it")
{
    const Keys k = makeKeys();
    CardToken t = sampleToken(k);
    auto text = t.signedText(k.secret);
    TESSERA_REQUIRE_OK(text);
    auto code = QrCode::encode(*text, 7);
    TESSERA_REQUIRE_OK(code);
    QImage img(400, 400, QImage::Format_RGB32);
    img.fill(Qt::white);
    QPainter p(&img);
    code->paint(p, QRectF(20, 20, 360, 360));
    p.end();
    const auto codes = readQrCodes(img);
    REQUIRE(codes.size() == 1);
    CHECK(codes.first() == *text);
    CHECK(verifyCardImage(img, k.pub, QDate(2026, 6, 1)).valid);
    QImage blank(100, 100, QImage::Format_RGB32);
    blank.fill(Qt::white);
    CHECK(verifyCardImage(blank, k.pub, QDate(2026, 6, 1)).reason == QStringLiteral("no QR code found in the image"));
    CHECK(readQrCodes(QImage()).isEmpty());
}

TEST_CASE("public key files and revocation lists are signed and checked")
{
    test::TestStation ts;
    auto key = IssuerKey::ensure(ts.station->access());
    TESSERA_REQUIRE_OK(key);
    auto again = IssuerKey::ensure(ts.station->access());
    TESSERA_REQUIRE_OK(again);
    CHECK(again->publicKey().publicKey == key->publicKey().publicKey);
    CHECK(key->publicKey().keyId.size() == 4);

    auto pub = IssuerPublicKey::fromFile(key->publicKey().toFile());
    TESSERA_REQUIRE_OK(pub);
    CHECK(pub->publicKey == key->publicKey().publicKey);
    QByteArray tampered = key->publicKey().toFile();
    tampered.replace(pub->keyIdText().toLatin1(), "00000000");
    CHECK_FALSE(IssuerPublicKey::fromFile(tampered));

    RevocationList list;
    list.issuedAt = QStringLiteral("2026-06-01T00:00:00Z");
    list.cards = {QStringLiteral("MS1-000001-7"), QStringLiteral("MS1-000002-5")};
    auto file = list.toSignedFile(*key);
    TESSERA_REQUIRE_OK(file);
    auto back = RevocationList::fromSignedFile(*file, *pub);
    TESSERA_REQUIRE_OK(back);
    CHECK(back->cards == list.cards);
    QByteArray changed = *file;
    changed.replace("MS1-000002-5", "MS1-000003-3");
    CHECK(RevocationList::fromSignedFile(changed, *pub)
              .error()
              .message.contains(QStringLiteral("signature does not match")));

    // The secret key is only in the encrypted store: the store file does not hold it in the clear.
    const QByteArray onDisk = test::readFile(ts.station->paths().store());
    CHECK_FALSE(onDisk.contains(key->publicKey().publicKey.toHex()));
}
