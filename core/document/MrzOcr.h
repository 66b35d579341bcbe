#pragma once

#include "util/Error.h"

#include <QImage>
#include <QString>

namespace tessera {

// Reads the text of a machine readable zone with Tesseract (Debian's libtesseract, English
// LSTM data), limited to the MRZ alphabet A-Z 0-9 '<', page segmentation "single block".
// `band` is the zone cut from a rectified document, upright; it is binarised (Otsu) and
// scaled here. Returns the lines read, cleaned to the alphabet (spaces removed), for
// parseMrz(); never logs or stores them. NotFound when Tesseract's data is missing or nothing
// like a zone is read. Creates its own Tesseract instance per call: thread-safe.
Result<QString> readMrzText(const QImage &band);

} // namespace tessera
