#include "cli/CardCommands.h"

#include "cards/CardRenderer.h"
#include "cards/Cards.h"
#include "cards/PrintSystem.h"
#include "cli/Cli.h"
#include "crypto/Signing.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <vector>

namespace tessera::cli {

namespace {

class CardCommand {
public:
    CardCommand(const QStringList &words, const CardOptions &options, const SignIn &signIn, const Clock &clock, QTextStream &out, QTextStream &err)
        : m_words(words)
        , m_options(options)
        , m_signIn(signIn)
        , m_clock(clock)
        , m_out(out)
        , m_err(err)
    {
    }

    int run();

private:
    int report(const Error &e)
    {
        return reportError(e, m_err);
    }
    int usage(const QString &problem) { return reportUsage(problem, m_err); }
    QString word(qsizetype i) const { return m_words.value(i); }
    void say(const QJsonObject &json, const QString &text)
    {
        if (m_options.json)
            m_out << QJsonDocument(json).toJson(QJsonDocument::Compact) << Qt::endl;
        else
            m_out << text << Qt::endl;
    }
    Result<void> writeFile(const QString &path, const QByteArray &bytes);
    Result<QByteArray> pdfOf(Cards &cards, const std::vector<CardRecord> &list);

    int verify();
    int bench();
    int withStation();

    const QStringList &m_words;
    const CardOptions &m_options;
    const SignIn &m_signIn;
    const Clock &m_clock;
    QTextStream &m_out;
    QTextStream &m_err;
};

Result<void> CardCommand::writeFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit())
        return fail(ErrorCode::Io, QStringLiteral("%1 could not be written (%2). Choose another folder.").arg(path, f.errorString()));
    return {};
}

Result<QByteArray> CardCommand::pdfOf(Cards &cards, const std::vector<CardRecord> &list)
{
    QByteArray pdf;
    QBuffer buffer(&pdf);
    (void)buffer.open(QIODevice::WriteOnly);
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

int CardCommand::run()
{
    if (word(0) == QLatin1String("bench"))
        return bench();
    if (word(1) == QLatin1String("verify"))
        return verify();
    return withStation();
}

int CardCommand::verify()
{
    if (word(2).isEmpty() || m_options.pubkey.isEmpty())
        return usage(QStringLiteral("card verify needs IMAGE or TEXT and --pubkey FILE."));
    QFile keyFile(m_options.pubkey);
    if (!keyFile.open(QIODevice::ReadOnly))
        return report({ErrorCode::InvalidInput, QStringLiteral("--pubkey: %1 could not be read.").arg(m_options.pubkey)});
    auto key = IssuerPublicKey::fromFile(keyFile.read(64 * 1024));
    if (!key)
        return report(key.error());
    std::optional<RevocationList> revocations;
    if (!m_options.revocations.isEmpty()) {
        QFile f(m_options.revocations);
        if (!f.open(QIODevice::ReadOnly))
            return report({ErrorCode::InvalidInput, QStringLiteral("--revocations: %1 could not be read.").arg(m_options.revocations)});
        auto list = RevocationList::fromSignedFile(f.read(16 * 1024 * 1024), *key);
        if (!list)
            return report(list.error());
        revocations = std::move(*list);
    }
    const QDate today = m_clock.now().toLocalTime().date();
    CardVerdict verdict;
    if (QFileInfo(word(2)).isFile()) {
        QImageReader reader(word(2));
        reader.setAllocationLimit(512);
        const QImage image = reader.read();
        if (image.isNull())
            return report({ErrorCode::InvalidInput, QStringLiteral("%1 could not be read as an image (%2).").arg(word(2), reader.errorString())});
        verdict = verifyCardImage(image, *key, today, revocations ? &*revocations : nullptr);
    } else {
        verdict = verifyCardToken(word(2).toLatin1(), *key, today, revocations ? &*revocations : nullptr);
    }
    QJsonObject o{{QStringLiteral("valid"), verdict.valid}, {QStringLiteral("reason"), verdict.reason}};
    QString text = verdict.valid ? QStringLiteral("valid") : QStringLiteral("invalid: ") + verdict.reason;
    if (verdict.token) {
        o.insert(QStringLiteral("card_number"), verdict.token->cardNumber);
        o.insert(QStringLiteral("issued_on"), verdict.token->issuedOn.toString(Qt::ISODate));
        o.insert(QStringLiteral("expires_on"), verdict.token->expiresOn ? verdict.token->expiresOn->toString(Qt::ISODate) : QString());
        o.insert(QStringLiteral("programme"), verdict.token->programmeId);
        o.insert(QStringLiteral("key_id"), QString::fromLatin1(verdict.token->keyId.toHex()));
        text += QStringLiteral("\ncard %1, programme %2, issued %3, expires %4, key %5")
                    .arg(verdict.token->cardNumber, verdict.token->programmeId, verdict.token->issuedOn.toString(Qt::ISODate),
                         verdict.token->expiresOn ? verdict.token->expiresOn->toString(Qt::ISODate) : QStringLiteral("never"),
                         QString::fromLatin1(verdict.token->keyId.toHex()));
    }
    say(o, text);
    return verdict.valid ? Ok : CheckFailed;
}

int CardCommand::withStation()
{
    const QString action = word(1);
    static const QStringList actions{QStringLiteral("list"),   QStringLiteral("show"),    QStringLiteral("render"),  QStringLiteral("print"),  QStringLiteral("issue"),
                                     QStringLiteral("revoke"), QStringLiteral("replace"), QStringLiteral("renew"),  QStringLiteral("report"),
                                     QStringLiteral("pubkey"), QStringLiteral("revocations")};
    if (!actions.contains(action))
        return usage(QStringLiteral("card needs one of list, show, render, print, issue, revoke, replace, renew, report, pubkey, revocations, verify."));
    const bool needsCard = action != QLatin1String("list") && action != QLatin1String("pubkey") && action != QLatin1String("revocations")
        && !(action == QLatin1String("print") && !m_options.batch.isEmpty());
    if (needsCard && word(2).isEmpty())
        return usage(QStringLiteral("card %1 needs a card number.").arg(action));
    if ((action == QLatin1String("render") || action == QLatin1String("pubkey") || action == QLatin1String("revocations")) && m_options.out.isEmpty())
        return usage(QStringLiteral("card %1 needs --out FILE.").arg(action));
    if (action == QLatin1String("print") && m_options.printer.isEmpty())
        return usage(QStringLiteral("card print needs --printer NAME (lpstat -p lists them)."));
    if (action == QLatin1String("revoke") && m_options.reason.isEmpty())
        return usage(QStringLiteral("card revoke needs --reason CODE."));
    std::optional<CardState> reportAs;
    if (action == QLatin1String("report")) {
        reportAs = cardStateFromName(word(3));
        if (!reportAs || (*reportAs != CardState::Lost && *reportAs != CardState::Stolen && *reportAs != CardState::Damaged))
            return usage(QStringLiteral("card report CARDNO needs lost, stolen or damaged."));
    }
    std::optional<CardState> state;
    if (!m_options.state.isEmpty()) {
        state = cardStateFromName(m_options.state);
        if (!state)
            return usage(QStringLiteral("--state: not a card state."));
    }
    auto station = m_signIn();
    if (!station)
        return report(station.error());
    Cards cards(**station);
    if (action == QLatin1String("pubkey")) {
        auto key = cards.issuerKey();
        if (!key)
            return report(key.error());
        if (auto r = writeFile(m_options.out, key->publicKey().toFile()); !r)
            return report(r.error());
        say({{QStringLiteral("key_id"), key->publicKey().keyIdText()}},
            QStringLiteral("Public key %1 written to %2.").arg(key->publicKey().keyIdText(), m_options.out));
        return Ok;
    }
    if (auto r = cards.sync(); !r)
        return report(r.error());
    if (action == QLatin1String("list")) {
        auto list = cards.list(state);
        if (!list)
            return report(list.error());
        QJsonArray rows;
        for (const CardRecord &c : *list) {
            rows.append(QJsonObject{{QStringLiteral("card_number"), c.cardNumber},
                                    {QStringLiteral("state"), cardStateName(c.state)},
                                    {QStringLiteral("template"), c.templateId},
                                    {QStringLiteral("issued_on"), c.issuedOn.toString(Qt::ISODate)},
                                    {QStringLiteral("expires_on"), c.expiresOn ? c.expiresOn->toString(Qt::ISODate) : QString()},
                                    {QStringLiteral("prints"), c.printCount},
                                    {QStringLiteral("reprints"), c.reprintCount}});
            if (!m_options.json)
                m_out << c.cardNumber << "\t" << cardStateName(c.state) << "\t" << c.templateId << "\t"
                      << (c.expiresOn ? c.expiresOn->toString(Qt::ISODate) : QStringLiteral("-")) << "\tprints " << c.printCount << "\treprints "
                      << c.reprintCount << "\n";
        }
        if (m_options.json)
            m_out << QJsonDocument(QJsonObject{{QStringLiteral("cards"), rows}}).toJson(QJsonDocument::Compact) << "\n";
        m_out.flush();
        return Ok;
    }
    if (action == QLatin1String("revocations")) {
        auto list = cards.revocations();
        if (!list)
            return report(list.error());
        auto key = cards.issuerKey();
        if (!key)
            return report(key.error());
        auto file = list->toSignedFile(*key);
        if (!file)
            return report(file.error());
        if (auto r = writeFile(m_options.out, *file); !r)
            return report(r.error());
        say({{QStringLiteral("cards"), static_cast<qint64>(list->cards.size())}},
            QStringLiteral("Revocation list (%1 cards, signed by key %2) written to %3.").arg(list->cards.size()).arg(key->publicKey().keyIdText(), m_options.out));
        return Ok;
    }
    if (action == QLatin1String("print")) {
        std::vector<CardRecord> batch;
        if (!m_options.batch.isEmpty()) {
            const QDate day = m_options.batch == QLatin1String("today") ? cards.today() : QDate::fromString(m_options.batch, Qt::ISODate);
            if (!day.isValid())
                return usage(QStringLiteral("--batch: give YYYY-MM-DD or \"today\"."));
            auto list = cards.approvedOn(day);
            if (!list)
                return report(list.error());
            batch = std::move(*list);
            if (batch.empty()) {
                say({{QStringLiteral("printed"), 0}}, QStringLiteral("No approved cards waiting from %1.").arg(day.toString(Qt::ISODate)));
                return Ok;
            }
        } else {
            auto c = cards.card(word(2));
            if (!c)
                return report(c.error());
            batch.push_back(*c);
        }
        int printed = 0;
        for (const CardRecord &c : batch) {
            auto attempt = cards.beginPrint(c.cardNumber, m_options.printer, m_options.reason);
            if (!attempt)
                return report(attempt.error());
            auto pdf = pdfOf(cards, {c});
            Result<PrintJob> job = pdf ? submitPdfToPrinter(m_options.printer, *pdf) : std::unexpected(pdf.error());
            // The printer finishing the job is the confirmation a script can have. A job that
            // did not finish in time is cancelled: either way it is then purged from the
            // spool, which would otherwise keep the whole card (CUPS's PreserveJobFiles).
            Result<JobOutcome> outcome = job ? waitForJob(*job, std::chrono::seconds(m_options.printWaitSeconds)) : std::unexpected(job.error());
            Result<void> purged = job ? purgePrintJob(*job) : Result<void>{};
            const bool ok = outcome && *outcome == JobOutcome::Printed;
            if (auto r = cards.finishPrint(*attempt, ok); !r)
                return report(r.error());
            if (!outcome)
                return report(outcome.error());
            if (!ok)
                return report({ErrorCode::Io, *outcome == JobOutcome::Failed
                                                  ? QStringLiteral("The printer %1 did not print card %2 (job %3 failed); it was removed from the queue.")
                                                        .arg(m_options.printer, c.cardNumber, job->display())
                                                  : QStringLiteral("The printer %1 did not print card %2 within %3 seconds; the job (%4) was cancelled and removed.")
                                                        .arg(m_options.printer, c.cardNumber)
                                                        .arg(m_options.printWaitSeconds)
                                                        .arg(job->display())});
            if (!purged)
                return report({purged.error().code, QStringLiteral("Card %1 was printed, but %2").arg(c.cardNumber, purged.error().message)});
            ++printed;
            if (!m_options.json)
                m_out << c.cardNumber << " printed on " << m_options.printer << " (" << job->display() << "), and the job removed from the spool." << Qt::endl;
        }
        if (m_options.json)
            say({{QStringLiteral("printed"), printed}}, {});
        return Ok;
    }
    auto c = cards.card(word(2));
    if (!c)
        return report(c.error());
    if (action == QLatin1String("show")) {
        auto log = cards.printLog(c->id);
        if (!log)
            return report(log.error());
        QJsonArray attempts;
        QStringList lines{QStringLiteral("%1\t%2\t%3\tissued %4\texpires %5\tprints %6\treprints %7")
                              .arg(c->cardNumber, cardStateName(c->state), c->templateId, c->issuedOn.toString(Qt::ISODate),
                                   c->expiresOn ? c->expiresOn->toString(Qt::ISODate) : QStringLiteral("never"))
                              .arg(c->printCount)
                              .arg(c->reprintCount)};
        for (const PrintAttempt &a : *log) {
            attempts.append(QJsonObject{{QStringLiteral("attempt"), a.attempt},
                                        {QStringLiteral("printer"), a.printer},
                                        {QStringLiteral("at"), a.at},
                                        {QStringLiteral("operator"), a.operatorId},
                                        {QStringLiteral("outcome"), a.outcome},
                                        {QStringLiteral("reprint_reason"), a.reprintReason}});
            lines << QStringLiteral("  attempt %1\t%2\t%3\toperator %4\t%5%6")
                         .arg(a.attempt)
                         .arg(a.at, a.printer)
                         .arg(a.operatorId)
                         .arg(a.outcome, a.reprintReason.isEmpty() ? QString() : QStringLiteral("\treprint: ") + a.reprintReason);
        }
        say({{QStringLiteral("card_number"), c->cardNumber},
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
    if (action == QLatin1String("render")) {
        auto pdf = pdfOf(cards, {*c});
        if (!pdf)
            return report(pdf.error());
        if (auto r = writeFile(m_options.out, *pdf); !r)
            return report(r.error());
        say({{QStringLiteral("card_number"), c->cardNumber}}, QStringLiteral("Card %1 (front and back) written to %2.").arg(c->cardNumber, m_options.out));
        return Ok;
    }
    Result<void> done;
    QString newNumber;
    if (action == QLatin1String("issue")) {
        done = cards.handOver(c->cardNumber);
    } else if (action == QLatin1String("revoke")) {
        done = cards.revoke(c->cardNumber, m_options.reason);
    } else if (action == QLatin1String("report")) {
        done = cards.report(c->cardNumber, *reportAs);
    } else {
        auto made = action == QLatin1String("replace") ? cards.replace(c->cardNumber) : cards.renew(c->cardNumber);
        if (!made)
            return report(made.error());
        newNumber = made->cardNumber;
    }
    if (!done)
        return report(done.error());
    auto after = cards.card(c->cardNumber);
    if (!after)
        return report(after.error());
    QJsonObject o{{QStringLiteral("card_number"), c->cardNumber}, {QStringLiteral("state"), cardStateName(after->state)}};
    QString text = QStringLiteral("Card %1 is now %2.").arg(c->cardNumber, cardStateName(after->state));
    if (!newNumber.isEmpty()) {
        o.insert(QStringLiteral("new_card_number"), newNumber);
        text += QStringLiteral(" New card: %1 (approved, ready to print).").arg(newNumber);
    }
    say(o, text);
    return Ok;
}

// Resident set size now and at its peak, in KiB, from /proc/self/status.
std::pair<qint64, qint64> memoryKiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    qint64 rss = 0;
    qint64 peak = 0;
    if (f.open(QIODevice::ReadOnly))
        for (const QByteArray &line : f.readAll().split('\n')) {
            if (line.startsWith("VmRSS:"))
                rss = line.mid(6).trimmed().split(' ').value(0).toLongLong();
            else if (line.startsWith("VmHWM:"))
                peak = line.mid(6).trimmed().split(' ').value(0).toLongLong();
        }
    return {rss, peak};
}

int CardCommand::bench()
{
    if (word(1) != QLatin1String("cards"))
        return usage(QStringLiteral("bench needs photo or cards."));
    bool ok = true;
    const int count = m_options.count.isEmpty() ? 500 : m_options.count.toInt(&ok);
    if (!ok || count < 1 || count > 100000)
        return usage(QStringLiteral("--count: a whole number from 1 to 100000."));
    auto layout = CardTemplate::builtIn(QStringLiteral("adult"));
    if (!layout)
        return report(layout.error());
    const CardRenderer renderer(std::move(*layout));
    // A made-up holder and a throw-away key: the benchmark touches no station.
    crypto::SigningKeyPair pair = crypto::generateSigningKeyPair();
    const auto cardFor = [&](int i) -> Result<CardData> {
        CardToken token;
        token.keyId = issuerKeyId(pair.publicKey);
        token.cardNumber = QStringLiteral("BEN-%1-X").arg(i, 6, 10, QLatin1Char('0'));
        token.issuedOn = QDate(2026, 11, 23);
        token.expiresOn = QDate(2031, 11, 23);
        token.programmeId = QStringLiteral("points-based");
        auto text = token.signedText(pair.secretKey);
        if (!text)
            return std::unexpected(text.error());
        CardData d;
        d.token = *text;
        d.values = {{QStringLiteral("card_number"), token.cardNumber},
                    {QStringLiteral("family_name"), QStringLiteral("Benchmark")},
                    {QStringLiteral("given_names"), QStringLiteral("Maria Example")},
                    {QStringLiteral("birth_date"), QStringLiteral("01 JAN 1980")},
                    {QStringLiteral("gender"), QStringLiteral("F")},
                    {QStringLiteral("issued_on"), QStringLiteral("23 NOV 2026")},
                    {QStringLiteral("expires_on"), QStringLiteral("23 NOV 2031")},
                    {QStringLiteral("address"), QStringLiteral("1 Example Street\n10001 Tessera")},
                    {QStringLiteral("programme_name"), QStringLiteral("Benchmark programme")}};
        QImage photo(413, 531, QImage::Format_RGB32);
        photo.fill(QColor(0x9a, 0x8c, 0x7e));
        d.photo = photo;
        return d;
    };

    const Dpi dpi{300};
    std::vector<double> times;
    const int renders = std::min(count, 200);
    for (int i = 0; i < renders + 5; ++i) {
        auto card = cardFor(i);
        if (!card)
            return report(card.error());
        QElapsedTimer t;
        t.start();
        const QImage front = renderer.image(CardSide::Front, *card, dpi);
        const QImage back = renderer.image(CardSide::Back, *card, dpi);
        const double ms = static_cast<double>(t.nsecsElapsed()) / 1e6;
        if (i >= 5) // the first few warm the font and image caches
            times.push_back(ms);
        if (front.isNull() || back.isNull())
            return report({ErrorCode::Internal, QStringLiteral("rendering failed")});
    }
    std::sort(times.begin(), times.end());
    const double median = times[times.size() / 2];
    const double p95 = times[std::min(times.size() - 1, times.size() * 95 / 100)];

    QTemporaryDir dir;
    QFile pdf(dir.path() + QStringLiteral("/bench.pdf"));
    if (!pdf.open(QIODevice::WriteOnly))
        return report({ErrorCode::Io, QStringLiteral("no temporary folder for the benchmark PDF")});
    const auto before = memoryKiB();
    qint64 rssMid = 0;
    QElapsedTimer batch;
    batch.start();
    {
        CardPdfWriter writer(&pdf, QStringLiteral("benchmark"), Dpi{300});
        for (int i = 0; i < count; ++i) {
            auto card = cardFor(i);
            if (!card)
                return report(card.error());
            if (auto r = writer.add(renderer, *card); !r)
                return report(r.error());
            if (i == count / 2)
                rssMid = memoryKiB().first;
        }
        if (auto r = writer.finish(); !r)
            return report(r.error());
    }
    const double batchSeconds = static_cast<double>(batch.nsecsElapsed()) / 1e9;
    pdf.close();
    const auto after = memoryKiB();
    const QJsonObject o{{QStringLiteral("render_dpi"), 300},
                        {QStringLiteral("render_front_back_median_ms"), median},
                        {QStringLiteral("render_front_back_p95_ms"), p95},
                        {QStringLiteral("batch_cards"), count},
                        {QStringLiteral("batch_pdf_seconds"), batchSeconds},
                        {QStringLiteral("batch_pdf_bytes"), pdf.size()},
                        {QStringLiteral("rss_before_kib"), before.first},
                        {QStringLiteral("rss_mid_kib"), rssMid},
                        {QStringLiteral("rss_after_kib"), after.first},
                        {QStringLiteral("peak_rss_before_kib"), before.second},
                        {QStringLiteral("peak_rss_after_kib"), after.second}};
    say(o, QStringLiteral("front+back at 300 dpi: median %1 ms, p95 %2 ms (target <= 50 ms; %3 cards)\n"
                          "%4 cards to PDF: %5 s (target <= 30 s), %6 MiB\n"
                          "RSS before %7 MiB, half-way %8 MiB, after %9 MiB; peak before %10 MiB, after %11 MiB")
               .arg(median, 0, 'f', 1)
               .arg(p95, 0, 'f', 1)
               .arg(renders)
               .arg(count)
               .arg(batchSeconds, 0, 'f', 1)
               .arg(static_cast<double>(pdf.size()) / 1048576.0, 0, 'f', 1)
               .arg(static_cast<double>(before.first) / 1024.0, 0, 'f', 1)
               .arg(static_cast<double>(rssMid) / 1024.0, 0, 'f', 1)
               .arg(static_cast<double>(after.first) / 1024.0, 0, 'f', 1)
               .arg(static_cast<double>(before.second) / 1024.0, 0, 'f', 1)
               .arg(static_cast<double>(after.second) / 1024.0, 0, 'f', 1));
    return Ok;
}

} // namespace

int runCardCommand(const QStringList &words, const CardOptions &options, const SignIn &signIn, const Clock &clock, QTextStream &out,
                   QTextStream &err)
{
    return CardCommand(words, options, signIn, clock, out, err).run();
}

} // namespace tessera::cli
