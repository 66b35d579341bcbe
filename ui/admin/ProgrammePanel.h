#pragma once

#include <QGroupBox>

class QLabel;
class QPushButton;

namespace tessera {
class Station;
}

namespace tessera::ui {

// The programme rules this station enrolls under, and loading a new rules file. A file that
// does not validate is refused whole, with the loader's message (it names line and field),
// and the station keeps the rules it had.
class ProgrammePanel : public QGroupBox {
    Q_OBJECT
public:
    explicit ProgrammePanel(Station &station, QWidget *parent = nullptr);

    // Installs the rules file at `path`; returns false (after telling the operator) if refused.
    bool loadFile(const QString &path);

public Q_SLOTS:
    void refresh();
    void chooseFile();

Q_SIGNALS:
    void installed();

private:
    void refuse(const QString &message);

    Station &m_station;
    QLabel *m_name;
    QLabel *m_id;
    QLabel *m_version;
    QPushButton *m_loadButton;
    QLabel *m_status;
};

} // namespace tessera::ui
