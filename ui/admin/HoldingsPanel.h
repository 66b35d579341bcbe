#pragma once

#include <QGroupBox>

class QLabel;
class QPushButton;
class QTableWidget;

namespace tessera {
class Station;
}

namespace tessera::ui {

class ErrorLabel;

// "What this station holds" for the administrator: per kind of data how many records, the
// oldest and the next purge; what is never collected; the backups and their ages; and the
// actions: save the report as PDF, run the purge now (after a dry-run preview), back up now,
// restore a backup into another station folder.
class HoldingsPanel : public QGroupBox {
    Q_OBJECT
public:
    explicit HoldingsPanel(Station &station, QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }

public Q_SLOTS:
    void refresh();
    void saveAsPdf();
    void purgeNow();
    void backupNow();
    void restoreBackup();

Q_SIGNALS:
    void changed(); // something was written to the audit log

private:
    void fitTableToRows();

    Station &m_station;
    QTableWidget *m_table;
    QLabel *m_notCollected;
    QLabel *m_backups;
    QLabel *m_statement;
    ErrorLabel *m_error;
    QPushButton *m_pdfButton;
    QPushButton *m_purgeButton;
    QPushButton *m_backupButton;
    QPushButton *m_restoreButton;
};

} // namespace tessera::ui
