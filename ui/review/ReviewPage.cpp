#include "ui/review/ReviewPage.h"

#include "core/enrollment/EnrollmentPhotos.h"
#include "core/print/BatchReportPdf.h"
#include "core/print/RejectionNotice.h"
#include "core/programme/ProgrammeStore.h"
#include "core/station/Station.h"
#include "core/util/DateText.h"
#include "ui/common/ErrorLabel.h"
#include "ui/common/PrintOnePage.h"
#include "ui/common/SecretField.h"
#include "ui/common/Shortcuts.h"
#include "ui/common/TaskRunner.h"
#include "ui/review/ReviewTableModel.h"

#include <QAction>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFontMetrics>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QStandardPaths>
#include <QStyle>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>

namespace tessera::ui {

namespace {
// Review::decide refuses a longer note; the dialog says so while it is typed.
constexpr qsizetype kMaxNoteLength = 500;

// Sizes `button` for its longest text, so that a count in its text (decisions queued, records
// left to approve) never widens the button row, which would take the width from the table
// beside it and move its columns while the supervisor goes down the list.
void holdWidthFor(QPushButton *button, const QString &longestText)
{
    const QString shown = button->text();
    button->setText(longestText);
    button->setMinimumWidth(button->sizeHint().width());
    button->setText(shown);
}
} // namespace

ReviewPage::ReviewPage(Station &station, TaskRunner &tasks, QWidget *parent)
    : QWidget(parent)
    , m_station(station)
    , m_tasks(tasks)
    , m_noProgramme(new QLabel(this))
    , m_batches(new QListWidget(this))
    , m_model(new ReviewTableModel(m_queue, this))
    , m_table(new QTableView(this))
    , m_ownNote(new QLabel(this))
    , m_record(new QTextBrowser(this))
    , m_bulk(new QPushButton(this))
    , m_commit(new QPushButton(tr("Co&mmit decisions…"), this))
    , m_close(new QPushButton(tr("Close the &day…"), this))
    , m_notice(new QPushButton(tr("Rejection &notice…"), this))
    , m_error(new ErrorLabel(this))
    , m_next(new QAction(tr("Next"), this))
    , m_previous(new QAction(tr("Previous"), this))
    , m_approve(new QAction(tr("Approve"), this))
    , m_reject(new QAction(tr("Reject…"), this))
    , m_return(new QAction(tr("Return to the clerk…"), this))
    , m_commitAction(new QAction(tr("Commit decisions…"), this))
{
    setObjectName(QStringLiteral("reviewPage"));
    m_noProgramme->setObjectName(QStringLiteral("noProgrammeLabel"));
    m_noProgramme->setWordWrap(true);
    m_batches->setObjectName(QStringLiteral("batchesListWidget"));
    m_table->setObjectName(QStringLiteral("enrollmentsTableView"));
    m_table->setModel(m_model);
    m_ownNote->setObjectName(QStringLiteral("ownEnrollmentLabel"));
    m_record->setObjectName(QStringLiteral("recordTextBrowser"));
    m_bulk->setObjectName(QStringLiteral("approveUnflaggedPushButton"));
    m_commit->setObjectName(QStringLiteral("commitDecisionsPushButton"));
    m_close->setObjectName(QStringLiteral("closeDayPushButton"));
    m_notice->setObjectName(QStringLiteral("rejectionNoticePushButton"));
    m_notice->setToolTip(tr("Print or save the applicant's notice for the selected rejected enrollment"));
    m_bulk->setToolTip(tr("Queues an approval for every pending record without a flag to look at twice: a duplicate "
                          "override, an overridden photo check, eligible only with an expired document, or "
                          "resubmitted after a return. A caretaker is information, not a flag."));
    m_error->setObjectName(QStringLiteral("reviewErrorLabel"));

    auto *batchesLabel = new QLabel(tr("Open &batches"), this);
    batchesLabel->setBuddy(m_batches);
    m_batches->setMaximumHeight(120);
    m_batches->setAccessibleName(tr("Open batches"));

    auto *tableLabel = new QLabel(tr("Enrollments &of the selected day"), this);
    tableLabel->setBuddy(m_table);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setTabKeyNavigation(false);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    // Widths that depend on the day's rows, never on the decisions queued (sizeColumns): the
    // columns stay put while the supervisor goes down the list pressing A, R, T.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->horizontalHeader()->setSectionResizeMode(ReviewTableModel::NameColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(ReviewTableModel::FlagsColumn, QHeaderView::Stretch);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setAccessibleName(tr("Enrollments of the selected day"));
    m_table->installEventFilter(this);

    auto *keys = new QLabel(
        tr("J / ↓ next · K / ↑ previous · A approve · R reject · T return to the clerk · Ctrl+Return commit"), this);
    keys->setObjectName(QStringLiteral("reviewKeysLabel"));
    keys->setWordWrap(true);
    m_ownNote->setWordWrap(true);
    m_ownNote->hide();

    m_record->setOpenLinks(false);
    m_record->setAccessibleName(tr("The selected enrollment"));

    // Three digits: more than a day's batch at one counter.
    holdWidthFor(m_commit, tr("Co&mmit decisions (%1)…").arg(999));
    holdWidthFor(m_bulk, tr("Approve all &unflagged (%1)…").arg(999));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_bulk);
    buttons->addWidget(m_notice);
    buttons->addStretch(1);
    buttons->addWidget(m_commit);
    buttons->addWidget(m_close);

    auto *left = new QWidget(this);
    left->setObjectName(QStringLiteral("reviewListWidget"));
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(batchesLabel);
    leftLayout->addWidget(m_batches);
    leftLayout->addWidget(tableLabel);
    leftLayout->addWidget(m_table, 1);
    leftLayout->addWidget(keys);
    leftLayout->addWidget(m_ownNote);
    leftLayout->addWidget(m_error);
    leftLayout->addLayout(buttons);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter = splitter;
    splitter->setObjectName(QStringLiteral("reviewSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(left);
    splitter->addWidget(m_record);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_noProgramme);
    layout->addWidget(splitter, 1);

    // Single keys act only while the page (not a dialog) has the focus.
    m_next->setObjectName(QStringLiteral("nextAction"));
    m_next->setShortcuts(shortcutKeys(ShortcutId::ReviewNext));
    m_previous->setObjectName(QStringLiteral("previousAction"));
    m_previous->setShortcuts(shortcutKeys(ShortcutId::ReviewPrevious));
    m_approve->setObjectName(QStringLiteral("approveAction"));
    m_approve->setShortcuts(shortcutKeys(ShortcutId::ReviewApprove));
    m_reject->setObjectName(QStringLiteral("rejectAction"));
    m_reject->setShortcuts(shortcutKeys(ShortcutId::ReviewReject));
    m_return->setObjectName(QStringLiteral("returnAction"));
    m_return->setShortcuts(shortcutKeys(ShortcutId::ReviewReturn));
    m_commitAction->setObjectName(QStringLiteral("commitAction"));
    m_commitAction->setShortcuts(shortcutKeys(ShortcutId::ReviewCommit));
    for (QAction *a : {m_next, m_previous, m_approve, m_reject, m_return, m_commitAction}) {
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(a);
    }
    connect(m_next, &QAction::triggered, this, [this] { moveBy(1); });
    connect(m_previous, &QAction::triggered, this, [this] { moveBy(-1); });
    connect(m_approve, &QAction::triggered, this, &ReviewPage::queueApprove);
    connect(m_reject, &QAction::triggered, this, [this] { askDecision(DecisionKind::Reject); });
    connect(m_return, &QAction::triggered, this, [this] { askDecision(DecisionKind::Return); });
    connect(m_commitAction, &QAction::triggered, this, &ReviewPage::commit);
    connect(m_commit, &QPushButton::clicked, this, &ReviewPage::commit);
    connect(m_bulk, &QPushButton::clicked, this, &ReviewPage::approveUnflagged);
    connect(m_close, &QPushButton::clicked, this, &ReviewPage::closeDay);
    connect(m_notice, &QPushButton::clicked, this, &ReviewPage::offerNotice);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        showRecord();
        updateActions();
    });
    connect(m_batches, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row < 0 || m_busy)
            return;
        const QDate day = m_batches->item(row)->data(Qt::UserRole).toDate();
        if (day == m_day)
            return;
        m_day = day;
        loadBatch();
    });

    reloadProgramme();
}

bool ReviewPage::eventFilter(QObject *watched, QEvent *event)
{
    // Ctrl+Return in the table commits. For an operator who is also a clerk the window's
    // "Submit enrollment" has the same keys, and Qt triggers neither of two matching shortcuts:
    // taking the key before the shortcuts are matched makes it the commit's here.
    if (watched == m_table && (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress)) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const bool commitKey = (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
            && (key->modifiers() & ~Qt::KeypadModifier) == Qt::ControlModifier;
        if (commitKey) {
            event->accept();
            if (event->type() == QEvent::KeyPress)
                commit();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ReviewPage::reloadProgramme()
{
    if (m_busy)
        return;
    m_queue.clear();
    m_review.reset();
    m_renderer.reset();
    m_model->setRenderer(nullptr);
    m_programme.reset();
    auto programme = activeProgramme(m_station.database());
    if (programme && *programme) {
        m_programme = **programme;
        m_review.emplace(m_station.access(), *m_programme);
        m_noProgramme->hide();
        m_splitter->setEnabled(true);
    } else {
        m_noProgramme->setText(!programme ? programme.error().message
                                          : tr("No programme rules are loaded at this station yet."));
        m_noProgramme->show();
        m_splitter->setEnabled(false);
    }
    refresh();
}

void ReviewPage::refresh()
{
    if (!m_review || m_busy || m_tasks.stationLent())
        return;
    std::map<qint64, QString> operatorNames;
    if (auto operators = m_station.operators())
        for (const Operator &o : *operators)
            operatorNames[o.id] = o.displayName.isEmpty() ? o.username : tr("%1 (%2)").arg(o.displayName, o.username);
    m_renderer.emplace(*m_programme, std::move(operatorNames));
    m_model->setRenderer(&*m_renderer);
    m_queue.setSupervisor(m_station.session().currentOperator().id);
    auto batches = m_review->openBatches();
    if (!batches) {
        m_error->showMessage(batches.error().message);
        return;
    }
    const QSignalBlocker blocker(m_batches);
    m_batches->clear();
    int select = -1;
    for (const BatchSummary &b : *batches) {
        QStringList counts;
        for (auto it = b.byState.cbegin(); it != b.byState.cend(); ++it)
            if (it.value() > 0)
                counts << tr("%1 %2")
                              .arg(it.value())
                              .arg(stateFromName(it.key()) ? RecordRenderer::stateText(*stateFromName(it.key()))
                                                           : it.key());
        const QString day = displayDate(b.day);
        const QString text = b.closed && counts.isEmpty() ? tr("%1 — closed").arg(day)
            : counts.isEmpty()                            ? tr("%1 — nothing submitted").arg(day)
                                                          : tr("%1 — %2").arg(day, counts.join(QStringLiteral(", ")));
        auto *item = new QListWidgetItem(text, m_batches);
        item->setData(Qt::UserRole, b.day);
        if (b.day == m_day)
            select = m_batches->count() - 1;
    }
    if (select < 0 && m_batches->count() > 0)
        select = 0;
    m_batches->setCurrentRow(select);
    m_day = select >= 0 ? m_batches->item(select)->data(Qt::UserRole).toDate() : QDate();
    m_closedDays.clear();
    for (const BatchSummary &b : *batches)
        if (b.closed)
            m_closedDays.insert(b.day);
    loadBatch();
}

void ReviewPage::loadBatch()
{
    m_dayClosed = m_closedDays.contains(m_day);
    const EnrollmentSummary *shown = m_queue.row(currentRow());
    const qint64 currentId = shown ? shown->id : 0;
    std::vector<EnrollmentSummary> rows;
    if (m_review && m_day.isValid()) {
        if (auto batch = m_review->batch(m_day); !batch)
            m_error->showMessage(batch.error().message);
        else
            rows = std::move(*batch);
    }
    // The view's current row is set again below, once, with the record shown after.
    const QSignalBlocker blocker(m_table->selectionModel());
    m_queue.setRows(std::move(rows));
    m_model->reload();
    sizeColumns();
    // Stay on the record being looked at; otherwise start at the first one still to decide.
    int current = m_queue.rowOf(currentId);
    if (current < 0)
        current = m_queue.firstUndecided() >= 0 ? m_queue.firstUndecided() : (m_queue.rowCount() > 0 ? 0 : -1);
    setCurrentRow(current);
    showRecord();
    updateActions();
}

void ReviewPage::sizeColumns()
{
    // A queued decision shows in italics: measure both faces.
    QFont italic = m_table->font();
    italic.setItalic(true);
    const QFontMetrics faces[] = {QFontMetrics(m_table->font()), QFontMetrics(italic)};
    const auto widest = [&](const QStringList &texts) {
        int w = 0;
        for (const QFontMetrics &fm : faces)
            for (const QString &t : texts)
                w = std::max(w, fm.horizontalAdvance(t));
        return w + 2 * m_table->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_table) + 12;
    };
    QStringList cards {m_model->headerData(ReviewTableModel::CardColumn, Qt::Horizontal, Qt::DisplayRole).toString()};
    for (const EnrollmentSummary &row : m_queue.rows())
        cards << row.cardNumber;
    QStringList states = RecordRenderer::columnStateTexts();
    states << m_model->headerData(ReviewTableModel::StateColumn, Qt::Horizontal, Qt::DisplayRole).toString();
    m_table->horizontalHeader()->resizeSection(ReviewTableModel::CardColumn, widest(cards));
    m_table->horizontalHeader()->resizeSection(ReviewTableModel::StateColumn, widest(states));
}

int ReviewPage::currentRow() const
{
    return m_table->currentIndex().row();
}

void ReviewPage::setCurrentRow(int row)
{
    m_table->setCurrentIndex(m_model->index(row, ReviewTableModel::CardColumn));
}

void ReviewPage::offerNotice()
{
    const EnrollmentSummary *shown = m_queue.row(currentRow());
    if (!m_programme || !m_review || !shown)
        return;
    const EnrollmentSummary s = *shown;
    Enrollments enrollments(m_station.access(), *m_programme);
    auto record = enrollments.record(s.id);
    auto history = m_review->history(s.id);
    auto info = m_station.info();
    auto programme = programmeVersion(m_station.database(), s.programmeId, s.rulesVersion);
    if (!record || !history || !info || !programme) {
        m_error->showMessage(!record        ? record.error().message
                                 : !history ? history.error().message
                                 : !info    ? info.error().message
                                            : programme.error().message);
        return;
    }
    auto content = rejectionNoticeFor(*record, *history, info->name, info->code);
    if (!content) {
        m_error->showMessage(content.error().message);
        return;
    }
    auto *box = new QMessageBox(QMessageBox::Information, tr("Rejection notice"),
                                tr("The notice for %1 gives the reason and how to appeal, in the applicant's language. "
                                   "It names no one and leaves out your note.")
                                    .arg(s.cardNumber),
                                QMessageBox::Close, this);
    box->setObjectName(QStringLiteral("rejectionNoticeMessageBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    auto *save = box->addButton(tr("&Save notice as PDF…"), QMessageBox::ActionRole);
    save->setObjectName(QStringLiteral("saveNoticePushButton"));
    auto *print = box->addButton(tr("&Print notice…"), QMessageBox::ActionRole);
    print->setObjectName(QStringLiteral("printNoticePushButton"));
    connect(save, &QPushButton::clicked, this, [this, p = *programme, c = *content] {
        const QString suggested = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
            + QStringLiteral("/notice-%1.pdf").arg(c.cardNumber);
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Save the rejection notice"), suggested, tr("PDF documents (*.pdf)"));
        if (path.isEmpty())
            return;
        if (auto written = writeRejectionNoticePdf(path, p, c); !written)
            m_error->showMessage(written.error().message);
        else
            Q_EMIT statusMessage(tr("Notice saved: %1").arg(path), 15000);
    });
    connect(print, &QPushButton::clicked, this, [this, p = *programme, c = *content] {
        auto printed = printOnePage(
            this, {tr("Print the rejection notice"), tr("Notice %1").arg(c.cardNumber), QPageSize(QPageSize::A5)},
            [&p, &c](QPainter &painter, const QRectF &page) { renderRejectionNotice(painter, page, p, c); });
        if (!printed)
            m_error->showMessage(printed.error().message);
        else if (*printed)
            Q_EMIT statusMessage(tr("Notice sent to %1.").arg(**printed), 10000);
    });
    connect(box, &QDialog::finished, this, &ReviewPage::returnFocus);
    box->open();
}

void ReviewPage::updateActions()
{
    const auto refusal = m_queue.refusal(currentRow());
    const bool decide = !m_busy && refusal == DecisionQueue::Refusal::None;
    m_approve->setEnabled(decide);
    m_reject->setEnabled(decide);
    m_return->setEnabled(decide);
    const bool own = !m_busy && refusal == DecisionQueue::Refusal::OwnEnrollment;
    m_ownNote->setText(own ? tr("Entered by you — another supervisor decides.") : QString());
    m_ownNote->setVisible(own);
    m_commit->setEnabled(!m_busy && !m_queue.empty());
    m_commitAction->setEnabled(!m_busy && !m_queue.empty());
    m_commit->setText(m_queue.empty() ? tr("Co&mmit decisions…") : tr("Co&mmit decisions (%1)…").arg(m_queue.size()));
    int unflagged = 0;
    if (m_review && m_day.isValid() && !m_busy && !m_tasks.stationLent()) {
        if (auto ids = m_review->unflaggedPending(m_day))
            unflagged = static_cast<int>(m_queue.bulkApprovable(*ids).size());
    }
    m_bulk->setText(tr("Approve all &unflagged (%1)…").arg(unflagged));
    m_bulk->setEnabled(!m_busy && unflagged > 0);
    m_close->setEnabled(!m_busy && m_day.isValid() && !m_dayClosed);
    m_close->setToolTip(m_dayClosed ? tr("This day is closed; its report stays as it was at closing.") : QString());
    const EnrollmentSummary *shown = m_queue.row(currentRow());
    m_notice->setEnabled(!m_busy && shown && shown->state == EnrollmentState::Rejected);
}
void ReviewPage::showRecord()
{
    const EnrollmentSummary *shown = m_queue.row(currentRow());
    if (!m_review || !m_renderer || !shown) {
        m_record->setHtml(RecordRenderer::emptyHtml(m_day.isValid()));
        return;
    }
    const Decision *pending = m_queue.pending(shown->id);
    const RecordView view {*shown, pending ? std::optional<Decision>(*pending) : std::nullopt,
                           Enrollments(m_station.access(), *m_programme).record(shown->id),
                           m_review->history(shown->id),
                           EnrollmentPhotos(m_station.access(), *m_programme).photo(shown->id)};
    m_record->setHtml(m_renderer->html(view));
}
void ReviewPage::moveBy(int delta)
{
    if (m_queue.rowCount() == 0)
        return;
    const int row = std::clamp(currentRow() + delta, 0, m_queue.rowCount() - 1);
    setCurrentRow(row);
    m_table->scrollTo(m_model->index(row, ReviewTableModel::CardColumn));
}
void ReviewPage::queue(const Decision &decision)
{
    if (!m_queue.queue(decision))
        return;
    m_model->rowChanged(m_queue.rowOf(decision.enrollmentId));
    m_error->clearMessage();
    showRecord();
    updateActions();
}
void ReviewPage::queueApprove()
{
    const EnrollmentSummary *s = m_queue.row(currentRow());
    if (!s || !m_queue.canDecide(currentRow()))
        return;
    if (Review::needsPhotoConfirmation(s->flags)) {
        confirmApproveWithoutPhoto(*s);
        return;
    }
    queue({s->id, DecisionKind::Approve, {}, {}});
    moveBy(1);
}

void ReviewPage::confirmApproveWithoutPhoto(const EnrollmentSummary &s)
{
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Approve without a photo"),
                                tr("Card %1 has no photo (the clerk gave the programme's reason, shown in the record's "
                                   "history). Approve it anyway? Its card can be printed only from a template without "
                                   "a photo.")
                                    .arg(s.cardNumber),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("approveWithoutPhotoMessageBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->button(QMessageBox::Yes)->setText(tr("Approve without a photo"));
    box->setDefaultButton(QMessageBox::Cancel);
    connect(box, &QMessageBox::accepted, this, [this, id = s.id] {
        Decision d {id, DecisionKind::Approve, {}, {}};
        d.confirmedNoPhoto = true;
        queue(d);
        moveBy(1);
    });
    connect(box, &QDialog::finished, this, &ReviewPage::returnFocus);
    box->open();
}
void ReviewPage::askDecision(DecisionKind kind)
{
    if (!m_queue.canDecide(currentRow()))
        return;
    const EnrollmentSummary s = *m_queue.row(currentRow());
    const bool reject = kind == DecisionKind::Reject;

    auto *dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("decisionDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(reject ? tr("Reject card %1").arg(s.cardNumber)
                                  : tr("Return card %1 to the clerk").arg(s.cardNumber));
    auto *form = new QFormLayout;
    auto *reason = new QComboBox(dialog);
    reason->setObjectName(QStringLiteral("reasonComboBox"));
    if (m_programme)
        for (const Choice &c : m_programme->reasonCodes.value(QStringLiteral("reject")))
            reason->addItem(c.label.in(QStringLiteral("en")), c.code);
    // A note is a few sentences for the clerk: a real text box, Tab leaves it, Ctrl+Return queues.
    auto *note = new QPlainTextEdit(dialog);
    note->setObjectName(QStringLiteral("notePlainTextEdit"));
    note->setTabChangesFocus(true);
    note->setMinimumSize(420, 110);
    auto *noteHelp = new QLabel(dialog);
    noteHelp->setObjectName(QStringLiteral("noteHelpLabel"));
    if (reject) {
        auto *reasonLabel = new QLabel(tr("&Reason:"), dialog);
        reasonLabel->setBuddy(reason);
        form->addRow(reasonLabel, reason);
    } else {
        reason->hide();
    }
    auto *noteLabel = new QLabel(reject ? tr("&Note (optional):") : tr("&What the clerk must correct:"), dialog);
    noteLabel->setBuddy(note);
    form->addRow(noteLabel, note);
    form->addRow(QString(), noteHelp);
    auto *box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    box->setObjectName(QStringLiteral("decisionButtonBox"));
    box->button(QDialogButtonBox::Ok)->setText(reject ? tr("Queue the rejection") : tr("Queue the return"));
    auto *layout = new QVBoxLayout(dialog);
    layout->addLayout(form);
    layout->addWidget(box);
    auto validate = [box, note, noteHelp, reason, reject] {
        const qsizetype length = note->toPlainText().trimmed().size();
        const bool tooLong = length > kMaxNoteLength;
        noteHelp->setText(tooLong ? tr("%1 of %2 characters: shorten the note.").arg(length).arg(kMaxNoteLength)
                                  : tr("%1 of %2 characters · Ctrl+Return queues").arg(length).arg(kMaxNoteLength));
        box->button(QDialogButtonBox::Ok)->setEnabled(!tooLong && (reject ? reason->count() > 0 : length > 0));
    };
    validate();
    connect(note, &QPlainTextEdit::textChanged, dialog, validate);
    auto *queueKey = new QShortcut(QKeySequence(tr("Ctrl+Return")), dialog);
    auto *queueKeypad = new QShortcut(QKeySequence(tr("Ctrl+Enter")), dialog);
    for (QShortcut *key : {queueKey, queueKeypad})
        connect(key, &QShortcut::activated, box, [box] {
            if (box->button(QDialogButtonBox::Ok)->isEnabled())
                box->button(QDialogButtonBox::Ok)->click();
        });
    connect(box, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(dialog, &QDialog::accepted, this, [this, dialog, reason, note, kind, id = s.id, reject] {
        queue({id, kind, reject ? reason->currentData().toString() : QString(), note->toPlainText().trimmed()});
        dialog->close();
        moveBy(1);
        returnFocus();
    });
    (reject ? static_cast<QWidget *>(reason) : note)->setFocus();
    connect(dialog, &QDialog::finished, this, &ReviewPage::returnFocus);
    dialog->open();
}

void ReviewPage::approveUnflagged()
{
    if (!m_review || m_busy || m_tasks.stationLent())
        return;
    auto ids = m_review->unflaggedPending(m_day);
    if (!ids) {
        m_error->showMessage(ids.error().message);
        return;
    }
    const std::vector<qint64> eligible = m_queue.bulkApprovable(*ids);
    if (eligible.empty())
        return;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Approve all unflagged"),
                                tr("Enrollments of the day that carry no flag: %1. Queue an approval for each of them? "
                                   "Nothing is committed until "
                                   "you commit the decisions.")
                                    .arg(eligible.size()),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("approveUnflaggedMessageBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->button(QMessageBox::Yes)->setText(tr("Queue the approvals (%1)").arg(eligible.size()));
    box->setDefaultButton(QMessageBox::Yes);
    connect(box, &QMessageBox::accepted, this, [this, eligible] {
        for (qint64 id : eligible)
            (void)m_queue.queue({id, DecisionKind::Approve, {}, {}});
        m_error->clearMessage();
        m_model->allRowsChanged();
        showRecord();
        updateActions();
        returnFocus();
    });
    connect(box, &QDialog::finished, this, &ReviewPage::returnFocus);
    box->open();
}

namespace {
// What a window manager's title bar takes besides the title: icon, buttons and margins.
constexpr int kTitleBarRoom = 200;
} // namespace

void ReviewPage::askPassword(const QString &title, const QString &text, std::function<void(SecureBuffer)> then)
{
    auto *dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("reviewPasswordDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(title);
    auto *explain = new QLabel(text, dialog);
    explain->setWordWrap(true);
    auto *password = makeSecretField(QStringLiteral("reviewPasswordLineEdit"), dialog);
    auto *passwordLabel = new QLabel(tr("Your &password:"), dialog);
    passwordLabel->setBuddy(password);
    auto *box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    box->setObjectName(QStringLiteral("reviewPasswordButtonBox"));
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(explain);
    layout->addWidget(passwordLabel);
    layout->addWidget(password);
    layout->addWidget(box);
    connect(box, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(dialog, &QDialog::accepted, this, [dialog, password, then = std::move(then)] {
        SecureBuffer secret = takeSecret(password);
        dialog->close();
        then(std::move(secret));
    });
    connect(dialog, &QDialog::rejected, password, [password] { (void)takeSecret(password); });
    password->setFocus();
    connect(dialog, &QDialog::finished, this, &ReviewPage::returnFocus);
    // The window manager draws the title in bold beside its buttons and cuts it when the dialog
    // is narrow ("Commit de…" under openbox): wide enough for the title and those buttons.
    QFont titleFont = dialog->font();
    titleFont.setBold(true);
    dialog->setMinimumWidth(
        std::max(dialog->minimumSizeHint().width(), QFontMetrics(titleFont).horizontalAdvance(title) + kTitleBarRoom));
    dialog->open();
}

void ReviewPage::returnFocus()
{
    // After a dialog: back to the table, in the main window, ready for the next key.
    window()->activateWindow();
    m_table->setFocus();
}

void ReviewPage::setBusy(bool busy)
{
    m_busy = busy;
    m_batches->setEnabled(!busy);
    updateActions();
}

void ReviewPage::commit()
{
    if (m_queue.empty() || m_busy || !m_review)
        return;
    const std::vector<Decision> decisions = m_queue.decisions();
    askPassword(tr("Commit decisions"),
                tr("Commit for %1: %2. They are applied together or not at all.")
                    .arg(displayDate(m_day), RecordRenderer::decisionCountsText(decisions)),
                [this, decisions](SecureBuffer password) {
                    auto started =
                        checkPassword(std::move(password), [this, decisions](Session::PasswordCheck checked) {
                            auto done = m_review->decideVerified(decisions, std::move(checked));
                            if (!done) {
                                // Nothing was applied: the queue stays as it was.
                                m_error->showMessage(tr("Nothing was committed: %1").arg(done.error().message));
                                returnFocus();
                                return;
                            }
                            m_queue.clear();
                            refresh();
                            returnFocus();
                            Q_EMIT statusMessage(tr("Decisions committed: %1.").arg(*done), 15000);
                            Q_EMIT decisionsCommitted(*done);
                        });
                    if (!started) {
                        m_error->showMessage(tr("Nothing was committed: %1").arg(started.error().message));
                        returnFocus();
                    }
                });
}

Result<void> ReviewPage::checkPassword(SecureBuffer password, std::function<void(Session::PasswordCheck)> apply)
{
    Session &session = m_station.session();
    auto check = session.beginPasswordCheck(session.currentOperator().username);
    if (!check)
        return std::unexpected(check.error());
    setBusy(true);
    m_error->clearMessage();
    // Only Argon2id runs on the worker, on a copy of the key file: the records stay readable
    // (J/K) meanwhile, and what the password allows applies here.
    m_tasks.run(
        this,
        [check = std::move(*check), password = std::move(password)]() mutable {
            check.unlock(password);
            return std::move(check);
        },
        [this, apply = std::move(apply)](Session::PasswordCheck checked) {
            setBusy(false);
            if (!m_review) {
                // The programme was unloaded meanwhile (reloadProgramme): nothing is applied.
                m_error->showMessage(tr("No programme is loaded at this station; nothing was applied."));
                return;
            }
            apply(std::move(checked));
        });
    return {};
}

void ReviewPage::closeDay()
{
    if (!m_review || m_busy || !m_day.isValid())
        return;
    const QString dayText = displayDate(m_day);
    if (!m_queue.empty()) {
        m_error->showMessage(
            tr("Decisions queued but not committed: %1. Commit them before closing the day.").arg(m_queue.size()));
        return;
    }
    const auto pending = std::count_if(m_queue.rows().begin(), m_queue.rows().end(), [](const EnrollmentSummary &s) {
        return s.state == EnrollmentState::Submitted;
    });
    if (pending > 0) {
        // The core's own words.
        m_error->showMessage(
            QStringLiteral("%1 still has enrollments pending review (%2); decide on them before closing the day.")
                .arg(displayDate(m_day))
                .arg(pending));
        return;
    }
    const QDate day = m_day;
    askPassword(tr("Close the day"),
                tr("Close %1? No more decisions can be made on it, and its report is kept as it is now.").arg(dayText),
                [this, day](SecureBuffer password) {
                    auto started = checkPassword(std::move(password), [this, day](Session::PasswordCheck checked) {
                        auto report = m_review->closeDayVerified(day, std::move(checked));
                        if (!report) {
                            m_error->showMessage(report.error().message);
                            return;
                        }
                        m_day = QDate();
                        refresh();
                        Q_EMIT statusMessage(tr("%1 is closed.").arg(displayDate(day)), 15000);
                        Q_EMIT dayClosed(day);
                        offerReport(*report);
                    });
                    if (!started)
                        m_error->showMessage(started.error().message);
                });
}

void ReviewPage::offerReport(const BatchReport &report)
{
    auto *box = new QMessageBox(
        QMessageBox::Information, tr("Day closed"),
        tr("%1 is closed. The batch report lists counts and card numbers, no names.").arg(displayDate(report.day)),
        QMessageBox::Close, this);
    box->setObjectName(QStringLiteral("dayClosedMessageBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    auto *save = box->addButton(tr("&Save report as PDF…"), QMessageBox::ActionRole);
    save->setObjectName(QStringLiteral("saveReportPushButton"));
    auto *print = box->addButton(tr("&Print report…"), QMessageBox::ActionRole);
    print->setObjectName(QStringLiteral("printReportPushButton"));
    // Action buttons close the box; the report goes with the lambdas.
    connect(save, &QPushButton::clicked, this, [this, report] {
        const QString suggested = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
            + QStringLiteral("/batch-%1-%2.pdf").arg(report.stationCode, report.day.toString(Qt::ISODate));
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Save the batch report"), suggested, tr("PDF documents (*.pdf)"));
        if (path.isEmpty())
            return;
        if (auto written = writeBatchReportPdf(path, report); !written)
            m_error->showMessage(written.error().message);
        else
            Q_EMIT statusMessage(tr("Batch report saved: %1").arg(path), 15000);
    });
    connect(print, &QPushButton::clicked, this, [this, report] {
        QPrinter printer(QPrinter::HighResolution);
        QPrintDialog dialog(&printer, this);
        dialog.setWindowTitle(tr("Print the batch report"));
        if (dialog.exec() != QDialog::Accepted)
            return;
        if (auto printed = renderBatchReport(printer, report); !printed)
            m_error->showMessage(printed.error().message);
    });
    connect(box, &QDialog::finished, this, &ReviewPage::returnFocus);
    box->open();
}

} // namespace tessera::ui
