#include "core/store/AtomicFile.h"
#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

using namespace tessera;
using namespace tessera::test;

TEST_CASE("An atomic write replaces the file whole, owner-only, and leaves no temporary file", "[store][atomic]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("f.json"));
    REQUIRE(writeFileAtomically(path, QByteArrayLiteral("first version, rather longer than the second")));
    REQUIRE(writeFileAtomically(path, QByteArrayLiteral("second")));
    CHECK(readFile(path) == QByteArrayLiteral("second"));
    CHECK(QFile::permissions(path)
          == (QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser | QFileDevice::WriteUser));
    CHECK(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::System)
          == QStringList {QStringLiteral("f.json")});

    REQUIRE(writeFileAtomically(path, QByteArray()));
    CHECK(readFile(path).isEmpty());
    CHECK(QFile::exists(path));
}

TEST_CASE("An atomic write into a missing folder fails with the path and leaves the target alone", "[store][atomic]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("no-such-folder/f.json"));
    auto r = writeFileAtomically(path, QByteArrayLiteral("x"));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::Io);
    CHECK(r.error().message.contains(QStringLiteral("no-such-folder")));
    CHECK(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot).isEmpty());
}

TEST_CASE("An atomic write that cannot replace the target keeps the old contents and cleans up", "[store][atomic]")
{
    QTemporaryDir dir;
    // A folder where the file should be: rename(2) cannot put a file over it.
    const QString path = dir.filePath(QStringLiteral("target"));
    REQUIRE(QDir().mkpath(path + QStringLiteral("/inside")));
    auto r = writeFileAtomically(path, QByteArrayLiteral("x"));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::Io);
    CHECK(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot)
          == QStringList {QStringLiteral("target")});
}
