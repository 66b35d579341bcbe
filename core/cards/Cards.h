#pragma once

#include "core/cards/CardRenderer.h"
#include "core/cards/CardStore.h"
#include "core/cards/IssuerKey.h"
#include "core/cards/RevocationList.h"
#include "core/programme/Programme.h"
#include "core/station/StationAccess.h"

#include <QDate>
#include <QMap>

#include <map>
#include <optional>
#include <vector>

namespace tessera {

bool isAllowedCardTransition(CardState from, CardState to);

// Card issuance at the counter: cards for approved enrollments, rendering, the print log,
// hand-over, reports, replacement, renewal, expiry and revocation. Every change checks the
// operator's role (clerk or supervisor; revoking takes a supervisor) and is audited with the
// card id and codes only. Not thread-safe (the Station's connection).
class Cards {
public:
    explicit Cards(StationAccess access);

    QDate today() const;

    // Refuses a card whose template has a place for a photo (photo or ghost photo) and whose
    // enrollment has none (`photo` as cardPhoto gave it): cardData and beginPrint call it, so no
    // preview, PDF or print of it is made.
    Result<void> requirePhoto(const CardRecord &card, const std::optional<QImage> &photo);

    // Makes the card rows of approved enrollments that have none yet, and expires cards past
    // their date. Returns how many cards were made.
    Result<int> sync();
    Result<std::vector<CardRecord>> list(std::optional<CardState> state = std::nullopt);
    // Approved (not yet printed) cards whose enrollment was approved on `day`.
    Result<std::vector<CardRecord>> approvedOn(const QDate &day);
    Result<CardRecord> card(const QString &cardNumber);
    Result<std::vector<PrintAttempt>> printLog(qint64 cardId);

    // What the card shows, its token signed now, and the renderer of its template.
    Result<CardData> cardData(const CardRecord &card);
    Result<const CardRenderer *> renderer(const QString &templateId);
    Result<IssuerKey> issuerKey();

    // The print log. beginPrint() refuses a card that is not approved or printed, and a
    // reprint (a card printed before) without one of the programme's "reprint" reason codes;
    // it records the attempt as submitted. finishPrint() records the outcome; a confirmed
    // first print moves the card to printed and destroys the enrollment's printed-only values.
    Result<qint64> beginPrint(const QString &cardNumber, const QString &printer, const QString &reprintReason = {});
    Result<void> finishPrint(qint64 attemptId, bool confirmed);
    bool needsReprintReason(const CardRecord &card) const { return card.printCount > 0; }
    // A card saved as a PDF file is not printed: no print-log entry, no state change, the
    // printed-only values kept. The audit notes that a copy of the card left the store.
    Result<void> noteSavedAsPdf(const QString &cardNumber);
    Result<std::vector<std::pair<QString, QString>>> reprintReasons(const CardRecord &card); // code, label

    Result<void> handOver(const QString &cardNumber);
    Result<void> report(const QString &cardNumber, CardState lostStolenOrDamaged);
    Result<CardRecord> replace(const QString &cardNumber);
    Result<CardRecord> renew(const QString &cardNumber);
    // `reason` must be one of the programme's revoke codes (revokeReasons); the audit records
    // the code and nothing else.
    Result<void> revoke(const QString &cardNumber, const QString &reason);
    Result<std::vector<std::pair<QString, QString>>> revokeReasons(const CardRecord &card); // code, label
    Result<int> expireDue();

    // The signed list of every card number that must no longer be accepted.
    Result<RevocationList> revocations();

    // The expiry of a card issued on `issued` to someone born on `birthDate` under
    // `programme`: the age band's validity, cut at the birthday that leaves the band.
    static std::optional<QDate> expiryFor(const Programme &programme, const QDate &birthDate, const QDate &issued);

private:
    Result<void> requireCounter();
    Result<void> move(const CardRecord &card, CardState to, const QString &event, const QJsonObject &details);
    Result<CardRecord> newCard(qint64 enrollmentId, const QString &templateId, std::optional<QDate> expiresOn,
                               qint64 replaces);
    // In one transaction: `old` moves to `to` (audited as `event`) and a new card takes its place.
    Result<CardRecord> succeed(const CardRecord &old, CardState to, const QString &event, const QJsonObject &details,
                               const QString &templateId, std::optional<QDate> expiresOn);
    Result<Programme> programmeOf(qint64 enrollmentId);

    StationAccess m_access;
    std::map<QString, std::unique_ptr<CardRenderer>> m_renderers;
    std::optional<IssuerKey> m_key;
};

} // namespace tessera
