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
    // A store that cannot say counts as differing.
    const auto recorded = m_settings.recordedCipher();
    if (!recorded || recorded->pageSize != c.pageSize || recorded->hmacAlgorithm != c.hmacAlgorithm
        || recorded->kdfAlgorithm != c.kdfAlgorithm)
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
    auto current = m_settings.keysFingerprint();
    auto pinned = m_settings.operatorsPublicKey();
    if (!current || !pinned)
        return std::unexpected(!current ? current.error() : pinned.error());
    const QByteArray pinnedKey = pinned->value_or(QByteArray());
    auto onDisk = KeySlotFile::load(m_paths.keys());
    if (!onDisk)
        problems << onDisk.error().message;
    else if (*current != onDisk->fingerprint())
        problems << QStringLiteral(
            "station.keys does not match the key file this store was last used with (it is an older copy or "
            "has been replaced); sign-in through it is refused. Put back the file Tessera last wrote, or "
            "sign in with the recovery key to accept it and re-key.");
    else if (onDisk->operatorsKey() != pinnedKey)
        problems << QStringLiteral("The operators key in station.keys is not the one pinned in the store.");
    if (pinnedKey != m_slotKeys.operatorsKey && !m_slotKeys.operatorsKey.isEmpty())
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
