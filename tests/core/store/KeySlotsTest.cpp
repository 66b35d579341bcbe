#include "core/store/KeySlots.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <functional>
#include <random>

using namespace tessera;
using namespace tessera::test;

namespace {

struct SlotFixture {
    QTemporaryDir dir;
    SecureBuffer storeKey = SecureBuffer::random(crypto::kKeyBytes);
    SecureBuffer recoveryKey = SecureBuffer::random(crypto::kKeyBytes);
    KeySlotFile file = KeySlotFile::createNew(CipherSettings {});

    SlotFixture()
    {
        REQUIRE(dir.isValid());
        REQUIRE(file.setPasswordSlot(QStringLiteral("admin"), secret(kAdminPassword), storeKey, fastKdf()));
        REQUIRE(file.setPasswordSlot(QStringLiteral("clerk1"), secret(kClerkPassword), storeKey, fastKdf()));
        file.setRecoverySlot(recoveryKey, storeKey);
        REQUIRE(file.save(path()));
    }
    QString path() const { return dir.filePath(QStringLiteral("station.keys")); }

    // Rewrites the saved file's JSON through `edit`.
    void editJson(const std::function<void(QJsonObject &)> &edit) const
    {
        QJsonObject root = QJsonDocument::fromJson(readFile(path())).object();
        edit(root);
        writeBytes(QJsonDocument(root).toJson());
    }
    void writeBytes(const QByteArray &bytes) const
    {
        QFile f(path());
        REQUIRE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        REQUIRE(f.write(bytes) == bytes.size());
    }
};

void editFirstSlot(QJsonObject &root, const std::function<void(QJsonObject &)> &edit)
{
    QJsonArray slots = root.value(QStringLiteral("slots")).toArray();
    QJsonObject first = slots.at(0).toObject();
    edit(first);
    slots[0] = first;
    root.insert(QStringLiteral("slots"), slots);
}

} // namespace

TEST_CASE("A saved key file unlocks with an operator's password and with the recovery key", "[store][keyslots]")
{
    SlotFixture f;
    auto loaded = KeySlotFile::load(f.path());
    REQUIRE(loaded);
    CHECK(loaded->storeId() == f.file.storeId());
    CHECK(loaded->cipher() == CipherSettings {});
    CHECK(loaded->loginPolicy() == LoginPolicy {});
    CHECK(loaded->passwordSlotCount() == 2);
    CHECK(loaded->hasPasswordSlot(QStringLiteral("clerk1")));
    CHECK(loaded->hasPasswordSlot(QStringLiteral(" CLERK1 "))); // user names are case-folded and trimmed
    CHECK(loaded->kdfParamsFor(QStringLiteral("clerk1")) == fastKdf());

    auto admin = loaded->unlockWithPassword(QStringLiteral("admin"), secret(kAdminPassword));
    REQUIRE(admin);
    CHECK(admin->equals(f.storeKey));
    auto clerk = loaded->unlockWithPassword(QStringLiteral("clerk1"), secret(kClerkPassword));
    REQUIRE(clerk);
    CHECK(clerk->equals(f.storeKey));
    auto recovered = loaded->unlockWithRecoveryKey(f.recoveryKey);
    REQUIRE(recovered);
    CHECK(recovered->equals(f.storeKey));

    auto wrongRecovery = loaded->unlockWithRecoveryKey(SecureBuffer::random(crypto::kKeyBytes));
    REQUIRE_FALSE(wrongRecovery);
    CHECK(wrongRecovery.error().code == ErrorCode::AuthFailed);
}

TEST_CASE("A wrong password and an unknown operator are refused alike", "[store][keyslots]")
{
    SlotFixture f;
    auto loaded = KeySlotFile::load(f.path());
    REQUIRE(loaded);
    auto wrong = loaded->unlockWithPassword(QStringLiteral("clerk1"), secret(kAdminPassword));
    auto unknown = loaded->unlockWithPassword(QStringLiteral("nobody"), secret(kClerkPassword));
    REQUIRE_FALSE(wrong);
    REQUIRE_FALSE(unknown);
    CHECK(wrong.error().code == ErrorCode::AuthFailed);
    CHECK(unknown.error().code == ErrorCode::AuthFailed);
    CHECK(wrong.error().message == unknown.error().message);
    // One operator's password does not open another's slot, even with the same store key.
    CHECK_FALSE(loaded->unlockWithPassword(QStringLiteral("admin"), secret(kClerkPassword)));
}

TEST_CASE("The key file names no operator and holds no key in the clear", "[store][keyslots]")
{
    SlotFixture f;
    const QByteArray bytes = readFile(f.path());
    CHECK_FALSE(bytes.contains("admin"));
    CHECK_FALSE(bytes.contains("clerk1"));
    const SecureBuffer hex = f.storeKey.toHex();
    CHECK_FALSE(
        bytes.contains(QByteArray(reinterpret_cast<const char *>(hex.data()), static_cast<qsizetype>(hex.size()))));
    CHECK_FALSE(bytes.contains(QByteArray(reinterpret_cast<const char *>(f.storeKey.data()), 32)));
    CHECK(QFile::permissions(f.path())
          == (QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser | QFileDevice::WriteUser));
}

TEST_CASE("A slot bound to one store does not open from another store's key file", "[store][keyslots]")
{
    SlotFixture a;
    SlotFixture b;
    // Graft a's admin slot (salt, parameters, wrapped key) into b's file under b's slot id:
    // the associated data binds each slot to its store id, so the password no longer opens it.
    const QString aId = a.file.slotIdFor(QStringLiteral("admin"));
    const QString bId = b.file.slotIdFor(QStringLiteral("admin"));
    REQUIRE(aId != bId);
    QJsonObject aSlot;
    for (const QJsonValue &v :
         QJsonDocument::fromJson(readFile(a.path())).object().value(QStringLiteral("slots")).toArray())
        if (v.toObject().value(QStringLiteral("id")).toString() == aId)
            aSlot = v.toObject();
    REQUIRE_FALSE(aSlot.isEmpty());
    aSlot.insert(QStringLiteral("id"), bId);
    b.editJson([&](QJsonObject &root) {
        QJsonArray slots = root.value(QStringLiteral("slots")).toArray();
        for (qsizetype i = 0; i < slots.size(); ++i)
            if (slots.at(i).toObject().value(QStringLiteral("id")).toString() == bId)
                slots[i] = aSlot;
        root.insert(QStringLiteral("slots"), slots);
    });
    auto loaded = KeySlotFile::load(b.path());
    REQUIRE(loaded);
    auto r = loaded->unlockWithPassword(QStringLiteral("admin"), secret(kAdminPassword));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::AuthFailed);
}

TEST_CASE("A damaged key file is refused with a message naming what is wrong", "[store][keyslots]")
{
    SlotFixture f;
    QString expected;
    SECTION("random bytes")
    {
        std::mt19937 rng(7);
        QByteArray junk(600, Qt::Uninitialized);
        for (char &c : junk)
            c = static_cast<char>(rng() & 0xffu);
        f.writeBytes(junk);
        expected = QStringLiteral("not valid JSON");
    }
    SECTION("cut short")
    {
        const QByteArray bytes = readFile(f.path());
        f.writeBytes(bytes.left(bytes.size() / 2));
        expected = QStringLiteral("not valid JSON");
    }
    SECTION("empty")
    {
        f.writeBytes(QByteArray());
        expected = QStringLiteral("not valid JSON");
    }
    SECTION("not a key file")
    {
        f.editJson([](QJsonObject &r) { r.insert(QStringLiteral("format"), QStringLiteral("something-else")); });
        expected = QStringLiteral("\"format\"");
    }
    SECTION("no version")
    {
        f.editJson([](QJsonObject &r) { r.remove(QStringLiteral("version")); });
        expected = QStringLiteral("\"version\" is missing");
    }
    SECTION("store id garbled")
    {
        f.editJson([](QJsonObject &r) { r.insert(QStringLiteral("store_id"), QStringLiteral("abc")); });
        expected = QStringLiteral("\"store_id\"");
    }
    SECTION("cipher settings missing")
    {
        f.editJson([](QJsonObject &r) { r.remove(QStringLiteral("cipher")); });
        expected = QStringLiteral("\"cipher\"");
    }
    SECTION("page size not a power of two")
    {
        f.editJson([](QJsonObject &r) {
            QJsonObject c = r.value(QStringLiteral("cipher")).toObject();
            c.insert(QStringLiteral("page_size"), 3000);
            r.insert(QStringLiteral("cipher"), c);
        });
        expected = QStringLiteral("\"cipher\"");
    }
    SECTION("login policy missing")
    {
        f.editJson([](QJsonObject &r) { r.remove(QStringLiteral("login_policy")); });
        expected = QStringLiteral("\"login_policy\"");
    }
    SECTION("a wrapped key cut short")
    {
        f.editJson([](QJsonObject &r) {
            editFirstSlot(r, [](QJsonObject &s) {
                s.insert(QStringLiteral("wrapped"), s.value(QStringLiteral("wrapped")).toString().left(20));
            });
        });
        expected = QStringLiteral("slot 1 is incomplete");
    }
    SECTION("an unknown slot kind")
    {
        f.editJson([](QJsonObject &r) {
            editFirstSlot(r, [](QJsonObject &s) { s.insert(QStringLiteral("kind"), QStringLiteral("guest")); });
        });
        expected = QStringLiteral("slot 1 is incomplete");
    }
    SECTION("an unknown key derivation")
    {
        f.editJson([](QJsonObject &r) {
            editFirstSlot(r, [](QJsonObject &s) {
                QJsonObject kdf = s.value(QStringLiteral("kdf")).toObject();
                kdf.insert(QStringLiteral("alg"), QStringLiteral("md5"));
                s.insert(QStringLiteral("kdf"), kdf);
            });
        });
        expected = QStringLiteral("slot 1 names an unknown key derivation");
    }
    SECTION("a salt of the wrong length")
    {
        f.editJson([](QJsonObject &r) {
            editFirstSlot(r, [](QJsonObject &s) {
                QJsonObject kdf = s.value(QStringLiteral("kdf")).toObject();
                kdf.insert(QStringLiteral("salt"), QStringLiteral("AAAA"));
                s.insert(QStringLiteral("kdf"), kdf);
            });
        });
        expected = QStringLiteral("slot 1 has incomplete key derivation settings");
    }
    SECTION("a repeated slot")
    {
        f.editJson([](QJsonObject &r) {
            QJsonArray slots = r.value(QStringLiteral("slots")).toArray();
            slots.append(slots.at(0));
            r.insert(QStringLiteral("slots"), slots);
        });
        expected = QStringLiteral("repeats an id");
    }

    auto loaded = KeySlotFile::load(f.path());
    REQUIRE_FALSE(loaded);
    CHECK(loaded.error().code == ErrorCode::StoreCorrupt);
    INFO(loaded.error().message.toStdString());
    CHECK(loaded.error().message.contains(expected));
    CHECK(loaded.error().message.contains(f.path()));
    CHECK(loaded.error().message.contains(QStringLiteral("damaged")));
}

TEST_CASE("A key file from a newer Tessera is refused, not misread", "[store][keyslots]")
{
    SlotFixture f;
    f.editJson([](QJsonObject &r) { r.insert(QStringLiteral("version"), KeySlotFile::kCurrentVersion + 1); });
    auto loaded = KeySlotFile::load(f.path());
    REQUIRE_FALSE(loaded);
    CHECK(loaded.error().code == ErrorCode::StoreCorrupt);
    CHECK(loaded.error().message.contains(
        QStringLiteral("newer Tessera (version %1)").arg(KeySlotFile::kCurrentVersion + 1)));
}

TEST_CASE("A missing key file is reported as missing, not damaged", "[store][keyslots]")
{
    QTemporaryDir dir;
    auto loaded = KeySlotFile::load(dir.filePath(QStringLiteral("station.keys")));
    REQUIRE_FALSE(loaded);
    CHECK(loaded.error().code == ErrorCode::StoreMissing);
}

TEST_CASE("Rewrapping a slot replaces the old password and keeps the store key", "[store][keyslots]")
{
    SlotFixture f;
    const SecureBuffer next = secret("a brand new passphrase");
    REQUIRE(f.file.setPasswordSlot(QStringLiteral("clerk1"), next, f.storeKey, fastKdf()));
    CHECK(f.file.passwordSlotCount() == 2);
    REQUIRE(f.file.save(f.path()));
    auto loaded = KeySlotFile::load(f.path());
    REQUIRE(loaded);
    CHECK_FALSE(loaded->unlockWithPassword(QStringLiteral("clerk1"), secret(kClerkPassword)));
    auto key = loaded->unlockWithPassword(QStringLiteral("clerk1"), next);
    REQUIRE(key);
    CHECK(key->equals(f.storeKey));

    CHECK(f.file.removePasswordSlot(QStringLiteral("clerk1")));
    CHECK_FALSE(f.file.removePasswordSlot(QStringLiteral("clerk1")));
    CHECK(f.file.passwordSlotCount() == 1);
    CHECK_FALSE(f.file.unlockWithPassword(QStringLiteral("clerk1"), next));
}

TEST_CASE("Saving the key file leaves no temporary files behind", "[store][keyslots][atomic]")
{
    SlotFixture f;
    for (int i = 0; i < 5; ++i) {
        f.file.setLoginPolicy({3 + i, 60});
        REQUIRE(f.file.save(f.path()));
    }
    const QStringList entries = QDir(f.dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::System);
    CHECK(entries == QStringList {QStringLiteral("station.keys")});
    auto loaded = KeySlotFile::load(f.path());
    REQUIRE(loaded);
    CHECK(loaded->loginPolicy() == LoginPolicy {7, 60});
}
