#include "app/cli/EnrollmentCommands.h"

#include "app/cli/CommandRegistry.h"
#include "app/cli/PhotoCommands.h"
#include "app/cli/StationCommand.h"
#include "core/capture/PhotoChecks.h"
#include "core/enrollment/DraftJson.h"
#include "core/enrollment/EnrollmentPhotos.h"
#include "core/enrollment/Enrollments.h"
#include "core/print/BatchReportPdf.h"
#include "core/print/Receipt.h"
#include "core/print/RejectionNotice.h"
#include "core/programme/ProgrammeStore.h"
#include "core/review/Review.h"
#include "core/station/Station.h"
#include "core/util/CrashPoint.h"
#include "core/util/InputFile.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <optional>

namespace tessera::cli {

namespace {

Result<Enrollments> enrollmentsFor(Station &station)
{
    auto active = activeProgramme(station.database());
    if (!active)
        return std::unexpected(active.error());
    if (!*active)
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral("No programme rules are loaded yet; an administrator loads them with tessera-cli programme "
                           "load FILE."));
    return Enrollments(station.access(), std::move(**active));
}

// A portrait file through the photo step: read in memory, checked with the programme's
// thresholds, cut to the card crop and encoded within its JPEG budget.
Result<std::pair<QByteArray, PhotoAssessment>> portraitPhoto(const QByteArray &bytes, const PhotoRules &rules)
{
    auto image = decodePhoto(bytes);
    if (!image)
        return std::unexpected(Error {image.error().code, QStringLiteral("photo.file: %1").arg(image.error().message)});
    auto analyzer = PhotoAnalyzer::create(rules.thresholds);
    if (!analyzer)
        return std::unexpected(analyzer.error());
    auto assessment = analyzer->analyze(*image);
    if (!assessment)
        return std::unexpected(assessment.error());
    auto crop = cropForCard(*image, *assessment);
    if (!crop)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("photo.file: no card photo could be cut: %1").arg(crop.error().message));
    auto jpeg = encodeJpeg(*crop, rules.maxJpegBytes);
    if (!jpeg)
        return std::unexpected(jpeg.error());
    return std::pair {std::move(*jpeg), std::move(*assessment)};
}

class EnrollCommand : public StationCommand {
public:
    EnrollCommand()
        : StationCommand(
            {{QStringLiteral("enroll")},
             QStringLiteral("Submit an enrollment through the same validation and rules as the form (clerk)."),
             QStringLiteral(
                 "A \"photo\": {\"file\": ..., \"overrides\": {check: code}} goes through the photo step; the "
                 "programme refuses an enrollment without one unless it allows {\"none\": no_photo-code}. "
                 "Problems are listed one per line, naming the field. See the README for the format. The same file "
                 "submitted again finds the enrollment the first made."),
             {{QStringLiteral("--from"), QStringLiteral("FILE.json"),
               QStringLiteral("the enrollment, as the README describes"), true},
              {QStringLiteral("--supervisor-password-file"), QStringLiteral("FILE"),
               QStringLiteral("the password of the supervisor who authorises a duplicate override")}},
             {}})
    {
    }
    ~EnrollCommand() override { m_description.fill('\0'); }

protected:
    // The file is read before anyone is asked for a password: a wrong path costs no sign-in.
    int check(Invocation &call) override
    {
        auto read = readInputFile(call.option(QStringLiteral("--from")), kMebibyte);
        if (!read)
            return call.report({read.error().code, QStringLiteral("--from: ") + read.error().message});
        m_description = std::move(*read);
        return Ok;
    }

    int runSignedIn(Invocation &call, Station &station) override
    {
        QByteArray &description = m_description;
        auto enrollments = enrollmentsFor(station);
        if (!enrollments) {
            description.fill('\0');
            return call.report(enrollments.error());
        }
        auto request = draftFromJson(description, *enrollments);
        if (!request) {
            description.fill('\0');
            return call.report(request.error());
        }
        QByteArray photoBytes;
        QString photoPath;
        if (!request->photoFile.isEmpty()) {
            photoPath = QFileInfo(call.option(QStringLiteral("--from"))).dir().filePath(request->photoFile);
            auto bytes = readInputFile(photoPath, 64 * kMebibyte);
            if (!bytes) {
                description.fill('\0');
                return call.report({bytes.error().code, QStringLiteral("photo.file: ") + bytes.error().message});
            }
            photoBytes = std::move(*bytes);
        }
        // The same request (file and photo, byte for byte) submitted again, as a retry after a
        // crash or a lost answer would, finds the enrollment the first made, never a second.
        auto requestKey = enrollments->requestKey(description + '|' + photoBytes);
        description.fill('\0');
        if (!requestKey)
            return call.report(requestKey.error());
        auto earlier = enrollments->cardNumberForRequest(*requestKey);
        if (!earlier)
            return call.report(earlier.error());
        if (!earlier->isEmpty()) {
            if (call.json())
                call.emitJson({{QStringLiteral("card_number"), *earlier},
                               {QStringLiteral("state"), QStringLiteral("submitted")},
                               {QStringLiteral("already_submitted"), true}});
            else
                call.out() << "This file was already submitted, as " << *earlier << "; nothing new was made."
                           << Qt::endl;
            return Ok;
        }
        std::optional<Enrollments::SupervisorOverride> override;
        if (!request->overrideSupervisor.isEmpty()) {
            auto password = call.secret(QStringLiteral("--supervisor-password-file"),
                                        QStringLiteral("Password for %1").arg(request->overrideSupervisor));
            if (!password)
                return call.report(password.error());
            override = Enrollments::SupervisorOverride {request->overrideSupervisor, std::move(*password),
                                                        request->overrideReason};
        }
        std::optional<std::pair<QByteArray, PhotoAssessment>> photo;
        if (!photoBytes.isEmpty()) {
            // The photo step on a portrait file: the desktop's checks, crop and JPEG budget.
            auto checked = portraitPhoto(photoBytes, enrollments->programme().photo);
            photoBytes.fill('\0');
            if (!checked)
                return call.report(checked.error());
            photo = std::move(*checked);
        }
        // One transaction: the draft that holds the photo, the photo, the submission and the
        // request's key land together or not at all, so a kill at any point leaves no half draft.
        Enrollments::Submitted submitted;
        auto done = station.database().transaction([&]() -> Result<void> {
            if (photo) {
                if (auto saved = enrollments->saveDraft(request->draft); !saved)
                    return saved;
                crashPoint("enroll.after-draft");
                auto stored =
                    EnrollmentPhotos(station.access(), enrollments->programme())
                        .setPhoto(request->draft.id, photo->first, photo->second, request->photoOverrides, false);
                if (!stored)
                    return std::unexpected(stored.error());
            }
            auto made = enrollments->submit(request->draft, std::move(override));
            if (!made)
                return std::unexpected(made.error());
            submitted = std::move(*made);
            crashPoint("enroll.before-commit");
            return enrollments->rememberRequest(*requestKey, request->draft.id);
        });
        if (!done)
            return call.report(done.error());
        QJsonArray rules;
        for (const RuleAssessment &r : submitted.eligibility.rules)
            rules.append(QJsonObject {
                {QStringLiteral("rule"), r.ruleId}, {QStringLiteral("met"), r.met}, {QStringLiteral("why"), r.why}});
        if (call.json())
            call.emitJson(
                {{QStringLiteral("card_number"), submitted.cardNumber},
                 {QStringLiteral("state"), QStringLiteral("submitted")},
                 {QStringLiteral("rules"), rules},
                 {QStringLiteral("duplicates_overridden"), static_cast<qint64>(submitted.overridden.size())}});
        else
            call.out() << "Submitted for review as " << submitted.cardNumber << "." << Qt::endl;
        return Ok;
    }

private:
    QByteArray m_description; // the applicant's details until submitted; wiped
};

// The enrollment named by its card number, with the programme it was made under.
struct FoundEnrollment {
    Enrollments enrollments;
    qint64 id = 0;
    EnrollmentRecord record;
};

Result<FoundEnrollment> findEnrollment(Station &station, const QString &cardNumber)
{
    auto enrollments = enrollmentsFor(station);
    if (!enrollments)
        return std::unexpected(enrollments.error());
    auto id = enrollments->idForCardNumber(cardNumber);
    if (!id)
        return std::unexpected(id.error());
    auto rec = enrollments->record(*id);
    if (!rec)
        return std::unexpected(rec.error());
    return FoundEnrollment {std::move(*enrollments), *id, std::move(*rec)};
}

const ArgumentSpec kCardNumber {QStringLiteral("CARDNO"), QStringLiteral("the enrollment's card number")};

class EnrollmentListCommand : public StationCommand {
public:
    EnrollmentListCommand()
        : StationCommand({{QStringLiteral("enrollment"), QStringLiteral("list")},
                          QStringLiteral("Enrollments: card number, state, last change, flags."),
                          {},
                          {{QStringLiteral("--state"), QStringLiteral("STATE"),
                            QStringLiteral("only those in STATE: draft, submitted, approved, rejected or returned")},
                           {QStringLiteral("--mine"), {}, QStringLiteral("only those you entered")}},
                          {}})
    {
    }

protected:
    int check(Invocation &call) override
    {
        m_state.reset();
        if (!call.option(QStringLiteral("--state")).isEmpty()) {
            m_state = stateFromName(call.option(QStringLiteral("--state")));
            if (!m_state)
                return call.report({ErrorCode::InvalidInput,
                                    QStringLiteral("--state: use draft, submitted, approved, rejected or returned.")});
        }
        return Ok;
    }

    int runSignedIn(Invocation &call, Station &station) override
    {
        auto enrollments = enrollmentsFor(station);
        if (!enrollments)
            return call.report(enrollments.error());
        auto all = enrollments->list(m_state, call.given(QStringLiteral("--mine")));
        if (!all)
            return call.report(all.error());
        QJsonArray list;
        for (const EnrollmentSummary &e : *all) {
            if (call.json())
                list.append(QJsonObject {{QStringLiteral("id"), e.id},
                                         {QStringLiteral("card_number"), e.cardNumber},
                                         {QStringLiteral("state"), stateName(e.state)},
                                         {QStringLiteral("created_by"), e.createdBy},
                                         {QStringLiteral("submitted_at"), e.submittedAt},
                                         {QStringLiteral("rules_version"), e.rulesVersion},
                                         {QStringLiteral("flags"), QJsonArray::fromStringList(e.flags)}});
            else
                call.out() << (e.cardNumber.isEmpty() ? QStringLiteral("(draft %1)").arg(e.id) : e.cardNumber) << "\t"
                           << stateName(e.state) << "\t" << e.updatedAt << "\t" << e.flags.join(QLatin1Char(','))
                           << "\n";
        }
        if (call.json())
            call.emitJson({{QStringLiteral("enrollments"), list}});
        call.out().flush();
        return Ok;
    }

private:
    std::optional<EnrollmentState> m_state;
};

class EnrollmentShowCommand : public StationCommand {
public:
    EnrollmentShowCommand()
        : StationCommand({{QStringLiteral("enrollment"), QStringLiteral("show")},
                          QStringLiteral("One enrollment: state, fields held, attestations, photo."),
                          {},
                          {},
                          {kCardNumber}})
    {
    }

protected:
    int runSignedIn(Invocation &call, Station &station) override
    {
        auto found = findEnrollment(station, call.argument(0));
        if (!found)
            return call.report(found.error());
        const EnrollmentRecord *rec = &found->record;
        QJsonObject fields;
        for (auto it = rec->storedFields.begin(); it != rec->storedFields.end(); ++it)
            fields.insert(it.key(), it.value());
        QJsonObject printedOnly;
        for (auto it = rec->printedOnlyFields.begin(); it != rec->printedOnlyFields.end(); ++it)
            printedOnly.insert(it.key(), it.value());
        QJsonArray attestations;
        for (const Attestation &a : rec->attestations) {
            QJsonObject points;
            for (auto it = a.points.begin(); it != a.points.end(); ++it)
                points.insert(it.key(), it.value());
            attestations.append(QJsonObject {{QStringLiteral("document_type"), a.documentType},
                                             {QStringLiteral("points"), points},
                                             {QStringLiteral("counted"), a.counted},
                                             {QStringLiteral("expired"), a.expired},
                                             {QStringLiteral("within_grace"), a.withinGrace},
                                             {QStringLiteral("by_caretaker"), a.byCaretaker},
                                             {QStringLiteral("rules_version"), a.rulesVersion},
                                             {QStringLiteral("clerk"), a.clerkId},
                                             {QStringLiteral("attested_at"), a.attestedAt},
                                             {QStringLiteral("fingerprinted"), a.fingerprinted}});
        }
        QJsonObject o {{QStringLiteral("card_number"), rec->summary.cardNumber},
                       {QStringLiteral("state"), stateName(rec->summary.state)},
                       {QStringLiteral("programme"), rec->summary.programmeId},
                       {QStringLiteral("rules_version"), rec->summary.rulesVersion},
                       {QStringLiteral("card_layout"), rec->summary.cardLayout},
                       {QStringLiteral("card_expiry"), rec->summary.cardExpiry},
                       {QStringLiteral("flags"), QJsonArray::fromStringList(rec->summary.flags)},
                       {QStringLiteral("fields"), fields},
                       {QStringLiteral("printed_only_held"), rec->printedOnlyHeld},
                       {QStringLiteral("printed_only"), printedOnly},
                       {QStringLiteral("attestations"), attestations}};
        o.insert(QStringLiteral("photo"), photoSummary(station.access(), found->enrollments.programme(), found->id));
        if (call.json()) {
            call.emitJson(o);
        } else {
            call.out() << QJsonDocument(o).toJson(QJsonDocument::Indented);
            call.out().flush();
        }
        return Ok;
    }
};

// The applicant's receipt, or their rejection notice.
class EnrollmentLetterCommand : public StationCommand {
public:
    enum class Letter { Receipt, Notice };

    explicit EnrollmentLetterCommand(Letter letter)
        : StationCommand(
            {{QStringLiteral("enrollment"),
              letter == Letter::Receipt ? QStringLiteral("receipt") : QStringLiteral("notice")},
             letter == Letter::Receipt
                 ? QStringLiteral("The applicant's receipt, as a PDF.")
                 : QStringLiteral("The applicant's rejection notice: reason, how to appeal, how long it is kept."),
             {},
             {{QStringLiteral("--out"), QStringLiteral("FILE.pdf"), QStringLiteral("where to write it"), true},
              {QStringLiteral("--language"), QStringLiteral("CODE"),
               QStringLiteral("the language (default: the applicant's preferred one)")}},
             {kCardNumber}})
        , m_letter(letter)
    {
    }

protected:
    int runSignedIn(Invocation &call, Station &station) override
    {
        auto found = findEnrollment(station, call.argument(0));
        if (!found)
            return call.report(found.error());
        const EnrollmentRecord *rec = &found->record;
        const qint64 *id = &found->id;
        const QString action = m_letter == Letter::Receipt ? QStringLiteral("receipt") : QStringLiteral("notice");
        auto info = station.info();
        if (!info)
            return call.report(info.error());
        QString language = call.option(QStringLiteral("--language"));
        if (language.isEmpty())
            language = rec->storedFields.value(QStringLiteral("preferred_language"));
        auto programme = programmeVersion(station.database(), rec->summary.programmeId, rec->summary.rulesVersion);
        if (!programme)
            return call.report(programme.error());
        const QString out = call.option(QStringLiteral("--out"));
        if (action == QLatin1String("receipt")) {
            if (auto r =
                    writeReceiptPdf(out, *programme, receiptFor(*programme, *rec, info->name, info->code, language));
                !r)
                return call.report(r.error());
        } else {
            auto history = Review(station.access(), *programme).history(*id);
            if (!history)
                return call.report(history.error());
            auto content = rejectionNoticeFor(*rec, *history, info->name, info->code, language);
            if (!content)
                return call.report(content.error());
            if (auto r = writeRejectionNoticePdf(out, *programme, *content); !r)
                return call.report(r.error());
        }
        if (!call.json())
            call.out() << (action == QLatin1String("receipt") ? "Receipt" : "Notice") << " for "
                       << rec->summary.cardNumber << " written to " << out << "." << Qt::endl;
        return Ok;
    }

private:
    Letter m_letter;
};

// DAY as YYYY-MM-DD or "today" (the station's clock, local time).
Result<QDate> dayOf(const QString &text, const Station &station)
{
    if (text == QLatin1String("today"))
        return station.clock().now().toLocalTime().date();
    const QDate d = QDate::fromString(text, Qt::ISODate);
    if (!d.isValid())
        return fail(ErrorCode::InvalidInput, QStringLiteral("DAY: use YYYY-MM-DD or \"today\"."));
    return d;
}

const ArgumentSpec kDay {QStringLiteral("DAY"), QStringLiteral("YYYY-MM-DD or \"today\"")};

// A batch command: the programme's review of the station, and the day when one is named.
class BatchCommand : public StationCommand {
public:
    using StationCommand::StationCommand;

protected:
    int runSignedIn(Invocation &call, Station &station) final
    {
        auto enrollments = enrollmentsFor(station);
        if (!enrollments)
            return call.report(enrollments.error());
        Review review(station.access(), enrollments->programme());
        QDate day;
        if (!spec().arguments.empty()) {
            auto when = dayOf(call.argument(0), station);
            if (!when)
                return call.report(when.error());
            day = *when;
        }
        return runOnDay(call, review, day);
    }
    virtual int runOnDay(Invocation &call, Review &review, QDate day) = 0;
};

class BatchListCommand : public BatchCommand {
public:
    BatchListCommand()
        : BatchCommand({{QStringLiteral("batch"), QStringLiteral("list")},
                        QStringLiteral("Open days with counts by state (supervisor)."),
                        {},
                        {},
                        {}})
    {
    }

protected:
    int runOnDay(Invocation &call, Review &review, QDate) override
    {
        auto batches = review.openBatches();
        if (!batches)
            return call.report(batches.error());
        QJsonArray list;
        for (const BatchSummary &b : *batches) {
            QJsonObject counts;
            for (auto it = b.byState.begin(); it != b.byState.end(); ++it)
                counts.insert(it.key(), it.value());
            list.append(QJsonObject {{QStringLiteral("day"), b.day.toString(Qt::ISODate)},
                                     {QStringLiteral("closed"), b.closed},
                                     {QStringLiteral("counts"), counts}});
            if (!call.json()) {
                QStringList parts;
                for (auto it = b.byState.begin(); it != b.byState.end(); ++it)
                    parts << QStringLiteral("%1 %2").arg(it.value()).arg(it.key());
                call.out() << b.day.toString(Qt::ISODate) << "\t" << (b.closed ? "closed" : "open") << "\t"
                           << (parts.isEmpty() ? QStringLiteral("nothing yet") : parts.join(QStringLiteral(", ")))
                           << "\n";
            }
        }
        if (call.json())
            call.emitJson({{QStringLiteral("batches"), list}});
        call.out().flush();
        return Ok;
    }
};

class BatchShowCommand : public BatchCommand {
public:
    BatchShowCommand()
        : BatchCommand({{QStringLiteral("batch"), QStringLiteral("show")},
                        QStringLiteral("The day's enrollments: card number, state, flags."),
                        {},
                        {},
                        {kDay}})
    {
    }

protected:
    int runOnDay(Invocation &call, Review &review, QDate day) override
    {
        const QDate *when = &day;
        auto all = review.batch(*when);
        if (!all)
            return call.report(all.error());
        QJsonArray list;
        for (const EnrollmentSummary &e : *all) {
            list.append(QJsonObject {{QStringLiteral("card_number"), e.cardNumber},
                                     {QStringLiteral("state"), stateName(e.state)},
                                     {QStringLiteral("flags"), QJsonArray::fromStringList(e.flags)},
                                     {QStringLiteral("clerk"), e.createdBy}});
            if (!call.json())
                call.out() << e.cardNumber << "\t" << stateName(e.state) << "\t" << e.flags.join(QLatin1Char(','))
                           << "\n";
        }
        if (call.json())
            call.emitJson(
                {{QStringLiteral("day"), when->toString(Qt::ISODate)}, {QStringLiteral("enrollments"), list}});
        call.out().flush();
        return Ok;
    }
};

// Closes a day and writes its report, or writes the report of a day already closed.
class BatchCloseCommand : public BatchCommand {
public:
    explicit BatchCloseCommand(bool close)
        : BatchCommand({{QStringLiteral("batch"), close ? QStringLiteral("close") : QStringLiteral("report")},
                        close ? QStringLiteral("Close a day with nothing pending (supervisor); writes its report.")
                              : QStringLiteral("The report of a closed day."),
                        {},
                        {{QStringLiteral("--out"), QStringLiteral("FILE.pdf"),
                          QStringLiteral("where to write the report"), !close}},
                        {kDay}})
        , m_close(close)
    {
    }

protected:
    int runOnDay(Invocation &call, Review &review, QDate day) override
    {
        const QDate *when = &day;
        const QString action = m_close ? QStringLiteral("close") : QStringLiteral("report");
        Result<BatchReport> closed =
            action == QLatin1String("close") ? review.closeDay(*when, call.actingPassword()) : review.report(*when);
        if (!closed)
            return call.report(closed.error());
        const QString out = call.option(QStringLiteral("--out"));
        if (!out.isEmpty())
            if (auto r = writeBatchReportPdf(out, *closed); !r)
                return call.report(r.error());
        if (call.json()) {
            QJsonObject counts;
            for (auto it = closed->byDecision.begin(); it != closed->byDecision.end(); ++it)
                counts.insert(it.key(), it.value());
            call.emitJson({{QStringLiteral("day"), closed->day.toString(Qt::ISODate)},
                           {QStringLiteral("counts"), counts},
                           {QStringLiteral("audit_head"), QString::fromLatin1(closed->auditHead.toHex())}});
        } else {
            call.out() << when->toString(Qt::ISODate) << (action == QLatin1String("close") ? " closed" : " was closed")
                       << "; audit head " << closed->auditHead.toHex()
                       << (out.isEmpty() ? QString() : QStringLiteral("; report in ") + out) << "." << Qt::endl;
        }
        return Ok;
    }

private:
    bool m_close;
};

class ReviewCommand : public StationCommand {
public:
    ReviewCommand()
        : StationCommand(
            {{QStringLiteral("review")},
             QStringLiteral("Decide on a pending enrollment (supervisor; never one you entered)."),
             QStringLiteral(
                 "Give one of --approve, --reject REASON, --return NOTE. The password given to sign in is the "
                 "re-entered password the decision needs."),
             {{QStringLiteral("--approve"), {}, QStringLiteral("approve it")},
              {QStringLiteral("--reject"), QStringLiteral("REASON"),
               QStringLiteral("reject it, with one of the programme's reason codes")},
              {QStringLiteral("--note"), QStringLiteral("TEXT"), QStringLiteral("a note with a rejection")},
              {QStringLiteral("--confirm-no-photo"),
               {},
               QStringLiteral("with --approve: approve an enrollment that has no photo (its card goes without one)")},
              {QStringLiteral("--return"), QStringLiteral("NOTE"),
               QStringLiteral("return it to its clerk for correction, saying what to correct")}},
             {kCardNumber}})
    {
    }

protected:
    int check(Invocation &call) override
    {
        const int chosen = (call.given(QStringLiteral("--approve")) ? 1 : 0)
            + (call.option(QStringLiteral("--reject")).isEmpty() ? 0 : 1)
            + (call.option(QStringLiteral("--return")).isEmpty() ? 0 : 1);
        if (chosen != 1)
            return call.usage(
                QStringLiteral("review needs a card number and one of --approve, --reject REASON, --return NOTE."));
        return Ok;
    }

    int runSignedIn(Invocation &call, Station &station) override
    {
        const QString card = call.argument(0);
        const bool approve = call.given(QStringLiteral("--approve"));
        const QString reject = call.option(QStringLiteral("--reject"));
        const QString giveBack = call.option(QStringLiteral("--return"));
        auto enrollments = enrollmentsFor(station);
        if (!enrollments)
            return call.report(enrollments.error());
        auto id = enrollments->idForCardNumber(card);
        if (!id)
            return call.report(id.error());
        Decision d {*id,
                    approve                 ? DecisionKind::Approve
                        : !reject.isEmpty() ? DecisionKind::Reject
                                            : DecisionKind::Return,
                    reject, !giveBack.isEmpty() ? giveBack : call.option(QStringLiteral("--note")),
                    call.given(QStringLiteral("--confirm-no-photo"))};
        Review review(station.access(), enrollments->programme());
        // Said in the command line's own words; Review::decide refuses it either way (and
        // refuses a clerk first).
        if (approve && !d.confirmedNoPhoto && station.session().requireRole(Role::Supervisor))
            if (auto rec = enrollments->record(*id); rec && Review::needsPhotoConfirmation(rec->summary.flags))
                return call.report({ErrorCode::InvalidInput,
                                    QStringLiteral("%1 has no photo: its card would go without one. Add "
                                                   "--confirm-no-photo to approve it anyway, or --return it to the "
                                                   "clerk for a photo.")
                                        .arg(card.toUpper())});
        if (auto r = review.decide({d}, call.actingPassword()); !r)
            return call.report(r.error());
        if (call.json())
            call.emitJson({{QStringLiteral("card_number"), card.toUpper()},
                           {QStringLiteral("state"),
                            approve                 ? QStringLiteral("approved")
                                : !reject.isEmpty() ? QStringLiteral("rejected")
                                                    : QStringLiteral("returned")}});
        else
            call.out() << card.toUpper()
                       << (approve                 ? " approved."
                               : !reject.isEmpty() ? " rejected."
                                                   : " returned to its clerk.")
                       << Qt::endl;
        return Ok;
    }
};

} // namespace

void addEnrollmentCommands(CommandRegistry &registry)
{
    registry.add(std::make_unique<EnrollCommand>());
    registry.add(std::make_unique<EnrollmentListCommand>());
    registry.add(std::make_unique<EnrollmentShowCommand>());
    registry.add(std::make_unique<EnrollmentLetterCommand>(EnrollmentLetterCommand::Letter::Receipt));
    registry.add(std::make_unique<EnrollmentLetterCommand>(EnrollmentLetterCommand::Letter::Notice));
    registry.add(std::make_unique<BatchListCommand>());
    registry.add(std::make_unique<BatchShowCommand>());
    registry.add(std::make_unique<BatchCloseCommand>(true));
    registry.add(std::make_unique<BatchCloseCommand>(false));
    registry.add(std::make_unique<ReviewCommand>());
}

} // namespace tessera::cli
