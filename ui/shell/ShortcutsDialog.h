#pragma once

#include <QDialog>
#include <QStringList>

class QTableWidget;

namespace tessera::ui {

// Help → Keyboard shortcuts (F1): every entry of the shortcut catalog (ui/common/Shortcuts.h),
// the page shortcuts named after the pages this operator has (`pageNames`, in tab order).
class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    explicit ShortcutsDialog(const QStringList &pageNames, QWidget *parent = nullptr);

    // The key sequences listed, in portable text ("Ctrl+N"), for tests.
    QStringList listedKeys() const;

private:
    void addRow(const QString &area, const QString &description, const QList<QKeySequence> &keys);

    QTableWidget *m_table;
};

} // namespace tessera::ui
