#include "app/cli/Command.h"

#include "core/station/Station.h"

#include <QFile>
#include <QIODevice>
#include <QJsonDocument>
#include <QTextStream>
#include <QVariant>
#include <termios.h>
#include <unistd.h>

namespace tessera::cli {

QString CommandSpec::synopsis() const
{
    QStringList parts = name;
    for (const ArgumentSpec &a : arguments) {
        const QString shown = a.choices.isEmpty() ? a.name : a.choices.join(QLatin1Char('|'));
        parts << (a.optional ? QStringLiteral("[%1]").arg(shown) : shown);
    }
    for (const OptionSpec &o : options) {
        if (o.common)
            continue;
        const QString shown = o.valueName.isEmpty() ? o.name : QStringLiteral("%1 %2").arg(o.name, o.valueName);
        parts << (o.required ? shown : QStringLiteral("[%1]").arg(shown));
    }
    return parts.join(QLatin1Char(' '));
}

const OptionSpec *CommandSpec::option(const QString &optionName) const
{
    for (const OptionSpec &o : options)
        if (o.name == optionName)
            return &o;
    return nullptr;
}

QString commandLine(const CommandSpec &spec)
{
    return QStringLiteral("tessera-cli ") + spec.name.join(QLatin1Char(' '));
}

Invocation::Invocation(const CommandSpec &spec, QStringList arguments, std::map<QString, QString> options,
                       std::set<QString> flags, QTextStream &out, QTextStream &err, QIODevice &in, const Clock &clock)
    : m_spec(spec)
    , m_arguments(std::move(arguments))
    , m_options(std::move(options))
    , m_flags(std::move(flags))
    , m_out(out)
    , m_err(err)
    , m_in(in)
    , m_clock(clock)
{
}

QString Invocation::option(const QString &name) const
{
    const auto it = m_options.find(name);
    return it == m_options.end() ? QString() : it->second;
}

bool Invocation::given(const QString &name) const
{
    return m_flags.contains(name) || m_options.contains(name);
}

QString Invocation::stationDir() const
{
    const QString dir = option(QStringLiteral("--store"));
    return dir.isEmpty() ? Station::defaultDirectory() : dir;
}

QString Invocation::user() const
{
    const QString as = option(QStringLiteral("--as"));
    return as.isEmpty() ? qEnvironmentVariable("TESSERA_USER") : as;
}

int Invocation::report(const Error &e)
{
    m_err << "tessera-cli: " << e.message << Qt::endl;
    return exitFor(e.code);
}

int Invocation::usage(const QString &problem)
{
    m_err << "tessera-cli: " << problem << " See " << commandLine(m_spec) << " -h." << Qt::endl;
    return Usage;
}

void Invocation::emitJson(const QJsonObject &o)
{
    m_out << QJsonDocument(o).toJson(QJsonDocument::Compact) << Qt::endl;
}

void Invocation::say(const QJsonObject &json, const QString &text)
{
    if (this->json())
        emitJson(json);
    else
        m_out << text << Qt::endl;
}

namespace {

SecureBuffer firstLine(QByteArray bytes)
{
    qsizetype end = bytes.indexOf('\n');
    if (end < 0)
        end = bytes.size();
    if (end > 0 && bytes.at(end - 1) == '\r')
        --end;
    SecureBuffer out = SecureBuffer::fromText(QString::fromUtf8(bytes.constData(), end));
    bytes.fill('\0');
    return out;
}

} // namespace

Result<SecureBuffer> Invocation::secret(const QString &fileOption, const QString &prompt)
{
    const QString path = option(fileOption);
    if (!path.isEmpty()) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("%1: %2 could not be read (%3).").arg(fileOption, path, f.errorString()));
        return firstLine(f.read(4096));
    }
    // Only the real standard input of an interactive shell is prompted on (main() marks it).
    const bool terminal = m_in.property("tessera_tty").toBool();
    if (!terminal) {
        if (!m_in.isOpen() || m_in.atEnd())
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("%1 is needed: give %2 or pipe it on standard input.").arg(prompt, fileOption));
        return firstLine(m_in.readLine(4096));
    }
    m_err << prompt << ": " << Qt::flush;
    termios old {};
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    QByteArray line = m_in.readLine(4096);
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    m_err << Qt::endl;
    return firstLine(std::move(line));
}

int exitFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::AuthFailed:
    case ErrorCode::LockedOut:
        return AuthFailed;
    case ErrorCode::PermissionDenied:
        return Denied;
    case ErrorCode::InvalidInput:
    case ErrorCode::AlreadyExists:
    case ErrorCode::NotFound:
        return InvalidInput;
    case ErrorCode::StoreMissing:
    case ErrorCode::StoreCorrupt:
    case ErrorCode::NotEncrypted:
        return StationError;
    case ErrorCode::Integrity:
        return CheckFailed;
    default:
        return OtherError;
    }
}

} // namespace tessera::cli
