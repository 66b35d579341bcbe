// The key-slot file is read before anything is unlocked, from a folder anyone with file
// access can edit: it must be refused with a message, never crash. (Unlocking is left out:
// it runs Argon2id with the file's own parameters, which is a cost, not a parser.)
#include "core/store/KeySlots.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    auto slots = tessera::KeySlotFile::parse(bytes, QStringLiteral("fuzz.keys"));
    if (slots) {
        (void)slots->slotIdFor(QStringLiteral("admin"));
        (void)slots->passwordSlotCount();
        (void)slots->unlockWithRecoveryKey(tessera::SecureBuffer::random(32));
    }
    return 0;
}
