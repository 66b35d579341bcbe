#include "review/ReviewPage.h"

#include "common/ErrorLabel.h"
#include "common/PrintOnePage.h"
#include "common/SecretField.h"
#include "common/TaskRunner.h"
#include "enrollment/EnrollmentPhotos.h"
#include "enrollment/PhotoPanel.h"
#include "print/ApplicantText.h"
#include "print/BatchReportPdf.h"
#include "print/RejectionNotice.h"
#include "programme/ProgrammeStore.h"
#include "station/Station.h"
#include "util/Clock.h"

#include <QAction>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPainter>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace tessera::ui {

namespace {

enum Column { CardColumn, NameColumn, StateColumn, FlagsColumn, ColumnCount };

QString flagText(const QString &flag)
{
    if (flag == QLatin1String("duplicate_override"))
        return ReviewPage::tr("duplicate override");
    if (flag == QLatin1String("narrow_margin"))
        return ReviewPage::tr("narrow margin");
    if (flag == QLatin1String("resubmitted"))
        return ReviewPage::tr("resubmitted");
    if (flag == QLatin1String("photo_override"))
        return ReviewPage::tr("photo check overridden");
    if (flag.startsWith(QLatin1String("caretaker")))
        return ReviewPage::tr("caretaker");
    QString plain = flag;
    return plain.replace(QLatin1Char('_'), QLatin1Char(' '));
}

QString flagsText(const QStringList &flags)
{
    QStringList words;
    for (const QString &f : flags)
        words << flagText(f);
    return words.join(QStringLiteral(", "));
}

QString stateText(EnrollmentState s)
{
    switch (s) {
    case EnrollmentState::Draft: return ReviewPage::tr("draft");
    case EnrollmentState::Submitted: return ReviewPage::tr("pending review");
    case EnrollmentState::Approved: return ReviewPage::tr("approved");
    case EnrollmentState::Rejected: return ReviewPage::tr("rejected");
    case EnrollmentState::Returned: return ReviewPage::tr("returned");
    }
    return {};
}

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

// Field keys in the order the form asks for them (given names, family name, date of birth, …).
QStringList formOrder(const QMap<QString, QString> &fields)
{
    QStringList keys = fields.keys();
    std::stable_sort(keys.begin(), keys.end(), [](const QString &a, const QString &b) {
        const auto fa = fieldFromKey(a);
        const auto fb = fieldFromKey(b);
        return (fa ? static_cast<int>(*fa) : 1000) < (fb ? static_cast<int>(*fb) : 1000);
    });
    return keys;
}

QString eventText(const QString &event)
{
    if (event == QLatin1String("submitted"))
        return ReviewPage::tr("submitted");
    if (event == QLatin1String("resubmitted"))
        return ReviewPage::tr("corrected and submitted again");
    if (event == QLatin1String("approved"))
        return ReviewPage::tr("approved");
    if (event == QLatin1String("rejected"))
        return ReviewPage::tr("rejected");
    if (event == QLatin1String("returned"))
        return ReviewPage::tr("returned to the clerk");
    return event;
}

QString documentLabel(const Programme &programme, const QString &id)
{
    const DocumentType *d = programme.document(id);
    return d ? d->label.in(programme.languages.value(0)) : id;
}

} // namespace

ReviewPage::ReviewPage(Station &station, TaskRunner &tasks, QWidget *parent)
    : QWidget(parent)
    , m_station(station)
    , m_tasks(tasks)
    , m_noProgramme(new QLabel(this))
    , m_batches(new QListWidget(this))
    , m_table(new QTableWidget(this))
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
    m_table->setObjectName(QStringLiteral("enrollmentsTableWidget"));
    m_ownNote->setObjectName(QStringLiteral("ownEnrollmentLabel"));
    m_record->setObjectName(QStringLiteral("recordTextBrowser"));
    m_bulk->setObjectName(QStringLiteral("approveUnflaggedPushButton"));
    m_commit->setObjectName(QStringLiteral("commitDecisionsPushButton"));
    m_close->setObjectName(QStringLiteral("closeDayPushButton"));
    m_notice->setObjectName(QStringLiteral("rejectionNoticePushButton"));
    m_notice->setToolTip(tr("Print or save the applicant's notice for the selected rejected enrollment"));
    m_error->setObjectName(QStringLiteral("reviewErrorLabel"));

    auto *batchesLabel = new QLabel(tr("Open &batches"), this);
    batchesLabel->setBuddy(m_batches);
    m_batches->setMaximumHeight(120);
    m_batches->setAccessibleName(tr("Open batches"));

    auto *tableLabel = new QLabel(tr("Enrollments &of the selected day"), this);
    tableLabel->setBuddy(m_table);
    m_table->setColumnCount(ColumnCount);
    m_table->setHorizontalHeaderLabels({tr("Card"), tr("Name"), tr("State"), tr("Flags")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setTabKeyNavigation(false);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    m_table->setAccessibleName(tr("Enrollments of the selected day"));

    auto *keys = new QLabel(tr("J / ↓ next · K / ↑ previous · A approve · R reject · T return to the clerk · Ctrl+Return commit"), this);
    keys->setObjectName(QStringLiteral("reviewKeysLabel"));
    keys->setWordWrap(true);
    m_ownNote->setWordWrap(true);
    m_ownNote->hide();

    m_record->setOpenLinks(false);
    m_record->setAccessibleName(tr("The selected enrollment"));

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
    m_next->setShortcut(QKeySequence(tr("J")));
    m_previous->setObjectName(QStringLiteral("previousAction"));
    m_previous->setShortcut(QKeySequence(tr("K")));
    m_approve->setObjectName(QStringLiteral("approveAction"));
    m_approve->setShortcut(QKeySequence(tr("A")));
    m_reject->setObjectName(QStringLiteral("rejectAction"));
    m_reject->setShortcut(QKeySequence(tr("R")));
    m_return->setObjectName(QStringLiteral("returnAction"));
    m_return->setShortcut(QKeySequence(tr("T")));
    m_commitAction->setObjectName(QStringLiteral("commitAction"));
    m_commitAction->setShortcuts({QKeySequence(tr("Ctrl+Return")), QKeySequence(tr("Ctrl+Enter"))});
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
    connect(m_table, &QTableWidget::currentCellChanged, this, [this] {
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

void ReviewPage::reloadProgramme()
{
    if (m_busy)
        return;
    m_pending.clear();
    m_review.reset();
    m_programme.reset();
    auto programme = activeProgramme(m_station.database());
    if (programme && *programme) {
        m_programme = **programme;
        m_review.emplace(m_station.access(), *m_programme);
        m_noProgramme->hide();
        m_splitter->setEnabled(true);
    } else {
        m_noProgramme->setText(!programme ? programme.error().message : tr("No programme rules are loaded at this station yet."));
        m_noProgramme->show();
        m_splitter->setEnabled(false);
    }
    refresh();
}

void ReviewPage::refresh()
{
    if (!m_review || m_busy || m_tasks.isBusy())
        return;
    m_operatorNames.clear();
    if (auto operators = m_station.operators())
        for (const Operator &o : *operators)
            m_operatorNames[o.id] = o.displayName.isEmpty() ? o.username : tr("%1 (%2)").arg(o.displayName, o.username);
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
                counts << tr("%1 %2").arg(it.value()).arg(stateFromName(it.key()) ? stateText(*stateFromName(it.key())) : it.key());
        const QString day = QLocale().toString(b.day, QLocale::LongFormat);
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
    loadBatch();
}

void ReviewPage::loadBatch()
{
    const qint64 currentId = m_table->currentRow() >= 0 && m_table->currentRow() < static_cast<int>(m_rows.size())
        ? m_rows[static_cast<std::size_t>(m_table->currentRow())].id
        : 0;
    m_rows.clear();
    if (m_review && m_day.isValid()) {
        auto rows = m_review->batch(m_day);
        if (!rows)
            m_error->showMessage(rows.error().message);
        else
            m_rows = std::move(*rows);
    }
    // Queued decisions belong to the day they were made on.
    std::erase_if(m_pending, [this](const auto &p) {
        return std::none_of(m_rows.begin(), m_rows.end(), [&](const EnrollmentSummary &s) { return s.id == p.first && s.state == EnrollmentState::Submitted; });
    });
    const QSignalBlocker blocker(m_table);
    m_table->setRowCount(static_cast<int>(m_rows.size()));
    // Stay on the record being looked at; otherwise start at the first one still to decide.
    int current = -1;
    int firstUndecided = -1;
    for (int r = 0; r < static_cast<int>(m_rows.size()); ++r) {
        fillRow(r);
        const EnrollmentSummary &s = m_rows[static_cast<std::size_t>(r)];
        if (s.id == currentId)
            current = r;
        if (firstUndecided < 0 && s.state == EnrollmentState::Submitted && !m_pending.contains(s.id))
            firstUndecided = r;
    }
    if (current < 0)
        current = firstUndecided >= 0 ? firstUndecided : (m_rows.empty() ? -1 : 0);
    m_table->setCurrentCell(current, current >= 0 ? CardColumn : -1);
    showRecord();
    updateActions();
}

void ReviewPage::fillRow(int row)
{
    const EnrollmentSummary &s = m_rows[static_cast<std::size_t>(row)];
    const auto pending = m_pending.find(s.id);
    const QStringList values{s.cardNumber, s.displayName.isEmpty() ? tr("(no name stored)") : s.displayName,
                             pending != m_pending.end() ? pendingText(pending->second) : stateText(s.state), flagsText(s.flags)};
    for (int c = 0; c < ColumnCount; ++c) {
        auto *item = m_table->item(row, c);
        if (!item) {
            item = new QTableWidgetItem;
            m_table->setItem(row, c, item);
        }
        item->setText(values[c]);
        QFont f = item->font();
        f.setItalic(pending != m_pending.end());
        item->setFont(f);
    }
}

QString ReviewPage::pendingText(const Decision &d) const
{
    switch (d.kind) {
    case DecisionKind::Approve: return tr("approve — not yet committed");
    case DecisionKind::Reject: return tr("reject (%1) — not yet committed").arg(reasonLabel(d.reasonCode));
    case DecisionKind::Return: return tr("return — not yet committed");
    }
    return {};
}

QString ReviewPage::fieldLabel(const QString &key) const
{
    // The applicant-facing names ("date of birth"), capitalised for a list.
    QString label = m_programme ? applicantText(*m_programme, m_programme->languages.value(0), QStringLiteral("field.") + key) : key;
    if (label.isEmpty() || label.startsWith(QLatin1String("field.")))
        label = QString(key).replace(QLatin1Char('_'), QLatin1Char(' '));
    label[0] = label[0].toUpper();
    return label;
}

QString ReviewPage::fieldValue(const QString &key, const QString &value) const
{
    if (key == QLatin1String("gender") && m_programme)
        for (const Choice &c : m_programme->genders)
            if (c.code == value)
                return c.label.in(m_programme->languages.value(0));
    if (key == QLatin1String("birth_date"))
        if (const QDate d = QDate::fromString(value, Qt::ISODate); d.isValid())
            return QLocale().toString(d, QLocale::LongFormat);
    if (key == QLatin1String("preferred_language")) {
        const QLocale locale(value);
        if (locale.language() != QLocale::C)
            return QLocale::languageToString(locale.language());
    }
    if (value == QLatin1String("true"))
        return tr("yes");
    if (value == QLatin1String("false"))
        return tr("no");
    return value;
}

QString ReviewPage::operatorName(qint64 id) const
{
    const auto it = m_operatorNames.find(id);
    return it != m_operatorNames.end() ? it->second : tr("operator %1").arg(id);
}

void ReviewPage::offerNotice()
{
    const int row = m_table->currentRow();
    if (!m_programme || row < 0 || row >= static_cast<int>(m_rows.size()))
        return;
    const EnrollmentSummary &s = m_rows[static_cast<std::size_t>(row)];
    Enrollments enrollments(m_station.access(), *m_programme);
    auto record = enrollments.record(s.id);
    auto history = m_review->history(s.id);
    auto info = m_station.info();
    auto programme = programmeVersion(m_station.database(), s.programmeId, s.rulesVersion);
    if (!record || !history || !info || !programme) {
        m_error->showMessage(!record ? record.error().message
                             : !history ? history.error().message
                             : !info ? info.error().message
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
        const QString suggested = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + QStringLiteral("/notice-%1.pdf").arg(c.cardNumber);
        const QString path = QFileDialog::getSaveFileName(this, tr("Save the rejection notice"), suggested, tr("PDF documents (*.pdf)"));
        if (path.isEmpty())
            return;
        if (auto written = writeRejectionNoticePdf(path, p, c); !written)
            m_error->showMessage(written.error().message);
        else
            Q_EMIT statusMessage(tr("Notice saved: %1").arg(path), 15000);
    });
    connect(print, &QPushButton::clicked, this, [this, p = *programme, c = *content] {
        auto printed = printOnePage(this, {tr("Print the rejection notice"), tr("Notice %1").arg(c.cardNumber), QPageSize(QPageSize::A5)},
                                    [&p, &c](QPainter &painter, const QRectF &page) { renderRejectionNotice(painter, page, p, c); });
        if (!printed)
            m_error->showMessage(printed.error().message);
        else if (*printed)
            Q_EMIT statusMessage(tr("Notice sent to %1.").arg(**printed), 10000);
    });
    connect(box, &QDialog::finished, this, &ReviewPage::returnFocus);
    box->open();
}

QString ReviewPage::reasonLabel(const QString &code) const
{
    if (m_programme)
        for (const Choice &c : m_programme->reasonCodes.value(QStringLiteral("reject")))
            if (c.code == code)
                return c.label.in(QStringLiteral("en"));
    return code;
}

QString ReviewPage::photoReasonLabel(const QString &code) const
{
    if (m_programme)
        for (const Choice &c : m_programme->reasonCodes.value(QStringLiteral("photo_override")))
            if (c.code == code)
                return c.label.in(QStringLiteral("en"));
    return code;
}

bool ReviewPage::canDecide(int row, QString *why) const
{
    if (row < 0 || row >= static_cast<int>(m_rows.size()))
        return false;
    const EnrollmentSummary &s = m_rows[static_cast<std::size_t>(row)];
    if (s.state != EnrollmentState::Submitted) {
        if (why)
            *why = tr("Already decided: %1.").arg(stateText(s.state));
        return false;
    }
    if (s.createdBy == m_station.session().currentOperator().id) {
        if (why)
            *why = tr("Entered by you — another supervisor decides.");
        return false;
    }
    return true;
}

void ReviewPage::updateActions()
{
    QString why;
    const bool decide = !m_busy && canDecide(m_table->currentRow(), &why);
    m_approve->setEnabled(decide);
    m_reject->setEnabled(decide);
    m_return->setEnabled(decide);
    const bool own = !decide && why == tr("Entered by you — another supervisor decides.");
    m_ownNote->setText(own ? why : QString());
    m_ownNote->setVisible(own);
    m_commit->setEnabled(!m_busy && !m_pending.empty());
    m_commitAction->setEnabled(!m_busy && !m_pending.empty());
    m_commit->setText(m_pending.empty() ? tr("Co&mmit decisions…") : tr("Co&mmit decisions (%1)…").arg(m_pending.size()));
    int unflagged = 0;
    if (m_review && m_day.isValid() && !m_busy && !m_tasks.isBusy()) {
        if (auto ids = m_review->unflaggedPending(m_day))
            for (qint64 id : *ids)
                for (const EnrollmentSummary &s : m_rows)
                    if (s.id == id && s.createdBy != m_station.session().currentOperator().id && !m_pending.contains(id))
                        ++unflagged;
    }
    m_bulk->setText(tr("Approve all &unflagged (%1)…").arg(unflagged));
    m_bulk->setEnabled(!m_busy && unflagged > 0);
    m_close->setEnabled(!m_busy && m_day.isValid());
    const int row = m_table->currentRow();
    m_notice->setEnabled(!m_busy && row >= 0 && row < static_cast<int>(m_rows.size())
                         && m_rows[static_cast<std::size_t>(row)].state == EnrollmentState::Rejected);
}

void ReviewPage::showRecord()
{
    const int row = m_table->currentRow();
    if (!m_review || row < 0 || row >= static_cast<int>(m_rows.size())) {
        m_record->setHtml(QStringLiteral("<p>%1</p>").arg(esc(m_day.isValid() ? tr("Nothing submitted on this day yet.") : tr("No open batch."))));
        return;
    }
    const EnrollmentSummary &s = m_rows[static_cast<std::size_t>(row)];
    Enrollments enrollments(m_station.access(), *m_programme);
    auto record = enrollments.record(s.id);
    auto history = m_review->history(s.id);
    QString html;
    html += QStringLiteral("<h2>%1</h2>").arg(esc(tr("Card %1").arg(s.cardNumber)));
    html += QStringLiteral("<p><b>%1</b> %2<br><b>%3</b> %4 (%5)</p>")
                .arg(esc(tr("State:")), esc(stateText(s.state)), esc(tr("Rules:")), esc(s.programmeId), esc(tr("version %1").arg(s.rulesVersion)));
    if (const auto pending = m_pending.find(s.id); pending != m_pending.end())
        html += QStringLiteral("<p><i>%1</i></p>").arg(esc(pendingText(pending->second)));
    html += QStringLiteral("<p><b>%1</b> %2</p>").arg(esc(tr("Flags:")), esc(s.flags.isEmpty() ? tr("none") : flagsText(s.flags)));
    // The card photo, small, with the checks the clerk overrode (a data URL: nothing on disk).
    if (auto photo = EnrollmentPhotos(m_station.access(), *m_programme).photo(s.id); photo && *photo) {
        const EnrollmentPhoto &p = **photo;
        const QString how = !p.overrides.isEmpty() ? tr("Photo taken by the clerk, accepted with the overrides below.")
            : p.automatic                          ? tr("Photo taken automatically: every check passed.")
                                                   : tr("Photo taken by the clerk: every check passed.");
        html += QStringLiteral("<p><img src=\"data:image/jpeg;base64,%1\" width=\"105\" alt=\"%2\"><br>%3</p>")
                    .arg(QString::fromLatin1(p.jpeg.toBase64()), esc(tr("Card photo")), esc(how));
        if (!p.overrides.isEmpty()) {
            // What the supervisor authorises: the check in the clerk's words, the reason's label,
            // and what was measured against the programme's limit.
            html += QStringLiteral("<p><b>%1</b></p><ul>").arg(esc(tr("Photo checks overridden:")));
            for (auto it = p.overrides.cbegin(); it != p.overrides.cend(); ++it) {
                QString line = tr("%1 (%2) — reason: %3").arg(PhotoPanel::checkName(it.key()), it.key(), photoReasonLabel(it.value()));
                const auto measured = std::find_if(p.checks.begin(), p.checks.end(), [&](const PhotoCheck &c) { return c.id == it.key(); });
                if (measured != p.checks.end())
                    line += std::isfinite(measured->value)
                        ? tr(" — measured %1, limit %2").arg(measured->value, 0, 'f', 2).arg(measured->threshold, 0, 'f', 2)
                        : tr(" — could not be measured");
                html += QStringLiteral("<li>%1</li>").arg(esc(line));
            }
            html += QStringLiteral("</ul>");
        }
        // Every check on the frame the crop was cut from: what was measured against the limit.
        if (!p.checks.empty()) {
            html += QStringLiteral("<p><b>%1</b></p><table cellspacing=\"0\" cellpadding=\"1\">").arg(esc(tr("Photo checks:")));
            for (const PhotoCheck &c : p.checks) {
                const QString measured = std::isfinite(c.value) ? QLocale().toString(c.value, 'f', 2) : tr("not measured");
                // The threshold is a lower or an upper bound; which one follows from the value and the result.
                const QString bound = QLocale().toString(c.threshold, 'f', 2);
                const QString limit = c.id == QLatin1String("face_count") ? tr("exactly %1").arg(QLocale().toString(c.threshold, 'f', 0))
                    : !std::isfinite(c.value)                             ? tr("limit %1").arg(bound)
                    : (c.value >= c.threshold) == c.pass                  ? tr("at least %1").arg(bound)
                                                                          : tr("at most %1").arg(bound);
                html += QStringLiteral("<tr><td>%1</td><td align=\"right\">&nbsp;%2</td><td>&nbsp;(%3)</td><td>&nbsp;%4</td></tr>")
                            .arg(esc(PhotoPanel::checkName(c.id)), esc(measured), esc(limit),
                                 c.pass ? esc(tr("passed")) : QStringLiteral("<span style=\"color:#b00020\">%1</span>").arg(esc(tr("failed"))));
            }
            html += QStringLiteral("</table>");
        }
    } else {
        html += QStringLiteral("<p><i>%1</i></p>").arg(esc(photo ? tr("No photo.") : photo.error().message));
    }
    if (!record) {
        html += QStringLiteral("<p>%1</p>").arg(esc(record.error().message));
    } else {
        html += QStringLiteral("<h3>%1</h3><table cellspacing=\"2\">").arg(esc(tr("Stored fields")));
        for (const QString &key : formOrder(record->storedFields))
            html += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>").arg(esc(fieldLabel(key)), esc(fieldValue(key, record->storedFields.value(key))));
        html += QStringLiteral("</table>");
        if (record->printedOnlyHeld && !record->printedOnlyFields.isEmpty()) {
            html += QStringLiteral("<h3>%1</h3><table cellspacing=\"2\">").arg(esc(tr("Printed only — held until the card is printed")));
            for (const QString &key : formOrder(record->printedOnlyFields))
                html += QStringLiteral("<tr><td>%1</td><td>%2 <i>%3</i></td></tr>")
                            .arg(esc(fieldLabel(key)), esc(fieldValue(key, record->printedOnlyFields.value(key))), esc(tr("(printed only)")));
            html += QStringLiteral("</table>");
        }
        html += QStringLiteral("<h3>%1</h3><ul>").arg(esc(tr("Documents attested")));
        for (const Attestation &a : record->attestations) {
            QStringList points;
            for (auto it = a.points.cbegin(); it != a.points.cend(); ++it)
                points << tr("%1: %2").arg(it.key()).arg(it.value());
            QStringList notes;
            if (!a.counted)
                notes << tr("not counted");
            if (a.expired)
                notes << (a.withinGrace ? tr("expired, within grace") : tr("expired"));
            if (a.byCaretaker)
                notes << tr("by caretaker");
            html += QStringLiteral("<li>%1 — %2 — %3%4</li>")
                        .arg(esc(documentLabel(*m_programme, a.documentType)), esc(points.isEmpty() ? tr("no points") : points.join(QStringLiteral(", "))),
                             esc(tr("rules %1").arg(a.rulesVersion)), esc(notes.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(notes.join(QStringLiteral(", ")))));
        }
        html += QStringLiteral("</ul>");
    }
    html += QStringLiteral("<h3>%1</h3><ul>").arg(esc(tr("History")));
    if (history) {
        for (const EnrollmentEvent &e : *history) {
            const QString when = QLocale().toString(fromIsoUtc(e.at).toLocalTime(), QLocale::ShortFormat);
            QString line = tr("%1 — %2 by %3").arg(when, eventText(e.event), operatorName(e.operatorId));
            if (!e.reason.isEmpty())
                line += tr(" — reason: %1").arg(reasonLabel(e.reason));
            if (!e.note.isEmpty())
                line += tr(" — note: %1").arg(e.note);
            html += QStringLiteral("<li>%1</li>").arg(esc(line));
        }
    } else {
        html += QStringLiteral("<li>%1</li>").arg(esc(history.error().message));
    }
    html += QStringLiteral("</ul>");
    m_record->setHtml(html);
}

void ReviewPage::moveBy(int delta)
{
    if (m_rows.empty())
        return;
    const int row = std::clamp(m_table->currentRow() + delta, 0, static_cast<int>(m_rows.size()) - 1);
    m_table->setCurrentCell(row, CardColumn);
    m_table->scrollToItem(m_table->item(row, CardColumn));
}

void ReviewPage::queue(const Decision &decision)
{
    m_pending[decision.enrollmentId] = decision;
    for (int r = 0; r < static_cast<int>(m_rows.size()); ++r)
        if (m_rows[static_cast<std::size_t>(r)].id == decision.enrollmentId)
            fillRow(r);
    m_error->clearMessage();
    showRecord();
    updateActions();
}

void ReviewPage::queueApprove()
{
    const int row = m_table->currentRow();
    if (!canDecide(row))
        return;
    queue({m_rows[static_cast<std::size_t>(row)].id, DecisionKind::Approve, {}, {}});
    moveBy(1);
}

void ReviewPage::askDecision(DecisionKind kind)
{
    const int row = m_table->currentRow();
    if (!canDecide(row))
        return;
    const EnrollmentSummary s = m_rows[static_cast<std::size_t>(row)];
    const bool reject = kind == DecisionKind::Reject;

    auto *dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("decisionDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(reject ? tr("Reject card %1").arg(s.cardNumber) : tr("Return card %1 to the clerk").arg(s.cardNumber));
    auto *form = new QFormLayout;
    auto *reason = new QComboBox(dialog);
    reason->setObjectName(QStringLiteral("reasonComboBox"));
    if (m_programme)
        for (const Choice &c : m_programme->reasonCodes.value(QStringLiteral("reject")))
            reason->addItem(c.label.in(QStringLiteral("en")), c.code);
    auto *note = new QLineEdit(dialog);
    note->setObjectName(QStringLiteral("noteLineEdit"));
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
    auto *box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    box->setObjectName(QStringLiteral("decisionButtonBox"));
    box->button(QDialogButtonBox::Ok)->setText(reject ? tr("Queue the rejection") : tr("Queue the return"));
    auto *layout = new QVBoxLayout(dialog);
    layout->addLayout(form);
    layout->addWidget(box);
    auto validate = [box, note, reason, reject] {
        box->button(QDialogButtonBox::Ok)->setEnabled(reject ? reason->count() > 0 : !note->text().trimmed().isEmpty());
    };
    validate();
    connect(note, &QLineEdit::textChanged, dialog, validate);
    connect(box, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(dialog, &QDialog::accepted, this, [this, dialog, reason, note, kind, id = s.id, reject] {
        queue({id, kind, reject ? reason->currentData().toString() : QString(), note->text().trimmed()});
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
    if (!m_review || m_busy || m_tasks.isBusy())
        return;
    auto ids = m_review->unflaggedPending(m_day);
    if (!ids) {
        m_error->showMessage(ids.error().message);
        return;
    }
    std::vector<qint64> eligible;
    for (qint64 id : *ids)
        for (const EnrollmentSummary &s : m_rows)
            if (s.id == id && s.createdBy != m_station.session().currentOperator().id && !m_pending.contains(id))
                eligible.push_back(id);
    if (eligible.empty())
        return;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Approve all unflagged"),
                                tr("Enrollments of the day that carry no flag: %1. Queue an approval for each of them? Nothing is committed until "
                                   "you commit the decisions.")
                                    .arg(eligible.size()),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("approveUnflaggedMessageBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->button(QMessageBox::Yes)->setText(tr("Queue the approvals (%1)").arg(eligible.size()));
    box->setDefaultButton(QMessageBox::Yes);
    connect(box, &QMessageBox::accepted, this, [this, eligible] {
        for (qint64 id : eligible)
            m_pending[id] = {id, DecisionKind::Approve, {}, {}};
        m_error->clearMessage();
        for (int r = 0; r < static_cast<int>(m_rows.size()); ++r)
            fillRow(r);
        showRecord();
        updateActions();
        returnFocus();
    });
    connect(box, &QDialog::finished, this, &ReviewPage::returnFocus);
    box->open();
}

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
    if (m_pending.empty() || m_busy || !m_review)
        return;
    std::vector<Decision> decisions;
    for (const auto &p : m_pending)
        decisions.push_back(p.second);
    askPassword(tr("Commit decisions"),
                tr("Decisions to commit for %1: %2. They are applied together or not at all.")
                    .arg(QLocale().toString(m_day, QLocale::LongFormat))
                    .arg(decisions.size()),
                [this, decisions](SecureBuffer password) {
                    setBusy(true);
                    m_error->clearMessage();
                    m_tasks.run(
                        this,
                        [review = &*m_review, decisions, password = std::move(password)] { return review->decide(decisions, password); },
                        [this](Result<int> done) {
                            setBusy(false);
                            if (!done) {
                                // Nothing was applied: the queue stays as it was.
                                m_error->showMessage(tr("Nothing was committed: %1").arg(done.error().message));
                                returnFocus();
                                return;
                            }
                            m_pending.clear();
                            refresh();
                            returnFocus();
                            Q_EMIT statusMessage(tr("Decisions committed: %1.").arg(*done), 15000);
                            Q_EMIT decisionsCommitted(*done);
                        });
                });
}

void ReviewPage::closeDay()
{
    if (!m_review || m_busy || !m_day.isValid())
        return;
    const QString dayText = QLocale().toString(m_day, QLocale::LongFormat);
    if (!m_pending.empty()) {
        m_error->showMessage(tr("Decisions queued but not committed: %1. Commit them before closing the day.").arg(m_pending.size()));
        return;
    }
    const auto pending = std::count_if(m_rows.begin(), m_rows.end(), [](const EnrollmentSummary &s) { return s.state == EnrollmentState::Submitted; });
    if (pending > 0) {
        // The core's own words.
        m_error->showMessage(QStringLiteral("%1 still has enrollments pending review (%2); decide on them before closing the day.")
                                 .arg(m_day.toString(Qt::ISODate))
                                 .arg(pending));
        return;
    }
    const QDate day = m_day;
    askPassword(tr("Close the day"), tr("Close %1? No more decisions can be made on it, and its report is kept as it is now.").arg(dayText),
                [this, day](SecureBuffer password) {
                    setBusy(true);
                    m_error->clearMessage();
                    m_tasks.run(
                        this, [review = &*m_review, day, password = std::move(password)] { return review->closeDay(day, password); },
                        [this, day](Result<BatchReport> report) {
                            setBusy(false);
                            if (!report) {
                                m_error->showMessage(report.error().message);
                                return;
                            }
                            m_day = QDate();
                            refresh();
                            Q_EMIT statusMessage(tr("%1 is closed.").arg(QLocale().toString(day, QLocale::LongFormat)), 15000);
                            Q_EMIT dayClosed(day);
                            offerReport(*report);
                        });
                });
}

void ReviewPage::offerReport(const BatchReport &report)
{
    auto *box = new QMessageBox(QMessageBox::Information, tr("Day closed"),
                                tr("%1 is closed. The batch report lists counts and card numbers, no names.")
                                    .arg(QLocale().toString(report.day, QLocale::LongFormat)),
                                QMessageBox::Close, this);
    box->setObjectName(QStringLiteral("dayClosedMessageBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    auto *save = box->addButton(tr("&Save report as PDF…"), QMessageBox::ActionRole);
    save->setObjectName(QStringLiteral("saveReportPushButton"));
    auto *print = box->addButton(tr("&Print report…"), QMessageBox::ActionRole);
    print->setObjectName(QStringLiteral("printReportPushButton"));
    // Action buttons close the box; the report goes with the lambdas.
    connect(save, &QPushButton::clicked, this, [this, report] {
        const QString suggested = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + QStringLiteral("/batch-%1-%2.pdf")
                                                                                                           .arg(report.stationCode, report.day.toString(Qt::ISODate));
        const QString path = QFileDialog::getSaveFileName(this, tr("Save the batch report"), suggested, tr("PDF documents (*.pdf)"));
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
