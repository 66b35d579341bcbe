#pragma once

#include "core/util/Clock.h"
#include "core/util/Error.h"

#include <QByteArray>
#include <QDate>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera {

// What the form and scoring need from the PDF417 of a US or Canadian driver licence or ID
// card, and nothing more (product principle 2): the licence number (DAQ), the address, the
// physical description and every other element are never copied out of the input.
struct AamvaReading {
    int version = 0;                // AAMVA card design standard version, 1 … 10
    QString documentType;           // "DL" (driver licence) or "ID" (identification card)
    QString jurisdiction;           // the issuer's two-letter code, e.g. "VA", "ON" (DAJ, else from the IIN)
    QString country;                // "USA" or "CAN" (DCG, else from the jurisdiction or IIN)
    QString familyName;             // DCS (v2+), DAB (v1), or from DAA
    QString givenNames;             // DAC and DAD (v4+), DCT (v2, v3), DAC/DAD or DAA (v1)
    std::optional<QDate> birthDate; // DBB
    std::optional<QDate> expiry;    // DBA
    std::optional<QDate> issued;    // DBD
    bool expired = false;           // expiry before the clock's today
    // The names were read with low confidence: a version 1 full name (DAA) whose parts' order
    // had to be guessed (Pennsylvania writes "JOHN P SMITH", not the standard's "SMITH,JOHN,P").
    // Offer them unticked with the problem that says so; never prefill them silently.
    bool namesUncertain = false;
    QStringList problems; // plain words: fields present but unreadable, fields missing, names guessed
};

// Parses the text of an AAMVA DL/ID card PDF417 (AAMVA DL/ID Card Design Standard, 2000
// (version 1) to 2020 (version 10), annex D): the header "@\n\x1e\rANSI " with IIN, version,
// jurisdiction version and number of entries; the subfile directory (type, offset, length);
// the DL or ID subfile's data elements, each a three-letter id, its value and a line feed.
// Names: DCS or DAB is the family name, DAC and DAD (or DCT) the given names, each without
// the commas some issuers leave at their ends (Ontario's "TESTER,"). Version 1's full name DAA
// is "family,given,middle,suffix" (AAMVA DL/ID-2000); the suffix (JR, SR, II, III, IV) is
// no given name and is dropped. A DAA without commas ("JOHN P SMITH", Pennsylvania) is read
// given names first, family name last, and marked namesUncertain.
// The subfile: where its directory entry says, else right after the directory. Tolerated
// departures from annex D, each seen on real cards: a wrong offset when the subfile follows
// the directory; no "DL"/"ID" designator at a right offset (Connecticut version 1, West
// Virginia and Wyoming version 4); letters instead of the offset and no length (Alberta's
// "abac"), where the subfile follows the six-byte entry.
// Dates are MMDDCCYY in US documents and CCYYMMDD in Canadian ones (the country from DCG,
// else the jurisdiction); a date that does not parse in its country's form is tried in the
// other, since version 1 and 2 issuers used both.
// `data` is taken over and wiped (explicit_bzero) before returning, whatever happens.
// Refuses (InvalidInput) text that is not an AAMVA barcode, a header or directory that is
// cut short or points outside the data, and a card without a DL or ID subfile. Every read is
// bounds-checked; no input crashes it.
Result<AamvaReading> parseAamva(QByteArray &&data, const Clock &clock);

} // namespace tessera
