#pragma once

#include <QCoreApplication>
#include <QKeySequence>
#include <QList>
#include <QString>

#include <optional>

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
    GoToPage, // Ctrl+1 … Ctrl+5, one per page (AppPage), whatever pages the operator has
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

// The main window's pages. Each keeps its key (Ctrl+1 for Home … Ctrl+5 for Administration)
// whatever the operator's roles: a supervisor who is not a clerk has no Enroll page, and Ctrl+4
// still opens Cards, as on every other station and in the office's instructions.
enum class AppPage { Home, Enroll, Review, Cards, Administration };

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
    // The page whose keys `id`'s are, if one: the help lists them only where that page is shown.
    static std::optional<AppPage> pageOf(ShortcutId id);
    // The key of `page`, the same for every operator.
    static QKeySequence pageKey(AppPage page);
};

inline QList<QKeySequence> shortcutKeys(ShortcutId id)
{
    return Shortcuts::keys(id);
}

} // namespace tessera::ui
