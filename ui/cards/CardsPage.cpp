#include "ui/cards/CardsPage.h"

#include "core/cards/PrintSystem.h"
#include "core/station/Station.h"
#include "core/util/DateText.h"
#include "ui/cards/CardPrinter.h"
#include "ui/common/ErrorLabel.h"
#include "ui/common/TaskRunner.h"

#include <QBuffer>
#include <QCheckBox>
#include <QDir>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableWidget>
#include <QVBoxLayout>

#include <memory>
#include <optional>

namespace tessera::ui {

namespace {

enum Column { NumberColumn, NameColumn, StateColumn, LayoutColumn, ExpiresColumn, PrintsColumn, ColumnCount };

// The preview is drawn at this resolution and shown at its natural size.
constexpr Dpi kPreviewDpi {110};

QString stateText(CardState s)
{
    switch (s) {
    case CardState::Approved:
        return CardsPage::tr("approved, to print");
    case CardState::Printed:
        return CardsPage::tr("printed, to hand over");
    case CardState::Issued:
        return CardsPage::tr("issued");
    case CardState::Lost:
        return CardsPage::tr("reported lost");
    case CardState::Stolen:
        return CardsPage::tr("reported stolen");
    case CardState::Damaged:
        return CardsPage::tr("reported damaged");
    case CardState::Replaced:
        return CardsPage::tr("replaced");
    case CardState::Renewed:
        return CardsPage::tr("renewed");
    case CardState::Revoked:
        return CardsPage::tr("revoked");
    case CardState::Expired:
        return CardsPage::tr("expired");
    }
    return {};
}

QPushButton *button(const QString &text, const char *name, const QString &tip, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(QString::fromLatin1(name));
    b->setToolTip(tip);
    return b;
}

} // namespace

CardsPage::CardsPage(Station &station, TaskRunner &tasks, QWidget *parent)
    : QWidget(parent)
    , m_station(station)
    , m_tasks(tasks)
    , m_cards(station.access())
    , m_showAll(new QCheckBox(tr("Show &all cards"), this))
    , m_table(new QTableWidget(0, ColumnCount, this))
    , m_front(new QLabel(this))
    , m_back(new QLabel(this))
    , m_details(new QLabel(this))
    , m_error(new ErrorLabel(this))
    , m_print(button(tr("&Print…"), "printCardPushButton",
                     tr("Print the selected card (front and back) on a card printer"), this))
    , m_savePdf(button(tr("Save as P&DF…"), "saveCardPdfPushButton",
                       tr("Save the selected card as a PDF file: not a print, nothing is recorded as printed"), this))
    , m_batch(
          button(tr("Print the day's &batch…"), "printBatchPushButton", tr("Print every approved card of a day"), this))
    , m_handOver(button(tr("&Hand over"), "handOverPushButton", tr("The holder has received the printed card"), this))
    , m_report(button(tr("Report &lost, stolen or damaged…"), "reportCardPushButton",
                      tr("The holder reports the card lost, stolen or damaged"), this))
    , m_replace(button(tr("&Replace"), "replaceCardPushButton",
                       tr("Make a new card with a new number; the old one is revoked"), this))
    , m_renew(button(tr("Re&new"), "renewCardPushButton", tr("Within 90 days of expiry, or after: a new card"), this))
    , m_revoke(button(tr("Re&voke…"), "revokeCardPushButton", tr("Supervisors: revoke the card"), this))
    , m_exportRevocations(button(tr("E&xport revocation list…"), "exportRevocationsPushButton",
                                 tr("The signed list of revoked cards, for verifiers"), this))
    , m_exportKey(button(tr("Export public &key…"), "exportPublicKeyPushButton",
                         tr("The issuer public key, for verifiers"), this))
{
    setObjectName(QStringLiteral("cardsPage"));
    m_showAll->setObjectName(QStringLiteral("showAllCardsCheckBox"));
    m_table->setObjectName(QStringLiteral("cardsTableWidget"));
    m_table->setHorizontalHeaderLabels(
        {tr("Card number"), tr("Name"), tr("State"), tr("Layout"), tr("Expires"), tr("Prints")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    // The name takes the room the other columns leave.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_table->setAccessibleName(tr("Cards"));
    m_front->setObjectName(QStringLiteral("cardFrontLabel"));
    m_back->setObjectName(QStringLiteral("cardBackLabel"));
    m_front->setAccessibleName(tr("Front of the card"));
    m_back->setAccessibleName(tr("Back of the card"));
    m_details->setObjectName(QStringLiteral("cardDetailsLabel"));
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByKeyboard | Qt::TextSelectableByMouse);
    m_error->setObjectName(QStringLiteral("cardsErrorLabel"));
    const bool supervisor = m_station.session().hasRole(Role::Supervisor);
    m_revoke->setVisible(supervisor);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_showAll);
    leftLayout->addWidget(m_table, 1);
    auto *buttons = new QGridLayout;
    const QList<QPushButton *> all {m_print,   m_savePdf, m_batch,  m_handOver,          m_report,
                                    m_replace, m_renew,   m_revoke, m_exportRevocations, m_exportKey};
    for (int i = 0; i < all.size(); ++i)
        buttons->addWidget(all[i], i / 3, i % 3);
    leftLayout->addLayout(buttons);
    leftLayout->addWidget(m_error);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_front);
    rightLayout->addWidget(m_back);
    rightLayout->addWidget(m_details);
    rightLayout->addStretch(1);

    auto *split = new QSplitter(this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);

    // Default ways of asking; tests replace them.
    askReprintReason = [this](const std::vector<std::pair<QString, QString>> &reasons) -> std::optional<QString> {
        QStringList labels;
        for (const auto &r : reasons)
            labels << r.second;
        bool ok = false;
        const QString chosen = QInputDialog::getItem(
            this, tr("Reprint"), tr("This card was printed before. Why is it printed again?"), labels, 0, false, &ok);
        if (!ok)
            return std::nullopt;
        return reasons[static_cast<std::size_t>(labels.indexOf(chosen))].first;
    };
    askRevokeReason = [this](const std::vector<std::pair<QString, QString>> &reasons) -> std::optional<QString> {
        QStringList labels;
        for (const auto &r : reasons)
            labels << r.second;
        bool ok = false;
        const QString chosen =
            QInputDialog::getItem(this, tr("Revoke the card"), tr("Why is the card revoked?"), labels, 0, false, &ok);
        if (!ok || labels.indexOf(chosen) < 0)
            return std::nullopt;
        return reasons[static_cast<std::size_t>(labels.indexOf(chosen))].first;
    };
    askConfirmation = [this](const QString &question) {
        return QMessageBox::question(this, tr("Cards"), question, QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
            == QMessageBox::Yes;
    };
    choosePrinter = [](QWidget *owner) -> QPrinter * {
        auto printer = std::make_unique<QPrinter>(QPrinter::HighResolution);
        setUpCardPrinter(*printer);
        QPrintDialog dialog(printer.get(), owner);
        dialog.setWindowTitle(CardsPage::tr("Print cards"));
        if (dialog.exec() != QDialog::Accepted)
            return nullptr;
        // The dialog may have changed the page; a card is a card.
        setUpCardPrinter(*printer);
        return printer.release();
    };

    choosePdfPath = [this](const QString &suggested) {
        return QFileDialog::getSaveFileName(this, tr("Save the card as PDF"), suggested, tr("PDF documents (*.pdf)"));
    };

    connect(m_showAll, &QCheckBox::toggled, this, &CardsPage::refresh);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &CardsPage::showCurrent);
    connect(m_print, &QPushButton::clicked, this, &CardsPage::printSelected);
    connect(m_savePdf, &QPushButton::clicked, this, &CardsPage::saveSelectedAsPdf);
    connect(m_batch, &QPushButton::clicked, this, &CardsPage::printBatch);
    connect(m_handOver, &QPushButton::clicked, this, &CardsPage::handOver);
    connect(m_report, &QPushButton::clicked, this, &CardsPage::reportCard);
    connect(m_replace, &QPushButton::clicked, this, &CardsPage::replaceCard);
    connect(m_renew, &QPushButton::clicked, this, &CardsPage::renewCard);
    connect(m_revoke, &QPushButton::clicked, this, &CardsPage::revokeCard);
    connect(m_exportRevocations, &QPushButton::clicked, this, &CardsPage::exportRevocations);
    connect(m_exportKey, &QPushButton::clicked, this, &CardsPage::exportPublicKey);
    setTabOrder(m_showAll, m_table);
    refresh();
}

// Any task, not only a lent Station: a print task draws with this page's renderers, and one
// print at a time.
bool CardsPage::ready()
{
    if (m_tasks.isBusy()) {
        m_error->showMessage(tr("The station is busy with another task; try again in a moment."));
        return false;
    }
    m_error->clearMessage();
    return true;
}

void CardsPage::refresh()
{
    if (m_tasks.isBusy())
        return;
    const QString selected = currentCard() ? currentCard()->cardNumber : QString();
    if (auto made = m_cards.sync(); !made) {
        m_error->showMessage(made.error().message);
        return;
    }
    auto list = m_cards.list();
    if (!list) {
        m_error->showMessage(list.error().message);
        return;
    }
    m_rows.clear();
    for (CardRecord &c : *list)
        if (m_showAll->isChecked() || c.state == CardState::Approved || c.state == CardState::Printed)
            m_rows.push_back(std::move(c));
    m_table->setRowCount(static_cast<int>(m_rows.size()));
    int select = m_rows.empty() ? -1 : 0;
    for (int row = 0; row < static_cast<int>(m_rows.size()); ++row) {
        const CardRecord &c = m_rows[static_cast<std::size_t>(row)];
        const QStringList cells {c.cardNumber,
                                 c.displayName,
                                 stateText(c.state),
                                 c.templateId,
                                 c.expiresOn ? displayDate(*c.expiresOn) : tr("does not expire"),
                                 c.reprintCount > 0 ? tr("%1 (%2 reprints)").arg(c.printCount).arg(c.reprintCount)
                                                    : QString::number(c.printCount)};
        for (int col = 0; col < ColumnCount; ++col)
            m_table->setItem(row, col, new QTableWidgetItem(cells[col]));
        if (c.cardNumber == selected)
            select = row;
    }
    // No resizeColumnsToContents(): the header sizes the columns itself (ResizeToContents), and
    // that call also took the name column's stretch away after each reload.
    if (select >= 0)
        m_table->selectRow(select);
    showCurrent();
}

std::optional<CardRecord> CardsPage::currentCard() const
{
    const int row = m_table->currentRow();
    if (row < 0 || row >= static_cast<int>(m_rows.size()) || m_table->selectedItems().isEmpty())
        return std::nullopt;
    return m_rows[static_cast<std::size_t>(row)];
}

void CardsPage::showCurrent()
{
    const auto card = currentCard();
    m_front->clear();
    m_back->clear();
    m_details->clear();
    if (card && !m_tasks.isBusy()) {
        auto content = m_cards.cardData(*card);
        auto renderer = m_cards.renderer(card->templateId);
        if (content && renderer) {
            m_front->setPixmap(QPixmap::fromImage((*renderer)->image(CardSide::Front, *content, kPreviewDpi)));
            m_back->setPixmap(QPixmap::fromImage((*renderer)->image(CardSide::Back, *content, kPreviewDpi)));
        } else {
            m_error->showMessage(!content ? content.error().message : renderer.error().message);
        }
        QStringList lines {tr("Card %1: %2.").arg(card->cardNumber, stateText(card->state))};
        if (card->printCount > 0)
            lines << tr("Printed %n time(s), %1 of them reprints.", nullptr, card->printCount).arg(card->reprintCount);
        if (auto log = m_cards.printLog(card->id); log && !log->empty()) {
            lines << tr("Print log:");
            for (const PrintAttempt &a : *log) {
                auto by = m_station.operatorById(a.operatorId);
                lines << tr("  %1. %2 on %3 by %6: %4%5")
                             .arg(a.attempt)
                             .arg(displayDateTime(fromIsoUtc(a.at)), a.printer,
                                  a.outcome == QLatin1String("confirmed")    ? tr("printed")
                                      : a.outcome == QLatin1String("failed") ? tr("failed")
                                                                             : tr("sent, not confirmed"),
                                  a.reprintReason.isEmpty() ? QString() : tr(" (reprint: %1)").arg(a.reprintReason),
                                  by ? by->username : tr("operator %1").arg(a.operatorId));
            }
        }
        if (card->state == CardState::Approved)
            lines << tr("Printing destroys the applicant's printed-only details (such as the address) once you confirm "
                        "the card came out right.");
        m_details->setText(lines.join(QLatin1Char('\n')));
    }
    updateActions();
}

void CardsPage::updateActions()
{
    const auto card = currentCard();
    const auto can = [&](CardState to) { return card && isAllowedCardTransition(card->state, to); };
    m_print->setEnabled(can(CardState::Printed));
    m_savePdf->setEnabled(can(CardState::Printed));
    m_handOver->setEnabled(can(CardState::Issued));
    m_report->setEnabled(can(CardState::Lost));
    m_replace->setEnabled(can(CardState::Replaced));
    m_renew->setEnabled(can(CardState::Renewed));
    m_revoke->setEnabled(can(CardState::Revoked));
}

Result<std::vector<std::pair<const CardRenderer *, CardData>>> CardsPage::prepare(const std::vector<CardRecord> &cards)
{
    std::vector<std::pair<const CardRenderer *, CardData>> out;
    for (const CardRecord &c : cards) {
        auto content = m_cards.cardData(c);
        if (!content)
            return std::unexpected(content.error());
        auto renderer = m_cards.renderer(c.templateId);
        if (!renderer)
            return std::unexpected(renderer.error());
        out.emplace_back(*renderer, std::move(*content));
    }
    return out;
}

void CardsPage::print(const std::vector<CardRecord> &cards)
{
    if (cards.empty() || !ready())
        return;
    // A card that cannot be drawn (an enrollment without a photo, a template with a place for
    // one) is refused with the reason before a printer or a file is asked for.
    for (const CardRecord &c : cards)
        if (auto drawable = m_cards.cardData(c); !drawable) {
            m_error->showMessage(drawable.error().message);
            return;
        }
    // A reprint says why, before anything is sent.
    QString reason;
    if (cards.size() == 1 && m_cards.needsReprintReason(cards.front())) {
        auto reasons = m_cards.reprintReasons(cards.front());
        if (!reasons) {
            m_error->showMessage(reasons.error().message);
            return;
        }
        const auto chosen = askReprintReason(*reasons);
        if (!chosen)
            return;
        reason = *chosen;
    }
    std::shared_ptr<QPrinter> printer(choosePrinter(this));
    if (!printer)
        return;
    const QString printerName =
        printer->outputFormat() == QPrinter::PdfFormat ? tr("PDF file") : printer->printerName();
    // The hourly duties may have started while a dialog was open.
    if (!ready())
        return;
    std::vector<qint64> attempts;
    for (const CardRecord &c : cards) {
        auto attempt = m_cards.beginPrint(c.cardNumber, printerName, reason);
        if (!attempt) {
            for (qint64 a : attempts)
                (void)m_cards.finishPrint(a, false); // best effort: the beginPrint error is the one shown
            m_error->showMessage(attempt.error().message);
            return;
        }
        attempts.push_back(*attempt);
    }
    // What the cards show is read here, on the thread that owns the station; drawing the batch
    // at the printer's resolution takes a while and runs on the worker thread (QPainter may
    // paint a QPrinter or a PDF there) with these copies and this page's renderers alone.
    auto prepared = prepare(cards);
    setEnabled(false);
    Q_EMIT statusMessage(tr("Printing %n card(s)…", nullptr, static_cast<int>(cards.size())), 0);
    // A print system queue gets the PDF from memory through libcups (PrintSystem), so no
    // temporary file of the card is written and the job can be purged by its id afterwards.
    const bool toQueue = printer && printer->outputFormat() == QPrinter::NativeFormat;
    auto sentJob = std::make_shared<std::optional<PrintJob>>();
    m_tasks.run(
        this,
        [prepared = std::move(prepared), printer, toQueue, sentJob]() -> Result<void> {
            if (!prepared)
                return std::unexpected(prepared.error()); // recorded as a failed print, as before
            if (toQueue) {
                QByteArray pdf;
                {
                    QBuffer buffer(&pdf);
                    if (!buffer.open(QIODevice::WriteOnly))
                        return fail(ErrorCode::Internal, tr("The cards could not be prepared for printing."));
                    CardPdfWriter writer(&buffer, QString::fromLatin1(kCardJobTitle));
                    for (const auto &[renderer, content] : *prepared)
                        if (auto r = writer.add(*renderer, content); !r)
                            return r;
                    if (auto r = writer.finish(); !r)
                        return r;
                }
                auto job = submitPdfToPrinter(printer->printerName(), pdf);
                pdf.fill('\0');
                if (!job)
                    return std::unexpected(job.error());
                *sentJob = *job;
                return {};
            }
            std::vector<CardToPrint> jobs;
            for (const auto &[renderer, content] : *prepared)
                jobs.push_back({renderer, content});
            return printCards(*printer, jobs);
        },
        [this, cards, attempts, sentJob](Result<void> sent) {
            setEnabled(true);
            const bool confirmed =
                sent
                && askConfirmation(
                    cards.size() == 1
                        ? tr("Did card %1 come out right (front and back)?\n\nYes records it as printed and destroys "
                             "the "
                             "applicant's printed-only details.")
                              .arg(cards.front().cardNumber)
                        : tr("Did all %1 cards come out right (front and back)?\n\nYes records them as printed and "
                             "destroys the applicants' printed-only details.")
                              .arg(cards.size()));
            Result<void> recorded;
            for (qint64 a : attempts)
                if (recorded)
                    recorded = m_cards.finishPrint(a, confirmed);
            // Confirmed or failed, the print system must not keep the card's document
            // (CUPS's PreserveJobFiles would, for a day by default).
            if (*sentJob)
                if (auto purged = purgePrintJob(**sentJob); !purged && recorded)
                    recorded = fail(purged.error().code,
                                    tr("The card job could not be removed from the print system's spool: %1")
                                        .arg(purged.error().message));
            if (!recorded)
                m_error->showMessage(recorded.error().message);
            else if (!sent)
                m_error->showMessage(sent.error().message);
            else
                Q_EMIT statusMessage(confirmed ? tr("%n card(s) printed.", nullptr, static_cast<int>(cards.size()))
                                               : tr("The print was recorded as failed; the card stays ready to print."),
                                     15000);
            refresh();
            m_table->setFocus();
            Q_EMIT printFinished();
        });
}

void CardsPage::printSelected()
{
    if (const auto card = currentCard())
        print({*card});
}

// A PDF file is not a print: no print-log entry, no question whether the card came out, no
// reprint reason, and the printed-only values stay until the card is really printed. The
// file is written only where the clerk chose (QSaveFile's temporary sits next to it and is
// renamed, or removed when the write fails); the audit notes that a PDF was made.
void CardsPage::saveSelectedAsPdf()
{
    const auto card = currentCard();
    if (!card || !ready())
        return;
    const QString path = choosePdfPath(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
                                       + QStringLiteral("/card-%1.pdf").arg(card->cardNumber));
    if (path.isEmpty() || !ready())
        return;
    auto prepared = prepare({*card});
    setEnabled(false);
    Q_EMIT statusMessage(tr("Saving card %1 as PDF…").arg(card->cardNumber), 0);
    m_tasks.run(
        this,
        [prepared = std::move(prepared), path]() -> Result<void> {
            if (!prepared)
                return std::unexpected(prepared.error());
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly))
                return fail(ErrorCode::Io,
                            tr("%1 could not be written (%2). Choose another folder.").arg(path, file.errorString()));
            CardPdfWriter writer(&file, tr("Tessera card"));
            for (const auto &[renderer, content] : *prepared)
                if (auto r = writer.add(*renderer, content); !r)
                    return r;
            if (auto r = writer.finish(); !r)
                return r;
            if (!file.commit())
                return fail(ErrorCode::Io, tr("%1 could not be written. Choose another folder.").arg(path));
            return {};
        },
        [this, number = card->cardNumber, path](Result<void> saved) {
            setEnabled(true);
            if (saved)
                saved = m_cards.noteSavedAsPdf(number);
            if (!saved)
                m_error->showMessage(saved.error().message);
            else
                Q_EMIT statusMessage(tr("Card %1 saved as %2. It is not a print: the card stays to be printed.")
                                         .arg(number, QDir::toNativeSeparators(path)),
                                     15000);
            m_table->setFocus();
            Q_EMIT printFinished();
        });
}

void CardsPage::printBatch()
{
    if (!ready())
        return;
    bool ok = false;
    const QString dayText =
        QInputDialog::getText(this, tr("Print the day's batch"), tr("Approved on (%1):").arg(dateFormatHint()),
                              QLineEdit::Normal, displayDate(m_cards.today()), &ok);
    if (!ok)
        return;
    const QDate day = parseDisplayDate(dayText);
    if (!day.isValid()) {
        m_error->showMessage(tr("Day: \"%1\" is not a date. Write it as %2, for example %3.")
                                 .arg(dayText.trimmed(), dateFormatHint(), displayDate(m_cards.today())));
        return;
    }
    auto cards = m_cards.approvedOn(day);
    if (!cards) {
        m_error->showMessage(cards.error().message);
        return;
    }
    if (cards->empty()) {
        Q_EMIT statusMessage(tr("No approved cards are waiting from %1.").arg(displayDate(day)), 10000);
        return;
    }
    print(*cards);
}

void CardsPage::done(const Result<void> &result, const QString &message)
{
    if (!result)
        m_error->showMessage(result.error().message);
    else
        Q_EMIT statusMessage(message, 15000);
    refresh();
}

void CardsPage::handOver()
{
    const auto card = currentCard();
    if (!card || !ready())
        return;
    done(m_cards.handOver(card->cardNumber), tr("Card %1 handed over.").arg(card->cardNumber));
}

void CardsPage::reportCard()
{
    const auto card = currentCard();
    if (!card || !ready())
        return;
    const QStringList kinds {tr("Lost"), tr("Stolen"), tr("Damaged")};
    bool ok = false;
    const QString kind = QInputDialog::getItem(this, tr("Report the card"), tr("Card %1 is:").arg(card->cardNumber),
                                               kinds, 0, false, &ok);
    if (!ok)
        return;
    const CardState as = kind == kinds[0] ? CardState::Lost : kind == kinds[1] ? CardState::Stolen : CardState::Damaged;
    done(m_cards.report(card->cardNumber, as),
         tr("Card %1 reported %2. Replace it to issue a new card.").arg(card->cardNumber, kind.toLower()));
}

void CardsPage::replaceCard()
{
    const auto card = currentCard();
    if (!card || !ready())
        return;
    if (!askConfirmation(tr("Replace card %1? It is revoked, and a new card with a new number is made, ready to print.")
                             .arg(card->cardNumber)))
        return;
    auto made = m_cards.replace(card->cardNumber);
    done(made ? Result<void> {} : std::unexpected(made.error()),
         made ? tr("New card %1 replaces %2.").arg(made->cardNumber, card->cardNumber) : QString());
}

void CardsPage::renewCard()
{
    const auto card = currentCard();
    if (!card || !ready())
        return;
    auto made = m_cards.renew(card->cardNumber);
    done(made ? Result<void> {} : std::unexpected(made.error()),
         made ? tr("New card %1 renews %2.").arg(made->cardNumber, card->cardNumber) : QString());
}

void CardsPage::revokeCard()
{
    const auto card = currentCard();
    if (!card || !ready())
        return;
    auto reasons = m_cards.revokeReasons(*card);
    if (!reasons) {
        m_error->showMessage(reasons.error().message);
        return;
    }
    const auto reason = askRevokeReason(*reasons);
    if (!reason)
        return;
    done(m_cards.revoke(card->cardNumber, *reason), tr("Card %1 revoked.").arg(card->cardNumber));
}

void CardsPage::exportRevocations()
{
    if (!ready())
        return;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export the revocation list"),
        QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + QStringLiteral("/revocations.json"),
        tr("Revocation lists (*.json)"));
    if (path.isEmpty())
        return;
    auto list = m_cards.revocations();
    auto key = m_cards.issuerKey();
    Result<QByteArray> file =
        list && key ? list->toSignedFile(*key) : std::unexpected(!list ? list.error() : key.error());
    Result<void> written;
    if (!file) {
        written = std::unexpected(file.error());
    } else {
        QSaveFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(*file) != file->size() || !f.commit())
            written = fail(ErrorCode::Io, tr("%1 could not be written. Choose another folder.").arg(path));
    }
    done(written, tr("Revocation list saved: %1").arg(path));
}

void CardsPage::exportPublicKey()
{
    if (!ready())
        return;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export the issuer public key"),
        QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + QStringLiteral("/issuer-key.json"),
        tr("Public keys (*.json)"));
    if (path.isEmpty())
        return;
    auto key = m_cards.issuerKey();
    Result<void> written;
    if (!key) {
        written = std::unexpected(key.error());
    } else {
        QSaveFile f(path);
        const QByteArray bytes = key->publicKey().toFile();
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit())
            written = fail(ErrorCode::Io, tr("%1 could not be written. Choose another folder.").arg(path));
    }
    done(written, tr("Public key saved: %1").arg(path));
}

} // namespace tessera::ui
