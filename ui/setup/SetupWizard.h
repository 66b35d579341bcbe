#pragma once

#include "core/crypto/SecureBuffer.h"
#include "core/util/Error.h"
#include "ui/common/TaskRunner.h"

#include <QWizard>

#include <memory>

namespace tessera {
class Clock;
class Station;
struct RecoverySheet;
} // namespace tessera

namespace tessera::ui {

// First run: name the station, create its first administrator, create the encrypted store
// (on the worker thread: calibrating Argon2id takes a second or two), then show the
// recovery key once, to be printed or saved before the wizard can finish. Accepted with the
// new station open and the administrator signed in (takeStation()).
class SetupWizard : public QWizard {
    Q_OBJECT
public:
    enum PageId { StationPageId, AdministratorPageId, CreatingPageId, RecoverySheetPageId };

    SetupWizard(QString stationDir, const Clock &clock, QWidget *parent = nullptr);
    ~SetupWizard() override;

    const QString &stationDir() const { return m_stationDir; }
    // The administrator's password, checked by the administrator page, kept until creation.
    void setAdminPassword(SecureBuffer password);
    // Starts Station::create; creationFinished() reports on the GUI thread.
    void create();
    bool isCreated() const { return m_station != nullptr; }
    // Valid after creation, until the wizard closes.
    RecoverySheet recoverySheet() const;
    const SecureBuffer &recoveryKey() const { return m_recoveryKey; }
    std::unique_ptr<Station> takeStation();

Q_SIGNALS:
    void creationFinished(bool ok, const QString &message);

protected:
    void done(int result) override;

private:
    QString m_stationDir;
    const Clock &m_clock;
    SecureBuffer m_adminPassword;
    SecureBuffer m_recoveryKey;
    std::unique_ptr<Station> m_station;
    TaskRunner m_tasks; // after m_station
};

} // namespace tessera::ui
