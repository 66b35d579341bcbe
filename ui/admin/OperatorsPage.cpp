#include "ui/admin/OperatorsPage.h"

#include "core/station/Station.h"
#include "ui/admin/AddOperatorDialog.h"
#include "ui/admin/ResetPasswordDialog.h"
#include "ui/common/ErrorLabel.h"
#include "ui/common/RoleText.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace tessera::ui {

namespace {
constexpr int kIdRole = Qt::UserRole + 1;

QString statusText(const Operator &op)
{
    if (!op.recordVerified)
        return OperatorsPage::tr("Record altered outside Tessera: grants nothing");
    if (op.disabled)
        return OperatorsPage::tr("Disabled");
    if (op.mustChangePassword)
        return OperatorsPage::tr("Active, must change password");
    return OperatorsPage::tr("Active");
}
} // namespace

OperatorsPage::OperatorsPage(Station &station, TaskRunner &tasks, QWidget *parent)
    : QWidget(parent)
    , m_station(station)
    , m_tasks(tasks)
    , m_model(new QStandardItemModel(this))
    , m_table(new QTableView(this))
    , m_addButton(new QPushButton(tr("&Add operator…"), this))
    , m_disableButton(new QPushButton(tr("D&isable"), this))
    , m_resetButton(new QPushButton(tr("&Reset password…"), this))
    , m_rekeyButton(new QPushButton(tr("Re-ke&y store…"), this))
    , m_error(new ErrorLabel(this))
{
    setObjectName(QStringLiteral("operatorsPageWidget"));
    m_model->setHorizontalHeaderLabels({tr("User name"), tr("Full name"), tr("Roles"), tr("Status")});
    m_table->setObjectName(QStringLiteral("operatorsTableView"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->setVisible(false);
    // The header sizes every column to its contents and the last one takes the rest; calling
    // resizeColumnsToContents() on reload instead left a blank band where Status stopped.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setTabKeyNavigation(false);
    m_addButton->setObjectName(QStringLiteral("addOperatorPushButton"));
    m_disableButton->setObjectName(QStringLiteral("disableOperatorPushButton"));
    m_resetButton->setObjectName(QStringLiteral("resetPasswordPushButton"));
    m_rekeyButton->setObjectName(QStringLiteral("rekeyStorePushButton"));
    m_rekeyButton->setToolTip(
        tr("Encrypt the store under a new key, sealed to every operator who can sign in now. Older copies "
           "of the key file, and backups' key files, then open nothing live."));
    m_error->setObjectName(QStringLiteral("operatorsErrorLabel"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_addButton);
    buttons->addWidget(m_disableButton);
    buttons->addWidget(m_resetButton);
    buttons->addStretch();
    buttons->addWidget(m_rekeyButton);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    layout->addWidget(m_error);
    layout->addLayout(buttons);

    connect(m_addButton, &QPushButton::clicked, this, &OperatorsPage::addOperator);
    connect(m_disableButton, &QPushButton::clicked, this, &OperatorsPage::disableSelected);
    connect(m_resetButton, &QPushButton::clicked, this, &OperatorsPage::resetSelectedPassword);
    connect(m_rekeyButton, &QPushButton::clicked, this, &OperatorsPage::rekeyStore);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &OperatorsPage::updateButtons);
    connect(m_table, &QTableView::doubleClicked, this, &OperatorsPage::resetSelectedPassword);
    refresh();
}

void OperatorsPage::refresh()
{
    const std::optional<Operator> selected = selectedOperator();
    m_model->removeRows(0, m_model->rowCount());
    auto ops = m_station.operators();
    if (!ops) {
        m_error->showMessage(ops.error().message);
        return;
    }
    for (const Operator &op : *ops) {
        QList<QStandardItem *> row {new QStandardItem(op.username), new QStandardItem(op.displayName),
                                    new QStandardItem(roleText(op.roles)), new QStandardItem(statusText(op))};
        row.front()->setData(op.id, kIdRole);
        if (op.disabled)
            for (QStandardItem *item : row)
                item->setForeground(palette().brush(QPalette::Disabled, QPalette::Text));
        m_model->appendRow(row);
        if (selected && selected->id == op.id)
            m_table->selectRow(m_model->rowCount() - 1);
    }
    updateButtons();
}

std::optional<Operator> OperatorsPage::selectedOperator() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    const qint64 id = m_model->item(rows.front().row())->data(kIdRole).toLongLong();
    auto op = m_station.operatorById(id);
    if (!op)
        return std::nullopt;
    return *op;
}

void OperatorsPage::updateButtons()
{
    const std::optional<Operator> op = selectedOperator();
    const bool other = op && op->id != m_station.session().currentOperator().id;
    m_disableButton->setEnabled(other && !op->disabled);
    m_resetButton->setEnabled(other);
}

void OperatorsPage::addOperator()
{
    m_error->clearMessage();
    // Window-modal and not exec(): the main window can hide it while locked and show it again.
    auto *dialog = new AddOperatorDialog(m_station, m_tasks, window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this] {
        refresh();
        Q_EMIT changed();
    });
    dialog->open();
}

void OperatorsPage::disableSelected()
{
    const std::optional<Operator> op = selectedOperator();
    if (!op)
        return;
    const auto answer = QMessageBox::question(this, tr("Disable operator"),
                                              tr("Disable %1 (%2)? Their password will open nothing until an "
                                                 "administrator resets it, and the store is re-keyed so "
                                                 "that no older copy of their key slot opens it.")
                                                  .arg(op->displayName, op->username),
                                              QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    if (auto done = m_station.disableOperator(op->id); !done)
        m_error->showMessage(done.error().message);
    else
        m_error->clearMessage();
    refresh();
    Q_EMIT changed();
}

void OperatorsPage::resetSelectedPassword()
{
    const std::optional<Operator> op = selectedOperator();
    if (!op || op->id == m_station.session().currentOperator().id)
        return;
    m_error->clearMessage();
    auto *dialog = new ResetPasswordDialog(m_station, m_tasks, *op, window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this] {
        refresh();
        Q_EMIT changed();
    });
    dialog->open();
}

void OperatorsPage::rekeyStore()
{
    m_error->clearMessage();
    // Window-modal and not exec(), like the dialogs above: auto-lock can hide it.
    auto *box = new QMessageBox(
        QMessageBox::Question, tr("Re-key the store"),
        tr("Encrypt the store under a new key? Every operator who can sign in now keeps signing in with "
           "their password, and so does the recovery key; older copies of the key file and the key files "
           "of earlier backups stop opening the store. Other Tessera windows on this station follow at "
           "their next action."),
        QMessageBox::Yes | QMessageBox::Cancel, window());
    box->setObjectName(QStringLiteral("rekeyConfirmMessageBox"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this](int result) {
        if (result != QMessageBox::Yes)
            return;
        if (auto done = m_station.rekey(); !done)
            m_error->showMessage(done.error().message);
        refresh();
        Q_EMIT changed();
    });
    box->open();
}

} // namespace tessera::ui
