#include "ui/admin/AdministrationPage.h"

#include "ui/admin/AuditPanel.h"
#include "ui/admin/HoldingsPanel.h"
#include "ui/admin/OperatorsPage.h"
#include "ui/admin/ProgrammePanel.h"
#include "ui/admin/StationSettingsPanel.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QTabWidget>
#include <QVBoxLayout>

namespace tessera::ui {

AdministrationPage::AdministrationPage(Station &station, TaskRunner &tasks, QWidget *parent)
    : QWidget(parent)
    , m_operators(new OperatorsPage(station, tasks, this))
    , m_settings(new StationSettingsPanel(station, this))
    , m_programme(new ProgrammePanel(station, this))
    , m_audit(new AuditPanel(station, this))
    , m_holdings(new HoldingsPanel(station, this))
    , m_sections(new QTabWidget(this))
{
    setObjectName(QStringLiteral("administrationPageWidget"));
    auto *operatorsBox = new QGroupBox(tr("Operators"), this);
    auto *operatorsLayout = new QVBoxLayout(operatorsBox);
    operatorsLayout->addWidget(m_operators);

    auto *left = new QVBoxLayout;
    left->addWidget(m_programme);
    left->addWidget(m_settings);
    left->addStretch(1);
    auto *stationSection = new QWidget(this);
    auto *stationLayout = new QHBoxLayout(stationSection);
    stationLayout->addLayout(left, 1);
    stationLayout->addWidget(m_audit, 1);

    // One section at a time, each with the whole page: the tables show every row and column
    // whole, and every button is on screen at 1366x768 (all at once they were not).
    m_sections->setObjectName(QStringLiteral("administrationTabWidget"));
    m_sections->addTab(operatorsBox, tr("Operators"));
    m_sections->addTab(m_holdings, tr("Holdings and backups"));
    m_sections->addTab(stationSection, tr("Programme, settings and audit"));
    m_sections->setToolTip(tr("Ctrl+Tab moves to the next section."));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->addWidget(m_sections);

    // Every change is audited, so the chain head moves with it.
    connect(m_operators, &OperatorsPage::changed, m_audit, &AuditPanel::refresh);
    connect(m_settings, &StationSettingsPanel::changed, m_audit, &AuditPanel::refresh);
    connect(m_settings, &StationSettingsPanel::autoLockChanged, this, &AdministrationPage::autoLockChanged);
    connect(m_programme, &ProgrammePanel::installed, m_audit, &AuditPanel::refresh);
    connect(m_programme, &ProgrammePanel::installed, this, &AdministrationPage::programmeInstalled);
    connect(m_programme, &ProgrammePanel::installed, m_holdings, &HoldingsPanel::refresh);
    connect(m_holdings, &HoldingsPanel::changed, m_audit, &AuditPanel::refresh);
}

void AdministrationPage::refresh()
{
    m_operators->refresh();
    m_settings->refresh();
    m_programme->refresh();
    m_audit->refresh();
    m_holdings->refresh();
}

} // namespace tessera::ui
