#pragma once

#include <QGroupBox>

class QLabel;
class QPushButton;
class QSpinBox;

namespace tessera {
class Station;
}

namespace tessera::ui {

class ErrorLabel;

// Auto-lock period and login lock-out policy, as an administrator sets them.
class StationSettingsPanel : public QGroupBox {
    Q_OBJECT
public:
    explicit StationSettingsPanel(Station &station, QWidget *parent = nullptr);

public Q_SLOTS:
    void refresh();
    void apply();

Q_SIGNALS:
    void autoLockChanged(int seconds);
    void changed();

private:
    Station &m_station;
    QSpinBox *m_autoLockMinutes;
    QSpinBox *m_maxFailures;
    QSpinBox *m_lockoutMinutes;
    QPushButton *m_applyButton;
    QLabel *m_status;
    ErrorLabel *m_error;
};

} // namespace tessera::ui
