#include "ui/admin/HoldingsPanel.h"

#include "core/backup/Backup.h"
#include "core/print/HoldingsPdf.h"
#include "core/retention/Holdings.h"
#include "core/retention/Purge.h"
#include "core/station/Station.h"
#include "core/util/DateText.h"
#include "ui/admin/PathField.h"
#include "ui/common/ErrorLabel.h"
#include "ui/common/SecretField.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tessera::ui {

namespace {

QString classLabel(const QString &dataClass)
{
    if (dataClass == QLatin1String(purge_class::kPrintedOnly))
        return HoldingsPanel::tr("Printed-only values past their holding period");
    if (dataClass == QLatin1String(purge_class::kDrafts))
        return HoldingsPanel::tr("Idle drafts (deleted whole)");
    if (dataClass == QLatin1String(purge_class::kRejected))
        return HoldingsPanel::tr("Rejected enrollments past their period (deleted whole)");
    if (dataClass == QLatin1String(purge_class::kCardsReduced))
        return HoldingsPanel::tr("Card holders reduced to what replacement and renewal need");
    if (dataClass == QLatin1String(purge_class::kCardsRemoved))
        return HoldingsPanel::tr("Card records past expiry + period (deleted whole)");
    if (dataClass == QLatin1String(purge_class::kAudit))
        return HoldingsPanel::tr("Audit entries past their period");
    return dataClass;
}

QString countsText(const PurgeReport &r)
{
    QStringList lines;
    for (const PurgeCount &c : r.classes)
        lines << (c.photos + c.cards + c.printAttempts > 0
                      ? HoldingsPanel::tr("%1: %2 (with %3 photo(s), %4 card record(s), %5 print attempt(s))")
                            .arg(classLabel(c.dataClass))
                            .arg(c.count)
                            .arg(c.photos)
                            .arg(c.cards)
                            .arg(c.printAttempts)
                      : HoldingsPanel::tr("%1: %2").arg(classLabel(c.dataClass)).arg(c.count));
    return lines.join(QLatin1Char('\n'));
}

// A small form dialog: rows of (label, widget), OK/Cancel; returns true when accepted.
bool runForm(QWidget *parent, const QString &title, const QString &intro,
             const std::vector<std::pair<QString, QWidget *>> &rows, const QString &okText, const QString &objectName)
{
    QDialog dialog(parent);
    dialog.setObjectName(objectName);
    dialog.setWindowTitle(title);
    auto *layout = new QVBoxLayout(&dialog);
    auto *introLabel = new QLabel(intro, &dialog);
    introLabel->setWordWrap(true);
    layout->addWidget(introLabel);
    auto *form = new QFormLayout;
    for (const auto &[label, widget] : rows) {
        widget->setParent(&dialog);
        form->addRow(label, widget);
    }
    layout->addLayout(form);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(okText);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog.resize(520, dialog.sizeHint().height());
    const bool accepted = dialog.exec() == QDialog::Accepted;
    // The widgets belong to the caller's reading; detach them before the dialog goes.
    for (const auto &row : rows)
        row.second->setParent(nullptr);
    return accepted;
}

} // namespace

HoldingsPanel::HoldingsPanel(Station &station, QWidget *parent)
    : QGroupBox(tr("What this station holds"), parent)
    , m_station(station)
    , m_table(new QTableWidget(0, 4, this))
    , m_notCollected(new QLabel(this))
    , m_backups(new QLabel(this))
    , m_statement(new QLabel(this))
    , m_error(new ErrorLabel(this))
    , m_pdfButton(new QPushButton(tr("Save repor&t as PDF…"), this))
    , m_purgeButton(new QPushButton(tr("Run purge no&w…"), this))
    , m_backupButton(new QPushButton(tr("&Backup now…"), this))
    , m_restoreButton(new QPushButton(tr("Restore fro&m backup…"), this))
{
    setObjectName(QStringLiteral("holdingsGroupBox"));
    m_table->setObjectName(QStringLiteral("holdingsTableWidget"));
    m_table->setHorizontalHeaderLabels({tr("Kind of data"), tr("Records"), tr("Oldest"), tr("Next purge")});
    m_table->verticalHeader()->hide();
    // Rows follow the wrapped first column as its width changes.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(true);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c < 4; ++c)
        m_table->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_notCollected->setObjectName(QStringLiteral("notCollectedLabel"));
    m_backups->setObjectName(QStringLiteral("backupsLabel"));
    m_statement->setObjectName(QStringLiteral("backupStatementLabel"));
    for (QLabel *l : {m_notCollected, m_backups, m_statement}) {
        l->setWordWrap(true);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_pdfButton->setObjectName(QStringLiteral("holdingsPdfPushButton"));
    m_purgeButton->setObjectName(QStringLiteral("purgeNowPushButton"));
    m_backupButton->setObjectName(QStringLiteral("backupNowPushButton"));
    m_restoreButton->setObjectName(QStringLiteral("restoreBackupPushButton"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_pdfButton);
    buttons->addWidget(m_purgeButton);
    buttons->addStretch();
    buttons->addWidget(m_backupButton);
    buttons->addWidget(m_restoreButton);
    // The long statement about backups and the print spool scrolls in a few lines of its own,
    // so the table keeps the panel's height for its rows.
    auto *statementArea = new QScrollArea(this);
    statementArea->setObjectName(QStringLiteral("backupStatementScrollArea"));
    statementArea->setWidget(m_statement);
    statementArea->setWidgetResizable(true);
    statementArea->setFrameShape(QFrame::NoFrame);
    statementArea->setMaximumHeight(m_statement->fontMetrics().lineSpacing() * 5);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_notCollected);
    layout->addWidget(m_backups);
    layout->addWidget(statementArea);
    layout->addWidget(m_error);
    layout->addLayout(buttons);

    connect(m_table->horizontalHeader(), &QHeaderView::sectionResized, this, &HoldingsPanel::fitTableToRows);
    connect(m_pdfButton, &QPushButton::clicked, this, &HoldingsPanel::saveAsPdf);
    connect(m_purgeButton, &QPushButton::clicked, this, &HoldingsPanel::purgeNow);
    connect(m_backupButton, &QPushButton::clicked, this, &HoldingsPanel::backupNow);
    connect(m_restoreButton, &QPushButton::clicked, this, &HoldingsPanel::restoreBackup);
    refresh();
}

void HoldingsPanel::refresh()
{
    auto h = holdingsReport(m_station.access());
    if (!h) {
        m_error->showMessage(h.error().message);
        return;
    }
    m_error->clearMessage();
    m_table->setRowCount(static_cast<int>(h->holdings.size()));
    int row = 0;
    for (const Holding &r : h->holdings) {
        auto *what = new QTableWidgetItem(r.what);
        what->setToolTip(r.rule);
        m_table->setItem(row, 0, what);
        auto *count = new QTableWidgetItem(QLocale().toString(r.count));
        count->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_table->setItem(row, 1, count);
        m_table->setItem(row, 2, new QTableWidgetItem(displayDate(QDate::fromString(r.oldest.left(10), Qt::ISODate))));
        m_table->setItem(row, 3,
                         new QTableWidgetItem(r.nextPurge.isEmpty()
                                                  ? tr("none scheduled")
                                                  : tr("%1 (%2)")
                                                        .arg(displayDate(QDate::fromString(r.nextPurge, Qt::ISODate)))
                                                        .arg(r.nextPurgeCount)));
        ++row;
    }
    fitTableToRows();
    m_notCollected->setText(
        tr("Never collected under this programme: %1.")
            .arg(h->notCollectedNames.isEmpty() ? tr("none") : h->notCollectedNames.join(QStringLiteral(", "))));
    QStringList backups;
    for (const HeldBackup &b : h->backups)
        backups << (b.beforeRekey
                        ? tr("%1 (%n day(s) old, made before the last re-key)", nullptr, static_cast<int>(b.ageDays))
                        : tr("%1 (%n day(s) old)", nullptr, static_cast<int>(b.ageDays)))
                       .arg(QFileInfo(b.file.path).fileName());
    m_backups->setText(backups.isEmpty() ? tr("Backups: none found.")
                                         : tr("Backups: %1.").arg(backups.join(QStringLiteral("; "))));
    m_statement->setText(h->backupStatement + QStringLiteral("\n\n") + tr("Print spool: %1").arg(h->spool.statement));
}

void HoldingsPanel::fitTableToRows()
{
    // The table takes the panel's spare height (stretch) up to its rows' height, so every row
    // shows whole and no empty rows are drawn below them. A maximum, never a minimum: the wrapped
    // heights measured before the first layout are huge and must not set the window's size.
    m_table->resizeRowsToContents();
    int height = m_table->horizontalHeader()->sizeHint().height() + 2 * m_table->frameWidth();
    for (int r = 0; r < m_table->rowCount(); ++r)
        height += m_table->rowHeight(r);
    m_table->setMaximumHeight(height);
}

void HoldingsPanel::saveAsPdf()
{
    const QString suggested =
        QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + QStringLiteral("/holdings.pdf");
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Save the holdings report"), suggested, tr("PDF files (*.pdf)"));
    if (path.isEmpty())
        return;
    auto h = holdingsReport(m_station.access());
    if (!h) {
        m_error->showMessage(h.error().message);
        return;
    }
    if (auto r = writeHoldingsPdf(path, *h); !r) {
        m_error->showMessage(r.error().message);
        return;
    }
    m_error->clearMessage();
}

void HoldingsPanel::purgeNow()
{
    QGuiApplication::setOverrideCursor(Qt::WaitCursor);
    auto preview = runPurge(m_station.access(), PurgeOptions {true, true});
    QGuiApplication::restoreOverrideCursor();
    if (!preview) {
        m_error->showMessage(preview.error().message);
        return;
    }
    QMessageBox ask(QMessageBox::Question, tr("Run the purge now"),
                    tr("Dry run: nothing has been changed yet. A purge now removes:\n\n%1\n\nThe store file is then "
                       "compacted so that "
                       "purged values are gone from it. Backups made earlier still hold them until rotated away.")
                        .arg(countsText(*preview)),
                    QMessageBox::Cancel, this);
    ask.setObjectName(QStringLiteral("purgePreviewMessageBox"));
    QPushButton *go = ask.addButton(tr("&Purge now"), QMessageBox::AcceptRole);
    go->setObjectName(QStringLiteral("confirmPurgePushButton"));
    ask.setDefaultButton(QMessageBox::Cancel);
    ask.exec();
    if (ask.clickedButton() != go)
        return;
    QGuiApplication::setOverrideCursor(Qt::WaitCursor);
    auto done = runPurge(m_station.access(), PurgeOptions {false, true});
    QGuiApplication::restoreOverrideCursor();
    if (!done) {
        m_error->showMessage(done.error().message);
        return;
    }
    Q_EMIT changed();
    refresh();
    QMessageBox::information(this, tr("Purge done"),
                             tr("Purged:\n\n%1\n\n%2 The receipts (one per class, counts only) are in the audit log.")
                                 .arg(countsText(*done), done->compactionProblem));
}

void HoldingsPanel::backupNow()
{
    auto *folder =
        new PathField(PathField::Kind::Folder, QStringLiteral("backupFolderLineEdit"), tr("The folder to back up to"));
    auto last = backupFolders(m_station.database());
    folder->setPath(last && !last->isEmpty() ? last->back() : QString());
    QLineEdit *password = makeSecretField(QStringLiteral("backupPasswordLineEdit"), nullptr);
    QLineEdit *again = makeSecretField(QStringLiteral("backupPasswordAgainLineEdit"), nullptr);
    auto *keep = new QSpinBox;
    keep->setObjectName(QStringLiteral("backupKeepSpinBox"));
    keep->setRange(0, 99);
    keep->setValue(5);
    keep->setSpecialValueText(tr("all"));
    const std::unique_ptr<QWidget> owner(new QWidget); // owns the fields after the dialog
    for (QWidget *w : std::initializer_list<QWidget *> {folder, password, again, keep})
        w->setParent(owner.get());
    const bool accepted = runForm(
        this, tr("Back up now"),
        tr("An encrypted copy of the whole store, under its own key, protected by the backup password. Keep the "
           "password "
           "apart from the media. Older backups of this station in the folder beyond the number kept are deleted."),
        {{tr("&Folder:"), folder},
         {tr("Backup &password:"), password},
         {tr("&Again:"), again},
         {tr("&Keep the newest:"), keep}},
        tr("Back up"), QStringLiteral("backupDialog"));
    // runForm hands the fields back without a parent, cancelled or not: owned again before
    // any return (a cancelled dialog leaked them, found by LeakSanitizer).
    for (QWidget *w : std::initializer_list<QWidget *> {folder, password, again, keep})
        w->setParent(owner.get());
    if (!accepted)
        return;
    if (folder->path().isEmpty()) {
        m_error->showMessage(tr("Choose the folder to back up to (for example the removable drive)."));
        return;
    }
    SecureBuffer first = takeSecret(password);
    SecureBuffer second = takeSecret(again);
    if (!first.equals(second)) {
        m_error->showMessage(tr("The two backup passwords differ; nothing was written."));
        return;
    }
    QGuiApplication::setOverrideCursor(Qt::WaitCursor);
    auto made = createBackup(m_station.access(), m_station.paths(),
                             {folder->path(), keep->value(), std::move(first), std::nullopt});
    QGuiApplication::restoreOverrideCursor();
    if (!made) {
        m_error->showMessage(made.error().message);
        return;
    }
    m_error->clearMessage();
    Q_EMIT changed();
    refresh();
    QMessageBox::information(
        this, tr("Backup written"),
        tr("Backup written to %1.\n%2 enrollment(s), %3 audit entries; %4 older backup(s) rotated away.")
            .arg(made->file.path)
            .arg(made->enrollments)
            .arg(made->auditEntries)
            .arg(made->rotatedAway));
}

void HoldingsPanel::restoreBackup()
{
    auto *file = new PathField(PathField::Kind::ExistingFile, QStringLiteral("restoreFileLineEdit"),
                               tr("The backup to restore"), tr("Tessera backups (*.tdb)"));
    auto *target = new PathField(PathField::Kind::Folder, QStringLiteral("restoreTargetLineEdit"),
                                 tr("The station folder to restore into"));
    QLineEdit *backupPassword = makeSecretField(QStringLiteral("restoreBackupPasswordLineEdit"), nullptr);
    QLineEdit *password = makeSecretField(QStringLiteral("restoreAdminPasswordLineEdit"), nullptr);
    const std::unique_ptr<QWidget> owner(new QWidget);
    for (QWidget *w : std::initializer_list<QWidget *> {file, target, backupPassword, password})
        w->setParent(owner.get());
    const bool accepted = runForm(
        this, tr("Restore from a backup"),
        tr("The backup is verified first (its key, every page, the schema, the audit chain); nothing is replaced "
           "unless it passes. "
           "This station is open, so the backup is restored into another station folder (a second station, or a "
           "replacement "
           "machine's). To replace this station's own store, sign out and use: tessera-cli restore FILE --store %1")
            .arg(m_station.paths().dir),
        {{tr("Backup &file (.tdb):"), file},
         {tr("Into &station folder:"), target},
         {tr("Backup &password:"), backupPassword},
         {tr("&Your password (as at the backup):"), password}},
        tr("Verify and restore"), QStringLiteral("restoreDialog"));
    for (QWidget *w : std::initializer_list<QWidget *> {file, target, backupPassword, password})
        w->setParent(owner.get());
    if (!accepted)
        return;
    const QString targetDir = QDir(target->path()).absolutePath();
    if (target->path().isEmpty() || targetDir == QDir(m_station.paths().dir).absolutePath()) {
        m_error->showMessage(
            tr("Choose another station folder: this station is open and cannot be replaced while it runs."));
        return;
    }
    RestoreOptions o;
    o.backupPath = file->path();
    o.targetDir = targetDir;
    o.username = m_station.session().currentOperator().username;
    o.password = takeSecret(password);
    o.backupPassword = takeSecret(backupPassword);
    QGuiApplication::setOverrideCursor(Qt::WaitCursor);
    auto restored = tessera::restoreBackup(o, m_station.clock());
    QGuiApplication::restoreOverrideCursor();
    if (!restored) {
        m_error->showMessage(restored.error().message);
        return;
    }
    m_error->clearMessage();
    QMessageBox::information(
        this, tr("Backup restored"),
        tr("The backup passed every check and was restored into %1: %2 enrollment(s), %3 audit entries.")
            .arg(targetDir)
            .arg(restored->enrollments)
            .arg(restored->auditEntries));
}

} // namespace tessera::ui
