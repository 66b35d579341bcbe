#include "ui/enrollment/SubmittedDialog.h"

#include "core/util/DateText.h"

#include "ui/common/ErrorLabel.h"
#include "ui/common/PrintOnePage.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QPainter>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QVBoxLayout>

namespace tessera::ui {

SubmittedDialog::SubmittedDialog(Programme programme, ReceiptContent receipt, QWidget *parent)
    : QDialog(parent)
    , m_programme(std::move(programme))
    , m_receipt(std::move(receipt))
    , m_status(new QLabel(this))
    , m_error(new ErrorLabel(this))
{
    setObjectName(QStringLiteral("submittedDialog"));
    setWindowTitle(tr("Enrollment submitted"));

    auto *intro = new QLabel(tr("Submitted for a supervisor's review. The card number is:"), this);
    auto *number = new QLabel(m_receipt.cardNumber, this);
    number->setObjectName(QStringLiteral("cardNumberLabel"));
    number->setTextInteractionFlags(Qt::TextSelectableByMouse);
    number->setAlignment(Qt::AlignCenter);
    QFont big = number->font();
    big.setPointSizeF(big.pointSizeF() * 2.0);
    big.setBold(true);
    big.setFamily(QStringLiteral("monospace"));
    big.setStyleHint(QFont::TypeWriter);
    number->setFont(big);
    auto *expiry = new QLabel(m_receipt.cardExpiry.isEmpty()
                                  ? tr("The card does not expire.")
                                  : tr("The card will be valid until %1.")
                                        .arg(displayDate(QDate::fromString(m_receipt.cardExpiry, Qt::ISODate))),
                              this);
    expiry->setObjectName(QStringLiteral("cardExpiryLabel"));
    expiry->setAlignment(Qt::AlignCenter);
    m_status->setObjectName(QStringLiteral("receiptStatusLabel"));
    m_status->setWordWrap(true);
    m_error->setObjectName(QStringLiteral("receiptErrorLabel"));

    auto *buttons = new QDialogButtonBox(this);
    auto *print = buttons->addButton(tr("&Print receipt…"), QDialogButtonBox::ActionRole);
    print->setObjectName(QStringLiteral("printReceiptPushButton"));
    auto *pdf = buttons->addButton(tr("Save receipt as P&DF…"), QDialogButtonBox::ActionRole);
    pdf->setObjectName(QStringLiteral("saveReceiptPushButton"));
    auto *next = buttons->addButton(tr("&Next applicant"), QDialogButtonBox::AcceptRole);
    next->setObjectName(QStringLiteral("nextApplicantPushButton"));
    next->setDefault(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(number);
    layout->addWidget(expiry);
    layout->addSpacing(8);
    layout->addWidget(m_status);
    layout->addWidget(m_error);
    layout->addWidget(buttons);

    connect(print, &QPushButton::clicked, this, &SubmittedDialog::printReceipt);
    connect(pdf, &QPushButton::clicked, this, &SubmittedDialog::chooseReceiptPdf);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    setMinimumWidth(420);
}

void SubmittedDialog::printReceipt()
{
    m_error->clearMessage();
    auto printed = printOnePage(
        this, {tr("Print receipt"), tr("Receipt %1").arg(m_receipt.cardNumber), QPageSize(QPageSize::A5)},
        [this](QPainter &painter, const QRectF &page) { renderReceipt(painter, page, m_programme, m_receipt); });
    if (!printed)
        m_error->showMessage(printed.error().message);
    else if (*printed)
        m_status->setText(tr("Receipt sent to %1.").arg(**printed));
}

void SubmittedDialog::chooseReceiptPdf()
{
    const QString suggested = QDir::home().filePath(tr("receipt-%1.pdf").arg(m_receipt.cardNumber));
    const QString path = QFileDialog::getSaveFileName(this, tr("Save receipt as PDF"), suggested, tr("PDF (*.pdf)"));
    if (!path.isEmpty())
        saveReceiptPdf(path);
}

bool SubmittedDialog::saveReceiptPdf(const QString &path)
{
    m_error->clearMessage();
    if (auto done = writeReceiptPdf(path, m_programme, m_receipt); !done) {
        m_error->showMessage(done.error().message);
        return false;
    }
    m_status->setText(tr("Receipt saved as %1.").arg(QDir::toNativeSeparators(path)));
    return true;
}

} // namespace tessera::ui
