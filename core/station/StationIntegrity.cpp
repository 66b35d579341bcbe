// Integrity checks: the store's pages and encryption, the key file against the store, and
// the operator records' signatures.

#include "core/station/Station.h"

#include "core/station/Station_p.h"

#include <QFile>

namespace tessera {

using namespace stationDetail;

Result<QStringList> Station::check()
{
    auto problems = m_db.integrityProblems();
    if (!problems)
        return problems;
    if (m_db.cipherVersion().isEmpty())
        problems->append(QStringLiteral("The store is not opened through SQLCipher."));
    QFile f(m_paths.store());
    if (f.open(QIODevice::ReadOnly) && f.read(16).startsWith("SQLite format 3"))
        problems->append(QStringLiteral("The store file begins with the plain SQLite header: it is not encrypted."));
    const CipherSettings &c = m_slots.cipher();
    auto recorded = [&](const char *key) { return meta(QString::fromLatin1(key)).value_or(QString()); };
    if (recorded("cipher_page_size") != QString::number(c.pageSize)
        || recorded("cipher_hmac_algorithm") != c.hmacAlgorithm || recorded("cipher_kdf_algorithm") != c.kdfAlgorithm)
        problems->append(QStringLiteral("The cipher settings recorded in the store differ from the key file's."));
    auto keyProblems = operatorRecordProblems();
    if (!keyProblems)
        return std::unexpected(keyProblems.error());
    problems->append(*keyProblems);
    if (auto r = record(QStringLiteral("store.checked"), QStringLiteral("station"),
                        {{QStringLiteral("problems"), static_cast<qint64>(problems->size())}});
        !r)
        return std::unexpected(r.error());
    return problems;
}

Result<QStringList> Station::operatorRecordProblems()
{
    QStringList problems;
    if (m_slots.isLegacy()) {
        problems << QStringLiteral(
            "station.keys is in the old format (version 1): operator records are not signed and disabling "
            "an operator does not re-key the store. Upgrade it: tessera-cli store upgrade-keys.");
        return problems;
    }
    auto current = meta(kMetaFingerprint);
    auto pinned = meta(kMetaOperatorsKey);
    if (!current || !pinned)
        return std::unexpected(!current ? current.error() : pinned.error());
    auto onDisk = KeySlotFile::load(m_paths.keys());
    if (!onDisk)
        problems << onDisk.error().message;
    else if (QString::fromLatin1(onDisk->fingerprint().toHex()) != *current)
        problems << QStringLiteral(
            "station.keys does not match the key file this store was last used with (it is an older copy or "
            "has been replaced); sign-in through it is refused. Put back the file Tessera last wrote, or "
            "sign in with the recovery key to accept it and re-key.");
    else if (onDisk->operatorsKey() != QByteArray::fromHex(pinned->toLatin1()))
        problems << QStringLiteral("The operators key in station.keys is not the one pinned in the store.");
    if (QByteArray::fromHex(pinned->toLatin1()) != m_slotKeys.operatorsKey && !m_slotKeys.operatorsKey.isEmpty())
        problems << QStringLiteral(
            "The operators key pinned in the store is not the one this operator's key slot was made under: "
            "the store has been altered outside Tessera.");
    auto ops = operators();
    if (!ops)
        return std::unexpected(ops.error());
    for (const Operator &op : *ops)
        if (!op.recordVerified)
            problems << QStringLiteral(
                            "The record of %1 does not match its administrators' signature: the operator records have "
                            "been altered outside Tessera.")
                            .arg(operatorObject(op.id));
    return problems;
}

} // namespace tessera
