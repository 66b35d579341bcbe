#pragma once

#include <QGroupBox>

class QLabel;
class QLineEdit;
class QPushButton;

namespace tessera {
class Station;
}

namespace tessera::ui {

// The audit chain's head and length, a check of the whole chain, and the latest entries. The
// head is what an administrator copies onto paper to prove later that nothing before it was
// changed. Entries hold no personal data (codes, counts, opaque ids), so they may be shown.
class AuditPanel : public QGroupBox {
    Q_OBJECT
public:
    explicit AuditPanel(Station &station, QWidget *parent = nullptr);

public Q_SLOTS:
    void refresh();
    void verify();
    void showEntries();

private:
    Station &m_station;
    QLineEdit *m_head;
    QLabel *m_count;
    QPushButton *m_verifyButton;
    QPushButton *m_entriesButton;
    QLabel *m_result;
    qint64 m_verifiedEntries = -1; // how many the last successful verification covered
};

} // namespace tessera::ui
