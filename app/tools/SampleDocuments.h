#pragma once

#include <QByteArray>
#include <QImage>
#include <QString>
#include <QStringList>

namespace tessera {

// Fictional specimen documents drawn in memory, for the tests, `tessera-cli document
// make-sample` and trying the reader at the counter. Every value is invented and every image
// says SPECIMEN. Deterministic for a given seed.
namespace sample {

// The AAMVA version 10 text of a fictional Virginia licence: SPECIMEN, MAREN ELISE HALLORAN,
// born 1988-03-14, expires 2031-03-14, licence number kLicenceNumber.
QByteArray licenceAamvaText();
inline constexpr const char *kLicenceNumber = "T6KQ93814";
// The back of that card, rectified: ID-1 at 300 dpi (1012 x 638), its PDF417 written by zxing-cpp.
QImage licenceBack();

// The typeface a specimen's zone is printed in: OCR-B, which ICAO 9303 part 3 prescribes
// (Debian's fonts-ocr-b; DejaVu Sans Mono when it is not installed), or DejaVu Sans Mono, as an
// ordinary office printer might print it.
enum class ZoneTypeface { OcrB, DejaVuSansMono };

// The TD3 zone of a fictional Utopian passport: QUINTERO, ROSALIND JUNE, born 1990-05-21,
// expires 2033-09-17, number kPassportNumber; every check digit right.
QString passportMrz();
inline constexpr const char *kPassportNumber = "X7Q41K2P8";
// The data page, rectified: ID-3 at 300 dpi (1476 x 1039), the zone at 10 characters an inch.
QImage passportPage(ZoneTypeface typeface = ZoneTypeface::OcrB);

// The TD1 zone of a fictional Utopian ID card: QUINTERO, ROSALIND JUNE, born 1990-05-21,
// expires 2031-02-11, number kIdCardNumber; every check digit right.
QString idCardMrz();
inline constexpr const char *kIdCardNumber = "UQ7R29K45";
// The back of that card, rectified: ID-1 at 300 dpi (1012 x 638), the zone in its bottom part.
QImage idCardBack(ZoneTypeface typeface = ZoneTypeface::OcrB);

// A blank page with only `lines` in its zone, drawn as the specimens draw theirs: an ID-1 card
// (1012 x 638) for three lines, a passport page (1476 x 1039) for two. For tests of the reader.
QImage zonePage(const QStringList &lines, ZoneTypeface typeface = ZoneTypeface::OcrB);

// A plain desk surface (dark wood-like stripes, seeded), for a background with no photo.
QImage desk(int width, int height, quint32 seed);

// `document` as a camera sees it: lying in perspective on `background` (scaled to fill a
// `width` x `height` frame), turned by a few degrees, blurred by `blur` (0: none) and with
// seeded sensor noise.
QImage inPhoto(const QImage &document, const QImage &background, int width, int height, quint32 seed,
               double blur = 0.0);

} // namespace sample

} // namespace tessera
