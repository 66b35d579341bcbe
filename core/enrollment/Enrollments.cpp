#include "core/enrollment/Enrollments.h"

#include "core/crypto/Crypto.h"
#include "core/enrollment/CardNumber.h"
#include "core/enrollment/PhotoStore.h"
#include "core/review/BatchStore.h"
#include "core/store/StationSettings.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace tessera {

namespace {

constexpr auto kPrintedOnly = "printed_only";
constexpr auto kDraftDocuments = "draft_documents";

struct StateName {
    EnrollmentState state;
    const char *name;
};
constexpr StateName kStates[] = {
    {EnrollmentState::Draft, "draft"},       {EnrollmentState::Submitted, "submitted"},
    {EnrollmentState::Approved, "approved"}, {EnrollmentState::Rejected, "rejected"},
    {EnrollmentState::Returned, "returned"},
};

QString enrollmentObject(qint64 id)
{
    return QStringLiteral("enrollment:%1").arg(id);
}

QByteArray sealAad(qint64 id, const char *kind)
{
    return QByteArrayLiteral("tessera-sealed-v1|") + QByteArray::number(id) + '|' + kind;
}

QJsonObject pointsJson(const QMap<QString, int> &points)
{
    QJsonObject o;
    for (auto it = points.begin(); it != points.end(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

QMap<QString, int> pointsFrom(const QJsonObject &o)
{
    QMap<QString, int> points;
    for (auto it = o.begin(); it != o.end(); ++it)
        points.insert(it.key(), it.value().toInt());
    return points;
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

} // namespace

QString stateName(EnrollmentState s)
{
    for (const StateName &n : kStates)
        if (n.state == s)
            return QString::fromLatin1(n.name);
    return {};
}

std::optional<EnrollmentState> stateFromName(const QString &name)
{
    for (const StateName &n : kStates)
        if (name == QLatin1String(n.name))
            return n.state;
    return std::nullopt;
}

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
    auto n = m_access.db.scalar(
        QStringLiteral("SELECT e.card_number FROM enroll_requests r JOIN enrollments e ON e.id = r.enrollment_id "
                       "WHERE r.request_key = ? AND e.card_number IS NOT NULL"),
        {key});
    if (!n)
        return std::unexpected(n.error());
    return n->toString();
}

Result<void> Enrollments::rememberRequest(const QByteArray &key, qint64 enrollmentId)
{
    return m_access.db.run(
        QStringLiteral("INSERT OR REPLACE INTO enroll_requests (request_key, enrollment_id) VALUES (?, ?)"),
        {key, enrollmentId});
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

Result<SecureBuffer> Enrollments::dataKey(qint64 id, bool create)
{
    Database &db = m_access.db;
    auto existing = db.scalar(QStringLiteral("SELECT data_key FROM enrollment_keys WHERE enrollment_id = ?"), {id});
    if (!existing)
        return std::unexpected(existing.error());
    if (!existing->isNull()) {
        QByteArray raw = existing->toByteArray();
        SecureBuffer key = SecureBuffer::fromBytes(
            {reinterpret_cast<const unsigned char *>(raw.constData()), static_cast<std::size_t>(raw.size())});
        raw.fill('\0');
        return key;
    }
    if (!create)
        return fail(ErrorCode::NotFound, QStringLiteral("The printed-only values of this enrollment were destroyed."));
    SecureBuffer key = SecureBuffer::random(crypto::kKeyBytes);
    if (auto r =
            db.run(QStringLiteral("INSERT INTO enrollment_keys (enrollment_id, data_key, created_at) VALUES (?, ?, ?)"),
                   {id, QByteArray(reinterpret_cast<const char *>(key.data()), static_cast<qsizetype>(key.size())),
                    isoUtc(m_access.clock.now())});
        !r)
        return std::unexpected(r.error());
    return key;
}

Result<void> Enrollments::writeContents(qint64 id, const EnrollmentDraft &draft)
{
    Database &db = m_access.db;
    const QString now = isoUtc(m_access.clock.now());
    for (const char *sql :
         {"DELETE FROM enrollment_fields WHERE enrollment_id = ?", "DELETE FROM attestations WHERE enrollment_id = ?"})
        if (auto r = db.run(QString::fromLatin1(sql), {id}); !r)
            return r;

    // Each field goes where its retention class says; not-collected values are dropped here.
    QJsonObject printedOnly;
    for (Field f : allFields()) {
        const QString value = draft.applicant.value(f).trimmed();
        if (value.isEmpty())
            continue;
        switch (m_programme.retentionOf(f)) {
        case Retention::Stored:
            if (auto r = db.run(
                    QStringLiteral("INSERT INTO enrollment_fields (enrollment_id, field, value) VALUES (?, ?, ?)"),
                    {id, fieldKey(f), value});
                !r)
                return r;
            break;
        case Retention::PrintedOnly:
            printedOnly.insert(fieldKey(f), value);
            break;
        case Retention::NotCollected:
            break;
        }
    }

    // The draft's document dates are sealed too: they are needed to resume a draft, and go
    // when it is submitted; the attestations keep only the outcome.
    QJsonArray documents;
    for (const DocumentEntry &d : draft.documents)
        documents.append(QJsonObject {{QStringLiteral("type"), d.presented.typeId},
                                      {QStringLiteral("expiry"), dateText(d.presented.expiry)},
                                      {QStringLiteral("issued"), dateText(d.presented.issued)},
                                      {QStringLiteral("machine_readable"), d.presented.machineReadable},
                                      {QStringLiteral("by_caretaker"), d.presented.byCaretaker},
                                      {QStringLiteral("fingerprint"), QString::fromLatin1(d.fingerprint.toHex())}});
    const std::pair<const char *, QJsonDocument> sealed[] = {{kPrintedOnly, QJsonDocument(printedOnly)},
                                                             {kDraftDocuments, QJsonDocument(documents)}};
    auto key = dataKey(id, true);
    if (!key)
        return std::unexpected(key.error());
    for (const auto &[kind, doc] : sealed) {
        QByteArray plain = doc.toJson(QJsonDocument::Compact);
        const QByteArray box = crypto::seal(
            *key, {reinterpret_cast<const unsigned char *>(plain.constData()), static_cast<std::size_t>(plain.size())},
            sealAad(id, kind));
        plain.fill('\0');
        if (auto r = db.run(QStringLiteral("INSERT OR REPLACE INTO sealed_values (enrollment_id, kind, sealed, "
                                           "sealed_at) VALUES (?, ?, ?, ?)"),
                            {id, QString::fromLatin1(kind), box, now});
            !r)
            return r;
    }

    const Eligibility e = assess(draft);
    for (std::size_t i = 0; i < draft.documents.size(); ++i) {
        const DocumentEntry &d = draft.documents[i];
        const DocumentAssessment &a = e.documents[i];
        if (auto r = db.run(
                QStringLiteral(
                    "INSERT INTO attestations (enrollment_id, document_type, points, counted, expired, within_grace, "
                    "by_caretaker, rules_version, clerk_id, attested_at, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                    "?, ?, ?)"),
                {id, d.presented.typeId,
                 QString::fromUtf8(QJsonDocument(pointsJson(a.points)).toJson(QJsonDocument::Compact)), a.counts,
                 a.expired, a.withinGrace, d.presented.byCaretaker, m_programme.rulesVersion,
                 m_access.session.currentOperator().id, now,
                 d.fingerprint.isEmpty() ? QVariant() : QVariant(d.fingerprint)});
            !r)
            return r;
    }
    return db.run(
        QStringLiteral(
            "UPDATE enrollments SET updated_at = ?, programme_id = ?, rules_version = ?, flags = ? WHERE id = ?"),
        {now, m_programme.id, m_programme.rulesVersion,
         QString::fromUtf8(
             QJsonDocument(QJsonArray::fromStringList(caretakerFlags(draft))).toJson(QJsonDocument::Compact)),
         id});
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
            const QString now = isoUtc(m_access.clock.now());
            if (auto r =
                    db.run(QStringLiteral("INSERT INTO enrollments (state, programme_id, rules_version, created_by, "
                                          "created_at, updated_at) "
                                          "VALUES ('draft', ?, ?, ?, ?, ?)"),
                           {m_programme.id, m_programme.rulesVersion, m_access.session.currentOperator().id, now, now});
                !r)
                return r;
            draft.id = db.lastInsertId();
            auto e = m_access.audit.append(m_access.session.currentOperator().id, QStringLiteral("enrollment.started"),
                                           enrollmentObject(draft.id));
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
    auto key = dataKey(id, false);
    if (key) {
        auto box =
            m_access.db.scalar(QStringLiteral("SELECT sealed FROM sealed_values WHERE enrollment_id = ? AND kind = ?"),
                               {id, QString::fromLatin1(kDraftDocuments)});
        if (box && !box->isNull()) {
            auto plain = crypto::open(*key, box->toByteArray(), sealAad(id, kDraftDocuments));
            if (!plain)
                return std::unexpected(plain.error());
            const QJsonArray docs = QJsonDocument::fromJson(QByteArray(reinterpret_cast<const char *>(plain->data()),
                                                                       static_cast<qsizetype>(plain->size())))
                                        .array();
            for (const QJsonValue &v : docs) {
                const QJsonObject o = v.toObject();
                draft.documents.push_back(
                    {PresentedDocument {o.value(QStringLiteral("type")).toString(),
                                        dateFrom(o.value(QStringLiteral("expiry"))),
                                        dateFrom(o.value(QStringLiteral("issued"))),
                                        o.value(QStringLiteral("machine_readable")).toBool(),
                                        o.value(QStringLiteral("by_caretaker")).toBool()},
                     QByteArray::fromHex(o.value(QStringLiteral("fingerprint")).toString().toLatin1())});
            }
            return draft;
        }
    }
    // A returned enrollment no longer has its draft dates: rebuild the list from the
    // attestations; the clerk re-enters the dates from the documents in front of them.
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
        if (auto r = db.run(QStringLiteral("DELETE FROM enrollments WHERE id = ?"), {id}); !r)
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
    Database &db = m_access.db;
    auto key = duplicateKey(draft.applicant);
    if (!key)
        return std::unexpected(key.error());
    auto byPerson =
        db.each(QStringLiteral(
                    "SELECT id, card_number FROM enrollments WHERE duplicate_key = ? AND id != ? AND state != 'draft'"),
                {*key, draft.id}, [&](const Statement &row) {
                    hits.push_back({row.integer(0), row.text(1), DuplicateHit::Kind::SamePerson,
                                    QStringLiteral("same name and date of birth")});
                });
    if (!byPerson)
        return std::unexpected(byPerson.error());
    for (const DocumentEntry &d : draft.documents) {
        if (d.fingerprint.isEmpty())
            continue;
        auto byDocument = db.each(
            QStringLiteral(
                "SELECT DISTINCT e.id, e.card_number FROM attestations a JOIN enrollments e ON e.id = a.enrollment_id "
                "WHERE a.fingerprint = ? AND e.id != ? AND e.state != 'draft'"),
            {d.fingerprint, draft.id}, [&](const Statement &row) {
                hits.push_back(
                    {row.integer(0), row.text(1), DuplicateHit::Kind::SameDocument, QStringLiteral("same document")});
            });
        if (!byDocument)
            return std::unexpected(byDocument.error());
    }
    return hits;
}

Result<Enrollments::Submitted> Enrollments::submit(EnrollmentDraft &draft, std::optional<SupervisorOverride> override)
{
    if (auto r = requireClerk(); !r)
        return std::unexpected(r.error());
    if (const auto problems = validate(draft); !problems.empty())
        return fail(ErrorCode::InvalidInput, joinProblems(problems));
    const Eligibility eligibility = assess(draft);
    if (!eligibility.eligible) {
        QStringList why = eligibility.problems;
        for (const RuleAssessment &r : eligibility.rules)
            if (!r.met)
                why << r.text + QStringLiteral(": ") + r.why;
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("The programme's rules are not met yet:\n") + why.join(QLatin1Char('\n')));
    }
    auto duplicates = possibleDuplicates(draft);
    if (!duplicates)
        return std::unexpected(duplicates.error());
    std::optional<Operator> supervisor;
    if (!duplicates->empty()) {
        if (!override) {
            QStringList lines;
            for (const DuplicateHit &h : *duplicates)
                lines << QStringLiteral("%1 (%2)").arg(h.cardNumber, h.reason);
            return fail(ErrorCode::AlreadyExists,
                        QStringLiteral("Possible duplicate of %1. A supervisor must confirm with their password "
                                       "and a reason to go on.")
                            .arg(lines.join(QStringLiteral(", "))));
        }
        const auto &codes = m_programme.reasonCodes.value(QStringLiteral("duplicate_override"));
        if (std::none_of(codes.begin(), codes.end(), [&](const Choice &c) { return c.code == override->reasonCode; }))
            return fail(
                ErrorCode::InvalidInput,
                QStringLiteral("Reason: choose one of the programme's reasons for going on despite a duplicate."));
        auto who = m_access.session.verifyPassword(override->username, override->password);
        if (!who)
            return std::unexpected(who.error());
        if (!who->roles.testFlag(Role::Supervisor) || who->id == m_access.session.currentOperator().id)
            return fail(ErrorCode::PermissionDenied,
                        QStringLiteral("A supervisor other than the clerk must confirm a possible duplicate."));
        supervisor = *who;
    }

    const bool isNew = draft.id == 0;
    if (isNew) {
        if (auto r = saveDraft(draft); !r)
            return std::unexpected(r.error());
    }
    auto before = summary(draft.id);
    if (!before)
        return std::unexpected(before.error());
    if (before->state != EnrollmentState::Draft && before->state != EnrollmentState::Returned)
        return fail(ErrorCode::InvalidInput, QStringLiteral("This enrollment was already submitted."));
    auto dupKey = duplicateKey(draft.applicant);
    if (!dupKey)
        return std::unexpected(dupKey.error());

    Submitted out;
    out.eligibility = eligibility;
    out.overridden = supervisor ? *duplicates : std::vector<DuplicateHit> {};
    Database &db = m_access.db;
    auto done = db.transaction([&]() -> Result<void> {
        if (auto r = writeContents(draft.id, draft); !r)
            return r;
        out.cardNumber = before->cardNumber;
        if (out.cardNumber.isEmpty()) {
            StationSettings settings(db);
            auto number = allocateCardNumber(settings);
            if (!number)
                return std::unexpected(number.error());
            out.cardNumber = *number;
        }
        // From the draft as submitted, not from the last autosave.
        QStringList flags = caretakerFlags(draft);
        if (supervisor)
            flags << QStringLiteral("duplicate_override");
        // "Narrow margin": the points total was met exactly, so one document judged
        // differently would change the outcome. (A category minimum of 1 is nearly always
        // met exactly and says nothing.)
        for (std::size_t i = 0; i < m_programme.rules.size(); ++i)
            if (m_programme.rules[i].kind == Rule::Kind::MinPoints && m_programme.rules[i].category.isEmpty()
                && eligibility.rules[i].margin == 0)
                flags << QStringLiteral("narrow_margin");
        if (before->state == EnrollmentState::Returned)
            flags << QStringLiteral("resubmitted");
        // A photo accepted despite a failing check is for the supervisor to look at.
        auto photoOverridden = PhotoStore(db).hasOverrides(draft.id);
        if (!photoOverridden)
            return std::unexpected(photoOverridden.error());
        if (*photoOverridden)
            flags << QStringLiteral("photo_override");
        const QString now = isoUtc(m_access.clock.now());
        const qint64 clerkId = m_access.session.currentOperator().id;
        // The batch is the business day of this (re)submission, at the counter's calendar.
        // Once a supervisor has closed that day, late submissions join the next open day, so
        // that none lands in a closed batch where no one would review it.
        QDate batchDay = today();
        for (;;) {
            auto closed = BatchStore(db).isClosed(batchDay);
            if (!closed)
                return std::unexpected(closed.error());
            if (!*closed)
                break;
            batchDay = batchDay.addDays(1);
        }
        if (auto r = db.run(
                QStringLiteral(
                    "UPDATE enrollments SET state = 'submitted', card_number = ?, card_layout = ?, card_expiry = ?, "
                    "submitted_at = ?, updated_at = ?, duplicate_key = ?, flags = ?, batch_day = ?, submitted_by = ? "
                    "WHERE id = ?"),
                {out.cardNumber, eligibility.band ? eligibility.band->card : QString(),
                 eligibility.cardExpiry ? eligibility.cardExpiry->toString(Qt::ISODate) : QString(), now, now, *dupKey,
                 QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(flags)).toJson(QJsonDocument::Compact)),
                 batchDay.toString(Qt::ISODate), clerkId, draft.id});
            !r)
            return r;
        if (auto r =
                db.run(QStringLiteral(
                           "INSERT INTO enrollment_events (enrollment_id, at, operator_id, event) VALUES (?, ?, ?, ?)"),
                       {draft.id, now, clerkId,
                        before->state == EnrollmentState::Returned ? QStringLiteral("resubmitted")
                                                                   : QStringLiteral("submitted")});
            !r)
            return r;
        // Submitted: the document dates have done their job.
        if (auto r = db.run(QStringLiteral("DELETE FROM sealed_values WHERE enrollment_id = ? AND kind = ?"),
                            {draft.id, QString::fromLatin1(kDraftDocuments)});
            !r)
            return r;
        const qint64 clerk = m_access.session.currentOperator().id;
        if (supervisor) {
            auto e = m_access.audit.append(clerk, QStringLiteral("duplicate.override"), enrollmentObject(draft.id),
                                           {{QStringLiteral("supervisor"), supervisor->id},
                                            {QStringLiteral("reason"), override->reasonCode},
                                            {QStringLiteral("matches"), static_cast<qint64>(duplicates->size())}});
            if (!e)
                return std::unexpected(e.error());
        }
        auto e = m_access.audit.append(
            clerk, QStringLiteral("enrollment.submitted"), enrollmentObject(draft.id),
            {{QStringLiteral("rules_version"), m_programme.rulesVersion},
             {QStringLiteral("programme"), m_programme.id},
             {QStringLiteral("documents"), static_cast<qint64>(draft.documents.size())},
             {QStringLiteral("flags"),
              QJsonArray::fromStringList(flags.filter(QRegularExpression(QStringLiteral("^[a-z_]+$"))))}});
        if (!e)
            return std::unexpected(e.error());
        return {};
    });
    if (!done)
        return std::unexpected(done.error());
    return out;
}

Result<EnrollmentSummary> Enrollments::summary(qint64 id)
{
    auto stmt = m_access.db.prepare(
        QStringLiteral("SELECT id, state, card_number, programme_id, rules_version, created_by, created_at, "
                       "updated_at, submitted_at, card_layout, card_expiry, flags FROM enrollments WHERE id = ?"));
    if (!stmt)
        return std::unexpected(stmt.error());
    if (auto b = stmt->bind({id}); !b)
        return std::unexpected(b.error());
    auto row = stmt->next();
    if (!row)
        return std::unexpected(row.error());
    if (!*row)
        return fail(ErrorCode::NotFound, QStringLiteral("There is no enrollment %1.").arg(id));
    EnrollmentSummary s;
    s.id = stmt->integer(0);
    s.state = stateFromName(stmt->text(1)).value_or(EnrollmentState::Draft);
    s.cardNumber = stmt->text(2);
    s.programmeId = stmt->text(3);
    s.rulesVersion = stmt->text(4);
    s.createdBy = stmt->integer(5);
    s.createdAt = stmt->text(6);
    s.updatedAt = stmt->text(7);
    s.submittedAt = stmt->text(8);
    s.cardLayout = stmt->text(9);
    s.cardExpiry = stmt->text(10);
    for (const QJsonValue &v : QJsonDocument::fromJson(stmt->text(11).toUtf8()).array())
        s.flags << v.toString();
    if (s.state == EnrollmentState::Returned) {
        auto note = m_access.db.scalar(
            QStringLiteral("SELECT note FROM enrollment_events WHERE enrollment_id = ? AND event = 'returned' "
                           "ORDER BY id DESC LIMIT 1"),
            {id});
        if (!note)
            return std::unexpected(note.error());
        s.returnNote = note->toString();
    }
    QStringList names;
    auto r = m_access.db.each(QStringLiteral("SELECT value FROM enrollment_fields WHERE enrollment_id = ? AND field IN "
                                             "('given_names', 'family_name') ORDER BY field DESC"),
                              {id}, [&](const Statement &field) { names << field.text(0); });
    if (!r)
        return std::unexpected(r.error());
    s.displayName = names.join(QLatin1Char(' '));
    return s;
}

Result<std::vector<EnrollmentSummary>> Enrollments::list(std::optional<EnrollmentState> state, bool onlyMine)
{
    const QVariant stateValue = state ? QVariant(stateName(*state)) : QVariant();
    std::vector<qint64> ids;
    auto r = m_access.db.each(
        QStringLiteral("SELECT id FROM enrollments WHERE (? IS NULL OR state = ?) AND (? = 0 OR created_by = ?) "
                       "ORDER BY updated_at DESC, id DESC"),
        {stateValue, stateValue, onlyMine ? 1 : 0, m_access.session.currentOperator().id},
        [&](const Statement &row) { ids.push_back(row.integer(0)); });
    if (!r)
        return std::unexpected(r.error());
    std::vector<EnrollmentSummary> out;
    for (qint64 id : ids) {
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
    Database &db = m_access.db;
    if (auto r = db.each(QStringLiteral("SELECT field, value FROM enrollment_fields WHERE enrollment_id = ?"), {id},
                         [&](const Statement &row) { rec.storedFields.insert(row.text(0), row.text(1)); });
        !r)
        return std::unexpected(r.error());
    if (auto key = dataKey(id, false)) {
        auto box = db.scalar(QStringLiteral("SELECT sealed FROM sealed_values WHERE enrollment_id = ? AND kind = ?"),
                             {id, QString::fromLatin1(kPrintedOnly)});
        if (box && !box->isNull()) {
            auto plain = crypto::open(*key, box->toByteArray(), sealAad(id, kPrintedOnly));
            if (!plain)
                return std::unexpected(plain.error());
            const QJsonObject o = QJsonDocument::fromJson(QByteArray(reinterpret_cast<const char *>(plain->data()),
                                                                     static_cast<qsizetype>(plain->size())))
                                      .object();
            for (auto it = o.begin(); it != o.end(); ++it)
                rec.printedOnlyFields.insert(it.key(), it.value().toString());
            rec.printedOnlyHeld = true;
        }
    }
    auto attestations = db.each(
        QStringLiteral(
            "SELECT document_type, points, counted, expired, within_grace, by_caretaker, rules_version, clerk_id, "
            "attested_at, fingerprint IS NOT NULL FROM attestations WHERE enrollment_id = ? ORDER BY id"),
        {id}, [&](const Statement &row) {
            rec.attestations.push_back({row.text(0), pointsFrom(QJsonDocument::fromJson(row.text(1).toUtf8()).object()),
                                        row.integer(2) != 0, row.integer(3) != 0, row.integer(4) != 0,
                                        row.integer(5) != 0, row.text(6), row.integer(7), row.text(8),
                                        row.integer(9) != 0});
        });
    if (!attestations)
        return std::unexpected(attestations.error());
    return rec;
}

Result<qint64> Enrollments::idForCardNumber(const QString &cardNumber)
{
    auto id = m_access.db.scalar(QStringLiteral("SELECT id FROM enrollments WHERE card_number = ?"),
                                 {cardNumber.trimmed().toUpper()});
    if (!id)
        return std::unexpected(id.error());
    if (id->isNull())
        return fail(ErrorCode::NotFound, QStringLiteral("There is no enrollment with card number %1.").arg(cardNumber));
    return id->toLongLong();
}

Result<void> Enrollments::destroyPrintedOnly(qint64 id, const QString &reason)
{
    Database &db = m_access.db;
    return db.transaction([&]() -> Result<void> {
        // secure_delete is on for the store, so the freed pages are overwritten; deleting
        // the key as well means a copy of the sealed value elsewhere opens for nobody.
        for (const char *sql : {"DELETE FROM sealed_values WHERE enrollment_id = ?",
                                "DELETE FROM enrollment_keys WHERE enrollment_id = ?"})
            if (auto r = db.run(QString::fromLatin1(sql), {id}); !r)
                return r;
        auto e = m_access.audit.append(m_access.session.currentOperator().id, QStringLiteral("printed_only.destroyed"),
                                       enrollmentObject(id), {{QStringLiteral("reason"), reason}});
        if (!e)
            return std::unexpected(e.error());
        return {};
    });
}

} // namespace tessera
