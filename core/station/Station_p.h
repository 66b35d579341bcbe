#pragma once

// Private to core/station: what Station's concern files (Station.h lists them) share. No
// other directory includes this.

#include "core/crypto/SecureBuffer.h"
#include "core/store/Database.h"
#include "core/util/Error.h"

#include <QByteArray>
#include <QString>

namespace tessera::stationDetail {

// The name of the recovery session's operator; no operator may take it.
inline const QString kRecoveryUsername = QStringLiteral("recovery");

// The store's meta keys that keep the key file and the store in step (StationKeyFile.cpp).
inline const QString kMetaFingerprint = QStringLiteral("keys_fingerprint");
inline const QString kMetaFingerprintNext = QStringLiteral("keys_fingerprint_next");
inline const QString kMetaEpoch = QStringLiteral("keys_epoch");
inline const QString kMetaRekeyedAt = QStringLiteral("keys_rekeyed_at");
inline const QString kMetaRekeyDue = QStringLiteral("rekey_due");
inline const QString kMetaOperatorsKey = QStringLiteral("operators_public_key");
inline const QString kMetaOperatorsKeyNext = QStringLiteral("operators_public_key_next");

// Calls the test hook (Station::setStepHookForTests) with the name of a key-file step.
void step(const char *name);

// Station.cpp
Result<QString> metaOf(Database &db, const QString &key);
Result<void> setMetaOf(Database &db, const QString &key, const QString &value);

// StationOperators.cpp
Result<void> validateUsername(const QString &username);
Result<void> validateDisplayName(const QString &name);
// Signs operator `id`'s record as it now stands in the store.
Result<void> signOperatorRow(Database &db, const QByteArray &storeId, qint64 id, const SecureBuffer &operatorsSecret);
// The refusal of an operator record (or key) altered outside Tessera; `what` says which.
Error altered(const QString &what);

// StationKeyFile.cpp: the refusal of a key file the store does not record (a rollback).
Error rollback(const QString &keysPath);

} // namespace tessera::stationDetail
