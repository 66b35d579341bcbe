#include "ui/setup/SetupWizard.h"

#include "core/print/RecoverySheet.h"
#include "core/setup/StationSetup.h"
#include "core/station/Station.h"
#include "ui/setup/AdministratorPage.h"
#include "ui/setup/CreatingPage.h"
#include "ui/setup/RecoverySheetPage.h"
#include "ui/setup/StationPage.h"

namespace tessera::ui {

SetupWizard::SetupWizard(QString stationDir, const Clock &clock, QWidget *parent)
    : QWizard(parent)
    , m_stationDir(std::move(stationDir))
    , m_clock(clock)
{
    setObjectName(QStringLiteral("setupWizard"));
    setWindowTitle(tr("Set up this station — Tessera"));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnLastPage);
    setOption(QWizard::NoCancelButtonOnLastPage);
    setButtonText(QWizard::CommitButton, tr("&Create station"));
    setButtonText(QWizard::FinishButton, tr("&Finish and sign in"));
    setPage(StationPageId, new StationPage(this));
    setPage(AdministratorPageId, new AdministratorPage(this));
    setPage(CreatingPageId, new CreatingPage(this));
    setPage(RecoverySheetPageId, new RecoverySheetPage(this));
    resize(640, 520);
}

SetupWizard::~SetupWizard() = default;

void SetupWizard::setAdminPassword(SecureBuffer password)
{
    m_adminPassword = std::move(password);
}

void SetupWizard::create()
{
    Station::Setup setup;
    setup.stationName = field(QStringLiteral("stationName")).toString();
    setup.stationCode = field(QStringLiteral("stationCode")).toString();
    setup.adminUsername = field(QStringLiteral("adminUserName")).toString().trimmed();
    setup.adminDisplayName = field(QStringLiteral("adminFullName")).toString();
    setup.adminPassword = m_adminPassword.copy();
    m_tasks.run(
        this,
        [dir = m_stationDir, clock = &m_clock, setup = std::move(setup), gui = std::this_thread::get_id()]() mutable {
            auto created = setUpStation(dir, std::move(setup), *clock);
            // Created on the worker, the Station is handed to the GUI thread, which keeps it.
            if (created)
                created->station->database().handOver(gui);
            return created;
        },
        [this](Result<Station::Created> created) {
            if (!created) {
                Q_EMIT creationFinished(false, created.error().message);
                return;
            }
            // The password has done its work: it now lives only in the key slot.
            m_adminPassword = SecureBuffer();
            m_station = std::move(created->station);
            m_recoveryKey = std::move(created->recoveryKey);
            Q_EMIT creationFinished(true, QString());
        });
}

RecoverySheet SetupWizard::recoverySheet() const
{
    RecoverySheet sheet;
    if (!m_station)
        return sheet;
    if (auto info = m_station->info()) {
        sheet.stationName = info->name;
        sheet.stationCode = info->code;
        sheet.storeId = info->storeId;
        sheet.createdAt = info->createdAt;
    }
    sheet.recoveryKey = &m_recoveryKey;
    return sheet;
}

std::unique_ptr<Station> SetupWizard::takeStation()
{
    return std::move(m_station);
}

void SetupWizard::done(int result)
{
    // Once the station exists the wizard can only finish: closing it would leave a station
    // whose recovery key nobody has seen.
    if (result != QDialog::Accepted && m_station)
        return;
    m_recoveryKey = SecureBuffer();
    m_adminPassword = SecureBuffer();
    QWizard::done(result);
}

} // namespace tessera::ui
