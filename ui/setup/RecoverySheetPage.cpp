#include "ui/setup/RecoverySheetPage.h"

#include "core/print/RecoverySheet.h"
#include "ui/common/ErrorLabel.h"
#include "ui/common/PrintOnePage.h"
#include "ui/setup/SetupWizard.h"

#include <QCheckBox>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QVBoxLayout>

namespace tessera::ui {

RecoverySheetPage::RecoverySheetPage(QWidget *parent)
    : QWizardPage(parent)
    , m_key(new QLabel(this))
    , m_printButton(new QPushButton(tr("&Print…"), this))
    , m_pdfButton(new QPushButton(tr("Save as P&DF…"), this))
    , m_status(new QLabel(this))
    , m_error(new ErrorLabel(this))
    , m_confirm(new QCheckBox(tr("I have printed or &saved the recovery sheet"), this))
{
    setObjectName(QStringLiteral("recoverySheetWizardPage"));
    setTitle(tr("Recovery sheet"));
    setSubTitle(tr("If every administrator password is lost, this key is the only way into the station. It is shown "
                   "now and never again: print the sheet and keep it in the office safe."));
    m_key->setObjectName(QStringLiteral("recoveryKeyLabel"));
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(mono.pointSizeF() * 1.25);
    mono.setBold(true);
    m_key->setFont(mono);
    m_key->setWordWrap(true);
    m_key->setAlignment(Qt::AlignCenter);
    m_key->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_key->setFrameShape(QFrame::StyledPanel);
    m_key->setMargin(12);
    m_printButton->setObjectName(QStringLiteral("printSheetPushButton"));
    m_pdfButton->setObjectName(QStringLiteral("saveSheetPdfPushButton"));
    m_status->setObjectName(QStringLiteral("sheetStatusLabel"));
    m_status->setWordWrap(true);
    m_confirm->setObjectName(QStringLiteral("sheetKeptCheckBox"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_printButton);
    buttons->addWidget(m_pdfButton);
    buttons->addStretch();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_key);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addWidget(m_error);
    layout->addStretch();
    layout->addWidget(m_confirm);

    registerField(QStringLiteral("sheetKept*"), m_confirm);
    connect(m_printButton, &QPushButton::clicked, this, &RecoverySheetPage::print);
    connect(m_pdfButton, &QPushButton::clicked, this, &RecoverySheetPage::saveAsPdf);
}

void RecoverySheetPage::initializePage()
{
    const auto *wizard = qobject_cast<SetupWizard *>(this->wizard());
    const SecureBuffer &key = wizard->recoveryKey();
    // A label can only show a QString; this one copy lives as long as the page. Five groups
    // a line, so the key breaks where a reader expects it to and not mid-group.
    const QStringList groups =
        QString::fromLatin1(reinterpret_cast<const char *>(key.data()), static_cast<qsizetype>(key.size()))
            .split(QLatin1Char('-'));
    QStringList lines;
    for (qsizetype i = 0; i < groups.size(); i += 5)
        lines << groups.mid(i, 5).join(QLatin1Char('-'));
    m_key->setText(lines.join(QStringLiteral("-\n")));
}

void RecoverySheetPage::print()
{
    const auto *wizard = qobject_cast<SetupWizard *>(this->wizard());
    auto printed = printOnePage(this, {tr("Print recovery sheet"), tr("Tessera recovery sheet"), std::nullopt},
                                [wizard](QPainter &painter, const QRectF &page) {
                                    renderRecoverySheet(painter, page, wizard->recoverySheet());
                                });
    if (!printed) {
        m_error->showMessage(printed.error().message);
        return;
    }
    if (!*printed)
        return;
    m_error->clearMessage();
    m_status->setText(tr("Sent to the printer. Check that the page came out complete and legible."));
}

void RecoverySheetPage::saveAsPdf()
{
    const auto *wizard = qobject_cast<SetupWizard *>(this->wizard());
    const RecoverySheet sheet = wizard->recoverySheet();
    const QString suggested = QDir::home().filePath(tr("tessera-recovery-sheet-%1.pdf").arg(sheet.stationCode));
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Save recovery sheet"), suggested, tr("PDF documents (*.pdf)"));
    if (path.isEmpty())
        return;
    if (auto written = writeRecoverySheetPdf(path, sheet); !written) {
        m_error->showMessage(written.error().message);
        return;
    }
    m_error->clearMessage();
    m_status->setText(tr("Saved to %1. Print it, then move the file to removable media kept in the safe: anyone with "
                         "it can open the station.")
                          .arg(QDir::toNativeSeparators(path)));
}

} // namespace tessera::ui
