#pragma once

#include "core/cards/Units.h"
#include "core/util/Error.h"

#include <QColor>
#include <QString>
#include <QStringList>

#include <vector>

namespace tessera {

enum class CardSide { Front, Back };

// One thing drawn on a card side. Positions are millimetres from the card's top-left corner
// (the trim line); elements may reach into the bleed.
struct CardElement {
    enum class Kind {
        Rect,       // a filled (optionally rounded) rectangle: bands, stripes, panels
        Text,       // static text
        Field,      // a value bound to the card: `field` names it (boundFieldNames())
        Photo,      // the holder's photo crop; a neutral silhouette when there is none
        GhostPhoto, // the photo again, small and faint (a security feature against swaps)
        Qr,         // the signed card token (CardToken) as a QR code
        Image,      // a picture shipped with the template (logo, background pattern)
        Flag,       // `text` on a `fill` badge, drawn only when the bound yes/no `field` is "true"
                    // (veteran, organ donor: printed only when the applicant asked for it)
    };
    Kind kind = Kind::Rect;
    MmRect rect;
    QColor colour; // text colour, or fill for Rect
    QColor fill;   // Flag: the badge behind the text (none: no badge)
    double fontPoints = 7;
    bool bold = false;
    Qt::Alignment align = Qt::AlignLeft | Qt::AlignVCenter;
    QString text;  // Text, Flag: the text; Field: an optional label drawn above the value (the
                   // programme's own word replaces it where it has one, see CardData::labels)
    QString field; // Field, Flag: which value
    QString image; // Image: file name next to the template (":/tessera/templates/…")
    double opacity = 1.0;
    Millimetres cornerRadius = 0_mm;
    bool uppercase = false;
};

struct CardSideLayout {
    QColor background;
    std::vector<CardElement> elements;
};

// A card layout, loaded from a versioned JSON file (resources/templates/*.json). Validation
// collects every problem with its line and path ("line 31, front.elements[4].rect_mm: …") and
// a template with any problem is refused whole. Immutable once loaded.
struct CardTemplate {
    QString id; // "adult", "kids": the programme's age bands name these
    QString version;
    Millimetres width = kCr80Width;
    Millimetres height = kCr80Height;
    Millimetres bleed = 0_mm; // drawn beyond the trim line for edge-to-edge printers
    QString fontFamily;       // pinned, so renders are the same on every station
    QColor labelColour;
    CardSideLayout front;
    CardSideLayout back;

    const CardSideLayout &side(CardSide s) const { return s == CardSide::Front ? front : back; }

    // `imageDir` is where Image elements' files are looked up (checked at load).
    static Result<CardTemplate> fromJson(const QByteArray &json,
                                         const QString &imageDir = QStringLiteral(":/tessera/templates"));
    static Result<CardTemplate> load(const QString &path);
    // A template shipped with Tessera by id ("adult", "kids").
    static Result<CardTemplate> builtIn(const QString &id);
};

// The values a Field element may name.
const QStringList &boundFieldNames();
// The yes/no values a Flag element may name.
const QStringList &boundFlagNames();

} // namespace tessera
