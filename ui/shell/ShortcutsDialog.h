#pragma once

#include "ui/common/Shortcuts.h"

#include <QDialog>
#include <QKeySequence>
#include <QList>
#include <QStringList>

#include <utility>

class QTableWidget;

namespace tessera::ui {

// Help → Keyboard shortcuts (F1): every entry of the shortcut catalog (ui/common/Shortcuts.h),
// for the pages this operator has (`pages`: each page and its tab's name, as the main window's
// Go menu has them): their page keys, and the keys that act on them; none of other pages.
class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    explicit ShortcutsDialog(const QList<std::pair<AppPage, QString>> &pages, QWidget *parent = nullptr);

    // The key sequences listed, in portable text ("Ctrl+N"), for tests.
    QStringList listedKeys() const;

private:
    void addRow(const QString &area, const QString &description, const QList<QKeySequence> &keys);

    QTableWidget *m_table;
};

} // namespace tessera::ui
