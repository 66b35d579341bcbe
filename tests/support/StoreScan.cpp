// store_scan: a test tool for "nothing reached the disk" checks, tried as a user would. It
// signs in to a station, reads every column of every table of the decrypted store (the audit
// log is one of them), and says which hold any of the given strings (case-insensitive, as
// UTF-8 and as UTF-16). Sealed values stay sealed: their plaintext needs the per-enrollment
// key. Signing in adds a sign-in entry to the station's audit log.
//
//   store_scan STATION_DIR USER PASSWORD_FILE STRING...
//
// Prints each table.column with a match and how many rows; exit 0 when nothing matched,
// 1 when something did, 2 on usage or sign-in failure. Not a CLI verb: a tool that reads the
// whole store back out has no place at the counter.
#include "station/Station.h"
#include "store/Database.h"
#include "util/Clock.h"

#include <QCoreApplication>
#include <QFile>
#include <QTextStream>

#include <cstdio>

using namespace tessera;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (args.size() < 5) {
        err << "usage: store_scan STATION_DIR USER PASSWORD_FILE STRING...\n";
        return 2;
    }
    QFile passwordFile(args.at(3));
    if (!passwordFile.open(QIODevice::ReadOnly)) {
        err << "store_scan: cannot read " << args.at(3) << '\n';
        return 2;
    }
    const SecureBuffer password = SecureBuffer::fromText(QString::fromUtf8(passwordFile.readLine()).trimmed());
    auto station = Station::login(args.at(1), args.at(2), password, SystemClock::instance());
    if (!station) {
        err << "store_scan: " << station.error().message << '\n';
        return 2;
    }
    Database &db = (*station)->database();

    QList<QByteArray> needles;
    for (const QString &s : args.mid(4)) {
        needles << s.toLower().toUtf8();
        const QString lower = s.toLower();
        needles << QByteArray(reinterpret_cast<const char *>(lower.utf16()), lower.size() * 2);
    }
    QStringList tables;
    if (!db.each(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"), {},
                 [&](const Statement &row) { tables << row.text(0); })) {
        err << "store_scan: cannot list the tables\n";
        return 2;
    }
    int matched = 0;
    qint64 cells = 0;
    for (const QString &table : std::as_const(tables)) {
        QStringList columns;
        (void)db.each(QStringLiteral("PRAGMA table_info(\"%1\")").arg(table), {}, [&](const Statement &row) { columns << row.text(1); });
        for (const QString &column : std::as_const(columns)) {
            int rows = 0;
            auto scanned = db.each(QStringLiteral("SELECT CAST(\"%1\" AS BLOB) FROM \"%2\"").arg(column, table), {}, [&](const Statement &row) {
                ++cells;
                const QByteArray value = row.blob(0).toLower();
                for (const QByteArray &n : std::as_const(needles))
                    if (value.contains(n)) {
                        ++rows;
                        break;
                    }
            });
            if (!scanned) {
                err << "store_scan: " << table << '.' << column << ": " << scanned.error().message << '\n';
                return 2;
            }
            if (rows > 0) {
                out << table << '.' << column << ": " << rows << " row(s) match\n";
                ++matched;
            }
        }
    }
    out << "Scanned " << tables.size() << " tables, " << cells << " cells: " << (matched ? "MATCHES FOUND" : "no match") << ".\n";
    return matched ? 1 : 0;
}
