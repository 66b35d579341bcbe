#pragma once

#include "core/document/DocumentReader.h"
#include "core/util/Clock.h"
#include "core/util/Error.h"

#include <QByteArray>

namespace tessera {

// Reads the text of a document as a clerk types it or a keyboard-wedge scanner sends it:
// the lines of a machine readable zone (ICAO 9303), or the text of an AAMVA licence or ID card
// PDF417 (AAMVA DL/ID Card Design Standard, annex D). Which one is decided by content: an
// "@" first, or the "ANSI " / "AAMVA" file type in the first bytes, is a barcode; anything
// else is taken as zone lines.
//
// Barcode text goes through normalizeAamvaText first. Zone lines are taken as typed: capitals
// (lower case is raised), blanks and tabs dropped, CR or CR LF as line breaks; they are not
// OCR-repaired (MrzParser.h: the clerk sees what was typed).
// The findings carry no image (rectified is left empty) and no messages.
// `text` is taken over and wiped (explicit_bzero) before returning, whatever happens, and so
// is every copy made of it. Refuses (InvalidInput) empty text and text that reads as
// neither, with the parser's reason.
Result<DocumentFindings> readDocumentText(QByteArray &&text, const Clock &clock);

// Undoes what keyboard wedges and editors do to an AAMVA barcode's text, so that the
// directory's offsets fit again. Real captures (IdParser's test licences) show the header's
// LF, RS and CR turned into LF, into other characters ("6", "a", "Ü", "M") or dropped, C1
// control characters (U+0080-U+009F) added as noise, blanks before the "@", line ends written
// as CR LF or as CR alone, and the CR that ends each subfile turned into LF. So: text that is
// UTF-8 is taken back to ISO 8859-1 (the standard's character set); C1 characters and leading
// whitespace go; whatever stands between "@" and the file type becomes LF RS CR again; CR LF
// becomes LF, and CR becomes LF when the text has no LF at all; a LF where the directory says
// a subfile ends becomes CR. Element data is otherwise untouched. Input that does not start
// with "@" (after the blanks) is returned as it is. `text` is wiped.
QByteArray normalizeAamvaText(QByteArray &&text);

} // namespace tessera
