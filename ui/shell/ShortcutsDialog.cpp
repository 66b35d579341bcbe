#include "ui/shell/ShortcutsDialog.h"

#include "ui/common/Shortcuts.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QScrollBar>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace tessera::ui {

namespace {
constexpr int kKeysRole = Qt::UserRole + 1;
}

ShortcutsDialog::ShortcutsDialog(const QList<std::pair<AppPage, QString>> &pages, QWidget *parent)
    : QDialog(parent)
    , m_table(new QTableWidget(0, 3, this))
{
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard shortcuts — Tessera"));
    m_table->setObjectName(QStringLiteral("shortcutsTableWidget"));
    m_table->setHorizontalHeaderLabels({tr("Keys"), tr("What they do"), tr("Where")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setTabKeyNavigation(false);
    m_table->setWordWrap(true);

    const auto shown = [&pages](AppPage page) {
        return std::any_of(pages.begin(), pages.end(), [page](const auto &p) { return p.first == page; });
    };
    for (const ShortcutEntry &entry : Shortcuts::catalog()) {
        if (const auto page = Shortcuts::pageOf(entry.id); page && !shown(*page))
            continue; // a supervisor who is no clerk has no enrollment keys to learn
        if (entry.id != ShortcutId::GoToPage) {
            addRow(entry.area, entry.description, entry.keys);
            continue;
        }
        for (const auto &[page, name] : pages)
            addRow(entry.area, tr("Go to the %1 page").arg(name), {Shortcuts::pageKey(page)});
    }
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->resizeRowsToContents();

    auto *intro =
        new QLabel(tr("Besides these keys, a letter underlined in a menu, a label or a button works with Alt: "
                      "Alt and that letter opens the menu, goes to the field or presses the button."),
                   this);
    intro->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    // Wide enough for every description on one line; as tall as the list, within the screen.
    int width = m_table->verticalScrollBar()->sizeHint().width() + 2 * m_table->frameWidth();
    for (int c = 0; c < m_table->columnCount(); ++c)
        width += m_table->columnWidth(c);
    int height = m_table->horizontalHeader()->height() + 2 * m_table->frameWidth();
    for (int r = 0; r < m_table->rowCount(); ++r)
        height += m_table->rowHeight(r);
    m_table->setMinimumSize(width, std::min(height, 520));
    m_table->setFocus();
}

void ShortcutsDialog::addRow(const QString &area, const QString &description, const QList<QKeySequence> &keys)
{
    QStringList shown;
    QStringList portable;
    for (const QKeySequence &k : keys) {
        shown << k.toString(QKeySequence::NativeText);
        portable << k.toString(QKeySequence::PortableText);
    }
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    auto *keysItem = new QTableWidgetItem(shown.join(tr(" or ")));
    keysItem->setData(kKeysRole, portable);
    m_table->setItem(row, 0, keysItem);
    m_table->setItem(row, 1, new QTableWidgetItem(description));
    m_table->setItem(row, 2, new QTableWidgetItem(area));
}

QStringList ShortcutsDialog::listedKeys() const
{
    QStringList all;
    for (int r = 0; r < m_table->rowCount(); ++r)
        all << m_table->item(r, 0)->data(kKeysRole).toStringList();
    return all;
}

} // namespace tessera::ui
