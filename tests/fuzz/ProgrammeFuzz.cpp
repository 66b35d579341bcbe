// Programme rules files come from outside (an administrator's USB stick): the loader and the
// line locator must refuse anything without crashing, and whatever loads must score.
#include "core/programme/Eligibility.h"
#include "core/programme/JsonLocator.h"
#include "core/programme/Programme.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    tessera::JsonLocator locator(bytes);
    (void)locator.lineOf(QStringLiteral("documents[0].points"));
    (void)tessera::JsonLocator::lineAndColumn(bytes, static_cast<qsizetype>(size / 2));
    auto programme = tessera::Programme::fromJson(bytes);
    if (programme) {
        std::vector<tessera::PresentedDocument> documents;
        for (const auto &d : programme->documents)
            documents.push_back({d.id, QDate(2030, 1, 1), QDate(2026, 11, 1), true, false});
        (void)tessera::assess(*programme, QDate(1990, 2, 28), documents, true, QDate(2026, 11, 23),
                              programme->languages.value(0));
    }
    return 0;
}
