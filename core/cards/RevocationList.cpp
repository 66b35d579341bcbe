#include "core/cards/RevocationList.h"

#include "core/cards/QrCode.h"
#include "core/crypto/Signing.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace tessera {

namespace {

constexpr auto kFormat = "tessera-revocations";
constexpr int kFormatVersion = 1;

QJsonObject unsignedPart(const RevocationList &list)
{
    return {{QStringLiteral("format"), QLatin1String(kFormat)},
            {QStringLiteral("format_version"), kFormatVersion},
            {QStringLiteral("key_id"), QString::fromLatin1(list.keyId.toHex())},
            {QStringLiteral("issued_at"), list.issuedAt},
            {QStringLiteral("cards"), QJsonArray::fromStringList(list.cards)}};
}

} // namespace

Result<QByteArray> RevocationList::toSignedFile(const IssuerKey &key) const
{
    RevocationList copy = *this;
    copy.keyId = key.publicKey().keyId;
    QJsonObject o = unsignedPart(copy);
    auto signature = key.sign(QJsonDocument(o).toJson(QJsonDocument::Compact));
    if (!signature)
        return std::unexpected(signature.error());
    o.insert(QStringLiteral("signature"), QString::fromLatin1(signature->toBase64()));
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

Result<RevocationList> RevocationList::fromSignedFile(const QByteArray &bytes, const IssuerPublicKey &key)
{
    const auto bad = [](const QString &why) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("Revocation list: %1.").arg(why));
    };
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return bad(QStringLiteral("not valid JSON"));
    const QJsonObject o = doc.object();
    if (o.value(QStringLiteral("format")).toString() != QLatin1String(kFormat)
        || o.value(QStringLiteral("format_version")).toInt() != kFormatVersion)
        return bad(QStringLiteral("not a Tessera revocation list (format %1, version %2)")
                       .arg(QLatin1String(kFormat))
                       .arg(kFormatVersion));
    RevocationList list;
    list.keyId = QByteArray::fromHex(o.value(QStringLiteral("key_id")).toString().toLatin1());
    if (list.keyId != key.keyId)
        return bad(QStringLiteral("signed by key %1, not by the given key %2")
                       .arg(o.value(QStringLiteral("key_id")).toString(), key.keyIdText()));
    list.issuedAt = o.value(QStringLiteral("issued_at")).toString();
    const QJsonValue cards = o.value(QStringLiteral("cards"));
    if (!cards.isArray())
        return bad(QStringLiteral("cards must be a list"));
    for (const QJsonValue v : cards.toArray()) {
        if (!v.isString())
            return bad(QStringLiteral("cards must hold card numbers as text"));
        list.cards << v.toString();
    }
    const QByteArray signature = QByteArray::fromBase64(o.value(QStringLiteral("signature")).toString().toLatin1());
    if (!crypto::verifySignature(key.publicKey, QJsonDocument(unsignedPart(list)).toJson(QJsonDocument::Compact),
                                 signature))
        return bad(QStringLiteral("the signature does not match; the file was changed or not made by this station"));
    return list;
}

CardVerdict verifyCardToken(const QByteArray &text, const IssuerPublicKey &key, const QDate &today,
                            const RevocationList *revocations)
{
    CardVerdict v;
    auto token = CardToken::parse(text);
    if (!token) {
        v.reason = token.error().message;
        return v;
    }
    v.token = *token;
    if (token->keyId != key.keyId) {
        v.reason = QStringLiteral("signed by key %1, not by the given key %2")
                       .arg(QString::fromLatin1(token->keyId.toHex()), key.keyIdText());
        return v;
    }
    if (!token->signatureValid(key.publicKey)) {
        v.reason = QStringLiteral("the signature does not match (forged or altered code)");
        return v;
    }
    if (token->issuedOn > today) {
        v.reason = QStringLiteral("issued on %1, which is in the future").arg(token->issuedOn.toString(Qt::ISODate));
        return v;
    }
    if (token->expiresOn && *token->expiresOn < today) {
        v.reason = QStringLiteral("expired on %1").arg(token->expiresOn->toString(Qt::ISODate));
        return v;
    }
    if (revocations && revocations->cards.contains(token->cardNumber)) {
        v.reason =
            QStringLiteral("card %1 is revoked (revocation list of %2)").arg(token->cardNumber, revocations->issuedAt);
        return v;
    }
    v.valid = true;
    v.reason = QStringLiteral("valid");
    return v;
}

CardVerdict verifyCardImage(const QImage &image, const IssuerPublicKey &key, const QDate &today,
                            const RevocationList *revocations)
{
    const QList<QByteArray> codes = readQrCodes(image);
    if (codes.isEmpty())
        return {false, QStringLiteral("no QR code found in the image"), std::nullopt};
    CardVerdict first;
    for (const QByteArray &code : codes) {
        CardVerdict v = verifyCardToken(code, key, today, revocations);
        if (v.valid || v.token)
            return v;
        if (first.reason.isEmpty())
            first = v;
    }
    return first;
}

} // namespace tessera
