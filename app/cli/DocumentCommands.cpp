#include "cli/DocumentCommands.h"

#include "capture/PhotoChecks.h"
#include "cli/Cli.h"
#include "document/DocumentReader.h"
#include "document/DocumentText.h"
#include "document/Pdf417.h"
#include "tools/SampleDocuments.h"
#include "util/Clock.h"

#include <QElapsedTimer>
#include <QFile>
#include <QIODevice>
#include <QImageWriter>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTextStream>

#include <algorithm>
#include <string.h>
#include <vector>

namespace tessera::cli {

namespace {

QJsonValue dateValue(const std::optional<QDate> &d)
{
    return d ? QJsonValue(d->toString(Qt::ISODate)) : QJsonValue(QJsonValue::Null);
}

int writePng(const QImage &image, const QString &target, QTextStream &out, QTextStream &err)
{
    QSaveFile file(target);
    if (!file.open(QIODevice::WriteOnly))
        return reportError({ErrorCode::Io, QStringLiteral("%1 could not be written (%2).").arg(target, file.errorString())}, err);
    QImageWriter writer(&file, "png");
    if (!writer.write(image) || !file.commit())
        return reportError({ErrorCode::Io, QStringLiteral("%1 could not be written (%2).").arg(target, writer.errorString())}, err);
    out << QStringLiteral("Wrote %1 (%2 x %3 px).").arg(target).arg(image.width()).arg(image.height()) << Qt::endl;
    return Ok;
}

// What `document read --json` and `document parse --json` print. Text has no image: then the
// image's keys (size, outline_found, sharpness, glare, warnings) are left out.
enum class Source { Image, Text };

QJsonObject findingsJson(const DocumentFindings &f, Source source)
{
    QJsonObject o;
    QString kind = QStringLiteral("none");
    if (f.licence)
        kind = f.licence->documentType == QLatin1String("ID") ? QStringLiteral("id-card") : QStringLiteral("driver-licence");
    else if (f.mrz)
        kind = f.mrz->isPassport() ? QStringLiteral("passport") : QStringLiteral("id-card");
    o[QStringLiteral("kind")] = kind;
    if (source == Source::Image) {
        o[QStringLiteral("size")] = documentSizeName(f.rectified.size);
        o[QStringLiteral("outline_found")] = f.rectified.cornersFound;
        o[QStringLiteral("sharpness")] = f.rectified.sharpness;
        o[QStringLiteral("glare")] = f.rectified.glare;
        o[QStringLiteral("warnings")] = QJsonArray::fromStringList(f.rectified.warnings);
    }
    o[QStringLiteral("machine_readable")] = f.machineReadable();
    QJsonObject fields;
    if (f.licence) {
        const AamvaReading &l = *f.licence;
        o[QStringLiteral("format")] = QStringLiteral("AAMVA version %1 PDF417").arg(l.version);
        fields[QStringLiteral("family_name")] = l.familyName;
        fields[QStringLiteral("given_names")] = l.givenNames;
        fields[QStringLiteral("birth_date")] = dateValue(l.birthDate);
        fields[QStringLiteral("expiry")] = dateValue(l.expiry);
        o[QStringLiteral("document_type")] = l.documentType;
        o[QStringLiteral("jurisdiction")] = l.jurisdiction;
        o[QStringLiteral("country")] = l.country;
        o[QStringLiteral("expired")] = l.expired;
        o[QStringLiteral("names_uncertain")] = l.namesUncertain;
        o[QStringLiteral("problems")] = QJsonArray::fromStringList(l.problems);
    } else if (f.mrz) {
        const MrzReading &m = *f.mrz;
        o[QStringLiteral("format")] = QStringLiteral("ICAO 9303 %1 MRZ").arg(mrzFormatName(m.format));
        fields[QStringLiteral("family_name")] = m.familyName;
        fields[QStringLiteral("given_names")] = m.givenNames;
        fields[QStringLiteral("birth_date")] = dateValue(m.birthDate);
        fields[QStringLiteral("expiry")] = dateValue(m.expiry);
        o[QStringLiteral("document_code")] = m.documentCode;
        o[QStringLiteral("issuing_state")] = m.issuingState;
        QJsonObject checks;
        for (const MrzCheck &c : m.checks)
            checks[c.field] = c.valid;
        o[QStringLiteral("check_digits")] = checks;
        o[QStringLiteral("names_uncertain")] = m.namesUncertain;
        o[QStringLiteral("problems")] = QJsonArray::fromStringList(m.problems);
    }
    o[QStringLiteral("fields")] = fields;
    o[QStringLiteral("messages")] = QJsonArray::fromStringList(f.messages);
    return o;
}

// The findings in words, for `document read` and `document parse` without --json.
void printFindings(const DocumentFindings &f, Source source, QTextStream &out)
{
    const QJsonObject o = findingsJson(f, source);
    out << "Document: " << o.value(QStringLiteral("kind")).toString();
    if (source == Source::Image)
        out << " (" << documentSizeName(f.rectified.size) << (f.rectified.cornersFound ? "" : ", no outline found") << ")";
    out << '\n';
    if (o.contains(QStringLiteral("format")))
        out << "Read: " << o.value(QStringLiteral("format")).toString() << '\n';
    const QJsonObject fields = o.value(QStringLiteral("fields")).toObject();
    for (auto it = fields.begin(); it != fields.end(); ++it)
        out << "  " << it.key() << ": " << it.value().toString() << '\n';
    if (f.mrz) {
        for (const MrzCheck &c : f.mrz->checks)
            out << "  check digit " << c.field << ": " << (c.valid ? "right" : "WRONG") << '\n';
        out << "Machine readable: " << (f.machineReadable() ? "yes" : "no") << '\n';
    }
    if (f.licence)
        out << "  " << f.licence->documentType << ", " << f.licence->jurisdiction << " " << f.licence->country
            << (f.licence->expired ? ", expired" : "") << '\n';
    const QStringList problems = f.licence ? f.licence->problems : f.mrz ? f.mrz->problems : QStringList();
    for (const QString &w : f.rectified.warnings + problems + f.messages)
        out << "Note: " << w << '\n';
    out.flush();
}

int read(const QString &path, const Clock &clock, bool json, QTextStream &out, QTextStream &err)
{
    auto image = readPhotoFile(path);
    if (!image)
        return reportError(image.error(), err);
    auto found = readDocument(*image, clock);
    if (!found)
        return reportError(found.error(), err);
    found->clearImage();
    if (json)
        out << QJsonDocument(findingsJson(*found, Source::Image)).toJson(QJsonDocument::Compact) << Qt::endl;
    else
        printFindings(*found, Source::Image, out);
    return found->foundAnything() ? Ok : CheckFailed;
}

// More than any zone (3 x 30) or barcode (a PDF417 holds at most 1850 text characters, ISO/IEC
// 15438) with room for a wedge's extra characters; anything longer is not a document's text.
constexpr qint64 kMaxTextBytes = 16 * 1024;

// Reads the text of a document from `path`, or standard input for "-". Unbuffered, into one
// buffer that the caller wipes; nothing is left in a Qt buffer beyond the device's own.
Result<QByteArray> readText(const QString &path, QIODevice *in, QTextStream &err)
{
    QByteArray text;
    text.reserve(kMaxTextBytes + 1);
    auto readAll = [&text](QIODevice &device) {
        char chunk[512];
        qint64 n = 0;
        while (text.size() <= kMaxTextBytes && (n = device.read(chunk, sizeof chunk)) > 0)
            text.append(chunk, static_cast<qsizetype>(std::min<qint64>(n, kMaxTextBytes + 1 - text.size())));
        explicit_bzero(chunk, sizeof chunk);
        return n >= 0 || device.atEnd();
    };
    bool ok = false;
    if (path == QLatin1String("-")) {
        if (!in || !in->isOpen())
            return fail(ErrorCode::InvalidInput, QStringLiteral("There is no standard input to read the text from."));
        if (in->property("tessera_tty").toBool())
            err << "Type or scan the zone's lines or the barcode, then press Ctrl-D." << Qt::endl;
        ok = readAll(*in);
    } else {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
            return fail(ErrorCode::NotFound, QStringLiteral("%1 could not be read (%2).").arg(path, file.errorString()));
        ok = readAll(file);
    }
    if (!ok || text.size() > kMaxTextBytes) {
        explicit_bzero(text.data(), static_cast<size_t>(text.size()));
        return fail(ErrorCode::InvalidInput, ok ? QStringLiteral("The text is longer than any zone or barcode (more than %1 bytes).").arg(kMaxTextBytes)
                                                : QStringLiteral("The text could not be read."));
    }
    return text;
}

int parse(const QString &path, QIODevice *in, const Clock &clock, bool json, QTextStream &out, QTextStream &err)
{
    auto text = readText(path, in, err);
    if (!text)
        return reportError(text.error(), err);
    auto found = readDocumentText(std::move(*text), clock); // wipes the text
    if (!found)
        return reportError(found.error(), err);
    if (json)
        out << QJsonDocument(findingsJson(*found, Source::Text)).toJson(QJsonDocument::Compact) << Qt::endl;
    else
        printFindings(*found, Source::Text, out);
    return Ok;
}

int rectify(const QString &path, const QString &target, QTextStream &out, QTextStream &err)
{
    auto image = readPhotoFile(path);
    if (!image)
        return reportError(image.error(), err);
    auto doc = rectifyDocument(*image);
    if (!doc)
        return reportError(doc.error(), err);
    for (const QString &w : doc->warnings)
        err << "tessera-cli: note: " << w << '\n';
    out << QStringLiteral("Found: %1%2.").arg(documentSizeName(doc->size), doc->cornersFound ? QString() : QStringLiteral(" (no outline)"))
        << '\n';
    if (doc->cornersFound) {
        QStringList corners;
        for (const QPointF &c : doc->corners)
            corners << QStringLiteral("(%1, %2)").arg(c.x(), 0, 'f', 0).arg(c.y(), 0, 'f', 0);
        out << "Corners (top left, top right, bottom right, bottom left): " << corners.join(QStringLiteral(" ")) << '\n';
    }
    out << QStringLiteral("Sharpness %1, glare %2%.").arg(doc->sharpness, 0, 'f', 0).arg(doc->glare * 100, 0, 'f', 1) << '\n';
    return writePng(doc->image, target, out, err);
}

int makeSample(const QString &what, const QString &target, const QString &seedText, QTextStream &out, QTextStream &err)
{
    bool ok = true;
    const quint32 seed = seedText.isEmpty() ? 1u : seedText.toUInt(&ok);
    if (!ok)
        return reportUsage(QStringLiteral("--seed needs a whole number."), err);
    QImage document;
    double blur = 0.0;
    if (what == QLatin1String("licence")) {
        document = sample::licenceBack();
    } else if (what == QLatin1String("id-card")) {
        document = sample::idCardBack();
        blur = 0.6;
    } else if (what == QLatin1String("passport")) {
        document = sample::passportPage();
        blur = 0.6;
    } else {
        return reportUsage(QStringLiteral("document make-sample needs licence, passport or id-card."), err);
    }
    return writePng(sample::inPhoto(document, sample::desk(2400, 1800, seed), 2400, 1800, seed, blur), target, out, err);
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

int bench(const QString &path, const QString &framesText, bool json, QTextStream &out, QTextStream &err)
{
    int runs = 20;
    if (!framesText.isEmpty()) {
        bool ok = false;
        runs = framesText.toInt(&ok);
        if (!ok || runs < 1 || runs > 10000)
            return reportUsage(QStringLiteral("--frames needs a whole number from 1 to 10000."), err);
    }
    auto image = readPhotoFile(path);
    if (!image)
        return reportError(image.error(), err);
    // A 12-megapixel capture (4000 x 3000) of what IMAGE shows.
    const QImage capture = image->scaled(4000, 3000, Qt::IgnoreAspectRatio, Qt::SmoothTransformation).convertToFormat(QImage::Format_RGB32);
    auto first = rectifyDocument(capture);
    if (!first)
        return reportError(first.error(), err);
    std::vector<double> rectifyMs;
    QElapsedTimer timer;
    for (int i = 0; i < runs; ++i) {
        timer.start();
        auto doc = rectifyDocument(capture);
        rectifyMs.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
        if (!doc)
            return reportError(doc.error(), err);
    }
    std::vector<double> decodeMs;
    bool decoded = false;
    for (int i = 0; i < runs; ++i) {
        timer.start();
        auto bytes = decodePdf417(first->image);
        decodeMs.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
        decoded = bytes.has_value();
        if (bytes)
            bytes->fill('\0');
    }
    const double r = median(rectifyMs);
    const double d = median(decodeMs);
    if (json)
        out << QJsonDocument(QJsonObject{{QStringLiteral("runs"), runs}, {QStringLiteral("capture_width"), 4000},
                                         {QStringLiteral("capture_height"), 3000}, {QStringLiteral("size"), documentSizeName(first->size)},
                                         {QStringLiteral("rectify_median_ms"), r}, {QStringLiteral("pdf417_decoded"), decoded},
                                         {QStringLiteral("pdf417_median_ms"), d}})
                   .toJson(QJsonDocument::Compact)
            << Qt::endl;
    else
        out << QStringLiteral("Rectification of a 4000x3000 capture (%1 found), %2 runs: median %3 ms (target 150).\n"
                              "PDF417 decode on the rectified %4x%5 image (%6): median %7 ms (target 50).")
                   .arg(documentSizeName(first->size))
                   .arg(runs)
                   .arg(r, 0, 'f', 1)
                   .arg(first->image.width())
                   .arg(first->image.height())
                   .arg(decoded ? QStringLiteral("decoded") : QStringLiteral("NOT decoded"))
                   .arg(d, 0, 'f', 1)
            << Qt::endl;
    return decoded ? Ok : CheckFailed;
}

} // namespace

int runDocumentCommand(const QStringList &words, const DocumentOptions &options, QTextStream &out, QTextStream &err)
{
    const QString action = words.value(1);
    if (words.value(0) == QLatin1String("bench")) {
        if (words.size() != 3)
            return reportUsage(QStringLiteral("bench document needs one IMAGE."), err);
        return bench(words.value(2), options.frames, options.json, out, err);
    }
    if (action == QLatin1String("read")) {
        if (words.size() != 3)
            return reportUsage(QStringLiteral("document read needs one IMAGE."), err);
        return read(words.value(2), options.clock ? *options.clock : SystemClock::instance(), options.json, out, err);
    }
    if (action == QLatin1String("parse")) {
        if (words.size() > 3)
            return reportUsage(QStringLiteral("document parse takes one FILE, or - (or nothing) for standard input."), err);
        return parse(words.size() == 3 ? words.value(2) : QStringLiteral("-"), options.in,
                     options.clock ? *options.clock : SystemClock::instance(), options.json, out, err);
    }
    if (action == QLatin1String("rectify")) {
        if (words.size() != 4)
            return reportUsage(QStringLiteral("document rectify needs IMAGE and OUT.png."), err);
        return rectify(words.value(2), words.value(3), out, err);
    }
    if (action == QLatin1String("make-sample")) {
        if (words.size() != 4)
            return reportUsage(QStringLiteral("document make-sample needs licence, passport or id-card, and OUT.png."), err);
        return makeSample(words.value(2), words.value(3), options.seed, out, err);
    }
    return reportUsage(QStringLiteral("document needs read, parse, rectify or make-sample."), err);
}

} // namespace tessera::cli
