// Recovery keys are typed from paper: any text must decode or be refused with a message.
#include "core/crypto/Crypto.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    auto key = tessera::crypto::decodeRecoveryKey(tessera::SecureBuffer::fromBytes({data, size}));
    if (key)
        (void)tessera::crypto::encodeRecoveryKey(*key);
    return 0;
}
