#include "core/enrollment/Enrollments.h"

#include "core/crypto/Crypto.h"
#include "core/enrollment/CardNumber.h"
#include "core/enrollment/PhotoStore.h"
#include "core/enrollment/SealedValueStore.h"
#include "core/review/BatchStore.h"
#include "core/store/StationSettings.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace tessera {

namespace {

QString enrollmentObject(qint64 id)
{
    return QStringLiteral("enrollment:%1").arg(id);
}

QByteArray sealAad(qint64 id, SealedKind kind)
{
    return QByteArrayLiteral("tessera-sealed-v1|") + QByteArray::number(id) + '|' + sealedKindName(kind).toLatin1();
}

QString joinProblems(const std::vector<FieldProblem> &problems)
{
    QStringList lines;
    for (const FieldProblem &p : problems)
        lines << p.field + QStringLiteral(": ") + p.message;
    return lines.join(QLatin1Char('\n'));
}

// The caretaker, as a flag of the enrollment: present, and how related ("caretaker:parent").
QStringList caretakerFlags(const EnrollmentDraft &draft)
{
    return draft.caretakerPresent ? QStringList {QStringLiteral("caretaker:") + draft.caretakerRelationship}
                                  : QStringList();
}

QString dateText(const std::optional<QDate> &d)
{
    return d && d->isValid() ? d->toString(Qt::ISODate) : QString();
}

std::optional<QDate> dateFrom(const QJsonValue &v)
{
    const QDate d = QDate::fromString(v.toString(), Qt::ISODate);
    return d.isValid() ? std::optional<QDate>(d) : std::nullopt;
}

// The draft's documents as presented (type, dates, fingerprint): sealed with the draft so that
// it can be resumed, or reopened when the supervisor returns it, and destroyed with the final
// decision (approve, reject) or by the purge.
QJsonArray draftDocumentsJson(const EnrollmentDraft &draft)
{
    QJsonArray documents;
    for (const DocumentEntry &d : draft.documents)
        documents.append(QJsonObject {{QStringLiteral("type"), d.presented.typeId},
                                      {QStringLiteral("expiry"), dateText(d.presented.expiry)},
                                      {QStringLiteral("issued"), dateText(d.presented.issued)},
                                      {QStringLiteral("machine_readable"), d.presented.machineReadable},
                                      {QStringLiteral("by_caretaker"), d.presented.byCaretaker},
                                      {QStringLiteral("fingerprint"), QString::fromLatin1(d.fingerprint.toHex())}});
    return documents;
}

std::vector<DocumentEntry> draftDocumentsFrom(const QJsonArray &documents)
{
    std::vector<DocumentEntry> out;
    for (const QJsonValue v : documents) {
        const QJsonObject o = v.toObject();
        out.push_back(
            {PresentedDocument {o.value(QStringLiteral("type")).toString(), dateFrom(o.value(QStringLiteral("expiry"))),
                                dateFrom(o.value(QStringLiteral("issued"))),
                                o.value(QStringLiteral("machine_readable")).toBool(),
                                o.value(QStringLiteral("by_caretaker")).toBool()},
             QByteArray::fromHex(o.value(QStringLiteral("fingerprint")).toString().toLatin1())});
    }
    return out;
}

// The reasons the programme's rules are not met, one a line, after the general problems.
QString unmetRules(const Eligibility &eligibility)
{
    QStringList why = eligibility.problems;
    for (const RuleAssessment &r : eligibility.rules)
        if (!r.met)
            why << r.text + QStringLiteral(": ") + r.why;
    return why.join(QLatin1Char('\n'));
}

} // namespace

Enrollments::Enrollments(StationAccess access, Programme programme)
    : m_access(access)
    , m_programme(std::move(programme))
{
}

QDate Enrollments::today() const
{
    // The counter's calendar day: what "expires today" and "30 days old" mean to a clerk.
    return m_access.clock.now().toLocalTime().date();
}

std::vector<FieldProblem> Enrollments::validate(const EnrollmentDraft &draft) const
{
    return validateDraft(m_programme, draft, today());
}

Eligibility Enrollments::assess(const EnrollmentDraft &draft, const QString &language) const
{
    std::vector<PresentedDocument> presented;
    presented.reserve(draft.documents.size());
    for (const DocumentEntry &d : draft.documents)
        presented.push_back(d.presented);
    return tessera::assess(m_programme, draft.applicant.birthDate, presented, draft.caretakerPresent, today(),
                           language.isEmpty() ? m_programme.languages.value(0) : language);
}

Result<void> Enrollments::requireClerk() const
{
    return m_access.session.requireRole(Role::Clerk);
}

Result<SecureBuffer> Enrollments::stationSecret()
{
    return StationSettings(m_access.db).stationSecret();
}

Result<QByteArray> Enrollments::requestKey(const QByteArray &request)
{
    auto secret = stationSecret();
    if (!secret)
        return std::unexpected(secret.error());
    const SecureBuffer mac = crypto::keyedHash(*secret, QByteArrayLiteral("tessera-enroll-request-v1|") + request);
    return QByteArray(reinterpret_cast<const char *>(mac.data()), static_cast<qsizetype>(mac.size()));
}

Result<QString> Enrollments::cardNumberForRequest(const QByteArray &key)
{
    return EnrollmentStore(m_access.db).cardNumberForRequest(key);
}

Result<void> Enrollments::rememberRequest(const QByteArray &key, qint64 enrollmentId)
{
    return EnrollmentStore(m_access.db).rememberRequest(key, enrollmentId);
}

Result<QByteArray> Enrollments::fingerprint(const QString &documentType, const SecureBuffer &number)
{
    if (!m_programme.documentFingerprints || number.isEmpty())
        return QByteArray();
    auto secret = stationSecret();
    if (!secret)
        return std::unexpected(secret.error());
    // Type and number, number upper-cased without spaces or dashes, so "ab 123-45" and
    // "AB12345" are the same document.
    QByteArray message = QByteArrayLiteral("tessera-document-v1|") + documentType.toUtf8() + '|';
    for (std::size_t i = 0; i < number.size(); ++i) {
        const unsigned char c = number.data()[i];
        if (c == ' ' || c == '-')
            continue;
        message += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    }
    const SecureBuffer mac = crypto::keyedHash(*secret, message);
    message.fill('\0');
    return QByteArray(reinterpret_cast<const char *>(mac.data()), static_cast<qsizetype>(mac.size()));
}

Result<QByteArray> Enrollments::duplicateKey(const Applicant &a)
{
    auto secret = stationSecret();
    if (!secret)
        return std::unexpected(secret.error());
    const QByteArray message = QByteArrayLiteral("tessera-person-v1|")
        + normalisedName(a.givenNames, a.familyName).toUtf8() + '|' + a.birthDate.toString(Qt::ISODate).toLatin1();
    const SecureBuffer mac = crypto::keyedHash(*secret, message);
    return QByteArray(reinterpret_cast<const char *>(mac.data()), static_cast<qsizetype>(mac.size()));
}

Result<SecureBuffer> Enrollments::dataKeyForSealing(qint64 id)
{
    SealedValueStore sealed(m_access.db);
    auto existing = sealed.dataKey(id);
    if (!existing)
        return std::unexpected(existing.error());
    if (*existing)
        return std::move(**existing);
    SecureBuffer key = SecureBuffer::random(crypto::kKeyBytes);
    if (auto r = sealed.addDataKey(id, key, isoUtc(m_access.clock.now())); !r)
        return std::unexpected(r.error());
    return key;
}

Result<void> Enrollments::writeContents(qint64 id, const EnrollmentDraft &draft)
{
    EnrollmentStore store(m_access.db);
    const QString now = isoUtc(m_access.clock.now());
    if (auto r = store.clearContents(id); !r)
        return r;
    auto printedOnly = writeStoredFields(id, draft);
    if (!printedOnly)
        return std::unexpected(printedOnly.error());
    // The draft's document dates are sealed too: they are needed to resume a draft or reopen a
    // returned one, and go with the final decision; the attestations keep only the outcome.
    if (auto r = sealDraftValues(id, *printedOnly, draftDocumentsJson(draft), now); !r)
        return r;
    if (auto r = writeAttestations(id, draft, now); !r)
        return r;
    return store.recordSaved(id, now, {m_programme.id, m_programme.rulesVersion}, caretakerFlags(draft));
}

Result<QJsonObject> Enrollments::writeStoredFields(qint64 id, const EnrollmentDraft &draft)
{
    EnrollmentStore store(m_access.db);
    // Each field goes where its retention class says; not-collected values are dropped here.
    QJsonObject printedOnly;
    for (Field f : allFields()) {
        const QString value = draft.applicant.value(f).trimmed();
        if (value.isEmpty())
            continue;
        switch (m_programme.retentionOf(f)) {
        case Retention::Stored:
            if (auto r = store.addField(id, fieldKey(f), value); !r)
                return std::unexpected(r.error());
            break;
        case Retention::PrintedOnly:
            printedOnly.insert(fieldKey(f), value);
            break;
        case Retention::NotCollected:
            break;
        }
    }
    return printedOnly;
}

Result<void> Enrollments::sealDraftValues(qint64 id, const QJsonObject &printedOnly, const QJsonArray &documents,
                                          const QString &now)
{
    const std::pair<SealedKind, QJsonDocument> sealed[] = {{SealedKind::PrintedOnly, QJsonDocument(printedOnly)},
                                                           {SealedKind::DraftDocuments, QJsonDocument(documents)}};
    auto key = dataKeyForSealing(id);
    if (!key)
        return std::unexpected(key.error());
    SealedValueStore store(m_access.db);
    for (const auto &[kind, doc] : sealed) {
        QByteArray plain = doc.toJson(QJsonDocument::Compact);
        const QByteArray box = crypto::seal(
            *key, {reinterpret_cast<const unsigned char *>(plain.constData()), static_cast<std::size_t>(plain.size())},
            sealAad(id, kind));
        plain.fill('\0');
        if (auto r = store.put(id, kind, box, now); !r)
            return r;
    }
    return {};
}

Result<std::optional<QJsonDocument>> Enrollments::openSealed(qint64 id, SealedKind kind)
{
    // No key (destroyed) or no value of that kind: nothing to open. A failure to read either
    // is the caller's error, not "nothing held": a store that cannot be read is not an empty
    // one, and a draft resumed as empty would be saved over what it holds.
    SealedValueStore sealed(m_access.db);
    auto key = sealed.dataKey(id);
    if (!key)
        return std::unexpected(key.error());
    if (!*key)
        return std::optional<QJsonDocument>();
    auto box = sealed.get(id, kind);
    if (!box)
        return std::unexpected(box.error());
    if (!*box)
        return std::optional<QJsonDocument>();
    auto plain = crypto::open(**key, **box, sealAad(id, kind));
    if (!plain)
        return std::unexpected(plain.error());
    return std::optional<QJsonDocument>(QJsonDocument::fromJson(
        QByteArray(reinterpret_cast<const char *>(plain->data()), static_cast<qsizetype>(plain->size()))));
}

Result<void> Enrollments::writeAttestations(qint64 id, const EnrollmentDraft &draft, const QString &now)
{
    EnrollmentStore store(m_access.db);
    const Eligibility e = assess(draft);
    for (std::size_t i = 0; i < draft.documents.size(); ++i) {
        const DocumentEntry &d = draft.documents[i];
        const DocumentAssessment &a = e.documents[i];
        const Attestation attestation {d.presented.typeId,
                                       a.points,
                                       a.counts,
                                       a.expired,
                                       a.withinGrace,
                                       d.presented.byCaretaker,
                                       m_programme.rulesVersion,
                                       m_access.session.currentOperator().id,
                                       now,
                                       !d.fingerprint.isEmpty()};
        if (auto r = store.addAttestation(id, attestation, d.fingerprint); !r)
            return r;
    }
    return {};
}

Result<void> Enrollments::saveDraft(EnrollmentDraft &draft)
{
    if (auto r = requireClerk(); !r)
        return r;
    Database &db = m_access.db;
    const bool created = draft.id == 0;
    if (!created) {
        auto s = summary(draft.id);
        if (!s)
            return std::unexpected(s.error());
        if (s->state != EnrollmentState::Draft && s->state != EnrollmentState::Returned)
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("This enrollment was submitted; it can no longer be edited."));
    }
    return db.transaction([&]() -> Result<void> {
        if (created) {
            const qint64 clerk = m_access.session.currentOperator().id;
            auto id = EnrollmentStore(db).insertDraft(m_programme.id, m_programme.rulesVersion, clerk,
                                                      isoUtc(m_access.clock.now()));
            if (!id)
                return std::unexpected(id.error());
            draft.id = *id;
            auto e = m_access.audit.append(clerk, QStringLiteral("enrollment.started"), enrollmentObject(draft.id));
            if (!e)
                return std::unexpected(e.error());
        }
        return writeContents(draft.id, draft);
    });
}

Result<EnrollmentDraft> Enrollments::loadDraft(qint64 id)
{
    if (auto r = requireClerk(); !r)
        return std::unexpected(r.error());
    auto rec = record(id);
    if (!rec)
        return std::unexpected(rec.error());
    EnrollmentDraft draft;
    draft.id = id;
    for (auto it = rec->storedFields.begin(); it != rec->storedFields.end(); ++it)
        if (auto f = fieldFromKey(it.key()))
            draft.applicant.setValue(*f, it.value());
    for (auto it = rec->printedOnlyFields.begin(); it != rec->printedOnlyFields.end(); ++it)
        if (auto f = fieldFromKey(it.key()))
            draft.applicant.setValue(*f, it.value());
    for (const QString &flag : rec->summary.flags)
        if (flag.startsWith(QLatin1String("caretaker:"))) {
            draft.caretakerPresent = true;
            draft.caretakerRelationship = flag.mid(10);
        }
    auto documents = openSealed(id, SealedKind::DraftDocuments);
    if (!documents)
        return std::unexpected(documents.error());
    if (*documents) {
        draft.documents = draftDocumentsFrom((*documents)->array());
        return draft;
    }
    // A returned enrollment submitted before its dates were kept to the final decision (or
    // whose key a purge destroyed): rebuild the list from the attestations; the clerk
    // re-enters the dates from the documents in front of them.
    for (const Attestation &a : rec->attestations)
        draft.documents.push_back(
            {PresentedDocument {a.documentType, std::nullopt, std::nullopt, false, a.byCaretaker}, QByteArray()});
    return draft;
}

Result<void> Enrollments::discardDraft(qint64 id)
{
    if (auto r = requireClerk(); !r)
        return r;
    auto s = summary(id);
    if (!s)
        return std::unexpected(s.error());
    if (s->state != EnrollmentState::Draft)
        return fail(ErrorCode::InvalidInput, QStringLiteral("Only a draft can be discarded."));
    Database &db = m_access.db;
    return db.transaction([&]() -> Result<void> {
        if (auto r = EnrollmentStore(db).remove(id); !r)
            return r;
        auto e = m_access.audit.append(m_access.session.currentOperator().id, QStringLiteral("enrollment.discarded"),
                                       enrollmentObject(id));
        if (!e)
            return std::unexpected(e.error());
        return {};
    });
}

Result<std::vector<DuplicateHit>> Enrollments::possibleDuplicates(const EnrollmentDraft &draft)
{
    std::vector<DuplicateHit> hits;
    EnrollmentStore store(m_access.db);
    auto key = duplicateKey(draft.applicant);
    if (!key)
        return std::unexpected(key.error());
    auto byPerson = store.submittedWithDuplicateKey(*key, draft.id);
    if (!byPerson)
        return std::unexpected(byPerson.error());
    for (const EnrollmentStore::Match &m : *byPerson)
        hits.push_back(
            {m.id, m.cardNumber, DuplicateHit::Kind::SamePerson, QStringLiteral("same name and date of birth")});
    for (const DocumentEntry &d : draft.documents) {
        if (d.fingerprint.isEmpty())
            continue;
        auto byDocument = store.submittedWithDocument(d.fingerprint, draft.id);
        if (!byDocument)
            return std::unexpected(byDocument.error());
        for (const EnrollmentStore::Match &m : *byDocument)
            hits.push_back({m.id, m.cardNumber, DuplicateHit::Kind::SameDocument, QStringLiteral("same document")});
    }
    return hits;
}

Result<Eligibility> Enrollments::eligibleToSubmit(const EnrollmentDraft &draft) const
{
    if (const auto problems = validate(draft); !problems.empty())
        return fail(ErrorCode::InvalidInput, joinProblems(problems));
    Eligibility eligibility = assess(draft);
    if (!eligibility.eligible)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("The programme's rules are not met yet:\n") + unmetRules(eligibility));
    return eligibility;
}

Result<std::optional<Operator>> Enrollments::confirmDuplicates(const std::vector<DuplicateHit> &duplicates,
                                                               const std::optional<SupervisorOverride> &override)
{
    if (duplicates.empty())
        return std::optional<Operator>();
    if (!override) {
        QStringList lines;
        for (const DuplicateHit &h : duplicates)
            lines << QStringLiteral("%1 (%2)").arg(h.cardNumber, h.reason);
        return fail(ErrorCode::AlreadyExists,
                    QStringLiteral("Possible duplicate of %1. A supervisor must confirm with their password "
                                   "and a reason to go on.")
                        .arg(lines.join(QStringLiteral(", "))));
    }
    const auto &codes = m_programme.reasonCodes.value(QStringLiteral("duplicate_override"));
    if (std::none_of(codes.begin(), codes.end(), [&](const Choice &c) { return c.code == override->reasonCode; }))
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("Reason: choose one of the programme's reasons for going on despite a duplicate."));
    auto who = m_access.session.verifyPassword(override->username, override->password);
    if (!who)
        return std::unexpected(who.error());
    if (!who->roles.testFlag(Role::Supervisor) || who->id == m_access.session.currentOperator().id)
        return fail(ErrorCode::PermissionDenied,
                    QStringLiteral("A supervisor other than the clerk must confirm a possible duplicate."));
    return std::optional<Operator>(*who);
}

Result<EnrollmentSummary> Enrollments::submittable(EnrollmentDraft &draft)
{
    if (draft.id == 0)
        if (auto r = saveDraft(draft); !r)
            return std::unexpected(r.error());
    auto before = summary(draft.id);
    if (!before)
        return std::unexpected(before.error());
    if (before->state != EnrollmentState::Draft && before->state != EnrollmentState::Returned)
        return fail(ErrorCode::InvalidInput, QStringLiteral("This enrollment was already submitted."));
    return before;
}

Result<Enrollments::Submitted> Enrollments::submit(EnrollmentDraft &draft, std::optional<SupervisorOverride> override)
{
    if (auto r = requireClerk(); !r)
        return std::unexpected(r.error());
    auto eligibility = eligibleToSubmit(draft);
    if (!eligibility)
        return std::unexpected(eligibility.error());
    bool withoutPhoto = false;
    if (auto ready = photoReady(draft, &withoutPhoto); !ready)
        return std::unexpected(ready.error());
    auto duplicates = possibleDuplicates(draft);
    if (!duplicates)
        return std::unexpected(duplicates.error());
    auto supervisor = confirmDuplicates(*duplicates, override);
    if (!supervisor)
        return std::unexpected(supervisor.error());
    auto before = submittable(draft);
    if (!before)
        return std::unexpected(before.error());
    auto dupKey = duplicateKey(draft.applicant);
    if (!dupKey)
        return std::unexpected(dupKey.error());

    Submitted out;
    out.eligibility = *eligibility;
    out.overridden = *supervisor ? *duplicates : std::vector<DuplicateHit> {};
    auto done = m_access.db.transaction([&]() -> Result<void> {
        if (auto r = writeContents(draft.id, draft); !r)
            return r;
        auto number = cardNumberFor(*before);
        if (!number)
            return std::unexpected(number.error());
        out.cardNumber = *number;
        auto flags = submissionFlags(draft, *eligibility, supervisor->has_value(),
                                     before->state == EnrollmentState::Returned, withoutPhoto);
        if (!flags)
            return std::unexpected(flags.error());
        if (auto r = recordSubmission(draft.id, out, *dupKey, *flags, before->state); !r)
            return r;
        if (withoutPhoto)
            if (auto r = recordNoPhoto(draft); !r)
                return r;
        if (*supervisor) {
            auto e = m_access.audit.append(m_access.session.currentOperator().id, QStringLiteral("duplicate.override"),
                                           enrollmentObject(draft.id),
                                           {{QStringLiteral("supervisor"), (*supervisor)->id},
                                            {QStringLiteral("reason"), override->reasonCode},
                                            {QStringLiteral("matches"), static_cast<qint64>(duplicates->size())}});
            if (!e)
                return std::unexpected(e.error());
        }
        return auditSubmission(draft, *flags);
    });
    if (!done)
        return std::unexpected(done.error());
    return out;
}

Result<QString> Enrollments::cardNumberFor(const EnrollmentSummary &before)
{
    // A returned enrollment keeps the number it was given at its first submission.
    if (!before.cardNumber.isEmpty())
        return before.cardNumber;
    StationSettings settings(m_access.db);
    return allocateCardNumber(settings);
}

Result<void> Enrollments::photoReady(const EnrollmentDraft &draft, bool *withoutPhoto)
{
    bool has = false;
    if (draft.id != 0) {
        auto photo = PhotoStore(m_access.db).get(draft.id);
        if (!photo)
            return std::unexpected(photo.error());
        has = photo->has_value();
    }
    if (withoutPhoto)
        *withoutPhoto = !has;
    if (has || !m_programme.photo.required)
        return {};
    if (draft.noPhotoReason.isEmpty())
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("Photo: there is no accepted photo. Take the photo on the Photo step; a check "
                                   "the applicant cannot meet needs an override reason before the photo is "
                                   "accepted."));
    if (!m_programme.hasReasonCode(QStringLiteral("no_photo"), draft.noPhotoReason))
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("Photo: \"%1\" is not one of the programme's reasons for a card without a "
                                   "photo. Take the photo, or choose one of its reasons.")
                        .arg(draft.noPhotoReason.left(48)));
    return {};
}

Result<void> Enrollments::recordNoPhoto(const EnrollmentDraft &draft)
{
    // The reason goes in the history (the supervisor sees its label) and the audit (the code).
    const qint64 clerkId = m_access.session.currentOperator().id;
    const QString code = draft.noPhotoReason.isEmpty() ? QStringLiteral("not-required") : draft.noPhotoReason;
    if (auto r = EnrollmentStore(m_access.db)
                     .addEvent(draft.id,
                               {isoUtc(m_access.clock.now()), clerkId, QStringLiteral("photo_waived"),
                                draft.noPhotoReason, QString()});
        !r)
        return r;
    auto e = m_access.audit.append(clerkId, QStringLiteral("photo.waived"), enrollmentObject(draft.id),
                                   {{QStringLiteral("reason"), code}});
    if (!e)
        return std::unexpected(e.error());
    return {};
}

Result<QStringList> Enrollments::submissionFlags(const EnrollmentDraft &draft, const Eligibility &eligibility,
                                                 bool duplicateOverridden, bool resubmitted, bool withoutPhoto)
{
    // From the draft as submitted, not from the last autosave.
    QStringList flags = caretakerFlags(draft);
    if (duplicateOverridden)
        flags << QStringLiteral("duplicate_override");
    // Meeting a points total exactly is the ordinary case (a passport and a utility bill make
    // the usual 4 of 4), so it is no flag. What a supervisor looks at twice is an enrollment
    // that is eligible only because an expired document was accepted within its grace period.
    if (dependsOnExpiredDocument(draft, eligibility))
        flags << QStringLiteral("expired_document");
    if (resubmitted)
        flags << QStringLiteral("resubmitted");
    // A photo accepted despite a failing check is for the supervisor to look at.
    auto photoOverridden = PhotoStore(m_access.db).hasOverrides(draft.id);
    if (!photoOverridden)
        return std::unexpected(photoOverridden.error());
    if (*photoOverridden)
        flags << QStringLiteral("photo_override");
    // No card photo: the supervisor confirms the approval, and the card may not print.
    if (withoutPhoto)
        flags << QStringLiteral("no_photo");
    return flags;
}

bool Enrollments::dependsOnExpiredDocument(const EnrollmentDraft &draft, const Eligibility &eligibility) const
{
    EnrollmentDraft without = draft;
    without.documents.clear();
    for (std::size_t i = 0; i < draft.documents.size() && i < eligibility.documents.size(); ++i)
        if (!eligibility.documents[i].withinGrace)
            without.documents.push_back(draft.documents[i]);
    return without.documents.size() < draft.documents.size() && !assess(without).eligible;
}

Result<QDate> Enrollments::openBatchDay()
{
    // The batch is the business day of this (re)submission, at the counter's calendar.
    // Once a supervisor has closed that day, late submissions join the next open day, so
    // that none lands in a closed batch where no one would review it.
    BatchStore batches(m_access.db);
    QDate batchDay = today();
    for (;;) {
        auto closed = batches.isClosed(batchDay);
        if (!closed)
            return std::unexpected(closed.error());
        if (!*closed)
            return batchDay;
        batchDay = batchDay.addDays(1);
    }
}

Result<void> Enrollments::recordSubmission(qint64 id, const Submitted &submitted, const QByteArray &duplicateKey,
                                           const QStringList &flags, EnrollmentState before)
{
    const QString now = isoUtc(m_access.clock.now());
    const qint64 clerkId = m_access.session.currentOperator().id;
    auto batchDay = openBatchDay();
    if (!batchDay)
        return std::unexpected(batchDay.error());
    const Eligibility &eligibility = submitted.eligibility;
    EnrollmentStore store(m_access.db);
    if (auto r =
            store.recordSubmitted(id,
                                  {submitted.cardNumber, eligibility.band ? eligibility.band->card : QString(),
                                   eligibility.cardExpiry ? eligibility.cardExpiry->toString(Qt::ISODate) : QString(),
                                   now, duplicateKey, flags, *batchDay, clerkId});
        !r)
        return r;
    const QString event =
        before == EnrollmentState::Returned ? QStringLiteral("resubmitted") : QStringLiteral("submitted");
    // The document dates stay sealed until the supervisor's final decision (Review::decide): a
    // record returned for its photo alone reopens with them, still eligible.
    return store.addEvent(id, {now, clerkId, event, QString(), QString()});
}

Result<void> Enrollments::auditSubmission(const EnrollmentDraft &draft, const QStringList &flags)
{
    auto e = m_access.audit.append(
        m_access.session.currentOperator().id, QStringLiteral("enrollment.submitted"), enrollmentObject(draft.id),
        {{QStringLiteral("rules_version"), m_programme.rulesVersion},
         {QStringLiteral("programme"), m_programme.id},
         {QStringLiteral("documents"), static_cast<qint64>(draft.documents.size())},
         {QStringLiteral("flags"),
          QJsonArray::fromStringList(flags.filter(QRegularExpression(QStringLiteral("^[a-z_]+$"))))}});
    if (!e)
        return std::unexpected(e.error());
    return {};
}

Result<EnrollmentSummary> Enrollments::summary(qint64 id)
{
    auto s = EnrollmentStore(m_access.db).summary(id);
    if (!s)
        return std::unexpected(s.error());
    if (!*s)
        return fail(ErrorCode::NotFound, QStringLiteral("There is no enrollment %1.").arg(id));
    return std::move(**s);
}

Result<std::vector<EnrollmentSummary>> Enrollments::list(std::optional<EnrollmentState> state, bool onlyMine)
{
    auto ids = EnrollmentStore(m_access.db)
                   .ids(state, onlyMine ? std::optional<qint64>(m_access.session.currentOperator().id) : std::nullopt);
    if (!ids)
        return std::unexpected(ids.error());
    std::vector<EnrollmentSummary> out;
    for (qint64 id : *ids) {
        auto s = summary(id);
        if (!s)
            return std::unexpected(s.error());
        out.push_back(*s);
    }
    return out;
}

Result<EnrollmentRecord> Enrollments::record(qint64 id)
{
    if (!m_access.session.requireRole(Role::Clerk) && !m_access.session.requireRole(Role::Supervisor))
        return fail(ErrorCode::PermissionDenied, QStringLiteral("Applicant records are for clerks and supervisors."));
    EnrollmentRecord rec;
    auto s = summary(id);
    if (!s)
        return std::unexpected(s.error());
    rec.summary = *s;
    EnrollmentStore store(m_access.db);
    auto fields = store.storedFields(id);
    if (!fields)
        return std::unexpected(fields.error());
    rec.storedFields = std::move(*fields);
    auto printedOnly = openSealed(id, SealedKind::PrintedOnly);
    if (!printedOnly)
        return std::unexpected(printedOnly.error());
    if (*printedOnly) {
        const QJsonObject o = (*printedOnly)->object();
        for (auto it = o.begin(); it != o.end(); ++it)
            rec.printedOnlyFields.insert(it.key(), it.value().toString());
        rec.printedOnlyHeld = true;
    }
    auto attestations = store.attestations(id);
    if (!attestations)
        return std::unexpected(attestations.error());
    rec.attestations = std::move(*attestations);
    return rec;
}

Result<qint64> Enrollments::idForCardNumber(const QString &cardNumber)
{
    auto id = EnrollmentStore(m_access.db).idForCardNumber(cardNumber.trimmed().toUpper());
    if (!id)
        return std::unexpected(id.error());
    if (!*id)
        return fail(ErrorCode::NotFound, QStringLiteral("There is no enrollment with card number %1.").arg(cardNumber));
    return **id;
}

Result<void> Enrollments::destroyPrintedOnly(qint64 id, const QString &reason)
{
    Database &db = m_access.db;
    return db.transaction([&]() -> Result<void> {
        // Destroying the key as well means a copy of the sealed value elsewhere opens for nobody.
        if (auto r = SealedValueStore(db).destroy(id); !r)
            return r;
        auto e = m_access.audit.append(m_access.session.currentOperator().id, QStringLiteral("printed_only.destroyed"),
                                       enrollmentObject(id), {{QStringLiteral("reason"), reason}});
        if (!e)
            return std::unexpected(e.error());
        return {};
    });
}

} // namespace tessera
