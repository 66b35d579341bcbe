#pragma once

#include "core/station/Operator.h"

#include <QWidget>

#include <optional>

class QPushButton;
class QStandardItemModel;
class QTableView;

namespace tessera {
class Station;
}

namespace tessera::ui {

class ErrorLabel;
class TaskRunner;

// The station's operators, for an administrator: who they are, their roles and whether they
// can sign in; add one, disable one, reset a password; re-key the store.
class OperatorsPage : public QWidget {
    Q_OBJECT
public:
    OperatorsPage(Station &station, TaskRunner &tasks, QWidget *parent = nullptr);

public Q_SLOTS:
    void refresh();
    void addOperator();
    void disableSelected();
    void resetSelectedPassword();
    // A new store key, after confirmation (QMessageBox "rekeyConfirmMessageBox").
    void rekeyStore();

Q_SIGNALS:
    // Something was written to the station (and so to the audit log).
    void changed();

private:
    std::optional<Operator> selectedOperator() const;
    void updateButtons();

    Station &m_station;
    TaskRunner &m_tasks;
    QStandardItemModel *m_model;
    QTableView *m_table;
    QPushButton *m_addButton;
    QPushButton *m_disableButton;
    QPushButton *m_resetButton;
    QPushButton *m_rekeyButton;
    ErrorLabel *m_error;
};

} // namespace tessera::ui
