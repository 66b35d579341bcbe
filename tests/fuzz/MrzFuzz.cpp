// MRZ lines come from OCR or the clerk's typing: any text must parse or be refused with a
// message, and every check digit must be looked at without reading outside the lines; the
// same after the repairs applied to OCR output.
#include "core/document/MrzParser.h"
#include "core/util/Clock.h"

#include <QString>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const tessera::ManualClock clock;
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    auto reading = tessera::parseMrz(text, clock);
    if (reading)
        (void)reading->valid();
    // The OCR path repairs first: any text, repaired, must parse or be refused too.
    if (auto repaired = tessera::parseMrz(tessera::repairOcrZone(text), clock))
        (void)repaired->valid();
    return 0;
}
