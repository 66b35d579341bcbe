#pragma once

#include "core/print/Receipt.h"
#include "core/programme/Programme.h"

#include <QDialog>

class QLabel;
class QPushButton;

namespace tessera::ui {

class ErrorLabel;

// After a submission: the card number, read out to the applicant, and their receipt, printed
// or saved as PDF. The receipt holds no name and no address (see core/print/Receipt.h), so
// this dialog holds nothing personal either and may stay open while the next applicant starts.
class SubmittedDialog : public QDialog {
    Q_OBJECT
public:
    SubmittedDialog(Programme programme, ReceiptContent receipt, QWidget *parent = nullptr);

    const ReceiptContent &receipt() const { return m_receipt; }
    bool saveReceiptPdf(const QString &path);

public Q_SLOTS:
    void printReceipt();
    void chooseReceiptPdf();

private:
    const Programme m_programme;
    const ReceiptContent m_receipt;
    QLabel *m_status;
    ErrorLabel *m_error;
};

} // namespace tessera::ui
