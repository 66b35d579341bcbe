// Card templates are JSON an administrator may edit: the loader must refuse anything without
// crashing, and whatever loads must draw.
#include "core/cards/CardRenderer.h"
#include "core/cards/CardTemplate.h"

#include <QGuiApplication>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    auto layout = tessera::CardTemplate::fromJson(bytes);
    if (layout) {
        // Text needs fonts, and fonts a GUI application (offscreen in ctest).
        static int argc = 1;
        static char name[] = "fuzz_card_template";
        static char *argv[] = {name, nullptr};
        static QGuiApplication app(argc, argv);
        const tessera::CardRenderer renderer(*layout);
        tessera::CardData card;
        card.values.insert(QStringLiteral("family_name"), QStringLiteral("Fuzz"));
        card.token = QByteArrayLiteral("AEBAGBAF");
        (void)renderer.image(tessera::CardSide::Front, card, tessera::Dpi {30});
        (void)renderer.image(tessera::CardSide::Back, card, tessera::Dpi {30});
    }
    return 0;
}
