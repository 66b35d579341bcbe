#include "ui/review/ReviewTableModel.h"

#include "core/review/DecisionQueue.h"
#include "core/review/RecordRenderer.h"

#include <QFont>

namespace tessera::ui {

ReviewTableModel::ReviewTableModel(const DecisionQueue &queue, QObject *parent)
    : QAbstractTableModel(parent)
    , m_queue(queue)
{
}

void ReviewTableModel::reload()
{
    beginResetModel();
    endResetModel();
}

void ReviewTableModel::rowChanged(int row)
{
    if (row >= 0 && row < rowCount())
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void ReviewTableModel::allRowsChanged()
{
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int ReviewTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_queue.rowCount();
}

int ReviewTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReviewTableModel::data(const QModelIndex &index, int role) const
{
    const EnrollmentSummary *s = index.isValid() ? m_queue.row(index.row()) : nullptr;
    if (!s)
        return {};
    const Decision *pending = m_queue.pending(s->id);
    if (role == Qt::FontRole && pending) {
        QFont italic;
        italic.setItalic(true);
        return italic;
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case CardColumn:
        return s->cardNumber;
    case NameColumn:
        return s->displayName.isEmpty() ? tr("(no name stored)") : s->displayName;
    case StateColumn:
        return pending ? RecordRenderer::queuedText(pending->kind) : RecordRenderer::stateText(s->state);
    case FlagsColumn:
        return RecordRenderer::flagsText(s->flags);
    default:
        return {};
    }
}

QVariant ReviewTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case CardColumn:
        return tr("Card");
    case NameColumn:
        return tr("Name");
    case StateColumn:
        return tr("State");
    case FlagsColumn:
        return tr("Flags");
    default:
        return {};
    }
}

} // namespace tessera::ui
