#pragma once

#include "core/store/Database.h"
#include "core/store/HeldRows.h"
#include "core/util/Error.h"

#include <QFlags>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera {

enum class Role : int {
    Clerk = 1,
    Supervisor = 2,
    Administrator = 4,
};
Q_DECLARE_FLAGS(Roles, Role)
Q_DECLARE_OPERATORS_FOR_FLAGS(Roles)

// Stable machine names: "clerk", "supervisor", "administrator".
QStringList roleNames(Roles roles);
// Parses a comma-separated list of machine names; nullopt if any is unknown or none given.
std::optional<Roles> parseRoles(const QString &text);

// A person who works at the station. Staff data, not applicant data.
struct Operator {
    qint64 id = 0;
    QString username;
    QString displayName;
    Roles roles;
    bool disabled = false;
    bool mustChangePassword = false;
    QString createdAt;
    QString passwordChangedAt;
    QByteArray slotPublicKey; // the X25519 public key of the operator's slot, as signed
    // False when the record does not match the administrators' signature (altered outside
    // Tessera): such a record grants nothing.
    bool recordVerified = true;
};

// Reads of the operators table (owned by core/station) for other modules. Staff data only.
// Every operator's user name by id, disabled ones included (old records name them).
Result<QMap<qint64, QString>> operatorUsernames(Database &db);
// The roles of the enabled operator with this user name; none when there is no such operator.
// Read as stored: the record's signature is not checked (Session does that at sign-in).
Result<std::optional<Roles>> enabledOperatorRoles(Database &db, const QString &username);
// For the holdings report: how many operators, and when the first was added.
Result<HeldRows> operatorsHeld(Database &db);

} // namespace tessera
