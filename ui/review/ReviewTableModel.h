#pragma once

#include <QAbstractTableModel>

namespace tessera {
class DecisionQueue;
class RecordRenderer;
} // namespace tessera

namespace tessera::ui {

// The review page's table: one row per enrollment of the selected day (card, name, state or the
// queued decision, flags), read from a DecisionQueue; a queued decision shows in italics. The
// model holds no data of its own: the page says when the queue's rows or decisions changed.
class ReviewTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { CardColumn, NameColumn, StateColumn, FlagsColumn, ColumnCount };

    // `queue` outlives the model. `renderer` gives the words; it may be null (no programme).
    ReviewTableModel(const DecisionQueue &queue, QObject *parent = nullptr);
    void setRenderer(const RecordRenderer *renderer) { m_renderer = renderer; }

    // The queue's rows were replaced.
    void reload();
    // A decision was queued on this row, or several (all rows).
    void rowChanged(int row);
    void allRowsChanged();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    const DecisionQueue &m_queue;
    const RecordRenderer *m_renderer = nullptr;
};

} // namespace tessera::ui
