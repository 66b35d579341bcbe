#include "admin/AuditPanel.h"

#include "station/Station.h"

#include <QFontDatabase>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace tessera::ui {

AuditPanel::AuditPanel(Station &station, QWidget *parent)
    : QGroupBox(tr("Audit log"), parent)
    , m_station(station)
    , m_head(new QLineEdit(this))
    , m_count(new QLabel(this))
    , m_verifyButton(new QPushButton(tr("&Verify audit log"), this))
    , m_result(new QLabel(this))
{
    setObjectName(QStringLiteral("auditGroupBox"));
    m_head->setObjectName(QStringLiteral("auditHeadLineEdit"));
    m_head->setReadOnly(true);
    m_head->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_head->setToolTip(tr("The hash of the latest entry. Each entry's hash covers all entries before it."));
    m_count->setObjectName(QStringLiteral("auditCountLabel"));
    m_verifyButton->setObjectName(QStringLiteral("verifyAuditPushButton"));
    m_result->setObjectName(QStringLiteral("auditResultLabel"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *form = new QFormLayout(this);
    form->addRow(tr("Chain &head:"), m_head);
    form->addRow(tr("Entries:"), m_count);
    form->addRow(m_result);
    auto *verifyRow = new QHBoxLayout;
    verifyRow->addStretch();
    verifyRow->addWidget(m_verifyButton);
    form->addRow(verifyRow);

    connect(m_verifyButton, &QPushButton::clicked, this, &AuditPanel::verify);
    refresh();
}

void AuditPanel::refresh()
{
    auto head = m_station.audit().head();
    auto count = m_station.audit().count();
    m_head->setText(head ? QString::fromLatin1(head->toHex()) : head.error().message);
    m_head->setCursorPosition(0);
    m_count->setText(count ? QLocale().toString(*count) : count.error().message);
}

void AuditPanel::verify()
{
    QGuiApplication::setOverrideCursor(Qt::WaitCursor);
    auto result = m_station.audit().verify();
    QGuiApplication::restoreOverrideCursor();
    if (!result) {
        m_result->setStyleSheet(QStringLiteral("color: #b00020;"));
        m_result->setText(result.error().message);
    } else if (!result->ok) {
        m_result->setStyleSheet(QStringLiteral("color: #b00020;"));
        m_result->setText(tr("The audit log is damaged: %1").arg(result->problem));
    } else {
        m_result->setStyleSheet(QStringLiteral("color: #1b5e20;"));
        m_result->setText(tr("Verified: all %n entries are intact and in order.", nullptr, static_cast<int>(result->entries)));
    }
    refresh();
}

} // namespace tessera::ui
