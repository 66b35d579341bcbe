#pragma once

#include <QWizardPage>

class QLabel;
class QProgressBar;

namespace tessera::ui {

class ErrorLabel;

// Shown while the store is created on the worker thread. Moves on by itself when done; on
// failure it says why and lets the administrator go back and correct the form.
class CreatingPage : public QWizardPage {
    Q_OBJECT
public:
    explicit CreatingPage(QWidget *parent = nullptr);
    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;

private:
    void finished(bool ok, const QString &message);

    QLabel *m_status;
    QProgressBar *m_busy;
    ErrorLabel *m_error;
    bool m_running = false;
    bool m_done = false;
};

} // namespace tessera::ui
