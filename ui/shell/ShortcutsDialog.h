#pragma once

#include <QDialog>
#include <QKeySequence>
#include <QList>
#include <QStringList>

#include <utility>

class QTableWidget;

namespace tessera::ui {

// Help → Keyboard shortcuts (F1): every entry of the shortcut catalog (ui/common/Shortcuts.h),
// the page shortcuts of the pages this operator has (`pages`: each page's name and its key,
// as the main window's Go menu has them), and no others.
class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    explicit ShortcutsDialog(const QList<std::pair<QString, QKeySequence>> &pages, QWidget *parent = nullptr);

    // The key sequences listed, in portable text ("Ctrl+N"), for tests.
    QStringList listedKeys() const;

private:
    void addRow(const QString &area, const QString &description, const QList<QKeySequence> &keys);

    QTableWidget *m_table;
};

} // namespace tessera::ui
