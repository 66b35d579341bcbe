#include "ui/admin/AuditPanel.h"

#include "core/station/Station.h"
#include "core/util/DateText.h"

#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tessera::ui {

namespace {

// A key of the log in words: the log keeps "card.saved_as_pdf" (it is what verifiers and
// scripts read); the administrator reads "Card saved as PDF".
QString inWords(const QString &key)
{
    static const QRegularExpression separators(QStringLiteral("[._:]"));
    static const QRegularExpression pdf(QStringLiteral("\\bpdf\\b"));
    QString words = QString(key).replace(separators, QStringLiteral(" ")).replace(pdf, QStringLiteral("PDF"));
    if (!words.isEmpty())
        words[0] = words[0].toUpper();
    return words;
}

QString valueInWords(const QJsonValue &v)
{
    if (v.isBool())
        return v.toBool() ? AuditPanel::tr("yes") : AuditPanel::tr("no");
    if (v.isDouble())
        return QLocale().toString(v.toDouble(), 'g', 15);
    if (v.isArray()) {
        QStringList items;
        for (const auto &item : v.toArray())
            items << valueInWords(item);
        return items.join(QStringLiteral(", "));
    }
    if (v.isObject()) {
        QStringList pairs;
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            pairs << AuditPanel::tr("%1 %2").arg(inWords(it.key()).toLower(), valueInWords(it.value()));
        return pairs.join(QStringLiteral(", "));
    }
    // Codes the log keeps as keys ("photo_override") read as words; other text is left as it is.
    static const QRegularExpression code(QStringLiteral("^[a-z0-9]+(_[a-z0-9]+)+$"));
    const QString text = v.toString();
    return code.match(text).hasMatch() ? QString(text).replace(QLatin1Char('_'), QLatin1Char(' ')) : text;
}

// "card 12; reason: lost" instead of "card:12 {\"reason\":\"lost\"}".
QString detailsInWords(const QString &object, const QJsonObject &details)
{
    QStringList parts;
    if (!object.isEmpty()) {
        // "batch:2026-12-08" names a day: shown in the one date format, like every date.
        const auto kind = object.section(QLatin1Char(':'), 0, 0);
        const auto id = object.section(QLatin1Char(':'), 1);
        const QDate day = QDate::fromString(id, Qt::ISODate);
        parts << (day.isValid() ? kind + QLatin1Char(' ') + displayDate(day)
                                : QString(object).replace(QLatin1Char(':'), QLatin1Char(' ')));
    }
    for (auto it = details.begin(); it != details.end(); ++it)
        parts << AuditPanel::tr("%1: %2").arg(inWords(it.key()).toLower(), valueInWords(it.value()));
    return parts.join(QStringLiteral("; "));
}

} // namespace

AuditPanel::AuditPanel(Station &station, QWidget *parent)
    : QGroupBox(tr("Audit log"), parent)
    , m_station(station)
    , m_head(new QLineEdit(this))
    , m_count(new QLabel(this))
    , m_verifyButton(new QPushButton(tr("&Verify audit log"), this))
    , m_entriesButton(new QPushButton(tr("Sh&ow entries…"), this))
    , m_result(new QLabel(this))
{
    setObjectName(QStringLiteral("auditGroupBox"));
    m_head->setObjectName(QStringLiteral("auditHeadLineEdit"));
    m_head->setReadOnly(true);
    m_head->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_head->setToolTip(tr("The hash of the latest entry. Each entry's hash covers all entries before it."));
    m_count->setObjectName(QStringLiteral("auditCountLabel"));
    m_verifyButton->setObjectName(QStringLiteral("verifyAuditPushButton"));
    m_entriesButton->setObjectName(QStringLiteral("auditEntriesPushButton"));
    m_result->setObjectName(QStringLiteral("auditResultLabel"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *form = new QFormLayout(this);
    form->addRow(tr("Chain &head:"), m_head);
    form->addRow(tr("Entries:"), m_count);
    form->addRow(m_result);
    auto *verifyRow = new QHBoxLayout;
    verifyRow->addStretch();
    verifyRow->addWidget(m_entriesButton);
    verifyRow->addWidget(m_verifyButton);
    form->addRow(verifyRow);

    connect(m_verifyButton, &QPushButton::clicked, this, &AuditPanel::verify);
    connect(m_entriesButton, &QPushButton::clicked, this, &AuditPanel::showEntries);
    refresh();
}

void AuditPanel::refresh()
{
    auto head = m_station.audit().head();
    auto count = m_station.audit().count();
    m_head->setText(head ? QString::fromLatin1(head->toHex()) : head.error().message);
    m_head->setCursorPosition(0);
    m_count->setText(count ? QLocale().toString(*count) : count.error().message);
    // Entries keep coming (sign-ins, locks): "all 8 entries" must not stand beside 9.
    if (count && m_verifiedEntries >= 0 && *count != m_verifiedEntries)
        m_result->setText(
            tr("Verified: the first %1 entries are intact and in order; %n more since then, not verified yet.", nullptr,
               static_cast<int>(*count - m_verifiedEntries))
                .arg(QLocale().toString(m_verifiedEntries)));
}

void AuditPanel::verify()
{
    QGuiApplication::setOverrideCursor(Qt::WaitCursor);
    auto result = m_station.audit().verify();
    QGuiApplication::restoreOverrideCursor();
    m_verifiedEntries = -1;
    if (!result) {
        m_result->setStyleSheet(QStringLiteral("color: #b00020;"));
        m_result->setText(result.error().message);
    } else if (!result->ok) {
        m_result->setStyleSheet(QStringLiteral("color: #b00020;"));
        m_result->setText(tr("The audit log is damaged: %1").arg(result->problem));
    } else {
        m_verifiedEntries = result->entries;
        m_result->setStyleSheet(QStringLiteral("color: #1b5e20;"));
        m_result->setText(
            tr("Verified: all %n entries are intact and in order.", nullptr, static_cast<int>(result->entries)));
    }
    refresh();
}

void AuditPanel::showEntries()
{
    constexpr qint64 kShown = 1000;
    auto entries = m_station.audit().latest(kShown);
    if (!entries) {
        m_result->setStyleSheet(QStringLiteral("color: #b00020;"));
        m_result->setText(entries.error().message);
        return;
    }
    QMap<qint64, QString> names {{0, tr("the station")}};
    if (auto operators = m_station.operators())
        for (const Operator &o : *operators)
            names.insert(o.id, o.username);

    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("auditEntriesDialog"));
    dialog.setWindowTitle(tr("Audit log entries"));
    auto *intro =
        new QLabel(tr("The latest %n entries, newest first. Entries name events, operators and opaque record ids, "
                      "never applicant data.",
                      nullptr, static_cast<int>(entries->size())),
                   &dialog);
    intro->setWordWrap(true);
    auto *table = new QTableWidget(static_cast<int>(entries->size()), 5, &dialog);
    table->setObjectName(QStringLiteral("auditEntriesTable"));
    table->setHorizontalHeaderLabels({tr("No."), tr("Time"), tr("Operator"), tr("Event"), tr("Details")});
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->hide();
    int row = 0;
    for (auto it = entries->begin(); it != entries->end(); ++it, ++row) {
        const QDateTime at = QDateTime::fromString(it->at, Qt::ISODate);
        const QStringList cells {QString::number(it->seq), displayDateTime(at),
                                 names.value(it->operatorId, tr("operator %1").arg(it->operatorId)), inWords(it->event),
                                 detailsInWords(it->object, it->details)};
        for (int column = 0; column < cells.size(); ++column)
            table->setItem(row, column, new QTableWidgetItem(cells[column]));
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(intro);
    layout->addWidget(table);
    layout->addWidget(buttons);
    dialog.resize(900, 520);
    table->setFocus();
    dialog.exec();
}

} // namespace tessera::ui
