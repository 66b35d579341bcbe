#pragma once

#include <QWidget>

namespace tessera {
class Station;
}

namespace tessera::ui {

class AuditPanel;
class OperatorsPage;
class StationSettingsPanel;
class TaskRunner;

// Everything an administrator manages at this station: operators, settings, the audit log.
class AdministrationPage : public QWidget {
    Q_OBJECT
public:
    AdministrationPage(Station &station, TaskRunner &tasks, QWidget *parent = nullptr);

    OperatorsPage *operatorsPage() const { return m_operators; }
    StationSettingsPanel *settingsPanel() const { return m_settings; }

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    void autoLockChanged(int seconds);

private:
    OperatorsPage *m_operators;
    StationSettingsPanel *m_settings;
    AuditPanel *m_audit;
};

} // namespace tessera::ui
