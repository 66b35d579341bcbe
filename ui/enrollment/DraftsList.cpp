#include "ui/enrollment/DraftsList.h"

#include "core/enrollment/Enrollments.h"
#include "core/util/Clock.h"
#include "core/util/DateText.h"
#include "ui/common/ErrorLabel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tessera::ui {

DraftsList::DraftsList(Enrollments &enrollments, QWidget *parent)
    : QWidget(parent)
    , m_enrollments(enrollments)
    , m_table(new QTableWidget(0, 4, this))
    , m_resumeButton(new QPushButton(tr("&Resume"), this))
    , m_discardButton(new QPushButton(tr("&Discard…"), this))
    , m_error(new ErrorLabel(this))
    , m_empty(new QLabel(tr("No drafts and nothing returned for correction."), this))
{
    setObjectName(QStringLiteral("draftsListWidget"));
    m_table->setObjectName(QStringLiteral("draftsTableWidget"));
    m_table->setHorizontalHeaderLabels({tr("Applicant"), tr("State"), tr("Last change"), tr("To correct")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(3, QHeaderView::Stretch);
    m_table->setTabKeyNavigation(false);
    m_resumeButton->setObjectName(QStringLiteral("resumeDraftPushButton"));
    m_discardButton->setObjectName(QStringLiteral("discardDraftPushButton"));
    m_error->setObjectName(QStringLiteral("draftsErrorLabel"));
    m_empty->setObjectName(QStringLiteral("noDraftsLabel"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_empty, 1);
    buttons->addWidget(m_discardButton);
    buttons->addWidget(m_resumeButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_error);
    layout->addLayout(buttons);

    connect(m_resumeButton, &QPushButton::clicked, this, &DraftsList::resume);
    connect(m_discardButton, &QPushButton::clicked, this, &DraftsList::discard);
    connect(m_table, &QTableWidget::cellActivated, this, &DraftsList::resume);
    refresh();
}

void DraftsList::refresh()
{
    m_error->clearMessage();
    m_table->setRowCount(0);
    auto all = m_enrollments.list(std::nullopt, true);
    if (!all) {
        m_error->showMessage(all.error().message);
        return;
    }
    for (const EnrollmentSummary &s : *all) {
        if (s.state != EnrollmentState::Draft && s.state != EnrollmentState::Returned)
            continue;
        QString name = s.displayName;
        if (name.isEmpty())
            name = tr("(no name yet)");
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        auto *nameItem = new QTableWidgetItem(name);
        nameItem->setData(Qt::UserRole, s.id);
        m_table->setItem(row, 0, nameItem);
        m_table->setItem(
            row, 1,
            new QTableWidgetItem(s.state == EnrollmentState::Returned ? tr("Returned for correction") : tr("Draft")));
        const QDateTime changed = fromIsoUtc(s.updatedAt).toLocalTime();
        m_table->setItem(row, 2, new QTableWidgetItem(displayDateTime(changed)));
        auto *note = new QTableWidgetItem(s.returnNote);
        note->setToolTip(s.returnNote);
        m_table->setItem(row, 3, note);
    }
    const bool any = m_table->rowCount() > 0;
    m_empty->setVisible(!any);
    m_resumeButton->setEnabled(any);
    m_discardButton->setEnabled(any);
    if (any)
        m_table->selectRow(0);
}

int DraftsList::count() const
{
    return m_table->rowCount();
}

qint64 DraftsList::currentId() const
{
    const int row = m_table->currentRow();
    if (row < 0)
        return 0;
    return m_table->item(row, 0)->data(Qt::UserRole).toLongLong();
}

void DraftsList::resume()
{
    if (const qint64 id = currentId(); id > 0)
        Q_EMIT resumeRequested(id);
}

void DraftsList::discard()
{
    const qint64 id = currentId();
    if (id <= 0)
        return;
    const int row = m_table->currentRow();
    if (m_table->item(row, 1)->text() != tr("Draft")) {
        m_error->showMessage(tr("A returned enrollment is corrected and submitted again; a supervisor can reject it."));
        return;
    }
    const auto answer = QMessageBox::question(
        this, tr("Discard draft"),
        tr("Discard the draft for %1? What was typed is deleted.").arg(m_table->item(row, 0)->text()),
        QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Discard)
        return;
    if (auto done = m_enrollments.discardDraft(id); !done) {
        m_error->showMessage(done.error().message);
        return;
    }
    refresh();
    Q_EMIT discarded(id);
}

} // namespace tessera::ui
