#pragma once

#include "core/cards/CardRenderer.h"

#include <vector>

class QPrinter;

namespace tessera::ui {

struct CardToPrint {
    const CardRenderer *renderer = nullptr;
    CardData data;
};

// Sets a printer up for ID cards: CR80 media (portrait, as card printers define it) printed
// landscape, edge to edge with no margins, the back on the other side (duplex where the
// printer has it), in colour.
void setUpCardPrinter(QPrinter &printer);

// Prints front and back of each card through the operating system's print system, drawn by
// the same renderer as the preview at the printer's resolution. Success means the print
// system accepted the job, not that a card came out: the clerk confirms that.
Result<void> printCards(QPrinter &printer, const std::vector<CardToPrint> &cards);

} // namespace tessera::ui
