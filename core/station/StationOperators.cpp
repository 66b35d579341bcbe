// Operator records (loading, verifying and signing them) and their administration: add,
// disable, password reset, own password change.

#include "core/station/Station.h"

#include "core/crypto/Signing.h"
#include "core/station/LoginThrottle.h"
#include "core/station/PasswordPolicy.h"
#include "core/station/Station_p.h"

#include <QRegularExpression>

namespace tessera {

using namespace stationDetail;

namespace {

// What the operators key signs for each operator: everything a sign-in or a role check
// relies on, bound to this store.
QByteArray operatorRecordMessage(const QByteArray &storeId, qint64 id, const QString &username, int roles,
                                 bool disabled, const QByteArray &slotPublicKey)
{
    return QByteArrayLiteral("tessera-operator-record-v1\n") + storeId.toHex() + '\n' + QByteArray::number(id) + '\n'
        + username.trimmed().toCaseFolded().toUtf8() + '\n' + QByteArray::number(roles) + '\n' + (disabled ? "1" : "0")
        + '\n' + slotPublicKey.toHex();
}

} // namespace

namespace stationDetail {

Result<void> validateUsername(const QString &username)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z][A-Za-z0-9._-]{1,31}$"));
    if (!re.match(username).hasMatch())
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral(
                "User name: use 2 to 32 letters, digits, dots, dashes or underscores, starting with a letter."));
    if (username.compare(kRecoveryUsername, Qt::CaseInsensitive) == 0)
        return fail(ErrorCode::InvalidInput, QStringLiteral("User name: \"recovery\" is reserved; choose another."));
    return {};
}

Result<void> validateDisplayName(const QString &name)
{
    if (name.trimmed().isEmpty() || name.trimmed().size() > 80)
        return fail(ErrorCode::InvalidInput, QStringLiteral("Full name: enter 1 to 80 characters."));
    return {};
}

Error altered(const QString &what)
{
    return Error {
        ErrorCode::Integrity,
        QStringLiteral("The operator records have been altered outside Tessera (%1). Nothing is granted on them: an "
                       "administrator should run tessera-cli store check and restore the station from a backup made "
                       "before the change.")
            .arg(what)};
}

Result<void> signOperatorRow(Database &db, const QByteArray &storeId, qint64 id, const SecureBuffer &operatorsSecret)
{
    auto stmt =
        db.prepare(QStringLiteral("SELECT username, roles, disabled, slot_public_key FROM operators WHERE id = ?"));
    if (!stmt)
        return std::unexpected(stmt.error());
    if (auto b = stmt->bind({id}); !b)
        return b;
    auto row = stmt->next();
    if (!row)
        return std::unexpected(row.error());
    if (!*row)
        return fail(ErrorCode::NotFound, QStringLiteral("There is no such operator."));
    const QByteArray message = operatorRecordMessage(storeId, id, stmt->text(0), static_cast<int>(stmt->integer(1)),
                                                     stmt->integer(2) != 0, stmt->blob(3));
    auto signature = crypto::sign(operatorsSecret, message);
    if (!signature)
        return std::unexpected(signature.error());
    return db.run(QStringLiteral("UPDATE operators SET record_signature = ? WHERE id = ?"), {*signature, id});
}

} // namespace stationDetail

QString operatorObject(qint64 id)
{
    return QStringLiteral("operator:%1").arg(id);
}

Result<Operator> Station::loadOperator(const QString &where, const QVariant &value)
{
    auto stmt = m_db.prepare(
        QStringLiteral("SELECT id, username, display_name, roles, disabled, must_change_password, "
                       "created_at, password_changed_at, slot_public_key, record_signature FROM operators WHERE %1 = ?")
            .arg(where));
    if (!stmt)
        return std::unexpected(stmt.error());
    if (auto b = stmt->bind({value}); !b)
        return std::unexpected(b.error());
    auto row = stmt->next();
    if (!row)
        return std::unexpected(row.error());
    if (!*row)
        return fail(ErrorCode::NotFound, QStringLiteral("There is no such operator."));
    Operator op {stmt->integer(0),      stmt->text(1),
                 stmt->text(2),         Roles::fromInt(static_cast<int>(stmt->integer(3))),
                 stmt->integer(4) != 0, stmt->integer(5) != 0,
                 stmt->text(6),         stmt->text(7),
                 stmt->blob(8),         true};
    if (signsOperators())
        op.recordVerified =
            crypto::verifySignature(m_slots.operatorsKey(),
                                    operatorRecordMessage(m_slots.storeId(), op.id, op.username, op.roles.toInt(),
                                                          op.disabled, op.slotPublicKey),
                                    stmt->blob(9));
    return op;
}
Result<Operator> Station::operatorById(qint64 id)
{
    return loadOperator(QStringLiteral("id"), id);
}

Result<std::vector<Operator>> Station::operators()
{
    std::vector<qint64> ids;
    if (auto r = m_db.each(QStringLiteral("SELECT id FROM operators ORDER BY username"), {},
                           [&](const Statement &row) { ids.push_back(row.integer(0)); });
        !r)
        return std::unexpected(r.error());
    std::vector<Operator> out;
    for (qint64 id : ids) {
        auto op = operatorById(id);
        if (!op)
            return std::unexpected(op.error());
        out.push_back(*op);
    }
    return out;
}

Result<SecureBuffer> Station::operatorsSecret()
{
    return m_slots.operatorsSecretFor(m_slotKeys);
}

Result<void> Station::signOperator(qint64 id, const SecureBuffer &operatorsSecret)
{
    return signOperatorRow(m_db, m_slots.storeId(), id, operatorsSecret);
}

Result<void> Station::signOperatorBeforeRekey(qint64 id, const SecureBuffer &operatorsSecret)
{
    if (auto r = signOperator(id, operatorsSecret); !r)
        return r;
    return m_settings.setRekeyDue(true);
}

Result<std::optional<SecureBuffer>> Station::signingSecret()
{
    if (!signsOperators())
        return std::optional<SecureBuffer>();
    auto secret = operatorsSecret();
    if (!secret)
        return std::unexpected(secret.error());
    return std::optional<SecureBuffer>(std::move(*secret));
}

Result<void> Station::checkPasswordFor(const SecureBuffer &password, const QString &username)
{
    auto info = this->info();
    return checkNewPassword(password, {username, info ? info->name : QString()});
}

Result<void> Station::checkNewOperator(const NewOperator &op)
{
    if (auto r = validateUsername(op.username); !r)
        return r;
    if (auto r = validateDisplayName(op.displayName); !r)
        return r;
    if (!op.roles || op.roles.toInt() > 7)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("Roles: choose at least one of clerk, supervisor, administrator."));
    if (loadOperator(QStringLiteral("username"), op.username))
        return fail(ErrorCode::AlreadyExists, QStringLiteral("User name: %1 is already taken.").arg(op.username));
    return checkPasswordFor(op.password, op.username);
}

Result<Operator> Station::otherOperatorToChange(qint64 id, const QString &ifSelf)
{
    auto op = operatorById(id);
    if (!op)
        return op;
    if (op->id == signedIn().id)
        return fail(ErrorCode::InvalidInput, ifSelf);
    if (!op->recordVerified)
        return std::unexpected(
            altered(QStringLiteral("%1 does not match its administrators' signature; it grants nothing as it is, "
                                   "and it is not signed again")
                        .arg(operatorObject(op->id))));
    return op;
}

Result<void> Station::requireAnotherAdministrator()
{
    auto admins = m_db.scalar(QStringLiteral("SELECT count(*) FROM operators WHERE disabled = 0 AND (roles & ?) != 0"),
                              {static_cast<int>(Role::Administrator)});
    if (!admins)
        return std::unexpected(admins.error());
    if (admins->toLongLong() <= 1)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("This is the last administrator; add another before disabling this one."));
    return {};
}

Result<Operator> Station::addOperator(NewOperator op, std::optional<KeySlotFile::PasswordKey> passwordKey)
{
    if (isRecoverySession())
        return fail(ErrorCode::PermissionDenied, QStringLiteral("A recovery session can only reset passwords."));
    if (auto r = m_session.requireRole(Role::Administrator); !r)
        return std::unexpected(r.error());
    op.username = op.username.trimmed();
    if (auto r = checkNewOperator(op); !r)
        return std::unexpected(r.error());
    auto signing = signingSecret();
    if (!signing)
        return std::unexpected(signing.error());
    const std::optional<SecureBuffer> &secret = *signing;
    const QString now = isoUtc(m_clock.now());
    auto slotKey = passwordKey ? std::move(*passwordKey) : KeySlotFile::derivePasswordKey(op.password, slotKdf());
    if (!slotKey)
        return std::unexpected(slotKey.error());
    qint64 id = 0;
    QByteArray publicKey;
    auto done = changeSlots(
        [&](KeySlotFile &slots) -> Result<void> {
            publicKey = slots.setPasswordSlot(op.username, *slotKey, m_storeKey,
                                              secret && op.roles.testFlag(Role::Administrator) ? &*secret : nullptr);
            return {};
        },
        [&]() -> Result<void> {
            if (auto r = m_db.run(
                    QStringLiteral("INSERT INTO operators (username, display_name, roles, must_change_password, "
                                   "created_at, password_changed_at, slot_public_key) VALUES (?, ?, ?, 1, ?, ?, ?)"),
                    {op.username, op.displayName.trimmed(), op.roles.toInt(), now, now,
                     publicKey.isEmpty() ? QVariant() : QVariant(publicKey)});
                !r)
                return r;
            id = m_db.lastInsertId();
            if (secret)
                if (auto r = signOperator(id, *secret); !r)
                    return r;
            return record(QStringLiteral("operator.added"), operatorObject(id),
                          {{QStringLiteral("roles"), roleNames(op.roles).join(QLatin1Char(','))}});
        });
    if (!done)
        return std::unexpected(done.error());
    return operatorById(id);
}

Result<void> Station::disableOperator(qint64 id)
{
    if (isRecoverySession())
        return fail(ErrorCode::PermissionDenied, QStringLiteral("A recovery session can only reset passwords."));
    if (auto r = m_session.requireRole(Role::Administrator); !r)
        return r;
    auto op = otherOperatorToChange(id, QStringLiteral("You cannot disable yourself; ask another administrator."));
    if (!op)
        return std::unexpected(op.error());
    if (op->disabled)
        return {};
    if (op->roles.testFlag(Role::Administrator))
        if (auto r = requireAnotherAdministrator(); !r)
            return r;
    auto signing = signingSecret();
    if (!signing)
        return std::unexpected(signing.error());
    const std::optional<SecureBuffer> &secret = *signing;
    // Removing the slot is what disables for this key file; the re-key that follows makes
    // every older copy of the slot (an old station.keys, a backup's) open nothing live.
    auto done = changeSlots(
        [&](KeySlotFile &slots) -> Result<void> {
            slots.removePasswordSlot(op->username);
            return {};
        },
        [&]() -> Result<void> {
            if (auto r = m_db.run(QStringLiteral("UPDATE operators SET disabled = 1 WHERE id = ?"), {id}); !r)
                return r;
            if (secret)
                if (auto r = signOperatorBeforeRekey(id, *secret); !r)
                    return r;
            return record(QStringLiteral("operator.disabled"), operatorObject(id));
        });
    if (!done || !secret)
        return done;
    step("disable-before-rekey");
    return rekeyNow(QStringLiteral("operator_disabled"));
}

Result<void> Station::resetPassword(qint64 id, const SecureBuffer &newPassword,
                                    std::optional<KeySlotFile::PasswordKey> newKey)
{
    if (auto r = m_session.requireRole(Role::Administrator); !r)
        return r;
    auto op = otherOperatorToChange(id, QStringLiteral("To change your own password, use Change password."));
    if (!op)
        return std::unexpected(op.error());
    if (auto r = checkPasswordFor(newPassword, op->username); !r)
        return r;
    auto signing = signingSecret();
    if (!signing)
        return std::unexpected(signing.error());
    const std::optional<SecureBuffer> &secret = *signing;
    const QString now = isoUtc(m_clock.now());
    auto passwordKey = newKey ? std::move(*newKey) : KeySlotFile::derivePasswordKey(newPassword, slotKdf());
    if (!passwordKey)
        return std::unexpected(passwordKey.error());
    QByteArray publicKey;
    auto done = changeSlots(
        [&](KeySlotFile &slots) -> Result<void> {
            // A new key pair: the old one may be known with the old password.
            publicKey = slots.setPasswordSlot(op->username, *passwordKey, m_storeKey,
                                              secret && op->roles.testFlag(Role::Administrator) ? &*secret : nullptr);
            return {};
        },
        [&]() -> Result<void> {
            if (auto r = m_db.run(QStringLiteral("UPDATE operators SET must_change_password = 1, disabled = 0, "
                                                 "password_changed_at = ?, slot_public_key = ? WHERE id = ?"),
                                  {now, publicKey.isEmpty() ? QVariant() : QVariant(publicKey), id});
                !r)
                return r;
            if (secret)
                if (auto r = signOperatorBeforeRekey(id, *secret); !r)
                    return r;
            return record(QStringLiteral("operator.password_reset"), operatorObject(id),
                          {{QStringLiteral("re_enabled"), op->disabled}});
        });
    if (!done)
        return done;
    // A new password from an administrator also ends a lock-out of that user name.
    (void)LoginThrottle(m_paths.throttle(), m_slots.loginPolicy(), m_clock)
        .recordSuccess(m_slots.slotIdFor(op->username));
    if (!secret)
        return {};
    step("reset-before-rekey");
    return rekeyNow(QStringLiteral("password_reset"));
}

Result<void> Station::changeOwnPassword(const SecureBuffer &current, const SecureBuffer &next)
{
    if (isRecoverySession())
        return fail(ErrorCode::PermissionDenied, QStringLiteral("A recovery session has no password to change."));
    return changeOwnPasswordAfter(verifyPassword(signedIn().username, current), current, next, std::nullopt);
}

Result<void> Station::changeOwnPassword(const SecureBuffer &current, const SecureBuffer &next,
                                        Session::PasswordCheck checked, KeySlotFile::PasswordKey nextKey)
{
    if (isRecoverySession())
        return fail(ErrorCode::PermissionDenied, QStringLiteral("A recovery session has no password to change."));
    if (checked.username() != signedIn().username)
        return fail(ErrorCode::PermissionDenied, QStringLiteral("The password checked is not yours."));
    return changeOwnPasswordAfter(finishPasswordCheck(std::move(checked)), current, next, std::move(nextKey));
}

Result<void> Station::changeOwnPasswordAfter(Result<Operator> who, const SecureBuffer &current,
                                             const SecureBuffer &next, std::optional<KeySlotFile::PasswordKey> nextKey)
{
    if (!who)
        return fail(who.error().code,
                    who.error().code == ErrorCode::AuthFailed
                        ? QStringLiteral("Current password: that is not your current password.")
                        : who.error().message);
    if (auto r = checkPasswordFor(next, signedIn().username); !r)
        return r;
    if (current.equals(next))
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("New password: choose a password different from the current one."));
    const QString now = isoUtc(m_clock.now());
    auto nextPasswordKey = nextKey ? std::move(*nextKey) : KeySlotFile::derivePasswordKey(next, slotKdf());
    if (!nextPasswordKey)
        return std::unexpected(nextPasswordKey.error());
    // The same key pair under the new password (see "Changing one's own password" in StationKeyFile.cpp).
    auto done = changeSlots(
        [&](KeySlotFile &slots) {
            return slots.rewrapPasswordSlot(signedIn().username, m_slotKeys, *nextPasswordKey, m_storeKey);
        },
        [&]() -> Result<void> {
            if (auto r =
                    m_db.run(QStringLiteral("UPDATE operators SET must_change_password = 0, password_changed_at = ? "
                                            "WHERE id = ?"),
                             {now, signedIn().id});
                !r)
                return r;
            return record(QStringLiteral("operator.password_changed"), operatorObject(signedIn().id));
        });
    if (!done)
        return done;
    signedIn().mustChangePassword = false;
    signedIn().passwordChangedAt = now;
    return {};
}

} // namespace tessera
