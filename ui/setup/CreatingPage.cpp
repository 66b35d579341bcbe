#include "ui/setup/CreatingPage.h"

#include "ui/common/ErrorLabel.h"
#include "ui/setup/SetupWizard.h"

#include <QAbstractButton>
#include <QLabel>
#include <QProgressBar>
#include <QTimer>
#include <QVBoxLayout>

namespace tessera::ui {

CreatingPage::CreatingPage(QWidget *parent)
    : QWizardPage(parent)
    , m_status(new QLabel(this))
    , m_busy(new QProgressBar(this))
    , m_error(new ErrorLabel(this))
{
    setObjectName(QStringLiteral("creatingWizardPage"));
    setTitle(tr("Creating the station"));
    setSubTitle(tr("Creating the encrypted store and measuring how fast this computer protects passwords. This "
                   "takes a few seconds."));
    // Past this page the station exists: there is no going back to change its name.
    setCommitPage(true);
    m_status->setWordWrap(true);
    m_busy->setObjectName(QStringLiteral("creatingProgressBar"));
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_error->setObjectName(QStringLiteral("creatingErrorLabel"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_busy);
    layout->addWidget(m_error);
    layout->addStretch();
}

void CreatingPage::initializePage()
{
    auto *wizard = qobject_cast<SetupWizard *>(this->wizard());
    m_done = false;
    m_running = true;
    m_error->clearMessage();
    m_busy->setVisible(true);
    m_status->setText(tr("Working…"));
    connect(wizard, &SetupWizard::creationFinished, this, &CreatingPage::finished, Qt::UniqueConnection);
    // QWizard sets its buttons after this returns; turn Back and Cancel off once it has.
    QTimer::singleShot(0, this, [this, wizard] {
        if (!m_running)
            return;
        wizard->button(QWizard::BackButton)->setEnabled(false);
        wizard->button(QWizard::CancelButton)->setEnabled(false);
    });
    wizard->create();
}

void CreatingPage::cleanupPage()
{
    m_error->clearMessage();
}

bool CreatingPage::isComplete() const
{
    return m_done;
}

void CreatingPage::finished(bool ok, const QString &message)
{
    m_running = false;
    m_busy->setVisible(false);
    QWizard *wizard = this->wizard();
    wizard->button(QWizard::CancelButton)->setEnabled(true);
    if (!ok) {
        m_status->setText(tr("The station could not be created. Go back, correct the form, and try again."));
        m_error->showMessage(message);
        wizard->button(QWizard::BackButton)->setEnabled(true);
        return;
    }
    m_status->setText(tr("The station is ready."));
    m_done = true;
    Q_EMIT completeChanged();
    wizard->next();
}

} // namespace tessera::ui
