#include "app/cli/StationCommand.h"

#include "core/retention/Duties.h"
#include "core/station/Station.h"

namespace tessera::cli {

std::vector<OptionSpec> signInOptions()
{
    return {{QStringLiteral("--as"), QStringLiteral("USER"),
             QStringLiteral("the operator acting (default: $TESSERA_USER)")},
            {QStringLiteral("--password-file"), QStringLiteral("FILE"),
             QStringLiteral("that operator's password (first line of FILE)")},
            {QStringLiteral("--recovery-key-file"), QStringLiteral("FILE"),
             QStringLiteral("act with the recovery key instead")}};
}

StationCommand::StationCommand(CommandSpec spec)
    : Command(std::move(spec))
{
    for (OptionSpec &o : signInOptions()) {
        o.common = true;
        m_spec.options.push_back(std::move(o));
    }
}

int StationCommand::run(Invocation &call)
{
    if (const int checked = check(call); checked != Ok)
        return checked;
    const QString dir = call.stationDir();
    Result<std::unique_ptr<Station>> station;
    if (call.given(QStringLiteral("--recovery-key-file"))) {
        auto key = call.secret(QStringLiteral("--recovery-key-file"), QStringLiteral("Recovery key"));
        if (!key)
            return call.report(key.error());
        station = Station::openWithRecoveryKey(dir, *key, call.clock());
    } else {
        const QString who = call.user();
        if (who.isEmpty())
            return call.report(
                {ErrorCode::InvalidInput, QStringLiteral("Say who is acting: --as USER (or set TESSERA_USER).")});
        if (!Station::existsAt(dir))
            return call.report(
                {ErrorCode::StoreMissing,
                 QStringLiteral("There is no station in %1. Create one with tessera-cli init.").arg(dir)});
        auto password = call.secret(QStringLiteral("--password-file"), QStringLiteral("Password for %1").arg(who));
        if (!password)
            return call.report(password.error());
        call.setActingPassword(std::move(*password));
        station = Station::login(dir, who, call.actingPassword(), call.clock());
        // A password an administrator set is only good for choosing a new one.
        if (station && (*station)->session().currentOperator().mustChangePassword && !allowsPendingPasswordChange(call))
            return call.report(
                {ErrorCode::PermissionDenied,
                 QStringLiteral("%1 must choose a new password first: tessera-cli user passwd --as %1.").arg(who)});
    }
    if (!station)
        return call.report(station.error());
    // A recovery-key session is for recovery alone; it leaves the schedule to the operators.
    if (!call.given(QStringLiteral("--recovery-key-file")) && runsScheduledDuties())
        if (auto duties = runScheduledDuties((*station)->access()); !duties)
            return call.report(duties.error());
    return runSignedIn(call, **station);
}

} // namespace tessera::cli
