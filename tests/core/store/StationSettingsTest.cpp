#include "core/store/StationSettings.h"

#include "core/store/Schema.h"
#include "tests/support/TestSupport.h"

#include <QTemporaryDir>
#include <catch2/catch.hpp>

using namespace tessera;
using namespace tessera::test;

namespace {

// A migrated store with nothing in meta: what StationSettings reads before anything is set.
struct EmptyStore {
    QTemporaryDir dir;
    Database db;

    EmptyStore()
        : db(open(dir.path() + QStringLiteral("/store.db")))
    {
        TESSERA_REQUIRE_OK(migrate(db));
    }

    static Database open(const QString &path)
    {
        auto db = Database::open(path, SecureBuffer::random(32), CipherSettings {}, Database::Mode::Create);
        if (!db)
            FAIL(db.error().message.toStdString());
        return std::move(*db);
    }

    QVariant raw(const QString &key)
    {
        auto v = db.scalar(QStringLiteral("SELECT value FROM meta WHERE key = ?"), {key});
        REQUIRE(v);
        return *v;
    }
};

} // namespace

TEST_CASE("StationSettings reads a station's creation values as Station::create wrote them", "[store]")
{
    TestStation t;
    StationSettings s(t.station->database());
    auto info = t.station->info();
    REQUIRE(info);
    CHECK(s.stationName().value() == info->name);
    CHECK(s.stationCode().value() == info->code);
    CHECK(QString::fromLatin1(s.storeId().value().toHex()) == info->storeId);
    CHECK(isoUtc(s.createdAt().value()) == info->createdAt);
    CHECK(s.autoLockSeconds().value() == info->autoLockSeconds);
    CHECK(s.isDemo().value() == info->demo);
    REQUIRE(s.slotKdf().value());
    CHECK(*s.slotKdf().value() == info->slotKdf);
    CHECK(s.recordedCipher().value() == CipherSettings {});
    CHECK(s.cipherVersionAtCreation().value() == t.station->database().cipherVersion());
    REQUIRE(s.keysFingerprint().value());
    CHECK(s.keysFingerprint().value()->size() > 0);
    CHECK_FALSE(s.keysFingerprintNext().value());
    REQUIRE(s.operatorsPublicKey().value());
    CHECK(s.operatorsPublicKey().value()->size() == 32);
    CHECK_FALSE(s.rekeyDue().value());
}

TEST_CASE("StationSettings: absent keys read as none or their default", "[store]")
{
    EmptyStore e;
    StationSettings s(e.db);
    CHECK(s.stationCode().value().isEmpty());
    CHECK(s.storeId().value().isEmpty());
    CHECK_FALSE(s.createdAt().value().isValid());
    CHECK_FALSE(s.isDemo().value());
    CHECK_FALSE(s.slotKdf().value());
    CHECK(s.autoLockSeconds().value() == 0);
    CHECK_FALSE(s.keysFingerprint().value());
    CHECK(s.keysEpoch().value() == 0);
    CHECK_FALSE(s.keysRekeyedAt().value());
    CHECK_FALSE(s.rekeyDue().value());
    CHECK_FALSE(s.operatorsPublicKey().value());
    CHECK(s.cardSequence().value() == 0);
    CHECK_FALSE(s.issuerPublicKey().value());
    CHECK_FALSE(s.issuerSecretKey().value());
    CHECK_FALSE(s.retentionCompactionPending().value());
    CHECK(s.backupFolders().value().isEmpty());
    CHECK_FALSE(s.photoCamera().value());
}

TEST_CASE("StationSettings keeps each value's stored text form", "[store]")
{
    EmptyStore e;
    StationSettings s(e.db);
    const QByteArray fp = QByteArray::fromHex("00ff10");
    TESSERA_REQUIRE_OK(s.setKeysFingerprint(fp));
    CHECK(e.raw(QStringLiteral("keys_fingerprint")).toString() == QStringLiteral("00ff10"));
    CHECK(s.keysFingerprint().value() == fp);
    TESSERA_REQUIRE_OK(s.setKeysFingerprintNext(fp));
    TESSERA_REQUIRE_OK(s.clearKeysFingerprintNext());
    CHECK(e.raw(QStringLiteral("keys_fingerprint_next")).isNull());

    TESSERA_REQUIRE_OK(s.setKeysEpoch(7));
    CHECK(e.raw(QStringLiteral("keys_epoch")).toString() == QStringLiteral("7"));
    const QDateTime at(QDate(2026, 3, 4), QTime(5, 6, 7), Qt::UTC);
    TESSERA_REQUIRE_OK(s.setKeysRekeyedAt(at));
    CHECK(e.raw(QStringLiteral("keys_rekeyed_at")).toString() == QStringLiteral("2026-03-04T05:06:07Z"));
    CHECK(s.keysRekeyedAt().value() == at);

    TESSERA_REQUIRE_OK(s.setRekeyDue(true));
    CHECK(e.raw(QStringLiteral("rekey_due")).toString() == QStringLiteral("1"));
    CHECK(s.rekeyDue().value());
    TESSERA_REQUIRE_OK(s.setRekeyDue(false));
    CHECK(e.raw(QStringLiteral("rekey_due")).isNull());

    TESSERA_REQUIRE_OK(s.setRetentionCompactionPending(true));
    CHECK(e.raw(QStringLiteral("retention_compaction_pending")).toString() == QStringLiteral("1"));
    TESSERA_REQUIRE_OK(s.setRetentionCompactionPending(false));
    CHECK(e.raw(QStringLiteral("retention_compaction_pending")).isNull());

    TESSERA_REQUIRE_OK(s.setBackupFolders({QStringLiteral("/media/a"), QStringLiteral("/media/b")}));
    CHECK(e.raw(QStringLiteral("backup_folders")).toString() == QStringLiteral(R"(["/media/a","/media/b"])"));
    CHECK(s.backupFolders().value() == QStringList {QStringLiteral("/media/a"), QStringLiteral("/media/b")});

    TESSERA_REQUIRE_OK(s.setPhotoCamera(CameraSetting {2, QSize(1920, 1080), QString()}));
    CHECK(e.raw(QStringLiteral("photo_camera")).toString()
          == QStringLiteral(R"({"height":1080,"index":2,"width":1920})"));
    auto camera = s.photoCamera().value();
    REQUIRE(camera);
    CHECK(camera->index == 2);
    CHECK(camera->resolution == QSize(1920, 1080));

    TESSERA_REQUIRE_OK(s.setAutoLockSeconds(600));
    CHECK(s.autoLockSeconds().value() == 600);
}

TEST_CASE("StationSettings: the card sequence is taken one number at a time, and a rollback gives it back", "[store]")
{
    EmptyStore e;
    StationSettings s(e.db);
    CHECK(s.takeCardSequence().value() == 1);
    CHECK(s.takeCardSequence().value() == 2);
    auto undone = e.db.transaction([&]() -> Result<void> {
        CHECK(s.takeCardSequence().value() == 3);
        return fail(ErrorCode::InvalidInput, QStringLiteral("the enrollment was refused"));
    });
    CHECK_FALSE(undone);
    CHECK(s.cardSequence().value() == 2);
    CHECK(s.takeCardSequence().value() == 3);
    CHECK(e.raw(QStringLiteral("card_sequence")).toString() == QStringLiteral("3"));
}

TEST_CASE("StationSettings: the station secret is made once and then read back", "[store]")
{
    EmptyStore e;
    StationSettings s(e.db);
    auto first = s.stationSecret();
    REQUIRE(first);
    CHECK(first->size() == crypto::kKeyBytes);
    auto again = s.stationSecret();
    REQUIRE(again);
    CHECK(first->equals(*again));
}

TEST_CASE("StationSettings: the issuer key is recorded once", "[store]")
{
    EmptyStore e;
    StationSettings s(e.db);
    const QByteArray publicKey(32, '\x11');
    const SecureBuffer secretKey = SecureBuffer::random(64);
    TESSERA_REQUIRE_OK(s.recordIssuerKey(publicKey, secretKey));
    CHECK(s.issuerPublicKey().value() == publicKey);
    REQUIRE(s.issuerSecretKey().value());
    CHECK(s.issuerSecretKey().value()->equals(secretKey));
    CHECK_FALSE(s.recordIssuerKey(QByteArray(32, '\x22'), SecureBuffer::random(64)));
    CHECK(s.issuerPublicKey().value() == publicKey);
}
