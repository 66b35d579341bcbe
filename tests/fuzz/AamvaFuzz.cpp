// The PDF417 text of a licence is outside data: any bytes must parse or be refused with a
// message, every offset and length in the directory bounds-checked. The same bytes also go
// through the keyboard-wedge repair of `tessera-cli document parse` (readDocumentText).
#include "core/document/AamvaParser.h"
#include "core/document/DocumentText.h"
#include "core/util/Clock.h"

#include <QByteArray>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const tessera::ManualClock clock;
    auto reading =
        tessera::parseAamva(QByteArray(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size)), clock);
    if (reading)
        (void)reading->problems.size();
    auto typed = tessera::readDocumentText(
        QByteArray(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size)), clock);
    if (typed && typed->licence)
        (void)typed->licence->problems.size();
    return 0;
}
