#pragma once

#include "core/util/Clock.h"
#include "core/util/Error.h"

#include <QDate>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace tessera {

// The machine readable zone formats of ICAO Doc 9303 (8th edition, 2021):
// TD1 3 lines of 30 (part 5, ID cards), TD2 2 lines of 36 (part 6), TD3 2 lines of 44
// (part 4, passports).
enum class MrzFormat { TD1, TD2, TD3 };
QString mrzFormatName(MrzFormat f); // "TD1", "TD2", "TD3"

// One check digit of the zone (ICAO 9303 part 3, 4.9: weights 7-3-1, '<' = 0, A = 10 … Z = 35).
struct MrzCheck {
    QString field; // "document_number", "birth_date", "expiry_date", "optional_data", "composite"
    bool valid = false;
};

// What the zone says, less the document number and the optional data: those are checked
// and then dropped (product principle 2), so no MrzReading ever holds them.
struct MrzReading {
    MrzFormat format = MrzFormat::TD3;
    QString documentCode; // "P", "PD", "I", "ID", "AC", … (fillers removed)
    QString issuingState; // three letters, ICAO 9303 part 3 codes ("UTO", "D")
    QString nationality;
    QString familyName;             // primary identifier, fillers as spaces
    QString givenNames;             // secondary identifier, may be empty
    std::optional<QDate> birthDate; // none when the zone does not give a full date
    std::optional<QDate> expiry;
    QString sex; // "F", "M" or "X" (unspecified, '<')
    std::vector<MrzCheck> checks;
    QStringList problems; // plain words: each failed check digit, each unreadable date
    // The names could not be read with certainty (no check digit covers them, ICAO 9303 part 3,
    // 4.9): they must not fill the form unconfirmed, and the zone is not machine readable.
    bool namesUncertain = false;

    bool isPassport() const { return documentCode.startsWith(QLatin1Char('P')); }
    // Every check digit is right, both dates are real and the names were read with certainty:
    // the document is machine readable.
    bool valid() const { return problems.isEmpty(); }
    const MrzCheck *check(const QString &field) const;
    // Marks the names as read without certainty, with the problem in plain words.
    void distrustNames();
};

// The check digit of `text` (ICAO 9303 part 3, 4.9), or -1 when a character is outside the
// MRZ alphabet A-Z 0-9 '<'.
int mrzCheckDigit(QStringView text);

// Repairs what OCR typically gets wrong in a zone, using its layout (ICAO 9303 part 3): in
// fields that can only hold digits (dates, check digits) O, I, S, B, Z become 0, 1, 5, 8, 2,
// and the reverse in fields that can only hold letters (codes, nationality, names); a name
// line cut or lengthened in its trailing fillers is brought to the line width; O and 0 in the
// document number are swapped where that alone makes its check digit right. Text that is not
// two or three lines is returned as it is. Typed lines are never repaired: the clerk sees them.
QString repairOcrZone(const QString &text);

// Parses the lines of a zone as read (OCR) or typed: line breaks separate the lines, blanks
// around them are ignored, and one unbroken string of 90, 72 or 88 characters is split.
// The century of each date is resolved against `clock`: a birth date is in the past (at
// most 100 years ago), an expiry lies within 50 years either side of today.
// Refuses (InvalidInput, naming the line) a zone with the wrong number or length of lines or
// a character outside the MRZ alphabet; a wrong check digit is not a refusal but a problem
// in the reading, so the clerk learns which one failed.
Result<MrzReading> parseMrz(const QString &text, const Clock &clock);

} // namespace tessera
