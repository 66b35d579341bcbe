#include "cli/Cli.h"

#include "cli/CardCommands.h"
#include "cli/PhotoCommands.h"
#include "cli/RetentionCommands.h"
#include "capture/PhotoChecks.h"
#include "cli/DocumentCommands.h"
#include "enrollment/DraftJson.h"
#include "enrollment/EnrollmentPhotos.h"
#include "enrollment/Enrollments.h"
#include "print/BatchReportPdf.h"
#include "print/Receipt.h"
#include "print/RejectionNotice.h"
#include "print/RecoverySheet.h"
#include "programme/ProgrammeStore.h"
#include "retention/Duties.h"
#include "review/Review.h"
#include "station/Station.h"
#include "util/CrashPoint.h"
#include "util/InputFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <map>
#include <optional>
#include <set>

#include <termios.h>
#include <unistd.h>

namespace tessera::cli {

namespace {

constexpr auto kHelp = R"(tessera-cli: the Tessera station from a shell (no network, ever)

Usage: tessera-cli [--store DIR] [--json] COMMAND [ARGS] [OPTIONS]

Commands:
  init --station-name NAME --station-code CODE --admin USER --admin-name "FULL NAME"
       [--recovery-sheet FILE.pdf]
      Create a station. Prints the recovery key once; keep it in the office safe.
  user list
  user add USER --name "FULL NAME" --roles clerk[,supervisor][,administrator]
  user disable USER
  user passwd [USER]
      Without USER: change your own password. With USER: an administrator (or the
      recovery key) sets a new password, which the operator must change at next sign-in.
  audit verify [--head HASH]
      Check the hash chain; with --head, also that HASH (a head noted earlier) is in it.
  audit export [--out FILE]
      The audit log as JSON lines (no personal data is ever in it).
  store check     Integrity and encryption check, the key file against the store, and the
                  administrators' signatures on operator records.
  store info      Station, schema, cipher and key-slot facts.
  store rekey     A new store key, sealed to every live slot (administrator). Disabling an
                  operator and resetting a password re-key by themselves.
  store upgrade-keys --with-recovery-key-file FILE
                  Move a key file of the old format (version 1) to the current one
                  (administrator, with the recovery key). Other operators then need a
                  password reset: their old slots cannot be carried over.
  programme load FILE.json
      Validate and activate programme rules (administrator). A refused file changes nothing.
  programme show  The active programme: id, rules version, documents, rules, retention.
  enroll --from FILE.json [--supervisor-password-file FILE]
      Submit an enrollment through the same validation and rules as the form (clerk).
      An optional "photo": {"file": …, "overrides": {check: code}} goes through the photo step.
      Problems are listed one per line, naming the field. See the README for the format.
  enrollment list [--state STATE] [--mine]
  enrollment show CARDNO
  enrollment receipt CARDNO --out FILE.pdf [--language CODE]
  enrollment notice CARDNO --out FILE.pdf [--language CODE]
      The applicant's rejection notice: reason, how to appeal, how long it is kept.
  batch list                        Open days with counts by state (supervisor).
  batch show DAY                    The day's enrollments: card number, state, flags.
  batch close DAY [--out FILE.pdf]  Close a day with nothing pending; writes its report.
  batch report DAY --out FILE.pdf   The report of a closed day.
  review CARDNO --approve | --reject REASON [--note TEXT] | --return NOTE
      Decide on a pending enrollment (supervisor; never one you entered). The password
      given to sign in is the re-entered password the decision needs.
  DAY is YYYY-MM-DD or "today".
  photo check IMAGE
      The photo station's checks (one face, size, centring, eye line, sharpness, exposure,
      lighting, background, resolution): exit 0 when all pass, 1 when one fails, 5 when
      the image cannot be read. No station or sign-in needed.
  photo crop IMAGE OUT.jpg [--max-bytes N]
      Cut the card portrait (35x45) around the face and write it as JPEG of at most N
      bytes (default 61440), or say why not. Nothing else is written.
  bench photo IMAGE [--frames N]
      Median and p95 time to analyse a 1280x720 frame made from IMAGE, on one core.
  bench preview VIDEO [--seconds N]
      The live preview from a video file as the photo step runs it (frames shown and analysed
      per second), then the capacity: decode, the checks on every frame and the overlay
      conversion, one after the other on one core (N s each, default 10).
  photo make-demo-video PORTRAIT OUT.avi [--seconds N]
      A 1280x720 MJPEG video of the portrait moving slowly in and out of a good position,
      to stand in for a camera (tests, demonstrations). Default 16 s.
  card list [--state STATE]
      Cards of approved enrollments (made as they are listed): number, state, expiry, prints.
  card show CARDNO                        One card and its print log (printer, time, operator, outcome).
  card render CARDNO --out FILE.pdf       Front and back as CR80 pages.
  card print CARDNO | --batch DAY --printer NAME [--reason CODE]
      Print through the system's print queue NAME (lpstat -p); a batch prints the day's
      approved cards. A reprint needs --reason, one of the programme's reprint codes.
      Each card waits (up to 2 minutes) for the printer to finish it; then its job is purged
      from the print system's spool, printed or not. Printing destroys the enrollment's
      printed-only values.
  card issue CARDNO                       Hand the printed card over (issued).
  card report CARDNO lost|stolen|damaged
  card replace CARDNO                     A new card number; the old card is revoked.
  card renew CARDNO                       Within 90 days of expiry, or after.
  card revoke CARDNO --reason CODE        (supervisor) CODE: one of the programme's revoke codes.
  card pubkey --out FILE                  The issuer public key, for verifiers.
  card revocations --out FILE             The signed list of revoked card numbers.
  card verify IMAGE|TEXT --pubkey FILE [--revocations FILE]
      Offline check of a card's QR code (from an image or its text): signature, key,
      dates, revocation. Exit 0 valid, 1 invalid. No station or sign-in needed.
  bench cards [--count N]
      Card rendering at 300 dpi, an N-card batch to PDF (default 500), and memory.
  purge [--dry-run]
      Apply the programme's retention periods now (administrator); one receipt per class
      in the audit log. --dry-run prints the counts and changes nothing.
  report holdings [--out FILE.pdf]
      What this station holds, for counsel: per kind of data, how many, the oldest, the
      next purge; the fields never collected; the backups and their ages (administrator).
  backup --to DIR [--keep N] [--backup-password-file FILE | --backup-recovery-key-file FILE]
      Write an encrypted copy of the store under its own key, protected by a backup
      password (or the recovery key); keep the newest N (administrator).
  restore FILE.tdb [--force] [--backup-password-file FILE]
      Verify a backup (key, integrity, schema, audit chain), then replace the store in
      --store DIR with it. Needs an administrator's password as of the backup (--as,
      --password-file) or --recovery-key-file. A newer store is replaced only with --force.
  bench retention [--count N]
      On a synthetic station in a temporary folder (N enrollments with photos, default 2000):
      the scheduled purge, the holdings report, a purge with VACUUM, backup and restore, timed.
  document read IMAGE
      Find a document in the image, rectify it, read its PDF417 (US/Canadian licence or ID
      card) or its machine readable zone (passport, ID card) and say what would be prefilled,
      with the check-digit results. Never prints the document number or the raw text.
      Exit 0 when something was read, 1 when nothing was, 5 when the image is unusable.
  document parse [FILE|-]
      Read the lines of a machine readable zone or the text of a licence or ID card barcode
      from FILE or standard input (- or nothing), as typed or as a keyboard-wedge scanner
      sends it (mangled separators are undone), and say what would be prefilled, as document
      read does (without the image's keys). Typed lines are not OCR-repaired. Never prints
      the document number or the text. Exit 0 when read, 5 when the text is neither.
  document rectify IMAGE OUT.png    The document found in IMAGE at its real proportions.
  document make-sample licence|passport|id-card OUT.png [--seed N]
      A fictional specimen document photographed in perspective, to try the reader with.
  bench document IMAGE [--frames N]
      Median rectification time of a 12-megapixel capture made from IMAGE and median PDF417
      decode time on the rectified card.

Signing in (every command but init):
  --as USER                 the operator acting (default: $TESSERA_USER)
  --password-file FILE      that operator's password (first line of FILE)
  --recovery-key-file FILE  act with the recovery key instead (user passwd only)
  --new-password-file FILE  a new password, for init, user add and user passwd
  Without password files, passwords are read one per line from standard input when it is
  not a terminal (acting password first, then the new one), or asked for on the terminal.

Options:
  --store DIR   the station folder (default: $TESSERA_STATION, else the per-user data folder)
  --json        machine-readable output on standard output
  --help, -h    this text
  --version     the program's version

Exit codes:
  0  success
  1  a check found a problem (audit verify, store check, photo check, card verify), or
     document read found nothing to read
  2  usage: unknown command or option, or a missing argument
  3  sign-in failed: wrong user name or password, or locked out
  4  not allowed: the operator's roles do not permit it
  5  input refused: the message names the field
  6  station missing or damaged, or the store is not encrypted
  7  other error (files, memory)
)";

struct Args {
    QStringList words;
    std::map<QString, QString> options;
    std::set<QString> flags;
};

const std::set<QString> kFlags{QStringLiteral("--json"), QStringLiteral("--help"), QStringLiteral("-h"), QStringLiteral("--version"), QStringLiteral("--mine"), QStringLiteral("--approve"),
                               QStringLiteral("--dry-run"), QStringLiteral("--force")};
const std::set<QString> kOptions{
    QStringLiteral("--store"), QStringLiteral("--as"), QStringLiteral("--password-file"), QStringLiteral("--new-password-file"),
    QStringLiteral("--recovery-key-file"), QStringLiteral("--with-recovery-key-file"), QStringLiteral("--station-name"), QStringLiteral("--station-code"),
    QStringLiteral("--admin"), QStringLiteral("--admin-name"), QStringLiteral("--recovery-sheet"), QStringLiteral("--name"),
    QStringLiteral("--roles"), QStringLiteral("--head"), QStringLiteral("--out"), QStringLiteral("--from"),
    QStringLiteral("--state"), QStringLiteral("--supervisor-password-file"), QStringLiteral("--language"),
    QStringLiteral("--max-bytes"), QStringLiteral("--frames"), QStringLiteral("--reject"), QStringLiteral("--return"),
    QStringLiteral("--note"),
    QStringLiteral("--seconds"),
    QStringLiteral("--pubkey"), QStringLiteral("--revocations"), QStringLiteral("--printer"), QStringLiteral("--batch"), QStringLiteral("--reason"), QStringLiteral("--count"),
    QStringLiteral("--to"), QStringLiteral("--keep"), QStringLiteral("--backup-password-file"), QStringLiteral("--backup-recovery-key-file"),
    QStringLiteral("--seed"),
};

std::optional<Args> parse(const QStringList &argv, QString &problem)
{
    Args a;
    for (qsizetype i = 0; i < argv.size(); ++i) {
        QString arg = argv.at(i);
        QString value;
        bool hasValue = false;
        if (arg.startsWith(QLatin1String("--")) && arg.contains(QLatin1Char('='))) {
            value = arg.section(QLatin1Char('='), 1);
            arg = arg.section(QLatin1Char('='), 0, 0);
            hasValue = true;
        }
        if (kFlags.contains(arg)) {
            a.flags.insert(arg);
        } else if (kOptions.contains(arg)) {
            if (!hasValue) {
                if (i + 1 >= argv.size()) {
                    problem = QStringLiteral("%1 needs a value.").arg(arg);
                    return std::nullopt;
                }
                value = argv.at(++i);
            }
            a.options[arg] = value;
        } else if (arg.startsWith(QLatin1String("--"))) {
            problem = QStringLiteral("Unknown option %1.").arg(arg);
            return std::nullopt;
        } else {
            a.words << arg;
        }
    }
    return a;
}


class Command {
public:
    Command(Args args, QTextStream &out, QTextStream &err, QIODevice &in, const Clock &clock)
        : m_args(std::move(args))
        , m_out(out)
        , m_err(err)
        , m_in(in)
        , m_clock(clock)
    {
        m_dir = option(QStringLiteral("--store"));
        if (m_dir.isEmpty())
            m_dir = Station::defaultDirectory();
    }

    int dispatch();

private:
    QString option(const QString &name) const
    {
        const auto it = m_args.options.find(name);
        return it == m_args.options.end() ? QString() : it->second;
    }
    bool json() const { return m_args.flags.contains(QStringLiteral("--json")); }
    QString word(qsizetype i) const { return m_args.words.value(i); }

    int report(const Error &e)
    {
        return reportError(e, m_err);
    }
    int usage(const QString &problem) { return reportUsage(problem, m_err); }
    void emitJson(const QJsonObject &o) { m_out << QJsonDocument(o).toJson(QJsonDocument::Compact) << Qt::endl; }

    // A secret from a file (first line), else the next line of a non-terminal stdin, else a
    // prompt on the terminal with echo off.
    Result<SecureBuffer> secret(const QString &fileOption, const QString &prompt);
    Result<std::unique_ptr<Station>> signIn();

    int init();
    int user();
    int audit();
    int store();
    int programme();
    int enroll();
    int enrollment();
    int batch();
    int review();
    Result<Enrollments> enrollmentsFor(Station &station);
    Result<QDate> day(qint64 index, const Station &station) const;

    Args m_args;
    QTextStream &m_out;
    QTextStream &m_err;
    QIODevice &m_in;
    const Clock &m_clock;
    QString m_dir;
    SecureBuffer m_actingPassword; // kept only for "user passwd" (own change needs it twice)
};

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

Result<SecureBuffer> Command::secret(const QString &fileOption, const QString &prompt)
{
    const QString path = option(fileOption);
    if (!path.isEmpty()) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return fail(ErrorCode::InvalidInput, QStringLiteral("%1: %2 could not be read (%3).").arg(fileOption, path, f.errorString()));
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
    termios old{};
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    QByteArray line = m_in.readLine(4096);
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    m_err << Qt::endl;
    return firstLine(std::move(line));
}

Result<std::unique_ptr<Station>> Command::signIn()
{
    if (!option(QStringLiteral("--recovery-key-file")).isEmpty()) {
        auto key = secret(QStringLiteral("--recovery-key-file"), QStringLiteral("Recovery key"));
        if (!key)
            return std::unexpected(key.error());
        return Station::openWithRecoveryKey(m_dir, *key, m_clock);
    }
    QString who = option(QStringLiteral("--as"));
    if (who.isEmpty())
        who = qEnvironmentVariable("TESSERA_USER");
    if (who.isEmpty())
        return fail(ErrorCode::InvalidInput, QStringLiteral("Say who is acting: --as USER (or set TESSERA_USER)."));
    if (!Station::existsAt(m_dir))
        return fail(ErrorCode::StoreMissing, QStringLiteral("There is no station in %1. Create one with tessera-cli init.").arg(m_dir));
    auto password = secret(QStringLiteral("--password-file"), QStringLiteral("Password for %1").arg(who));
    if (!password)
        return std::unexpected(password.error());
    m_actingPassword = std::move(*password);
    auto station = Station::login(m_dir, who, m_actingPassword, m_clock);
    // A password an administrator set is only good for choosing a new one.
    const bool changingOwn = word(0) == QLatin1String("user") && word(1) == QLatin1String("passwd")
        && (word(2).isEmpty() || word(2).compare(who, Qt::CaseInsensitive) == 0);
    if (station && (*station)->currentOperator().mustChangePassword && !changingOwn)
        return fail(ErrorCode::PermissionDenied,
                    QStringLiteral("%1 must choose a new password first: tessera-cli user passwd --as %1.").arg(who));
    // "purge" is the purge itself: run first, the scheduled one would leave a dry run nothing to show.
    if (station && word(0) != QLatin1String("purge")) {
        if (auto duties = runScheduledDuties(**station); !duties)
            return std::unexpected(duties.error());
    }
    return station;
}

int Command::dispatch()
{
    const QString verb = word(0);
    static const std::pair<const char *, int (Command::*)()> kVerbs[] = {
        {"init", &Command::init},           {"user", &Command::user},     {"audit", &Command::audit},
        {"store", &Command::store},         {"programme", &Command::programme}, {"enroll", &Command::enroll},
        {"enrollment", &Command::enrollment}, {"batch", &Command::batch},   {"review", &Command::review},
    };
    for (const auto &[name, run] : kVerbs)
        if (verb == QLatin1String(name))
            return (this->*run)();
    if (verb == QLatin1String("card") || (verb == QLatin1String("bench") && word(1) == QLatin1String("cards")))
        return runCardCommand(m_args.words,
                              {json(), option(QStringLiteral("--out")), option(QStringLiteral("--pubkey")), option(QStringLiteral("--revocations")),
                               option(QStringLiteral("--printer")), option(QStringLiteral("--batch")), option(QStringLiteral("--reason")),
                               option(QStringLiteral("--count")), option(QStringLiteral("--state"))},
                              [this] { return signIn(); }, m_clock, m_out, m_err);
    if (verb == QLatin1String("purge") || verb == QLatin1String("report") || verb == QLatin1String("backup") || verb == QLatin1String("restore")
        || (verb == QLatin1String("bench") && word(1) == QLatin1String("retention"))) {
        RetentionContext c;
        c.stationDir = m_dir;
        c.json = json();
        c.dryRun = m_args.flags.contains(QStringLiteral("--dry-run"));
        c.force = m_args.flags.contains(QStringLiteral("--force"));
        c.out = option(QStringLiteral("--out"));
        c.to = option(QStringLiteral("--to"));
        c.keep = option(QStringLiteral("--keep"));
        c.count = option(QStringLiteral("--count"));
        c.user = option(QStringLiteral("--as")).isEmpty() ? qEnvironmentVariable("TESSERA_USER") : option(QStringLiteral("--as"));
        c.withRecoveryKey = !option(QStringLiteral("--recovery-key-file")).isEmpty();
        c.backupWithRecoveryKey = !option(QStringLiteral("--backup-recovery-key-file")).isEmpty();
        c.clock = &m_clock;
        c.signIn = [this] { return signIn(); };
        c.secret = [this](const QString &o, const QString &prompt) { return secret(o, prompt); };
        c.report = [this](const Error &e) { return report(e); };
        c.usage = [this](const QString &problem) { return usage(problem); };
        return runRetentionCommand(m_args.words, c, m_out, m_err);
    }
    if (verb == QLatin1String("document") || (verb == QLatin1String("bench") && word(1) == QLatin1String("document")))
        return runDocumentCommand(m_args.words,
                                  {&m_clock, json(), option(QStringLiteral("--frames")), option(QStringLiteral("--seed")), &m_in}, m_out,
                                  m_err);
    if (verb == QLatin1String("photo") || verb == QLatin1String("bench"))
        return runPhotoCommand(m_args.words, {json(), option(QStringLiteral("--max-bytes")), option(QStringLiteral("--frames")), option(QStringLiteral("--seconds"))},
                               m_out, m_err);
    return usage(verb.isEmpty() ? QStringLiteral("No command given.") : QStringLiteral("Unknown command \"%1\".").arg(verb));
}

int Command::init()
{
    Station::Setup setup;
    setup.stationName = option(QStringLiteral("--station-name"));
    setup.stationCode = option(QStringLiteral("--station-code"));
    setup.adminUsername = option(QStringLiteral("--admin"));
    setup.adminDisplayName = option(QStringLiteral("--admin-name"));
    for (const char *required : {"--station-name", "--station-code", "--admin", "--admin-name"})
        if (option(QString::fromLatin1(required)).isEmpty())
            return usage(QStringLiteral("init needs %1.").arg(QString::fromLatin1(required)));
    if (Station::existsAt(m_dir))
        return report({ErrorCode::AlreadyExists, QStringLiteral("A station already exists in %1.").arg(m_dir)});
    QString passwordOption = QStringLiteral("--new-password-file");
    if (option(passwordOption).isEmpty() && !option(QStringLiteral("--password-file")).isEmpty())
        passwordOption = QStringLiteral("--password-file");
    auto password = secret(passwordOption, QStringLiteral("New password for %1").arg(setup.adminUsername));
    if (!password)
        return report(password.error());
    setup.adminPassword = std::move(*password);
    auto created = Station::create(m_dir, std::move(setup), m_clock);
    if (!created)
        return report(created.error());
    auto info = created->station->info();
    if (!info)
        return report(info.error());
    const QString key = QString::fromLatin1(reinterpret_cast<const char *>(created->recoveryKey.data()),
                                            static_cast<qsizetype>(created->recoveryKey.size()));
    const QString sheetPath = option(QStringLiteral("--recovery-sheet"));
    if (!sheetPath.isEmpty()) {
        RecoverySheet sheet{info->name, info->code, info->storeId, info->createdAt, &created->recoveryKey};
        if (auto r = writeRecoverySheetPdf(sheetPath, sheet); !r)
            return report(r.error());
    }
    if (json()) {
        emitJson({{QStringLiteral("station"), info->name},
                  {QStringLiteral("code"), info->code},
                  {QStringLiteral("store_id"), info->storeId},
                  {QStringLiteral("directory"), created->station->paths().dir},
                  {QStringLiteral("recovery_key"), key}});
    } else {
        m_out << "Station \"" << info->name << "\" (" << info->code << ") created in " << created->station->paths().dir << "\n\n"
              << "Recovery key (shown once; write it on the recovery sheet and keep it in the office safe):\n\n    " << key
              << "\n" << Qt::endl;
    }
    return Ok;
}

QJsonObject operatorJson(const Operator &op)
{
    return {{QStringLiteral("id"), op.id},
            {QStringLiteral("username"), op.username},
            {QStringLiteral("name"), op.displayName},
            {QStringLiteral("roles"), QJsonArray::fromStringList(roleNames(op.roles))},
            {QStringLiteral("disabled"), op.disabled},
            {QStringLiteral("must_change_password"), op.mustChangePassword},
            {QStringLiteral("created_at"), op.createdAt}};
}

int Command::user()
{
    const QString action = word(1);
    if (action != QLatin1String("list") && action != QLatin1String("add") && action != QLatin1String("disable")
        && action != QLatin1String("passwd"))
        return usage(QStringLiteral("user needs one of list, add, disable, passwd."));
    if ((action == QLatin1String("add") || action == QLatin1String("disable")) && word(2).isEmpty())
        return usage(QStringLiteral("user %1 needs a user name.").arg(action));
    if (action == QLatin1String("add") && (option(QStringLiteral("--name")).isEmpty() || option(QStringLiteral("--roles")).isEmpty()))
        return usage(QStringLiteral("user add needs --name and --roles."));
    std::optional<Roles> roles;
    if (action == QLatin1String("add")) {
        roles = parseRoles(option(QStringLiteral("--roles")));
        if (!roles)
            return report({ErrorCode::InvalidInput, QStringLiteral("Roles: use clerk, supervisor and/or administrator, comma-separated.")});
    }

    auto station = signIn();
    if (!station)
        return report(station.error());
    Station &s = **station;

    if (action == QLatin1String("list")) {
        auto ops = s.operators();
        if (!ops)
            return report(ops.error());
        if (json()) {
            QJsonArray list;
            for (const Operator &op : *ops)
                list.append(operatorJson(op));
            emitJson({{QStringLiteral("operators"), list}});
        } else {
            for (const Operator &op : *ops)
                m_out << op.username << "\t" << op.displayName << "\t" << roleNames(op.roles).join(QLatin1Char(','))
                      << (op.disabled ? "\tdisabled" : "") << "\n";
            m_out.flush();
        }
        return Ok;
    }

    auto findOperator = [&](const QString &username) -> Result<Operator> {
        auto ops = s.operators();
        if (!ops)
            return std::unexpected(ops.error());
        for (const Operator &op : *ops)
            if (op.username.compare(username, Qt::CaseInsensitive) == 0)
                return op;
        return fail(ErrorCode::NotFound, QStringLiteral("There is no operator named %1.").arg(username));
    };

    if (action == QLatin1String("add")) {
        auto password = secret(QStringLiteral("--new-password-file"), QStringLiteral("New password for %1").arg(word(2)));
        if (!password)
            return report(password.error());
        auto added = s.addOperator({word(2), option(QStringLiteral("--name")), *roles, std::move(*password)});
        if (!added)
            return report(added.error());
        if (json())
            emitJson(operatorJson(*added));
        else
            m_out << "Added " << added->username << " (" << roleNames(added->roles).join(QStringLiteral(", "))
                  << "); they must choose their own password at first sign-in." << Qt::endl;
        return Ok;
    }
    if (action == QLatin1String("disable")) {
        auto op = findOperator(word(2));
        if (!op)
            return report(op.error());
        if (auto r = s.disableOperator(op->id); !r)
            return report(r.error());
        if (!json())
            m_out << "Disabled " << op->username << "; their password no longer opens the station, and the store was re-keyed "
                  << "so that no older copy of their key slot opens it either." << Qt::endl;
        return Ok;
    }
    // passwd
    const bool own = word(2).isEmpty() || (!s.isRecoverySession() && word(2).compare(s.currentOperator().username, Qt::CaseInsensitive) == 0);
    if (own && s.isRecoverySession())
        return usage(QStringLiteral("With the recovery key, name the operator: user passwd USER."));
    const QString target = own ? s.currentOperator().username : word(2);
    auto next = secret(QStringLiteral("--new-password-file"), QStringLiteral("New password for %1").arg(target));
    if (!next)
        return report(next.error());
    if (own) {
        if (auto r = s.changeOwnPassword(m_actingPassword, *next); !r)
            return report(r.error());
        if (!json())
            m_out << "Your password was changed." << Qt::endl;
        return Ok;
    }
    auto op = findOperator(target);
    if (!op)
        return report(op.error());
    if (auto r = s.resetPassword(op->id, *next); !r)
        return report(r.error());
    if (!json())
        m_out << "Set a new password for " << op->username << "; they must change it at their next sign-in." << Qt::endl;
    return Ok;
}

int Command::audit()
{
    const QString action = word(1);
    if (action != QLatin1String("verify") && action != QLatin1String("export"))
        return usage(QStringLiteral("audit needs verify or export."));
    auto station = signIn();
    if (!station)
        return report(station.error());
    Station &s = **station;
    if (action == QLatin1String("verify")) {
        auto v = s.audit().verify();
        if (!v)
            return report(v.error());
        const QString wanted = option(QStringLiteral("--head")).toLower();
        bool headFound = true;
        if (v->ok && !wanted.isEmpty()) {
            headFound = false;
            auto all = s.audit().entries();
            if (!all)
                return report(all.error());
            for (const AuditEntry &e : *all)
                headFound = headFound || QString::fromLatin1(e.hash.toHex()) == wanted;
        }
        // The operator records are not in the chain, but a verification that passed over
        // records altered outside Tessera would be a false comfort.
        auto records = s.operatorRecordProblems();
        if (!records)
            return report(records.error());
        const bool ok = v->ok && headFound && records->isEmpty();
        if (json()) {
            QJsonObject o{{QStringLiteral("ok"), ok},
                          {QStringLiteral("entries"), v->entries},
                          {QStringLiteral("head"), QString::fromLatin1(v->head.toHex())},
                          {QStringLiteral("truncated_through"), v->truncatedThrough}};
            if (!v->ok) {
                o.insert(QStringLiteral("first_bad_entry"), v->firstBadSeq);
                o.insert(QStringLiteral("problem"), v->problem);
            } else if (!headFound) {
                o.insert(QStringLiteral("problem"), QStringLiteral("The noted head is not in the log: entries after it were removed or rewritten."));
            }
            if (!records->isEmpty())
                o.insert(QStringLiteral("operator_records"), QJsonArray::fromStringList(*records));
            emitJson(o);
        } else if (!v->ok) {
            m_out << "Audit log NOT intact: " << v->problem << Qt::endl;
        } else if (!headFound) {
            m_out << "Audit log chain holds, but the noted head " << wanted
                  << " is not in it: entries after it were removed or rewritten." << Qt::endl;
        } else {
            m_out << "Audit log intact: " << v->entries << " entries, head " << v->head.toHex() << Qt::endl;
            if (v->truncatedThrough > 0)
                m_out << "Entries 1 to " << v->truncatedThrough << " were removed by retention; the chain verifies from their checkpoint."
                      << Qt::endl;
        }
        if (!json() && !records->isEmpty())
            m_out << "Operator records NOT intact:\n  " << records->join(QStringLiteral("\n  ")) << Qt::endl;
        return ok ? Ok : CheckFailed;
    }
    auto all = s.audit().entries();
    if (!all)
        return report(all.error());
    QFile file;
    QTextStream fileStream;
    QTextStream *target = &m_out;
    const QString outPath = option(QStringLiteral("--out"));
    if (!outPath.isEmpty()) {
        file.setFileName(outPath);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return report({ErrorCode::Io, QStringLiteral("--out: %1 could not be written (%2).").arg(outPath, file.errorString())});
        fileStream.setDevice(&file);
        target = &fileStream;
    }
    for (const AuditEntry &e : *all)
        *target << QJsonDocument(QJsonObject{{QStringLiteral("seq"), e.seq},
                                             {QStringLiteral("at"), e.at},
                                             {QStringLiteral("operator"), e.operatorId},
                                             {QStringLiteral("event"), e.event},
                                             {QStringLiteral("object"), e.object},
                                             {QStringLiteral("details"), e.details},
                                             {QStringLiteral("prev_hash"), QString::fromLatin1(e.prevHash.toHex())},
                                             {QStringLiteral("hash"), QString::fromLatin1(e.hash.toHex())}})
                       .toJson(QJsonDocument::Compact)
                << "\n";
    target->flush();
    return Ok;
}

int Command::store()
{
    const QString action = word(1);
    if (action != QLatin1String("check") && action != QLatin1String("info") && action != QLatin1String("rekey")
        && action != QLatin1String("upgrade-keys"))
        return usage(QStringLiteral("store needs check, info, rekey or upgrade-keys."));
    auto station = signIn();
    if (!station)
        return report(station.error());
    Station &s = **station;
    if (action == QLatin1String("upgrade-keys")) {
        auto recovery = secret(QStringLiteral("--with-recovery-key-file"), QStringLiteral("Recovery key"));
        if (!recovery)
            return report(recovery.error());
        auto reset = s.upgradeKeys(m_actingPassword, *recovery);
        if (!reset)
            return report(reset.error());
        QJsonArray ids;
        for (qint64 id : *reset)
            ids.append(operatorObject(id));
        if (json())
            emitJson({{QStringLiteral("ok"), true}, {QStringLiteral("operators_needing_reset"), ids}});
        else
            m_out << "The key file is now in the current format and the store was re-keyed. " << reset->size()
                  << " other operator(s) need a password reset (tessera-cli user passwd USER)." << Qt::endl;
        return Ok;
    }
    if (action == QLatin1String("rekey")) {
        if (auto r = s.rekey(); !r)
            return report(r.error());
        auto info = s.info();
        if (!info)
            return report(info.error());
        if (json())
            emitJson({{QStringLiteral("ok"), true}, {QStringLiteral("key_epoch"), info->keyEpoch}});
        else
            m_out << "The store was re-keyed (key epoch " << info->keyEpoch
                  << "); older copies of station.keys and backups' key files no longer open it." << Qt::endl;
        return Ok;
    }
    if (action == QLatin1String("check")) {
        auto problems = s.check();
        if (!problems)
            return report(problems.error());
        if (json())
            emitJson({{QStringLiteral("ok"), problems->isEmpty()},
                      {QStringLiteral("cipher_version"), s.database().cipherVersion()},
                      {QStringLiteral("problems"), QJsonArray::fromStringList(*problems)}});
        else if (problems->isEmpty())
            m_out << "Store intact and encrypted (SQLCipher " << s.database().cipherVersion() << ")." << Qt::endl;
        else
            m_out << "Store problems:\n  " << problems->join(QStringLiteral("\n  ")) << Qt::endl;
        return problems->isEmpty() ? Ok : CheckFailed;
    }
    auto info = s.info();
    if (!info)
        return report(info.error());
    auto head = s.audit().head();
    auto count = s.audit().count();
    const QJsonObject o{
        {QStringLiteral("station"), info->name},
        {QStringLiteral("code"), info->code},
        {QStringLiteral("store_id"), info->storeId},
        {QStringLiteral("directory"), s.paths().dir},
        {QStringLiteral("created_at"), info->createdAt},
        {QStringLiteral("schema_version"), info->schemaVersion},
        {QStringLiteral("cipher_version"), info->cipherVersion},
        {QStringLiteral("cipher_page_size"), info->cipher.pageSize},
        {QStringLiteral("cipher_hmac_algorithm"), info->cipher.hmacAlgorithm},
        {QStringLiteral("cipher_kdf_algorithm"), info->cipher.kdfAlgorithm},
        {QStringLiteral("slot_kdf"), QStringLiteral("argon2id ops=%1 mem=%2MiB").arg(info->slotKdf.opsLimit).arg(info->slotKdf.memLimitBytes / crypto::kMiB)},
        {QStringLiteral("operator_slots"), info->operatorSlots},
        {QStringLiteral("key_file_version"), info->keyFileVersion},
        {QStringLiteral("key_epoch"), info->keyEpoch},
        {QStringLiteral("last_rekey_at"), info->lastRekeyAt},
        {QStringLiteral("login_max_failures"), info->loginPolicy.maxFailures},
        {QStringLiteral("login_lockout_seconds"), info->loginPolicy.lockoutSeconds},
        {QStringLiteral("auto_lock_seconds"), info->autoLockSeconds},
        {QStringLiteral("audit_entries"), count.value_or(0)},
        {QStringLiteral("audit_head"), QString::fromLatin1(head.value_or(QByteArray()).toHex())},
        {QStringLiteral("demo"), info->demo},
    };
    if (json()) {
        emitJson(o);
    } else {
        for (auto it = o.begin(); it != o.end(); ++it)
            m_out << it.key() << ": " << it.value().toVariant().toString() << "\n";
        m_out.flush();
    }
    return Ok;
}

namespace {

// A portrait file through the photo step: read in memory, checked with the programme's
// thresholds, cut to the card crop and encoded within its JPEG budget.
Result<std::pair<QByteArray, PhotoAssessment>> portraitPhoto(const QByteArray &bytes, const PhotoRules &rules)
{
    auto image = decodePhoto(bytes);
    if (!image)
        return std::unexpected(Error{image.error().code, QStringLiteral("photo.file: %1").arg(image.error().message)});
    auto analyzer = PhotoAnalyzer::create(rules.thresholds);
    if (!analyzer)
        return std::unexpected(analyzer.error());
    auto assessment = analyzer->analyze(*image);
    if (!assessment)
        return std::unexpected(assessment.error());
    auto crop = cropForCard(*image, *assessment);
    if (!crop)
        return fail(ErrorCode::InvalidInput, QStringLiteral("photo.file: no card photo could be cut: %1").arg(crop.error().message));
    auto jpeg = encodeJpeg(*crop, rules.maxJpegBytes);
    if (!jpeg)
        return std::unexpected(jpeg.error());
    return std::pair{std::move(*jpeg), std::move(*assessment)};
}

} // namespace

Result<Enrollments> Command::enrollmentsFor(Station &station)
{
    auto active = activeProgramme(station);
    if (!active)
        return std::unexpected(active.error());
    if (!*active)
        return fail(ErrorCode::InvalidInput, QStringLiteral("No programme rules are loaded yet; an administrator loads them with tessera-cli programme load FILE."));
    return Enrollments(station, std::move(**active));
}

int Command::programme()
{
    const QString action = word(1);
    if (action != QLatin1String("load") && action != QLatin1String("show"))
        return usage(QStringLiteral("programme needs load or show."));
    if (action == QLatin1String("load") && word(2).isEmpty())
        return usage(QStringLiteral("programme load needs a file."));
    QByteArray definition;
    if (action == QLatin1String("load")) {
        auto read = readInputFile(word(2), 4 * kMebibyte);
        if (!read)
            return report(read.error());
        definition = std::move(*read);
    }
    auto station = signIn();
    if (!station)
        return report(station.error());
    if (action == QLatin1String("load")) {
        auto p = installProgramme(**station, definition);
        if (!p)
            return report({p.error().code, QStringLiteral("%1 was refused; nothing was changed.\n%2").arg(word(2), p.error().message)});
        if (json())
            emitJson({{QStringLiteral("programme"), p->id}, {QStringLiteral("rules_version"), p->rulesVersion}});
        else
            m_out << "Loaded and activated " << p->id << " rules version " << p->rulesVersion << "." << Qt::endl;
        return Ok;
    }
    auto active = activeProgramme(**station);
    if (!active)
        return report(active.error());
    if (!*active) {
        m_out << "No programme rules are loaded." << Qt::endl;
        return Ok;
    }
    const Programme &p = **active;
    QJsonObject retention;
    for (Field f : allFields())
        retention.insert(fieldKey(f), retentionName(p.retentionOf(f)));
    QJsonArray documents;
    for (const DocumentType &d : p.documents)
        documents.append(d.id);
    QJsonArray rules;
    for (const Rule &r : p.rules)
        rules.append(r.text.in(p.languages.value(0)));
    const QJsonObject o{{QStringLiteral("programme"), p.id},
                        {QStringLiteral("name"), p.name.in(p.languages.value(0))},
                        {QStringLiteral("rules_version"), p.rulesVersion},
                        {QStringLiteral("languages"), QJsonArray::fromStringList(p.languages)},
                        {QStringLiteral("documents"), documents},
                        {QStringLiteral("rules"), rules},
                        {QStringLiteral("retention"), retention}};
    if (json()) {
        emitJson(o);
    } else {
        m_out << p.name.in(p.languages.value(0)) << " (" << p.id << ", rules " << p.rulesVersion << ")\n";
        m_out << "Rules:\n";
        for (const Rule &r : p.rules)
            m_out << "  - " << r.text.in(p.languages.value(0)) << "\n";
        m_out << "Fields:\n";
        for (Field f : allFields())
            m_out << "  " << fieldKey(f) << ": " << retentionName(p.retentionOf(f)) << "\n";
        m_out.flush();
    }
    return Ok;
}

int Command::enroll()
{
    const QString path = option(QStringLiteral("--from"));
    if (path.isEmpty())
        return usage(QStringLiteral("enroll needs --from FILE.json."));
    auto read = readInputFile(path, kMebibyte);
    if (!read)
        return report({read.error().code, QStringLiteral("--from: ") + read.error().message});
    QByteArray description = std::move(*read);
    auto station = signIn();
    if (!station)
        return report(station.error());
    auto enrollments = enrollmentsFor(**station);
    if (!enrollments)
        return report(enrollments.error());
    auto request = draftFromJson(description, *enrollments);
    if (!request) {
        description.fill('\0');
        return report(request.error());
    }
    QByteArray photoBytes;
    QString photoPath;
    if (!request->photoFile.isEmpty()) {
        photoPath = QFileInfo(path).dir().filePath(request->photoFile);
        auto bytes = readInputFile(photoPath, 64 * kMebibyte);
        if (!bytes) {
            description.fill('\0');
            return report({bytes.error().code, QStringLiteral("photo.file: ") + bytes.error().message});
        }
        photoBytes = std::move(*bytes);
    }
    // The same request (file and photo, byte for byte) submitted again, as a retry after a
    // crash or a lost answer would, finds the enrollment the first made, never a second.
    auto requestKey = enrollments->requestKey(description + '|' + photoBytes);
    description.fill('\0');
    if (!requestKey)
        return report(requestKey.error());
    auto earlier = enrollments->cardNumberForRequest(*requestKey);
    if (!earlier)
        return report(earlier.error());
    if (!earlier->isEmpty()) {
        if (json())
            emitJson({{QStringLiteral("card_number"), *earlier}, {QStringLiteral("state"), QStringLiteral("submitted")}, {QStringLiteral("already_submitted"), true}});
        else
            m_out << "This file was already submitted, as " << *earlier << "; nothing new was made." << Qt::endl;
        return Ok;
    }
    std::optional<Enrollments::SupervisorOverride> override;
    if (!request->overrideSupervisor.isEmpty()) {
        auto password = secret(QStringLiteral("--supervisor-password-file"), QStringLiteral("Password for %1").arg(request->overrideSupervisor));
        if (!password)
            return report(password.error());
        override = Enrollments::SupervisorOverride{request->overrideSupervisor, std::move(*password), request->overrideReason};
    }
    std::optional<std::pair<QByteArray, PhotoAssessment>> photo;
    if (!photoBytes.isEmpty()) {
        // The photo step on a portrait file: the desktop's checks, crop and JPEG budget.
        auto checked = portraitPhoto(photoBytes, enrollments->programme().photo);
        photoBytes.fill('\0');
        if (!checked)
            return report(checked.error());
        photo = std::move(*checked);
    }
    // One transaction: the draft that holds the photo, the photo, the submission and the
    // request's key land together or not at all, so a kill at any point leaves no half draft.
    Enrollments::Submitted submitted;
    auto done = (*station)->database().transaction([&]() -> Result<void> {
        if (photo) {
            if (auto saved = enrollments->saveDraft(request->draft); !saved)
                return saved;
            crashPoint("enroll.after-draft");
            auto stored = EnrollmentPhotos(**station, enrollments->programme())
                              .setPhoto(request->draft.id, photo->first, photo->second, request->photoOverrides, false);
            if (!stored)
                return std::unexpected(stored.error());
        }
        auto made = enrollments->submit(request->draft, std::move(override));
        if (!made)
            return std::unexpected(made.error());
        submitted = std::move(*made);
        crashPoint("enroll.before-commit");
        return enrollments->rememberRequest(*requestKey, request->draft.id);
    });
    if (!done)
        return report(done.error());
    QJsonArray rules;
    for (const RuleAssessment &r : submitted.eligibility.rules)
        rules.append(QJsonObject{{QStringLiteral("rule"), r.ruleId}, {QStringLiteral("met"), r.met}, {QStringLiteral("why"), r.why}});
    if (json())
        emitJson({{QStringLiteral("card_number"), submitted.cardNumber},
                  {QStringLiteral("state"), QStringLiteral("submitted")},
                  {QStringLiteral("rules"), rules},
                  {QStringLiteral("duplicates_overridden"), static_cast<qint64>(submitted.overridden.size())}});
    else
        m_out << "Submitted for review as " << submitted.cardNumber << "." << Qt::endl;
    return Ok;
}

int Command::enrollment()
{
    const QString action = word(1);
    const bool document = action == QLatin1String("receipt") || action == QLatin1String("notice");
    if (action != QLatin1String("list") && action != QLatin1String("show") && !document)
        return usage(QStringLiteral("enrollment needs list, show, receipt or notice."));
    if (action != QLatin1String("list") && word(2).isEmpty())
        return usage(QStringLiteral("enrollment %1 needs a card number.").arg(action));
    if (document && option(QStringLiteral("--out")).isEmpty())
        return usage(QStringLiteral("enrollment %1 needs --out FILE.pdf.").arg(action));
    std::optional<EnrollmentState> state;
    if (!option(QStringLiteral("--state")).isEmpty()) {
        state = stateFromName(option(QStringLiteral("--state")));
        if (!state)
            return report({ErrorCode::InvalidInput, QStringLiteral("--state: use draft, submitted, approved, rejected or returned.")});
    }
    auto station = signIn();
    if (!station)
        return report(station.error());
    auto enrollments = enrollmentsFor(**station);
    if (!enrollments)
        return report(enrollments.error());
    if (action == QLatin1String("list")) {
        auto all = enrollments->list(state, m_args.flags.contains(QStringLiteral("--mine")));
        if (!all)
            return report(all.error());
        QJsonArray list;
        for (const EnrollmentSummary &e : *all) {
            if (json())
                list.append(QJsonObject{{QStringLiteral("id"), e.id},
                                        {QStringLiteral("card_number"), e.cardNumber},
                                        {QStringLiteral("state"), stateName(e.state)},
                                        {QStringLiteral("created_by"), e.createdBy},
                                        {QStringLiteral("submitted_at"), e.submittedAt},
                                        {QStringLiteral("rules_version"), e.rulesVersion},
                                        {QStringLiteral("flags"), QJsonArray::fromStringList(e.flags)}});
            else
                m_out << (e.cardNumber.isEmpty() ? QStringLiteral("(draft %1)").arg(e.id) : e.cardNumber) << "\t" << stateName(e.state) << "\t"
                      << e.updatedAt << "\t" << e.flags.join(QLatin1Char(',')) << "\n";
        }
        if (json())
            emitJson({{QStringLiteral("enrollments"), list}});
        m_out.flush();
        return Ok;
    }
    auto id = enrollments->idForCardNumber(word(2));
    if (!id)
        return report(id.error());
    auto rec = enrollments->record(*id);
    if (!rec)
        return report(rec.error());
    if (document) {
        auto info = (*station)->info();
        if (!info)
            return report(info.error());
        QString language = option(QStringLiteral("--language"));
        if (language.isEmpty())
            language = rec->storedFields.value(QStringLiteral("preferred_language"));
        auto programme = programmeVersion(**station, rec->summary.programmeId, rec->summary.rulesVersion);
        if (!programme)
            return report(programme.error());
        const QString out = option(QStringLiteral("--out"));
        if (action == QLatin1String("receipt")) {
            if (auto r = writeReceiptPdf(out, *programme, receiptFor(*programme, *rec, info->name, info->code, language)); !r)
                return report(r.error());
        } else {
            auto history = Review(**station, *programme).history(*id);
            if (!history)
                return report(history.error());
            auto content = rejectionNoticeFor(*rec, *history, info->name, info->code, language);
            if (!content)
                return report(content.error());
            if (auto r = writeRejectionNoticePdf(out, *programme, *content); !r)
                return report(r.error());
        }
        if (!json())
            m_out << (action == QLatin1String("receipt") ? "Receipt" : "Notice") << " for " << rec->summary.cardNumber << " written to " << out << "." << Qt::endl;
        return Ok;
    }
    QJsonObject fields;
    for (auto it = rec->storedFields.begin(); it != rec->storedFields.end(); ++it)
        fields.insert(it.key(), it.value());
    QJsonObject printedOnly;
    for (auto it = rec->printedOnlyFields.begin(); it != rec->printedOnlyFields.end(); ++it)
        printedOnly.insert(it.key(), it.value());
    QJsonArray attestations;
    for (const Attestation &a : rec->attestations) {
        QJsonObject points;
        for (auto it = a.points.begin(); it != a.points.end(); ++it)
            points.insert(it.key(), it.value());
        attestations.append(QJsonObject{{QStringLiteral("document_type"), a.documentType},
                                        {QStringLiteral("points"), points},
                                        {QStringLiteral("counted"), a.counted},
                                        {QStringLiteral("expired"), a.expired},
                                        {QStringLiteral("within_grace"), a.withinGrace},
                                        {QStringLiteral("by_caretaker"), a.byCaretaker},
                                        {QStringLiteral("rules_version"), a.rulesVersion},
                                        {QStringLiteral("clerk"), a.clerkId},
                                        {QStringLiteral("attested_at"), a.attestedAt},
                                        {QStringLiteral("fingerprinted"), a.fingerprinted}});
    }
    QJsonObject o{{QStringLiteral("card_number"), rec->summary.cardNumber},
                        {QStringLiteral("state"), stateName(rec->summary.state)},
                        {QStringLiteral("programme"), rec->summary.programmeId},
                        {QStringLiteral("rules_version"), rec->summary.rulesVersion},
                        {QStringLiteral("card_layout"), rec->summary.cardLayout},
                        {QStringLiteral("card_expiry"), rec->summary.cardExpiry},
                        {QStringLiteral("flags"), QJsonArray::fromStringList(rec->summary.flags)},
                        {QStringLiteral("fields"), fields},
                        {QStringLiteral("printed_only_held"), rec->printedOnlyHeld},
                        {QStringLiteral("printed_only"), printedOnly},
                        {QStringLiteral("attestations"), attestations}};
    o.insert(QStringLiteral("photo"), photoSummary(**station, enrollments->programme(), *id));
    if (json()) {
        emitJson(o);
    } else {
        m_out << QJsonDocument(o).toJson(QJsonDocument::Indented);
        m_out.flush();
    }
    return Ok;
}

Result<QDate> Command::day(qint64 index, const Station &station) const
{
    const QString text = word(index);
    if (text == QLatin1String("today"))
        return station.clock().now().toLocalTime().date();
    const QDate d = QDate::fromString(text, Qt::ISODate);
    if (!d.isValid())
        return fail(ErrorCode::InvalidInput, QStringLiteral("DAY: use YYYY-MM-DD or \"today\"."));
    return d;
}

int Command::batch()
{
    const QString action = word(1);
    if (action != QLatin1String("list") && action != QLatin1String("show") && action != QLatin1String("close") && action != QLatin1String("report"))
        return usage(QStringLiteral("batch needs list, show, close or report."));
    if (action != QLatin1String("list") && word(2).isEmpty())
        return usage(QStringLiteral("batch %1 needs a day.").arg(action));
    if (action == QLatin1String("report") && option(QStringLiteral("--out")).isEmpty())
        return usage(QStringLiteral("batch report needs --out FILE.pdf."));
    auto station = signIn();
    if (!station)
        return report(station.error());
    auto enrollments = enrollmentsFor(**station);
    if (!enrollments)
        return report(enrollments.error());
    Review review(**station, enrollments->programme());
    if (action == QLatin1String("list")) {
        auto batches = review.openBatches();
        if (!batches)
            return report(batches.error());
        QJsonArray list;
        for (const BatchSummary &b : *batches) {
            QJsonObject counts;
            for (auto it = b.byState.begin(); it != b.byState.end(); ++it)
                counts.insert(it.key(), it.value());
            list.append(QJsonObject{{QStringLiteral("day"), b.day.toString(Qt::ISODate)}, {QStringLiteral("closed"), b.closed}, {QStringLiteral("counts"), counts}});
            if (!json()) {
                QStringList parts;
                for (auto it = b.byState.begin(); it != b.byState.end(); ++it)
                    parts << QStringLiteral("%1 %2").arg(it.value()).arg(it.key());
                m_out << b.day.toString(Qt::ISODate) << "\t" << (b.closed ? "closed" : "open") << "\t"
                      << (parts.isEmpty() ? QStringLiteral("nothing yet") : parts.join(QStringLiteral(", "))) << "\n";
            }
        }
        if (json())
            emitJson({{QStringLiteral("batches"), list}});
        m_out.flush();
        return Ok;
    }
    auto when = day(2, **station);
    if (!when)
        return report(when.error());
    if (action == QLatin1String("show")) {
        auto all = review.batch(*when);
        if (!all)
            return report(all.error());
        QJsonArray list;
        for (const EnrollmentSummary &e : *all) {
            list.append(QJsonObject{{QStringLiteral("card_number"), e.cardNumber}, {QStringLiteral("state"), stateName(e.state)},
                                    {QStringLiteral("flags"), QJsonArray::fromStringList(e.flags)}, {QStringLiteral("clerk"), e.createdBy}});
            if (!json())
                m_out << e.cardNumber << "\t" << stateName(e.state) << "\t" << e.flags.join(QLatin1Char(',')) << "\n";
        }
        if (json())
            emitJson({{QStringLiteral("day"), when->toString(Qt::ISODate)}, {QStringLiteral("enrollments"), list}});
        m_out.flush();
        return Ok;
    }
    Result<BatchReport> closed = action == QLatin1String("close") ? review.closeDay(*when, m_actingPassword) : review.report(*when);
    if (!closed)
        return report(closed.error());
    const QString out = option(QStringLiteral("--out"));
    if (!out.isEmpty())
        if (auto r = writeBatchReportPdf(out, *closed); !r)
            return report(r.error());
    if (json()) {
        QJsonObject counts;
        for (auto it = closed->byDecision.begin(); it != closed->byDecision.end(); ++it)
            counts.insert(it.key(), it.value());
        emitJson({{QStringLiteral("day"), closed->day.toString(Qt::ISODate)}, {QStringLiteral("counts"), counts},
                  {QStringLiteral("audit_head"), QString::fromLatin1(closed->auditHead.toHex())}});
    } else {
        m_out << when->toString(Qt::ISODate) << (action == QLatin1String("close") ? " closed" : " was closed") << "; audit head "
              << closed->auditHead.toHex() << (out.isEmpty() ? QString() : QStringLiteral("; report in ") + out) << "." << Qt::endl;
    }
    return Ok;
}

int Command::review()
{
    const QString card = word(1);
    const bool approve = m_args.flags.contains(QStringLiteral("--approve"));
    const QString reject = option(QStringLiteral("--reject"));
    const QString giveBack = option(QStringLiteral("--return"));
    if (card.isEmpty() || (approve ? 1 : 0) + (reject.isEmpty() ? 0 : 1) + (giveBack.isEmpty() ? 0 : 1) != 1)
        return usage(QStringLiteral("review needs a card number and one of --approve, --reject REASON, --return NOTE."));
    auto station = signIn();
    if (!station)
        return report(station.error());
    auto enrollments = enrollmentsFor(**station);
    if (!enrollments)
        return report(enrollments.error());
    auto id = enrollments->idForCardNumber(card);
    if (!id)
        return report(id.error());
    Decision d{*id, approve ? DecisionKind::Approve : !reject.isEmpty() ? DecisionKind::Reject : DecisionKind::Return,
               reject, !giveBack.isEmpty() ? giveBack : option(QStringLiteral("--note"))};
    Review review(**station, enrollments->programme());
    if (auto r = review.decide({d}, m_actingPassword); !r)
        return report(r.error());
    if (json())
        emitJson({{QStringLiteral("card_number"), card.toUpper()},
                  {QStringLiteral("state"), approve ? QStringLiteral("approved") : !reject.isEmpty() ? QStringLiteral("rejected") : QStringLiteral("returned")}});
    else
        m_out << card.toUpper() << (approve ? " approved." : !reject.isEmpty() ? " rejected." : " returned to its clerk.") << Qt::endl;
    return Ok;
}

} // namespace

int run(const QStringList &args, QTextStream &out, QTextStream &err, QIODevice &in, const Clock &clock)
{
    QString problem;
    auto parsed = parse(args, problem);
    if (!parsed) {
        err << "tessera-cli: " << problem << " See tessera-cli --help." << Qt::endl;
        return Usage;
    }
    if (parsed->flags.contains(QStringLiteral("--version"))) {
        out << "tessera-cli " << TESSERA_VERSION << Qt::endl;
        return Ok;
    }
    if (parsed->flags.contains(QStringLiteral("--help")) || parsed->flags.contains(QStringLiteral("-h"))
        || parsed->words.value(0) == QLatin1String("help")) {
        out << kHelp;
        out.flush();
        return Ok;
    }
    try {
        return Command(std::move(*parsed), out, err, in, clock).dispatch();
    } catch (const std::exception &) {
        err << "tessera-cli: out of memory or an internal error; nothing further was changed." << Qt::endl;
        return OtherError;
    }
}

int exitFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::AuthFailed:
    case ErrorCode::LockedOut: return AuthFailed;
    case ErrorCode::PermissionDenied: return Denied;
    case ErrorCode::InvalidInput:
    case ErrorCode::AlreadyExists:
    case ErrorCode::NotFound: return InvalidInput;
    case ErrorCode::StoreMissing:
    case ErrorCode::StoreCorrupt:
    case ErrorCode::NotEncrypted: return StationError;
    case ErrorCode::Integrity: return CheckFailed;
    default: return OtherError;
    }
}

int reportError(const Error &e, QTextStream &err)
{
    err << "tessera-cli: " << e.message << Qt::endl;
    return exitFor(e.code);
}

int reportUsage(const QString &problem, QTextStream &err)
{
    err << "tessera-cli: " << problem << " See tessera-cli --help." << Qt::endl;
    return Usage;
}

} // namespace tessera::cli
