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

// Calls the test hook (Station::setStepHookForTests) with the name of a key-file step.
void step(const char *name);

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
