#pragma once

#include <QFlags>
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

} // namespace tessera
