#pragma once

#include <QWidget>

class QTabWidget;

namespace tessera {
class Station;
}

namespace tessera::ui {

class AuditPanel;
class HoldingsPanel;
class OperatorsPage;
class ProgrammePanel;
class StationSettingsPanel;
class TaskRunner;

// Everything an administrator manages at this station: operators, settings, programme rules,
// the audit log, and what the station holds (retention, backups), in three sections (tabs).
class AdministrationPage : public QWidget {
    Q_OBJECT
public:
    AdministrationPage(Station &station, TaskRunner &tasks, QWidget *parent = nullptr);

    OperatorsPage *operatorsPage() const { return m_operators; }
    StationSettingsPanel *settingsPanel() const { return m_settings; }
    ProgrammePanel *programmePanel() const { return m_programme; }
    HoldingsPanel *holdingsPanel() const { return m_holdings; }

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    void autoLockChanged(int seconds);
    void programmeInstalled();

private:
    OperatorsPage *m_operators;
    StationSettingsPanel *m_settings;
    ProgrammePanel *m_programme;
    AuditPanel *m_audit;
    HoldingsPanel *m_holdings;
    QTabWidget *m_sections;
};

} // namespace tessera::ui
