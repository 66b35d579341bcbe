#include "ui/admin/StationSettingsPanel.h"

#include "core/station/Station.h"
#include "ui/common/ErrorLabel.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>

namespace tessera::ui {

StationSettingsPanel::StationSettingsPanel(Station &station, QWidget *parent)
    : QGroupBox(tr("Station settings"), parent)
    , m_station(station)
    , m_autoLockMinutes(new QSpinBox(this))
    , m_maxFailures(new QSpinBox(this))
    , m_lockoutMinutes(new QSpinBox(this))
    , m_applyButton(new QPushButton(tr("A&pply settings"), this))
    , m_status(new QLabel(this))
    , m_error(new ErrorLabel(this))
{
    setObjectName(QStringLiteral("stationSettingsGroupBox"));
    m_autoLockMinutes->setObjectName(QStringLiteral("autoLockSpinBox"));
    m_autoLockMinutes->setRange(1, 60);
    m_autoLockMinutes->setSuffix(tr(" min"));
    m_autoLockMinutes->setToolTip(
        tr("The station locks after this long without keyboard or mouse use. Work in progress is kept."));
    m_maxFailures->setObjectName(QStringLiteral("maxFailuresSpinBox"));
    m_maxFailures->setRange(3, 20);
    m_maxFailures->setToolTip(tr("Wrong passwords in a row before a user name is locked out."));
    m_lockoutMinutes->setObjectName(QStringLiteral("lockoutMinutesSpinBox"));
    m_lockoutMinutes->setRange(1, 24 * 60);
    m_lockoutMinutes->setSuffix(tr(" min"));
    m_applyButton->setObjectName(QStringLiteral("applySettingsPushButton"));
    m_status->setObjectName(QStringLiteral("settingsStatusLabel"));
    m_error->setObjectName(QStringLiteral("settingsErrorLabel"));

    auto *form = new QFormLayout(this);
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    form->addRow(tr("Auto-&lock after:"), m_autoLockMinutes);
    form->addRow(tr("&Failed sign-ins before lock-out:"), m_maxFailures);
    form->addRow(tr("Loc&k-out lasts:"), m_lockoutMinutes);
    auto *applyRow = new QHBoxLayout;
    applyRow->addWidget(m_status, 1);
    applyRow->addWidget(m_applyButton);
    form->addRow(m_error);
    form->addRow(applyRow);

    connect(m_applyButton, &QPushButton::clicked, this, &StationSettingsPanel::apply);
    refresh();
}

void StationSettingsPanel::refresh()
{
    auto info = m_station.info();
    if (!info) {
        m_error->showMessage(info.error().message);
        return;
    }
    m_autoLockMinutes->setValue(std::max(1, (info->autoLockSeconds + 59) / 60));
    m_maxFailures->setValue(info->loginPolicy.maxFailures);
    m_lockoutMinutes->setValue(std::max(1, (info->loginPolicy.lockoutSeconds + 59) / 60));
    m_status->clear();
}

void StationSettingsPanel::apply()
{
    m_error->clearMessage();
    m_status->clear();
    auto info = m_station.info();
    if (!info) {
        m_error->showMessage(info.error().message);
        return;
    }
    const int autoLock = m_autoLockMinutes->value() * 60;
    const LoginPolicy policy {m_maxFailures->value(), m_lockoutMinutes->value() * 60};
    // Only what changed is written, so the audit log records real changes only.
    if (autoLock != info->autoLockSeconds) {
        if (auto done = m_station.setAutoLockSeconds(autoLock); !done) {
            m_error->showMessage(done.error().message);
            return;
        }
        Q_EMIT autoLockChanged(autoLock);
    }
    if (!(policy == info->loginPolicy)) {
        if (auto done = m_station.setLoginPolicy(policy); !done) {
            m_error->showMessage(done.error().message);
            return;
        }
    }
    m_status->setText(tr("Settings saved."));
    Q_EMIT changed();
}

} // namespace tessera::ui
