#pragma once

#include <QCoreApplication>
#include <QKeySequence>
#include <QList>
#include <QString>

namespace tessera::ui {

// Every keyboard shortcut of the main window. The actions and QShortcuts take their keys from
// here (shortcutKeys()), and the Help dialog (F1) lists this same catalog, so the help cannot
// drift from the keys that work. A test checks that every QAction and QShortcut with a key in
// the main window appears in the help.
enum class ShortcutId {
    Help,
    ChangePassword,
    LockNow,
    SignOut,
    Quit,
    GoToPage, // Ctrl+1 … Ctrl+9, one per page in tab order
    NewEnrollment,
    SubmitEnrollment,
    SaveDraft,
    FindDocument,
    RemoveDocument,
    ReadDocument,
    PhotoStep,
    TakePhoto,
    ShowDrafts,
    ReviewNext,
    ReviewPrevious,
    ReviewApprove,
    ReviewReject,
    ReviewReturn,
    ReviewCommit,
};

struct ShortcutEntry {
    ShortcutId id;
    QString area;        // where the keys act ("Session", "Enrollment", …), translated
    QString description; // what they do, translated
    QList<QKeySequence> keys;
};

class Shortcuts {
    Q_DECLARE_TR_FUNCTIONS(Shortcuts)
public:
    // The catalog in the order the help lists it, in the current language.
    static QList<ShortcutEntry> catalog();
    static QList<QKeySequence> keys(ShortcutId id);
    // The page shortcut of the tab at `index` (0-based); empty beyond the ninth.
    static QKeySequence pageKey(int index);
};

inline QList<QKeySequence> shortcutKeys(ShortcutId id)
{
    return Shortcuts::keys(id);
}

} // namespace tessera::ui
