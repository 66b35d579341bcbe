// tessera-decrypt-store: a test tool. Unwraps a station's store key through an operator's
// key slot, decrypts every page of the store file and of its WAL with OpenSSL (see
// StorePages.h), and says whether MARKER occurs in any of them.
//   tessera-decrypt-store STATION_DIR USER PASSWORD_FILE MARKER
// Exit 0: absent from every page; 1: found; 2: usage or the pages did not decrypt.
#include "core/station/Station.h"
#include "core/store/KeySlots.h"
#include "tests/support/StorePages.h"

#include <QCoreApplication>
#include <QFile>
#include <QTextStream>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const QStringList args = app.arguments();
    if (args.size() != 5) {
        out << "usage: tessera-decrypt-store STATION_DIR USER PASSWORD_FILE MARKER\n";
        return 2;
    }
    const tessera::StationPaths paths {args.at(1)};
    auto slots = tessera::KeySlotFile::load(paths.keys());
    QFile pw(args.at(3));
    if (!slots || !pw.open(QIODevice::ReadOnly)) {
        out << "cannot read the key file or the password file\n";
        return 2;
    }
    const tessera::SecureBuffer password = tessera::SecureBuffer::fromText(QString::fromUtf8(pw.readLine()).trimmed());
    auto key = slots->unlockWithPassword(args.at(2), password);
    if (!key) {
        out << key.error().message << "\n";
        return 2;
    }
    const tessera::test::DecryptedStore d =
        tessera::test::decryptStorePages(paths.store(), *key, slots->cipher().pageSize);
    out << "store pages decrypted: " << d.pageCount << ", WAL frames decrypted: " << d.walFrameCount
        << ", pages failing their HMAC: " << d.problems.size() << "\n";
    if (!d.ok())
        return 2;
    const bool found = d.contains(args.at(4).toUtf8());
    out << "marker \"" << args.at(4) << "\": " << (found ? "FOUND" : "absent from every page") << "\n";
    return found ? 1 : 0;
}
