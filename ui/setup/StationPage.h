#pragma once

#include <QWizardPage>

class QLineEdit;

namespace tessera::ui {

class ErrorLabel;

// Names the station and gives it the short code that appears in card numbers.
class StationPage : public QWizardPage {
    Q_OBJECT
public:
    explicit StationPage(QWidget *parent = nullptr);
    bool validatePage() override;

private:
    QLineEdit *m_name;
    QLineEdit *m_code;
    ErrorLabel *m_error;
};

} // namespace tessera::ui
