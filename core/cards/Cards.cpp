#include "core/cards/Cards.h"

#include "core/cards/CardPhoto.h"
#include "core/cards/CardToken.h"
#include "core/enrollment/CardNumber.h"
#include "core/enrollment/EnrollmentStore.h"
#include "core/enrollment/Enrollments.h"
#include "core/programme/Eligibility.h"
#include "core/programme/ProgrammeStore.h"
#include "core/station/StationInfo.h"
#include "core/store/StationSettings.h"
#include "core/util/DateText.h"

#include <QJsonObject>

#include <algorithm>

namespace tessera {

namespace {

// Renewal opens this many days before a card expires.
constexpr int kRenewalWindowDays = 90;

QString cardObject(qint64 id)
{
    return QStringLiteral("card:%1").arg(id);
}

// The card face is a document with its own convention, not a screen: ID cards print dates as
// ICAO 9303 does ("07 DEC 2031": the month in letters, so no reader anywhere mistakes day for
// month). Every screen and office document uses displayDate (core/util/DateText.h) instead.
QString shownDate(const QDate &d)
{
    return d.isValid() ? d.toString(QStringLiteral("dd MMM yyyy")).toUpper() : QString();
}

// The card's values from the enrollment's fields, stored or printed-only, as the template's
// Field and Flag elements name them (the station's name is added by the caller). A value is
// read from where its retention class put it, and goes nowhere else: a printed-only flag
// reaches the card from the printed-only values and is destroyed with them at print.
QMap<QString, QString> cardValues(const CardRecord &card, const EnrollmentRecord &rec, const Programme &programme,
                                  const QDate &issued)
{
    QMap<QString, QString> values;
    const auto &f = rec.storedFields;
    const auto &p = rec.printedOnlyFields;
    const auto value = [&](const QString &key) { return f.contains(key) ? f.value(key) : p.value(key); };
    values.insert(QStringLiteral("card_number"), card.cardNumber);
    values.insert(QStringLiteral("given_names"), value(QStringLiteral("given_names")));
    values.insert(QStringLiteral("family_name"), value(QStringLiteral("family_name")));
    values.insert(
        QStringLiteral("full_name"),
        QString(value(QStringLiteral("given_names")) + QLatin1Char(' ') + value(QStringLiteral("family_name")))
            .trimmed());
    values.insert(QStringLiteral("birth_date"),
                  shownDate(QDate::fromString(value(QStringLiteral("birth_date")), Qt::ISODate)));
    const QString gender = value(QStringLiteral("gender"));
    values.insert(QStringLiteral("gender"), gender == QLatin1String("none") ? QString() : gender);
    values.insert(QStringLiteral("issued_on"), shownDate(issued));
    values.insert(QStringLiteral("expires_on"), card.expiresOn ? shownDate(*card.expiresOn) : QStringLiteral("NONE"));
    QMap<QString, QString> address;
    for (Field part : {Field::CareOf, Field::AddressLine, Field::City, Field::PostalCode})
        address.insert(fieldKey(part), value(fieldKey(part)));
    values.insert(QStringLiteral("address"), programme.card.formatAddress(address).join(QLatin1Char('\n')));
    values.insert(QStringLiteral("emergency_contact"), value(QStringLiteral("emergency_contact")));
    // Only a ticked box prints; a field the programme does not collect never does.
    for (Field flag : {Field::Veteran, Field::OrganDonor})
        if (programme.collects(flag) && value(fieldKey(flag)) == QLatin1String("yes"))
            values.insert(fieldKey(flag), QStringLiteral("true"));
    const QString language = programme.languages.value(0);
    values.insert(QStringLiteral("card_name"), programme.card.publicName.in(language));
    return values;
}

} // namespace

bool isAllowedCardTransition(CardState from, CardState to)
{
    using S = CardState;
    switch (to) {
    case S::Printed:
        return from == S::Approved || from == S::Printed;
    case S::Issued:
        return from == S::Printed;
    case S::Lost:
    case S::Stolen:
    case S::Damaged:
        return from == S::Issued;
    case S::Replaced:
        return from == S::Lost || from == S::Stolen || from == S::Damaged || from == S::Issued;
    case S::Renewed:
        return from == S::Issued || from == S::Expired;
    case S::Revoked:
        return from == S::Approved || from == S::Printed || from == S::Issued || from == S::Lost || from == S::Stolen
            || from == S::Damaged;
    case S::Expired:
        return from == S::Printed || from == S::Issued;
    case S::Approved:
        return false;
    }
    return false;
}

Cards::Cards(StationAccess access)
    : m_access(access)
{
}

QDate Cards::today() const
{
    return m_access.clock.now().toLocalTime().date();
}

Result<void> Cards::requireCounter()
{
    if (m_access.session.requireRole(Role::Clerk) || m_access.session.requireRole(Role::Supervisor))
        return {};
    return fail(ErrorCode::PermissionDenied, QStringLiteral("Cards are issued by clerks and supervisors."));
}

std::optional<QDate> Cards::expiryFor(const Programme &programme, const QDate &birthDate, const QDate &issued)
{
    if (!birthDate.isValid())
        return std::nullopt;
    const AgeBand *band = programme.bandForAge(ageOn(birthDate, issued));
    if (!band || !band->validityYears)
        return std::nullopt;
    QDate expiry = addYears(issued, *band->validityYears);
    if (band->toAge) {
        // A kids card ends the day before the birthday that leaves the band (a 29 February
        // birthday falls on 1 March in other years, as for eligibility).
        const QDate leaves = addYears(birthDate, *band->toAge + 1).addDays(-1);
        expiry = std::min(expiry, leaves);
    }
    return expiry;
}

Result<Programme> Cards::programmeOf(qint64 enrollmentId)
{
    auto rules = EnrollmentStore(m_access.db).rulesUsed(enrollmentId);
    if (!rules)
        return std::unexpected(rules.error());
    if (!*rules)
        return fail(ErrorCode::NotFound, QStringLiteral("There is no enrollment %1.").arg(enrollmentId));
    return programmeVersion(m_access.db, (*rules)->programmeId, (*rules)->rulesVersion);
}

Result<CardRecord> Cards::newCard(qint64 enrollmentId, const QString &templateId, std::optional<QDate> expiresOn,
                                  qint64 replaces)
{
    Database &db = m_access.db;
    QString number;
    if (replaces == 0) {
        auto existing = EnrollmentStore(db).cardNumber(enrollmentId);
        if (!existing)
            return std::unexpected(existing.error());
        number = *existing;
    } else {
        StationSettings settings(db);
        auto allocated = allocateCardNumber(settings);
        if (!allocated)
            return std::unexpected(allocated.error());
        number = *allocated;
    }
    auto inserted = CardStore(db).insert({number, enrollmentId, templateId, today(), expiresOn, replaces,
                                          isoUtc(m_access.clock.now()), m_access.session.currentOperator().id});
    if (!inserted)
        return std::unexpected(inserted.error());
    const qint64 id = *inserted;
    if (auto e =
            m_access.audit.append(m_access.session.currentOperator().id, QStringLiteral("card.created"), cardObject(id),
                                  {{QStringLiteral("enrollment"), enrollmentId},
                                   {QStringLiteral("template"), templateId},
                                   {QStringLiteral("replaces"), replaces}});
        !e)
        return std::unexpected(e.error());
    return card(number);
}

Result<int> Cards::sync()
{
    if (auto r = requireCounter(); !r)
        return std::unexpected(r.error());
    Database &db = m_access.db;
    auto approved = EnrollmentStore(db).approved();
    if (!approved)
        return std::unexpected(approved.error());
    auto withCards = CardStore(db).enrollmentsWithCards();
    if (!withCards)
        return std::unexpected(withCards.error());
    int made = 0;
    for (const EnrollmentStore::Approved &p : *approved) {
        if (withCards->contains(p.id))
            continue;
        auto programme = programmeOf(p.id);
        if (!programme)
            return std::unexpected(programme.error());
        std::optional<QDate> expiry = expiryFor(*programme, QDate::fromString(p.birthDate, Qt::ISODate), today());
        if (!expiry && QDate::fromString(p.cardExpiry, Qt::ISODate).isValid())
            expiry = QDate::fromString(p.cardExpiry, Qt::ISODate);
        auto done = db.transaction([&]() -> Result<void> {
            auto c = newCard(p.id, p.cardLayout.isEmpty() ? QStringLiteral("adult") : p.cardLayout, expiry, 0);
            if (!c)
                return std::unexpected(c.error());
            return {};
        });
        if (!done)
            return std::unexpected(done.error());
        ++made;
    }
    if (auto expired = expireDue(); !expired)
        return std::unexpected(expired.error());
    return made;
}

Result<std::vector<CardRecord>> Cards::list(std::optional<CardState> state)
{
    if (auto r = requireCounter(); !r)
        return std::unexpected(r.error());
    auto out = CardStore(m_access.db).list(state);
    if (!out)
        return std::unexpected(out.error());
    EnrollmentStore enrollments(m_access.db);
    for (CardRecord &c : *out) {
        auto name = enrollments.displayName(c.enrollmentId);
        if (!name)
            return std::unexpected(name.error());
        c.displayName = *name;
    }
    return std::move(*out);
}

Result<std::vector<CardRecord>> Cards::approvedOn(const QDate &day)
{
    auto all = list(CardState::Approved);
    if (!all)
        return std::unexpected(all.error());
    std::vector<CardRecord> out;
    EnrollmentStore enrollments(m_access.db);
    for (CardRecord &c : *all) {
        auto at = enrollments.lastEventAt(c.enrollmentId, QStringLiteral("approved"));
        if (!at)
            return std::unexpected(at.error());
        // Replacements and renewals are made on their own day.
        const QDate approved =
            c.replacesCardId != 0 || at->isEmpty() ? c.issuedOn : fromIsoUtc(*at).toLocalTime().date();
        if (approved == day)
            out.push_back(std::move(c));
    }
    return out;
}

Result<CardRecord> Cards::card(const QString &cardNumber)
{
    auto found = CardStore(m_access.db).byNumber(cardNumber.trimmed().toUpper());
    if (!found)
        return std::unexpected(found.error());
    if (!*found)
        return fail(
            ErrorCode::NotFound,
            QStringLiteral("There is no card %1 (approved enrollments get their card when the Cards list is opened).")
                .arg(cardNumber));
    return std::move(**found);
}

Result<std::vector<PrintAttempt>> Cards::printLog(qint64 cardId)
{
    return CardStore(m_access.db).printLog(cardId);
}

Result<IssuerKey> Cards::issuerKey()
{
    return IssuerKey::ensure(m_access);
}

Result<const CardRenderer *> Cards::renderer(const QString &templateId)
{
    auto it = m_renderers.find(templateId);
    if (it == m_renderers.end()) {
        auto layout = CardTemplate::builtIn(templateId);
        if (!layout)
            return std::unexpected(layout.error());
        it = m_renderers.emplace(templateId, std::make_unique<CardRenderer>(std::move(*layout))).first;
    }
    return it->second.get();
}

Result<CardData> Cards::cardData(const CardRecord &card)
{
    auto programme = programmeOf(card.enrollmentId);
    if (!programme)
        return std::unexpected(programme.error());
    Enrollments enrollments(m_access, *programme);
    auto rec = enrollments.record(card.enrollmentId);
    if (!rec)
        return std::unexpected(rec.error());
    if (!m_key) {
        auto key = IssuerKey::ensure(m_access);
        if (!key)
            return std::unexpected(key.error());
        m_key = std::move(*key);
    }
    // An approved card is drawn with today's date: that is the day it will be printed.
    const QDate issued = card.state == CardState::Approved ? today() : card.issuedOn;
    CardToken token;
    token.keyId = m_key->publicKey().keyId;
    token.cardNumber = card.cardNumber;
    token.issuedOn = issued;
    token.expiresOn = card.expiresOn;
    token.programmeId = programme->id;
    auto text = token.signedText(m_key->secretKey());
    if (!text)
        return std::unexpected(text.error());

    // A demo station's card must say so; a station that cannot say whether it is one prints nothing.
    auto info = readStationInfo(m_access.db);
    if (!info)
        return std::unexpected(info.error());
    CardData data;
    data.token = *text;
    data.values = cardValues(card, *rec, *programme, issued);
    data.values.insert(QStringLiteral("station_name"), info->name);
    if (const QString gender = programme->card.genderLabel.in(programme->languages.value(0)); !gender.isEmpty())
        data.labels.insert(QStringLiteral("gender"), gender);
    data.specimen = info->demo;
    data.photo = cardPhoto(m_access, *programme, card.enrollmentId);
    if (auto r = requirePhoto(card, data.photo); !r)
        return std::unexpected(r.error());
    return data;
}

Result<void> Cards::requirePhoto(const CardRecord &card, const std::optional<QImage> &photo)
{
    if (photo)
        return {};
    auto drawer = renderer(card.templateId);
    if (!drawer)
        return std::unexpected(drawer.error());
    const CardTemplate &layout = (*drawer)->layout();
    const auto isPhoto = [](const CardElement &e) {
        return e.kind == CardElement::Kind::Photo || e.kind == CardElement::Kind::GhostPhoto;
    };
    if (std::none_of(layout.front.elements.begin(), layout.front.elements.end(), isPhoto)
        && std::none_of(layout.back.elements.begin(), layout.back.elements.end(), isPhoto))
        return {};
    // A card with a place for the photo and a silhouette in it is no card at all.
    return fail(ErrorCode::InvalidInput,
                QStringLiteral("Card %1 is not printed: its enrollment has no photo, and the \"%2\" card has a "
                               "place for one. The applicant must enroll again with a photo.")
                    .arg(card.cardNumber, card.templateId));
}

Result<std::vector<std::pair<QString, QString>>> Cards::reprintReasons(const CardRecord &card)
{
    auto programme = programmeOf(card.enrollmentId);
    if (!programme)
        return std::unexpected(programme.error());
    std::vector<std::pair<QString, QString>> out;
    for (const Choice &c : programme->reasonCodes.value(QStringLiteral("reprint")))
        out.emplace_back(c.code, c.label.in(programme->languages.value(0)));
    return out;
}

Result<std::vector<std::pair<QString, QString>>> Cards::revokeReasons(const CardRecord &card)
{
    auto programme = programmeOf(card.enrollmentId);
    if (!programme)
        return std::unexpected(programme.error());
    std::vector<std::pair<QString, QString>> out;
    for (const Choice &c : programme->reasonCodes.value(QStringLiteral("revoke")))
        out.emplace_back(c.code, c.label.in(programme->languages.value(0)));
    return out;
}

Result<qint64> Cards::beginPrint(const QString &cardNumber, const QString &printer, const QString &reprintReason)
{
    if (auto r = requireCounter(); !r)
        return std::unexpected(r.error());
    auto c = card(cardNumber);
    if (!c)
        return std::unexpected(c.error());
    if (c->state != CardState::Approved && c->state != CardState::Printed)
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral("Card %1 is %2; only approved cards, and printed cards not yet handed over, are printed.")
                .arg(c->cardNumber, cardStateName(c->state)));
    if (needsReprintReason(*c)) {
        auto reasons = reprintReasons(*c);
        if (!reasons)
            return std::unexpected(reasons.error());
        if (std::none_of(reasons->begin(), reasons->end(), [&](const auto &r) { return r.first == reprintReason; }))
            return fail(
                ErrorCode::InvalidInput,
                QStringLiteral("Card %1 was printed before: a reprint needs one of the programme's reprint reasons.")
                    .arg(c->cardNumber));
    } else if (!reprintReason.isEmpty()) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("Card %1 has not been printed yet; a first print takes no reprint reason.")
                        .arg(c->cardNumber));
    }
    if (printer.trimmed().isEmpty())
        return fail(ErrorCode::InvalidInput, QStringLiteral("Printer: name the printer (or \"PDF\")."));
    auto programme = programmeOf(c->enrollmentId);
    if (!programme)
        return std::unexpected(programme.error());
    if (auto r = requirePhoto(*c, cardPhoto(m_access, *programme, c->enrollmentId)); !r)
        return std::unexpected(r.error());
    Database &db = m_access.db;
    qint64 id = 0;
    auto done = db.transaction([&]() -> Result<void> {
        auto attempt = CardStore(db).addPrintAttempt(c->id, printer.left(120), isoUtc(m_access.clock.now()),
                                                     m_access.session.currentOperator().id, reprintReason);
        if (!attempt)
            return std::unexpected(attempt.error());
        id = attempt->id;
        auto e = m_access.audit.append(m_access.session.currentOperator().id, QStringLiteral("card.print_submitted"),
                                       cardObject(c->id),
                                       {{QStringLiteral("attempt"), static_cast<qint64>(attempt->attempt)},
                                        {QStringLiteral("reprint_reason"), reprintReason}});
        if (!e)
            return std::unexpected(e.error());
        return {};
    });
    if (!done)
        return std::unexpected(done.error());
    return id;
}

Result<void> Cards::noteSavedAsPdf(const QString &cardNumber)
{
    if (auto r = requireCounter(); !r)
        return r;
    auto c = card(cardNumber);
    if (!c)
        return std::unexpected(c.error());
    auto e = m_access.audit.append(m_access.session.currentOperator().id, QStringLiteral("card.saved_as_pdf"),
                                   cardObject(c->id), {});
    if (!e)
        return std::unexpected(e.error());
    return {};
}

Result<void> Cards::finishPrint(qint64 attemptId, bool confirmed)
{
    if (auto r = requireCounter(); !r)
        return r;
    Database &db = m_access.db;
    CardStore store(db);
    auto found = store.printAttempt(attemptId);
    if (!found)
        return std::unexpected(found.error());
    if (!*found)
        return fail(ErrorCode::NotFound, QStringLiteral("There is no print attempt %1.").arg(attemptId));
    const qint64 cardId = (*found)->attempt.cardId;
    const bool pending = (*found)->attempt.outcome == QLatin1String("submitted");
    const bool reprint = !(*found)->attempt.reprintReason.isEmpty();
    const QString number = (*found)->cardNumber;
    if (!pending)
        return fail(ErrorCode::InvalidInput, QStringLiteral("That print attempt was already recorded."));
    auto c = card(number);
    if (!c)
        return std::unexpected(c.error());
    if (confirmed && !isAllowedCardTransition(c->state, CardState::Printed))
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("Card %1 is %2 and cannot be printed.").arg(number, cardStateName(c->state)));
    const QString now = isoUtc(m_access.clock.now());
    auto done = db.transaction([&]() -> Result<void> {
        if (auto r =
                store.setPrintOutcome(attemptId, confirmed ? QStringLiteral("confirmed") : QStringLiteral("failed"));
            !r)
            return r;
        if (confirmed) {
            // The first confirmed print fixes the issue date the token carries.
            if (auto r = store.recordPrinted(cardId, reprint, today(), now); !r)
                return r;
        }
        auto e = m_access.audit.append(m_access.session.currentOperator().id,
                                       confirmed ? QStringLiteral("card.printed") : QStringLiteral("card.print_failed"),
                                       cardObject(cardId), {{QStringLiteral("reprint"), reprint}});
        if (!e)
            return std::unexpected(e.error());
        return {};
    });
    if (!done)
        return done;
    if (!confirmed)
        return {};
    // Printed: the values held only for printing have done their job.
    auto programme = programmeOf(c->enrollmentId);
    if (!programme)
        return std::unexpected(programme.error());
    return Enrollments(m_access, *programme).destroyPrintedOnly(c->enrollmentId, QStringLiteral("card_printed"));
}

Result<void> Cards::move(const CardRecord &c, CardState to, const QString &event, const QJsonObject &details)
{
    if (!isAllowedCardTransition(c.state, to))
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("Card %1 is %2; it cannot become %3.")
                        .arg(c.cardNumber, cardStateName(c.state), cardStateName(to)));
    if (auto r = CardStore(m_access.db).setState(c.id, c.state, to, isoUtc(m_access.clock.now())); !r)
        return r;
    auto e = m_access.audit.append(m_access.session.currentOperator().id, event, cardObject(c.id), details);
    if (!e)
        return std::unexpected(e.error());
    return {};
}

Result<void> Cards::handOver(const QString &cardNumber)
{
    if (auto r = requireCounter(); !r)
        return r;
    auto c = card(cardNumber);
    if (!c)
        return std::unexpected(c.error());
    return m_access.db.transaction([&]() { return move(*c, CardState::Issued, QStringLiteral("card.issued"), {}); });
}

Result<void> Cards::report(const QString &cardNumber, CardState lostStolenOrDamaged)
{
    if (auto r = requireCounter(); !r)
        return r;
    if (lostStolenOrDamaged != CardState::Lost && lostStolenOrDamaged != CardState::Stolen
        && lostStolenOrDamaged != CardState::Damaged)
        return fail(ErrorCode::InvalidInput, QStringLiteral("Report a card as lost, stolen or damaged."));
    auto c = card(cardNumber);
    if (!c)
        return std::unexpected(c.error());
    return m_access.db.transaction([&]() {
        return move(*c, lostStolenOrDamaged, QStringLiteral("card.reported"),
                    {{QStringLiteral("as"), cardStateName(lostStolenOrDamaged)}});
    });
}

Result<CardRecord> Cards::replace(const QString &cardNumber)
{
    if (auto r = requireCounter(); !r)
        return std::unexpected(r.error());
    auto c = card(cardNumber);
    if (!c)
        return std::unexpected(c.error());
    // The replacement carries the same expiry: replacing is not renewing.
    return succeed(*c, CardState::Replaced, QStringLiteral("card.replaced"),
                   {{QStringLiteral("was"), cardStateName(c->state)}}, c->templateId, c->expiresOn);
}

Result<CardRecord> Cards::succeed(const CardRecord &old, CardState to, const QString &event, const QJsonObject &details,
                                  const QString &templateId, std::optional<QDate> expiresOn)
{
    CardRecord made;
    auto done = m_access.db.transaction([&]() -> Result<void> {
        if (auto r = move(old, to, event, details); !r)
            return r;
        auto n = newCard(old.enrollmentId, templateId, expiresOn, old.id);
        if (!n)
            return std::unexpected(n.error());
        made = *n;
        return {};
    });
    if (!done)
        return std::unexpected(done.error());
    return made;
}

Result<CardRecord> Cards::renew(const QString &cardNumber)
{
    if (auto r = requireCounter(); !r)
        return std::unexpected(r.error());
    auto c = card(cardNumber);
    if (!c)
        return std::unexpected(c.error());
    if (!c->expiresOn)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("Card %1 does not expire; there is nothing to renew.").arg(c->cardNumber));
    if (today().daysTo(*c->expiresOn) > kRenewalWindowDays)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("Card %1 expires on %2; renewal opens %3 days before.")
                        .arg(c->cardNumber, displayDate(*c->expiresOn))
                        .arg(kRenewalWindowDays));
    auto programme = programmeOf(c->enrollmentId);
    if (!programme)
        return std::unexpected(programme.error());
    auto birth = EnrollmentStore(m_access.db).storedField(c->enrollmentId, fieldKey(Field::BirthDate));
    if (!birth)
        return std::unexpected(birth.error());
    const QDate birthDate = QDate::fromString(*birth, Qt::ISODate);
    const std::optional<QDate> expiry = expiryFor(*programme, birthDate, today());
    // The age band today decides the layout too: a kids card renews as an adult card.
    QString layout = c->templateId;
    if (birthDate.isValid())
        if (const AgeBand *band = programme->bandForAge(ageOn(birthDate, today())))
            layout = band->card;
    return succeed(*c, CardState::Renewed, QStringLiteral("card.renewed"), {}, layout, expiry);
}

Result<void> Cards::revoke(const QString &cardNumber, const QString &reason)
{
    if (auto r = m_access.session.requireRole(Role::Supervisor); !r)
        return r;
    auto c = card(cardNumber);
    if (!c)
        return std::unexpected(c.error());
    // Only one of the programme's codes reaches the audit log, which is kept for years and
    // never purged of a value: free words there could name a person.
    auto reasons = revokeReasons(*c);
    if (!reasons)
        return std::unexpected(reasons.error());
    if (std::none_of(reasons->begin(), reasons->end(), [&](const auto &r) { return r.first == reason; })) {
        QStringList codes;
        for (const auto &r : *reasons)
            codes << r.first;
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral("Reason: give one of the programme's revoke reason codes (%1); nothing else is recorded.")
                .arg(codes.isEmpty() ? QStringLiteral("the programme has none: load rules with reason_codes.revoke")
                                     : codes.join(QStringLiteral(", "))));
    }
    return m_access.db.transaction([&]() {
        return move(*c, CardState::Revoked, QStringLiteral("card.revoked"), {{QStringLiteral("reason"), reason}});
    });
}

Result<int> Cards::expireDue()
{
    auto due = CardStore(m_access.db).expiringBefore(today());
    if (!due)
        return std::unexpected(due.error());
    for (const CardRecord &c : *due)
        if (auto m = m_access.db.transaction(
                [&]() { return move(c, CardState::Expired, QStringLiteral("card.expired"), {}); });
            !m)
            return std::unexpected(m.error());
    return static_cast<int>(due->size());
}

Result<RevocationList> Cards::revocations()
{
    if (auto r = requireCounter(); !r)
        return std::unexpected(r.error());
    RevocationList list;
    list.issuedAt = isoUtc(m_access.clock.now());
    auto withdrawn = CardStore(m_access.db).withdrawnNumbers();
    if (!withdrawn)
        return std::unexpected(withdrawn.error());
    list.cards = *withdrawn;
    auto key = IssuerKey::ensure(m_access);
    if (!key)
        return std::unexpected(key.error());
    list.keyId = key->publicKey().keyId;
    auto audit = m_access.audit.append(m_access.session.currentOperator().id,
                                       QStringLiteral("card.revocations_exported"), QStringLiteral("station"),
                                       {{QStringLiteral("cards"), static_cast<qint64>(list.cards.size())}});
    if (!audit)
        return std::unexpected(audit.error());
    return list;
}

} // namespace tessera
