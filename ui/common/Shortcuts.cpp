#include "ui/common/Shortcuts.h"

#include <algorithm>

namespace tessera::ui {

namespace {

QList<QKeySequence> pageKeys()
{
    QList<QKeySequence> keys;
    for (int i = 1; i <= static_cast<int>(AppPage::Administration) + 1; ++i)
        keys << QKeySequence(Shortcuts::tr("Ctrl+%1").arg(i));
    return keys;
}

} // namespace

QList<ShortcutEntry> Shortcuts::catalog()
{
    const QString session = tr("Anywhere");
    const QString enrollment = tr("Enrollment");
    const QString photo = tr("Enrollment, Photo step");
    const QString documents = tr("Enrollment, a document row");
    const QString review = tr("Review (while the page has the focus)");
    using Id = ShortcutId;
    return {
        {Id::Help, session, tr("Show this list of keyboard shortcuts"), {QKeySequence(QKeySequence::HelpContents)}},
        {Id::ChangePassword, session, tr("Change your password"), {QKeySequence(tr("Ctrl+Shift+P"))}},
        {Id::LockNow, session, tr("Lock the station now; your work stays as it is"), {QKeySequence(tr("Ctrl+L"))}},
        {Id::SignOut, session, tr("Sign out"), {QKeySequence(tr("Ctrl+Shift+L"))}},
        {Id::Quit, session, tr("Quit Tessera"), QKeySequence::keyBindings(QKeySequence::Quit)},
        {Id::GoToPage, session, tr("Go to a page; each page has its key whatever pages you have"), pageKeys()},
        {Id::NewEnrollment, enrollment, tr("Start a new enrollment"), {QKeySequence(tr("Ctrl+N"))}},
        {Id::SubmitEnrollment,
         enrollment,
         tr("Submit the enrollment"),
         {QKeySequence(tr("Ctrl+Return")), QKeySequence(tr("Ctrl+Enter"))}},
        {Id::SaveDraft, enrollment, tr("Save the draft now"), {QKeySequence(tr("Ctrl+S"))}},
        {Id::FindDocument,
         enrollment,
         tr("Add a document: find it in the programme's list"),
         {QKeySequence(tr("F2")), QKeySequence(tr("Ctrl+D"))}},
        // Delete only: the platform's other Delete binding (Ctrl+D on Linux) is Add a document.
        {Id::RemoveDocument,
         documents,
         tr("Remove the document (outside its text fields)"),
         {QKeySequence(Qt::Key_Delete)}},
        {Id::ReadDocument, enrollment, tr("Read a licence or passport image"), {QKeySequence(tr("Ctrl+R"))}},
        {Id::PhotoStep, enrollment, tr("Go to the Photo step"), {QKeySequence(tr("F3"))}},
        {Id::TakePhoto, photo, tr("Take the photo while the picture is live"), {QKeySequence(Qt::Key_Space)}},
        {Id::ShowDrafts, enrollment, tr("Open my drafts and returned enrollments"), {QKeySequence(tr("Ctrl+O"))}},
        {Id::ReviewNext, review, tr("Next enrollment"), {QKeySequence(tr("J"))}},
        {Id::ReviewPrevious, review, tr("Previous enrollment"), {QKeySequence(tr("K"))}},
        {Id::ReviewApprove, review, tr("Approve (queued until you commit)"), {QKeySequence(tr("A"))}},
        {Id::ReviewReject, review, tr("Reject with a reason (queued)"), {QKeySequence(tr("R"))}},
        {Id::ReviewReturn, review, tr("Return for correction (queued)"), {QKeySequence(tr("T"))}},
        {Id::ReviewCommit,
         review,
         tr("Commit the queued decisions"),
         {QKeySequence(tr("Ctrl+Return")), QKeySequence(tr("Ctrl+Enter"))}},
    };
}

std::optional<AppPage> Shortcuts::pageOf(ShortcutId id)
{
    // The catalog's order: the enrollment page's keys, then the review page's.
    if (id >= ShortcutId::NewEnrollment && id <= ShortcutId::ShowDrafts)
        return AppPage::Enroll;
    if (id >= ShortcutId::ReviewNext && id <= ShortcutId::ReviewCommit)
        return AppPage::Review;
    return std::nullopt;
}

QList<QKeySequence> Shortcuts::keys(ShortcutId id)
{
    const QList<ShortcutEntry> all = catalog();
    const auto found = std::find_if(all.begin(), all.end(), [id](const ShortcutEntry &e) { return e.id == id; });
    return found == all.end() ? QList<QKeySequence> {} : found->keys;
}

QKeySequence Shortcuts::pageKey(AppPage page)
{
    const QList<QKeySequence> keys = Shortcuts::keys(ShortcutId::GoToPage);
    const auto index = static_cast<qsizetype>(page);
    return index < keys.size() ? keys.at(index) : QKeySequence();
}

} // namespace tessera::ui
