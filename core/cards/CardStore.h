#pragma once

#include "core/store/Database.h"
#include "core/store/HeldRows.h"
#include "core/util/Error.h"

#include <QDate>
#include <QString>
#include <QStringList>
#include <map>
#include <optional>
#include <set>
#include <vector>

namespace tessera {

// A card's life, as one table (isAllowedCardTransition in cards/Cards.h); everything not
// listed is refused.
//   approved -> printed                 a confirmed print (destroys the printed-only values)
//   printed  -> printed                 a reprint, with a reason code, counted
//   printed  -> issued                  handed over to the holder
//   issued   -> lost | stolen | damaged reported by the holder
//   lost | stolen | damaged | issued -> replaced   a new card number; the old one is revoked
//   issued | expired -> renewed         near or after expiry: a new card, same enrollment
//   approved | printed | issued | lost | stolen | damaged -> revoked   by a supervisor
//   printed | issued -> expired         the expiry date passed
// Replaced, renewed, revoked, lost, stolen and damaged cards are on the revocation list.
enum class CardState { Approved, Printed, Issued, Lost, Stolen, Damaged, Replaced, Renewed, Revoked, Expired };
// The stored (and audited) names: "approved", "printed", …
QString cardStateName(CardState s);
std::optional<CardState> cardStateFromName(const QString &name);
const std::vector<CardState> &allCardStates();

struct CardRecord {
    qint64 id = 0;
    QString cardNumber;
    qint64 enrollmentId = 0;
    QString templateId;
    CardState state = CardState::Approved;
    QDate issuedOn;
    std::optional<QDate> expiresOn;
    QString printedAt;
    QString handedOverAt;
    int printCount = 0;
    int reprintCount = 0;
    qint64 replacesCardId = 0;
    QString displayName; // for lists on screen; never logged (CardStore leaves it empty)
};

struct PrintAttempt {
    qint64 id = 0;
    qint64 cardId = 0;
    int attempt = 0;
    QString printer;
    QString at;
    qint64 operatorId = 0;
    QString outcome;       // submitted, confirmed, failed
    QString reprintReason; // empty on a first print
};

// The owner of the cards and print_log tables. No role checks and no audit: Cards decides who
// may do what and records it. Times are ISO 8601 UTC strings, days ISO dates. Refers to the
// Database it is given, which must outlive it; not thread-safe (as Database).
class CardStore {
public:
    explicit CardStore(Database &db)
        : m_db(db)
    {
    }

    struct NewCard {
        QString cardNumber;
        qint64 enrollmentId = 0;
        QString templateId;
        QDate issuedOn;
        std::optional<QDate> expiresOn;
        qint64 replacesCardId = 0; // 0: the enrollment's first card
        QString createdAt;
        qint64 createdBy = 0;
    };
    // Adds an approved card; returns its id.
    Result<qint64> insert(const NewCard &card);
    // None when there is no card with that number (compared as given).
    Result<std::optional<CardRecord>> byNumber(const QString &cardNumber);
    // In id order; every state when none is given.
    Result<std::vector<CardRecord>> list(std::optional<CardState> state);
    // Printed or issued cards whose expiry date is before `day`.
    Result<std::vector<CardRecord>> expiringBefore(const QDate &day);
    // The numbers of cards no longer valid (lost, stolen, damaged, replaced, renewed, revoked),
    // in order: the revocation list.
    Result<QStringList> withdrawnNumbers();
    // Moves the card from `from` to `to` (handed_over_at set on "issued"); does nothing when it
    // is no longer in `from`.
    Result<void> setState(qint64 cardId, CardState from, CardState to, const QString &at);
    // A confirmed print: state printed, counted (as a reprint when `reprint`), and the first
    // one fixes the issue date to `today`.
    Result<void> recordPrinted(qint64 cardId, bool reprint, const QDate &today, const QString &at);

    // The print log of a card, in attempt order.
    Result<std::vector<PrintAttempt>> printLog(qint64 cardId);
    // Adds the card's next attempt as "submitted"; returns it with its id and number.
    Result<PrintAttempt> addPrintAttempt(qint64 cardId, const QString &printer, const QString &at, qint64 operatorId,
                                         const QString &reprintReason);
    // One attempt with the number of its card, or none.
    struct AttemptOfCard {
        PrintAttempt attempt;
        QString cardNumber;
    };
    Result<std::optional<AttemptOfCard>> printAttempt(qint64 attemptId);
    Result<void> setPrintOutcome(qint64 attemptId, const QString &outcome);

    // For the holdings report and the purge receipt.
    Result<HeldRows> cardsHeld();
    Result<std::set<qint64>> enrollmentsWithCards();
    Result<qint64> countCardsFor(const std::vector<qint64> &enrollmentIds);
    Result<HeldRows> printAttemptsHeld();
    Result<std::set<qint64>> enrollmentsWithPrintAttempts();
    Result<qint64> countPrintAttemptsFor(const std::vector<qint64> &enrollmentIds);

    // What retention needs to know of the cards of each enrollment that has any.
    struct CardsOfEnrollment {
        qint64 printed = 0;       // cards printed at least once
        qint64 withoutExpiry = 0; // cards that do not expire
        QString lastExpiry;       // the latest expiry date (ISO), empty when none expires
    };
    Result<std::map<qint64, CardsOfEnrollment>> cardsByEnrollment();

private:
    Result<std::vector<CardRecord>> cards(const QString &where, const QVariantList &params);

    Database &m_db;
};

} // namespace tessera
