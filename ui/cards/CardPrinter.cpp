#include "ui/cards/CardPrinter.h"

#include "core/cards/PrintSystem.h"

#include <QCoreApplication>
#include <QPainter>
#include <QPrinter>

namespace tessera::ui {

void setUpCardPrinter(QPrinter &printer)
{
    printer.setPageSize(QPageSize(QSizeF(kCr80Height.value, kCr80Width.value), QPageSize::Millimeter,
                                  QStringLiteral("CR80"), QPageSize::FuzzyMatch));
    printer.setPageOrientation(QPageLayout::Landscape);
    printer.setFullPage(true);
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout::Millimeter);
    printer.setDuplex(QPrinter::DuplexShortSide);
    printer.setColorMode(QPrinter::Color);
    // The job's only title: card jobs are found by it to be purged from the spool (PrintSystem).
    printer.setDocName(QString::fromLatin1(kCardJobTitle));
}

Result<void> printCards(QPrinter &printer, const std::vector<CardToPrint> &cards)
{
    if (cards.empty())
        return fail(ErrorCode::InvalidInput,
                    QCoreApplication::translate("CardPrinter", "There are no cards to print."));
    QPainter painter;
    if (!painter.begin(&printer))
        return fail(ErrorCode::Io,
                    QCoreApplication::translate("CardPrinter",
                                                "The printer %1 could not be started. Check that it is on and "
                                                "connected, or choose another.")
                        .arg(printer.printerName()));
    const Dpi dpi {static_cast<double>(printer.resolution())};
    bool first = true;
    for (const CardToPrint &card : cards)
        for (CardSide side : {CardSide::Front, CardSide::Back}) {
            if (!first && !printer.newPage()) {
                painter.end();
                return fail(ErrorCode::Io,
                            QCoreApplication::translate("CardPrinter",
                                                        "The printer stopped taking pages; the job was not finished."));
            }
            first = false;
            card.renderer->draw(painter, side, card.data, dpi);
        }
    if (!painter.end() || printer.printerState() == QPrinter::Error)
        return fail(ErrorCode::Io,
                    QCoreApplication::translate("CardPrinter", "The print system did not accept the job for %1.")
                        .arg(printer.printerName()));
    return {};
}

} // namespace tessera::ui
