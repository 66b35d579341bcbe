#pragma once

#include <QWizardPage>

class QCheckBox;
class QLabel;
class QPushButton;

namespace tessera::ui {

class ErrorLabel;

// Shows the recovery key once. It is never stored: the administrator prints the recovery
// sheet or saves it as a PDF, and says so, before the wizard can finish.
class RecoverySheetPage : public QWizardPage {
    Q_OBJECT
public:
    explicit RecoverySheetPage(QWidget *parent = nullptr);
    void initializePage() override;

private:
    void print();
    void saveAsPdf();

    QLabel *m_key;
    QPushButton *m_printButton;
    QPushButton *m_pdfButton;
    QLabel *m_status;
    ErrorLabel *m_error;
    QCheckBox *m_confirm;
};

} // namespace tessera::ui
