#pragma once

#include <QGroupBox>

class QLabel;
class QLineEdit;
class QPushButton;

namespace tessera {
class Station;
}

namespace tessera::ui {

// The audit chain's head and length, and a check of the whole chain. The head is what an
// administrator copies onto paper to prove later that nothing before it was changed.
class AuditPanel : public QGroupBox {
    Q_OBJECT
public:
    explicit AuditPanel(Station &station, QWidget *parent = nullptr);

public Q_SLOTS:
    void refresh();
    void verify();

private:
    Station &m_station;
    QLineEdit *m_head;
    QLabel *m_count;
    QPushButton *m_verifyButton;
    QLabel *m_result;
};

} // namespace tessera::ui
