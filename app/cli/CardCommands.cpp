#include "app/cli/CardCommands.h"

#include "app/cli/CommandRegistry.h"
#include "app/cli/StationCommand.h"
#include "app/tools/CardBenchmark.h"
#include "core/cards/CardRenderer.h"
#include "core/cards/Cards.h"
#include "core/cards/PrintSystem.h"
#include "core/crypto/Signing.h"
#include "core/station/Station.h"

#include <QBuffer>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTextStream>
#include <algorithm>
#include <optional>
#include <vector>

namespace tessera::cli {

namespace {

// How long card print waits for the printer to finish a card before cancelling its job.
constexpr int kPrintWaitSeconds = 120;

Result<void> writeFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit())
        return fail(ErrorCode::Io,
                    QStringLiteral("%1 could not be written (%2). Choose another folder.").arg(path, f.errorString()));
    return {};
}

Result<QByteArray> pdfOf(Cards &cards, const std::vector<CardRecord> &list)
{
    QByteArray pdf;
    QBuffer buffer(&pdf);
    (void)buffer.open(QIODevice::WriteOnly); // a QBuffer on a QByteArray always opens
    {
        CardPdfWriter writer(&buffer, QStringLiteral("Tessera cards"));
        for (const CardRecord &c : list) {
            auto data = cards.cardData(c);
            if (!data)
                return std::unexpected(data.error());
            auto renderer = cards.renderer(c.templateId);
            if (!renderer)
                return std::unexpected(renderer.error());
            if (auto r = writer.add(**renderer, *data); !r)
                return std::unexpected(r.error());
        }
        if (auto r = writer.finish(); !r)
            return std::unexpected(r.error());
    }
    return pdf;
}

const ArgumentSpec kCard {QStringLiteral("CARDNO"), QStringLiteral("the card's number")};

OptionSpec outOption(const QString &valueName, bool required = true)
{
    return {QStringLiteral("--out"), valueName, QStringLiteral("where to write it"), required};
}

// A card command on a signed-in station. Most bring the station's cards up to date first
// (a card is made for each approved enrollment as they are listed).
class CardCommand : public StationCommand {
public:
    explicit CardCommand(CommandSpec spec, bool syncFirst = true)
        : StationCommand(std::move(spec))
        , m_syncFirst(syncFirst)
    {
    }

protected:
    int runSignedIn(Invocation &call, Station &station) final
    {
        Cards cards(station.access());
        if (m_syncFirst)
            if (auto r = cards.sync(); !r)
                return call.report(r.error());
        return runOnCards(call, cards);
    }
    virtual int runOnCards(Invocation &call, Cards &cards) = 0;

private:
    bool m_syncFirst;
};

class CardListCommand : public CardCommand {
public:
    CardListCommand()
        : CardCommand(
            {{QStringLiteral("card"), QStringLiteral("list")},
             QStringLiteral("Cards of approved enrollments (made as they are listed): number, state, expiry, prints."),
             {},
             {{QStringLiteral("--state"), QStringLiteral("STATE"), QStringLiteral("only cards in STATE")}},
             {}})
    {
    }

protected:
    int check(Invocation &call) override
    {
        m_state.reset();
        if (!call.option(QStringLiteral("--state")).isEmpty()) {
            m_state = cardStateFromName(call.option(QStringLiteral("--state")));
            if (!m_state)
                return call.usage(QStringLiteral("--state: not a card state."));
        }
        return Ok;
    }

    int runOnCards(Invocation &call, Cards &cards) override
    {
        auto list = cards.list(m_state);
        if (!list)
            return call.report(list.error());
        QJsonArray rows;
        for (const CardRecord &c : *list) {
            rows.append(QJsonObject {
                {QStringLiteral("card_number"), c.cardNumber},
                {QStringLiteral("state"), cardStateName(c.state)},
                {QStringLiteral("template"), c.templateId},
                {QStringLiteral("issued_on"), c.issuedOn.toString(Qt::ISODate)},
                {QStringLiteral("expires_on"), c.expiresOn ? c.expiresOn->toString(Qt::ISODate) : QString()},
                {QStringLiteral("prints"), c.printCount},
                {QStringLiteral("reprints"), c.reprintCount}});
            if (!call.json())
                call.out() << c.cardNumber << "\t" << cardStateName(c.state) << "\t" << c.templateId << "\t"
                           << (c.expiresOn ? c.expiresOn->toString(Qt::ISODate) : QStringLiteral("-")) << "\tprints "
                           << c.printCount << "\treprints " << c.reprintCount << "\n";
        }
        if (call.json())
            call.out() << QJsonDocument(QJsonObject {{QStringLiteral("cards"), rows}}).toJson(QJsonDocument::Compact)
                       << "\n";
        call.out().flush();
        return Ok;
    }

private:
    std::optional<CardState> m_state;
};

class CardShowCommand : public CardCommand {
public:
    CardShowCommand()
        : CardCommand({{QStringLiteral("card"), QStringLiteral("show")},
                       QStringLiteral("One card and its print log (printer, time, operator, outcome)."),
                       {},
                       {},
                       {kCard}})
    {
    }

protected:
    int runOnCards(Invocation &call, Cards &cards) override
    {
        auto c = cards.card(call.argument(0));
        if (!c)
            return call.report(c.error());
        auto log = cards.printLog(c->id);
        if (!log)
            return call.report(log.error());
        QJsonArray attempts;
        QStringList lines {QStringLiteral("%1\t%2\t%3\tissued %4\texpires %5\tprints %6\treprints %7")
                               .arg(c->cardNumber, cardStateName(c->state), c->templateId,
                                    c->issuedOn.toString(Qt::ISODate),
                                    c->expiresOn ? c->expiresOn->toString(Qt::ISODate) : QStringLiteral("never"))
                               .arg(c->printCount)
                               .arg(c->reprintCount)};
        for (const PrintAttempt &a : *log) {
            attempts.append(QJsonObject {{QStringLiteral("attempt"), a.attempt},
                                         {QStringLiteral("printer"), a.printer},
                                         {QStringLiteral("at"), a.at},
                                         {QStringLiteral("operator"), a.operatorId},
                                         {QStringLiteral("outcome"), a.outcome},
                                         {QStringLiteral("reprint_reason"), a.reprintReason}});
            lines << QStringLiteral("  attempt %1\t%2\t%3\toperator %4\t%5%6")
                         .arg(a.attempt)
                         .arg(a.at, a.printer)
                         .arg(a.operatorId)
                         .arg(a.outcome,
                              a.reprintReason.isEmpty() ? QString() : QStringLiteral("\treprint: ") + a.reprintReason);
        }
        call.say({{QStringLiteral("card_number"), c->cardNumber},
                  {QStringLiteral("state"), cardStateName(c->state)},
                  {QStringLiteral("template"), c->templateId},
                  {QStringLiteral("issued_on"), c->issuedOn.toString(Qt::ISODate)},
                  {QStringLiteral("expires_on"), c->expiresOn ? c->expiresOn->toString(Qt::ISODate) : QString()},
                  {QStringLiteral("prints"), c->printCount},
                  {QStringLiteral("reprints"), c->reprintCount},
                  {QStringLiteral("print_log"), attempts}},
                 lines.join(QLatin1Char('\n')));
        return Ok;
    }
};

class CardRenderCommand : public CardCommand {
public:
    CardRenderCommand()
        : CardCommand({{QStringLiteral("card"), QStringLiteral("render")},
                       QStringLiteral("Front and back as CR80 pages."),
                       {},
                       {outOption(QStringLiteral("FILE.pdf"))},
                       {kCard}})
    {
    }

protected:
    int runOnCards(Invocation &call, Cards &cards) override
    {
        auto c = cards.card(call.argument(0));
        if (!c)
            return call.report(c.error());
        auto pdf = pdfOf(cards, {*c});
        if (!pdf)
            return call.report(pdf.error());
        if (auto r = writeFile(call.option(QStringLiteral("--out")), *pdf); !r)
            return call.report(r.error());
        call.say({{QStringLiteral("card_number"), c->cardNumber}},
                 QStringLiteral("Card %1 (front and back) written to %2.")
                     .arg(c->cardNumber, call.option(QStringLiteral("--out"))));
        return Ok;
    }
};

class CardPrintCommand : public CardCommand {
public:
    CardPrintCommand()
        : CardCommand(
            {{QStringLiteral("card"), QStringLiteral("print")},
             QStringLiteral("Print a card, or a day's approved cards, through the system's print queue."),
             QStringLiteral(
                 "Give CARDNO or --batch DAY. A reprint needs --reason, one of the programme's reprint codes. Each "
                 "card "
                 "waits (up to 2 minutes) for the printer to finish it; then its job is purged from the print system's "
                 "spool, printed or not. Printing destroys the enrollment's printed-only values. In a batch, a card "
                 "that cannot be printed as it is (no photo) is named with its reason and the others are printed; "
                 "the exit code then says that input was refused."),
             {{QStringLiteral("--printer"), QStringLiteral("NAME"),
               QStringLiteral("the print queue (lpstat -p lists them)"), true},
              {QStringLiteral("--batch"), QStringLiteral("DAY"),
               QStringLiteral("print the cards approved on DAY (YYYY-MM-DD or \"today\")")},
              {QStringLiteral("--reason"), QStringLiteral("CODE"), QStringLiteral("why a card is printed again")}},
             {{QStringLiteral("CARDNO"), QStringLiteral("the card's number, unless --batch is given"), true}}})
    {
    }

protected:
    int check(Invocation &call) override
    {
        if (call.argument(0).isEmpty() && call.option(QStringLiteral("--batch")).isEmpty())
            return call.usage(QStringLiteral("card print needs a card number or --batch DAY."));
        return Ok;
    }

    int runOnCards(Invocation &call, Cards &cards) override
    {
        std::vector<CardRecord> batch;
        if (!call.option(QStringLiteral("--batch")).isEmpty()) {
            const QDate day = call.option(QStringLiteral("--batch")) == QLatin1String("today")
                ? cards.today()
                : QDate::fromString(call.option(QStringLiteral("--batch")), Qt::ISODate);
            if (!day.isValid())
                return call.usage(QStringLiteral("--batch: give YYYY-MM-DD or \"today\"."));
            auto list = cards.approvedOn(day);
            if (!list)
                return call.report(list.error());
            batch = std::move(*list);
            if (batch.empty()) {
                call.say({{QStringLiteral("printed"), 0}},
                         QStringLiteral("No approved cards waiting from %1.").arg(day.toString(Qt::ISODate)));
                return Ok;
            }
        } else {
            auto c = cards.card(call.argument(0));
            if (!c)
                return call.report(c.error());
            batch.push_back(*c);
        }
        const bool isBatch = !call.option(QStringLiteral("--batch")).isEmpty();
        int printed = 0;
        // Cards of a batch that cannot be printed as they are (no photo, say): each is named
        // with its reason and the batch goes on, so one such card does not hold up the day's
        // others. A printer that fails still stops the batch: the next card would fail too.
        QJsonArray refused;
        QStringList refusedLines;
        for (const CardRecord &c : batch) {
            auto attempt = cards.beginPrint(c.cardNumber, call.option(QStringLiteral("--printer")),
                                            call.option(QStringLiteral("--reason")));
            if (!attempt && isBatch && attempt.error().code == ErrorCode::InvalidInput) {
                refused.append(QJsonObject {{QStringLiteral("card_number"), c.cardNumber},
                                            {QStringLiteral("reason"), attempt.error().message}});
                refusedLines << attempt.error().message;
                continue;
            }
            if (!attempt)
                return call.report(attempt.error());
            auto pdf = pdfOf(cards, {c});
            Result<PrintJob> job =
                pdf ? submitPdfToPrinter(call.option(QStringLiteral("--printer")), *pdf) : std::unexpected(pdf.error());
            // The printer finishing the job is the confirmation a script can have. A job that
            // did not finish in time is cancelled: either way it is then purged from the
            // spool, which would otherwise keep the whole card (CUPS's PreserveJobFiles).
            Result<JobOutcome> outcome =
                job ? waitForJob(*job, std::chrono::seconds(kPrintWaitSeconds)) : std::unexpected(job.error());
            Result<void> purged = job ? purgePrintJob(*job) : Result<void> {};
            const bool ok = outcome && *outcome == JobOutcome::Printed;
            if (auto r = cards.finishPrint(*attempt, ok); !r)
                return call.report(r.error());
            if (!outcome)
                return call.report(outcome.error());
            if (!ok)
                return call.report(
                    {ErrorCode::Io,
                     *outcome == JobOutcome::Failed
                         ? QStringLiteral(
                               "The printer %1 did not print card %2 (job %3 failed); it was removed from the queue.")
                               .arg(call.option(QStringLiteral("--printer")), c.cardNumber, job->display())
                         : QStringLiteral("The printer %1 did not print card %2 within %3 seconds; the job (%4) was "
                                          "cancelled and removed.")
                               .arg(call.option(QStringLiteral("--printer")), c.cardNumber)
                               .arg(kPrintWaitSeconds)
                               .arg(job->display())});
            if (!purged)
                return call.report(
                    {purged.error().code,
                     QStringLiteral("Card %1 was printed, but %2").arg(c.cardNumber, purged.error().message)});
            ++printed;
            if (!call.json())
                call.out() << c.cardNumber << " printed on " << call.option(QStringLiteral("--printer")) << " ("
                           << job->display() << "), and the job removed from the spool." << Qt::endl;
        }
        if (refused.isEmpty()) {
            if (call.json())
                call.say({{QStringLiteral("printed"), printed}}, {});
            return Ok;
        }
        const QString summary = QStringLiteral("%1 of %2 cards printed; %3 not printed:")
                                    .arg(printed)
                                    .arg(batch.size())
                                    .arg(refused.size());
        if (call.json())
            call.say({{QStringLiteral("printed"), printed}, {QStringLiteral("refused"), refused}}, {});
        else
            call.err() << summary << Qt::endl
                       << QStringLiteral("  ") << refusedLines.join(QStringLiteral("\n  ")) << Qt::endl;
        return InvalidInput;
    }
};

// A change in a card's life: handed over, reported, replaced, renewed or revoked.
class CardLifeCommand : public CardCommand {
public:
    enum class Change { Issue, Report, Replace, Renew, Revoke };

    explicit CardLifeCommand(Change change)
        : CardCommand(specFor(change))
        , m_change(change)
    {
    }

protected:
    int runOnCards(Invocation &call, Cards &cards) override
    {
        auto c = cards.card(call.argument(0));
        if (!c)
            return call.report(c.error());
        const QString action = spec().name.at(1);
        std::optional<CardState> reportAs;
        if (m_change == Change::Report)
            reportAs = cardStateFromName(call.argument(1));
        Result<void> done;
        QString newNumber;
        if (action == QLatin1String("issue")) {
            done = cards.handOver(c->cardNumber);
        } else if (action == QLatin1String("revoke")) {
            done = cards.revoke(c->cardNumber, call.option(QStringLiteral("--reason")));
        } else if (action == QLatin1String("report")) {
            done = cards.report(c->cardNumber, *reportAs);
        } else {
            auto made = action == QLatin1String("replace") ? cards.replace(c->cardNumber) : cards.renew(c->cardNumber);
            if (!made)
                return call.report(made.error());
            newNumber = made->cardNumber;
        }
        if (!done)
            return call.report(done.error());
        auto after = cards.card(c->cardNumber);
        if (!after)
            return call.report(after.error());
        QJsonObject o {{QStringLiteral("card_number"), c->cardNumber},
                       {QStringLiteral("state"), cardStateName(after->state)}};
        QString text = QStringLiteral("Card %1 is now %2.").arg(c->cardNumber, cardStateName(after->state));
        if (!newNumber.isEmpty()) {
            o.insert(QStringLiteral("new_card_number"), newNumber);
            text += QStringLiteral(" New card: %1 (approved, ready to print).").arg(newNumber);
        }
        call.say(o, text);
        return Ok;
    }

private:
    static CommandSpec specFor(Change change)
    {
        switch (change) {
        case Change::Issue:
            return {{QStringLiteral("card"), QStringLiteral("issue")},
                    QStringLiteral("Hand the printed card over (issued)."),
                    {},
                    {},
                    {kCard}};
        case Change::Report:
            return {{QStringLiteral("card"), QStringLiteral("report")},
                    QStringLiteral("Record that a card was lost, stolen or damaged."),
                    {},
                    {},
                    {kCard,
                     {QStringLiteral("WHAT"),
                      QStringLiteral("what happened to it"),
                      false,
                      {QStringLiteral("lost"), QStringLiteral("stolen"), QStringLiteral("damaged")}}}};
        case Change::Replace:
            return {{QStringLiteral("card"), QStringLiteral("replace")},
                    QStringLiteral("A new card number; the old card is revoked."),
                    {},
                    {},
                    {kCard}};
        case Change::Renew:
            return {{QStringLiteral("card"), QStringLiteral("renew")},
                    QStringLiteral("Renew a card, within 90 days of expiry or after."),
                    {},
                    {},
                    {kCard}};
        case Change::Revoke:
            return {{QStringLiteral("card"), QStringLiteral("revoke")},
                    QStringLiteral("Revoke a card (supervisor)."),
                    {},
                    {{QStringLiteral("--reason"), QStringLiteral("CODE"),
                      QStringLiteral("one of the programme's revoke codes"), true}},
                    {kCard}};
        }
        Q_UNREACHABLE();
    }

    Change m_change;
};

class CardPubkeyCommand : public CardCommand {
public:
    CardPubkeyCommand()
        : CardCommand({{QStringLiteral("card"), QStringLiteral("pubkey")},
                       QStringLiteral("The issuer public key, for verifiers."),
                       {},
                       {outOption(QStringLiteral("FILE"))},
                       {}},
                      false)
    {
    }

protected:
    int runOnCards(Invocation &call, Cards &cards) override
    {
        auto key = cards.issuerKey();
        if (!key)
            return call.report(key.error());
        if (auto r = writeFile(call.option(QStringLiteral("--out")), key->publicKey().toFile()); !r)
            return call.report(r.error());
        call.say({{QStringLiteral("key_id"), key->publicKey().keyIdText()}},
                 QStringLiteral("Public key %1 written to %2.")
                     .arg(key->publicKey().keyIdText(), call.option(QStringLiteral("--out"))));
        return Ok;
    }
};

class CardRevocationsCommand : public CardCommand {
public:
    CardRevocationsCommand()
        : CardCommand({{QStringLiteral("card"), QStringLiteral("revocations")},
                       QStringLiteral("The signed list of revoked card numbers."),
                       {},
                       {outOption(QStringLiteral("FILE"))},
                       {}})
    {
    }

protected:
    int runOnCards(Invocation &call, Cards &cards) override
    {
        auto list = cards.revocations();
        if (!list)
            return call.report(list.error());
        auto key = cards.issuerKey();
        if (!key)
            return call.report(key.error());
        auto file = list->toSignedFile(*key);
        if (!file)
            return call.report(file.error());
        if (auto r = writeFile(call.option(QStringLiteral("--out")), *file); !r)
            return call.report(r.error());
        call.say({{QStringLiteral("cards"), static_cast<qint64>(list->cards.size())}},
                 QStringLiteral("Revocation list (%1 cards, signed by key %2) written to %3.")
                     .arg(list->cards.size())
                     .arg(key->publicKey().keyIdText(), call.option(QStringLiteral("--out"))));
        return Ok;
    }
};

class CardVerifyCommand : public Command {
public:
    CardVerifyCommand()
        : Command(
            {{QStringLiteral("card"), QStringLiteral("verify")},
             QStringLiteral("Offline check of a card's QR code (from an image or its text): signature, key, dates, "
                            "revocation."),
             QStringLiteral("Exit 0 valid, 1 invalid. No station or sign-in needed."),
             {{QStringLiteral("--pubkey"), QStringLiteral("FILE"),
               QStringLiteral("the issuer public key (card pubkey writes it)"), true},
              {QStringLiteral("--revocations"), QStringLiteral("FILE"),
               QStringLiteral("the signed revocation list (card revocations writes it)")}},
             {{QStringLiteral("IMAGE|TEXT"), QStringLiteral("a photo or scan of the card, or the QR code's text")}}})
    {
    }

    int run(Invocation &call) override
    {
        QFile keyFile(call.option(QStringLiteral("--pubkey")));
        if (!keyFile.open(QIODevice::ReadOnly))
            return call.report(
                {ErrorCode::InvalidInput,
                 QStringLiteral("--pubkey: %1 could not be read.").arg(call.option(QStringLiteral("--pubkey")))});
        auto key = IssuerPublicKey::fromFile(keyFile.read(qint64 {64} * 1024));
        if (!key)
            return call.report(key.error());
        std::optional<RevocationList> revocations;
        if (!call.option(QStringLiteral("--revocations")).isEmpty()) {
            QFile f(call.option(QStringLiteral("--revocations")));
            if (!f.open(QIODevice::ReadOnly))
                return call.report({ErrorCode::InvalidInput,
                                    QStringLiteral("--revocations: %1 could not be read.")
                                        .arg(call.option(QStringLiteral("--revocations")))});
            auto list = RevocationList::fromSignedFile(f.read(qint64 {16} * 1024 * 1024), *key);
            if (!list)
                return call.report(list.error());
            revocations = std::move(*list);
        }
        const QDate today = call.clock().now().toLocalTime().date();
        CardVerdict verdict;
        if (QFileInfo(call.argument(0)).isFile()) {
            QImageReader reader(call.argument(0));
            reader.setAllocationLimit(512);
            const QImage image = reader.read();
            if (image.isNull())
                return call.report({ErrorCode::InvalidInput,
                                    QStringLiteral("%1 could not be read as an image (%2).")
                                        .arg(call.argument(0), reader.errorString())});
            verdict = verifyCardImage(image, *key, today, revocations ? &*revocations : nullptr);
        } else {
            verdict = verifyCardToken(call.argument(0).toLatin1(), *key, today, revocations ? &*revocations : nullptr);
        }
        QJsonObject o {{QStringLiteral("valid"), verdict.valid}, {QStringLiteral("reason"), verdict.reason}};
        QString text = verdict.valid ? QStringLiteral("valid") : QStringLiteral("invalid: ") + verdict.reason;
        if (verdict.token) {
            o.insert(QStringLiteral("card_number"), verdict.token->cardNumber);
            o.insert(QStringLiteral("issued_on"), verdict.token->issuedOn.toString(Qt::ISODate));
            o.insert(QStringLiteral("expires_on"),
                     verdict.token->expiresOn ? verdict.token->expiresOn->toString(Qt::ISODate) : QString());
            o.insert(QStringLiteral("programme"), verdict.token->programmeId);
            o.insert(QStringLiteral("key_id"), QString::fromLatin1(verdict.token->keyId.toHex()));
            text += QStringLiteral("\ncard %1, programme %2, issued %3, expires %4, key %5")
                        .arg(verdict.token->cardNumber, verdict.token->programmeId,
                             verdict.token->issuedOn.toString(Qt::ISODate),
                             verdict.token->expiresOn ? verdict.token->expiresOn->toString(Qt::ISODate)
                                                      : QStringLiteral("never"),
                             QString::fromLatin1(verdict.token->keyId.toHex()));
        }
        call.say(o, text);
        return verdict.valid ? Ok : CheckFailed;
    }
};

class BenchCardsCommand : public Command {
public:
    BenchCardsCommand()
        : Command(
            {{QStringLiteral("bench"), QStringLiteral("cards")},
             QStringLiteral("Card rendering at 300 dpi, an N-card batch to PDF, and memory."),
             {},
             {{QStringLiteral("--count"), QStringLiteral("N"), QStringLiteral("cards in the batch (default 500)")}},
             {}})
    {
    }

    int run(Invocation &call) override
    {
        bool ok = true;
        const int count =
            call.option(QStringLiteral("--count")).isEmpty() ? 500 : call.option(QStringLiteral("--count")).toInt(&ok);
        if (!ok || count < 1 || count > 100000)
            return call.usage(QStringLiteral("--count: a whole number from 1 to 100000."));
        auto b = CardBenchmark::run(count);
        if (!b)
            return call.report(b.error());
        const QJsonObject o {{QStringLiteral("render_dpi"), 300},
                             {QStringLiteral("render_front_back_median_ms"), b->renderMedianMs},
                             {QStringLiteral("render_front_back_p95_ms"), b->renderP95Ms},
                             {QStringLiteral("batch_cards"), b->batchCards},
                             {QStringLiteral("batch_pdf_seconds"), b->batchSeconds},
                             {QStringLiteral("batch_pdf_bytes"), b->batchPdfBytes},
                             {QStringLiteral("rss_before_kib"), b->rssBeforeKiB},
                             {QStringLiteral("rss_mid_kib"), b->rssMidKiB},
                             {QStringLiteral("rss_after_kib"), b->rssAfterKiB},
                             {QStringLiteral("peak_rss_before_kib"), b->peakBeforeKiB},
                             {QStringLiteral("peak_rss_after_kib"), b->peakAfterKiB}};
        call.say(o,
                 QStringLiteral("front+back at 300 dpi: median %1 ms, p95 %2 ms (target <= 50 ms; %3 cards)\n"
                                "%4 cards to PDF: %5 s (target <= 30 s), %6 MiB\n"
                                "RSS before %7 MiB, half-way %8 MiB, after %9 MiB; peak before %10 MiB, after %11 MiB")
                     .arg(b->renderMedianMs, 0, 'f', 1)
                     .arg(b->renderP95Ms, 0, 'f', 1)
                     .arg(b->renders)
                     .arg(b->batchCards)
                     .arg(b->batchSeconds, 0, 'f', 1)
                     .arg(static_cast<double>(b->batchPdfBytes) / 1048576.0, 0, 'f', 1)
                     .arg(static_cast<double>(b->rssBeforeKiB) / 1024.0, 0, 'f', 1)
                     .arg(static_cast<double>(b->rssMidKiB) / 1024.0, 0, 'f', 1)
                     .arg(static_cast<double>(b->rssAfterKiB) / 1024.0, 0, 'f', 1)
                     .arg(static_cast<double>(b->peakBeforeKiB) / 1024.0, 0, 'f', 1)
                     .arg(static_cast<double>(b->peakAfterKiB) / 1024.0, 0, 'f', 1));
        return Ok;
    }
};

} // namespace

void addCardCommands(CommandRegistry &registry)
{
    registry.add(std::make_unique<CardListCommand>());
    registry.add(std::make_unique<CardShowCommand>());
    registry.add(std::make_unique<CardRenderCommand>());
    registry.add(std::make_unique<CardPrintCommand>());
    registry.add(std::make_unique<CardLifeCommand>(CardLifeCommand::Change::Issue));
    registry.add(std::make_unique<CardLifeCommand>(CardLifeCommand::Change::Report));
    registry.add(std::make_unique<CardLifeCommand>(CardLifeCommand::Change::Replace));
    registry.add(std::make_unique<CardLifeCommand>(CardLifeCommand::Change::Renew));
    registry.add(std::make_unique<CardLifeCommand>(CardLifeCommand::Change::Revoke));
    registry.add(std::make_unique<CardPubkeyCommand>());
    registry.add(std::make_unique<CardRevocationsCommand>());
    registry.add(std::make_unique<CardVerifyCommand>());
    registry.add(std::make_unique<BenchCardsCommand>());
}

} // namespace tessera::cli
