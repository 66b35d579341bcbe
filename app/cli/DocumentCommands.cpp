#include "app/cli/DocumentCommands.h"

#include "app/cli/CommandRegistry.h"
#include "app/tools/DocumentBenchmark.h"
#include "app/tools/SampleDocuments.h"
#include "core/capture/PhotoChecks.h"
#include "core/document/DocumentReader.h"
#include "core/document/DocumentText.h"
#include "core/document/Pdf417.h"
#include "core/util/Clock.h"

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

int writePng(Invocation &call, const QImage &image, const QString &target)
{
    QTextStream &out = call.out();
    QSaveFile file(target);
    if (!file.open(QIODevice::WriteOnly))
        return call.report(
            {ErrorCode::Io, QStringLiteral("%1 could not be written (%2).").arg(target, file.errorString())});
    QImageWriter writer(&file, "png");
    if (!writer.write(image) || !file.commit())
        return call.report(
            {ErrorCode::Io, QStringLiteral("%1 could not be written (%2).").arg(target, writer.errorString())});
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
        kind = f.licence->documentType == QLatin1String("ID") ? QStringLiteral("id-card")
                                                              : QStringLiteral("driver-licence");
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
        out << " (" << documentSizeName(f.rectified.size) << (f.rectified.cornersFound ? "" : ", no outline found")
            << ")";
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

int read(Invocation &call, const QString &path, const Clock &clock, bool json)
{
    QTextStream &out = call.out();
    auto image = readPhotoFile(path);
    if (!image)
        return call.report(image.error());
    auto found = readDocument(*image, clock);
    if (!found)
        return call.report(found.error());
    found->clearImage();
    if (json)
        out << QJsonDocument(findingsJson(*found, Source::Image)).toJson(QJsonDocument::Compact) << Qt::endl;
    else
        printFindings(*found, Source::Image, out);
    return found->foundAnything() ? Ok : CheckFailed;
}

// More than any zone (3 x 30) or barcode (a PDF417 holds at most 1850 text characters, ISO/IEC
// 15438) with room for a wedge's extra characters; anything longer is not a document's text.
constexpr qint64 kMaxTextBytes = qint64 {16} * 1024;

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
            return fail(ErrorCode::NotFound,
                        QStringLiteral("%1 could not be read (%2).").arg(path, file.errorString()));
        ok = readAll(file);
    }
    if (!ok || text.size() > kMaxTextBytes) {
        explicit_bzero(text.data(), static_cast<size_t>(text.size()));
        return fail(
            ErrorCode::InvalidInput,
            ok ? QStringLiteral("The text is longer than any zone or barcode (more than %1 bytes).").arg(kMaxTextBytes)
               : QStringLiteral("The text could not be read."));
    }
    return text;
}

int parse(Invocation &call, const QString &path, QIODevice *in, const Clock &clock, bool json)
{
    QTextStream &out = call.out();
    QTextStream &err = call.err();
    auto text = readText(path, in, err);
    if (!text)
        return call.report(text.error());
    auto found = readDocumentText(std::move(*text), clock); // wipes the text
    if (!found)
        return call.report(found.error());
    if (json)
        out << QJsonDocument(findingsJson(*found, Source::Text)).toJson(QJsonDocument::Compact) << Qt::endl;
    else
        printFindings(*found, Source::Text, out);
    return Ok;
}

int rectify(Invocation &call, const QString &path, const QString &target)
{
    QTextStream &out = call.out();
    QTextStream &err = call.err();
    auto image = readPhotoFile(path);
    if (!image)
        return call.report(image.error());
    auto doc = rectifyDocument(*image);
    if (!doc)
        return call.report(doc.error());
    for (const QString &w : doc->warnings)
        err << "tessera-cli: note: " << w << '\n';
    out << QStringLiteral("Found: %1%2.")
               .arg(documentSizeName(doc->size), doc->cornersFound ? QString() : QStringLiteral(" (no outline)"))
        << '\n';
    if (doc->cornersFound) {
        QStringList corners;
        for (const QPointF &c : doc->corners)
            corners << QStringLiteral("(%1, %2)").arg(c.x(), 0, 'f', 0).arg(c.y(), 0, 'f', 0);
        out << "Corners (top left, top right, bottom right, bottom left): " << corners.join(QStringLiteral(" "))
            << '\n';
    }
    out << QStringLiteral("Sharpness %1, glare %2%.").arg(doc->sharpness, 0, 'f', 0).arg(doc->glare * 100, 0, 'f', 1)
        << '\n';
    return writePng(call, doc->image, target);
}

int makeSample(Invocation &call, const QString &what, const QString &target, const QString &seedText)
{
    bool ok = true;
    const quint32 seed = seedText.isEmpty() ? 1u : seedText.toUInt(&ok);
    if (!ok)
        return call.usage(QStringLiteral("--seed needs a whole number."));
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
        return call.usage(QStringLiteral("document make-sample needs licence, passport or id-card."));
    }
    return writePng(call, sample::inPhoto(document, sample::desk(2400, 1800, seed), 2400, 1800, seed, blur), target);
}

int bench(Invocation &call, const QString &path, const QString &framesText, bool json)
{
    QTextStream &out = call.out();
    int runs = 20;
    if (!framesText.isEmpty()) {
        bool ok = false;
        runs = framesText.toInt(&ok);
        if (!ok || runs < 1 || runs > 10000)
            return call.usage(QStringLiteral("--frames needs a whole number from 1 to 10000."));
    }
    auto image = readPhotoFile(path);
    if (!image)
        return call.report(image.error());
    auto b = DocumentBenchmark::run(*image, runs);
    if (!b)
        return call.report(b.error());
    if (json)
        out << QJsonDocument(QJsonObject {{QStringLiteral("runs"), runs},
                                          {QStringLiteral("capture_width"), 4000},
                                          {QStringLiteral("capture_height"), 3000},
                                          {QStringLiteral("size"), documentSizeName(b->size)},
                                          {QStringLiteral("rectify_median_ms"), b->rectifyMedianMs},
                                          {QStringLiteral("pdf417_decoded"), b->decoded},
                                          {QStringLiteral("pdf417_median_ms"), b->decodeMedianMs}})
                   .toJson(QJsonDocument::Compact)
            << Qt::endl;
    else
        out << QStringLiteral("Rectification of a 4000x3000 capture (%1 found), %2 runs: median %3 ms (target 150).\n"
                              "PDF417 decode on the rectified %4x%5 image (%6): median %7 ms (target 50).")
                   .arg(documentSizeName(b->size))
                   .arg(runs)
                   .arg(b->rectifyMedianMs, 0, 'f', 1)
                   .arg(b->rectified.width())
                   .arg(b->rectified.height())
                   .arg(b->decoded ? QStringLiteral("decoded") : QStringLiteral("NOT decoded"))
                   .arg(b->decodeMedianMs, 0, 'f', 1)
            << Qt::endl;
    return b->decoded ? Ok : CheckFailed;
}

class DocumentReadCommand : public Command {
public:
    DocumentReadCommand()
        : Command(
            {{QStringLiteral("document"), QStringLiteral("read")},
             QStringLiteral(
                 "Find a document in the image, rectify it, read its PDF417 (US/Canadian licence or ID card) or its "
                 "machine "
                 "readable zone (passport, ID card) and say what would be prefilled, with the check-digit results."),
             QStringLiteral("Never prints the document number or the raw text. Exit 0 when something was read, 1 when "
                            "nothing was, "
                            "5 when the image is unusable."),
             {},
             {{QStringLiteral("IMAGE"), QStringLiteral("a photo or scan of the document")}}})
    {
    }
    int run(Invocation &call) override { return read(call, call.argument(0), call.clock(), call.json()); }
};

class DocumentParseCommand : public Command {
public:
    DocumentParseCommand()
        : Command(
            {{QStringLiteral("document"), QStringLiteral("parse")},
             QStringLiteral("Read the lines of a machine readable zone or the text of a licence or ID card barcode, as "
                            "typed or as a "
                            "keyboard-wedge scanner sends it, and say what would be prefilled, as document read does."),
             QStringLiteral(
                 "Mangled separators are undone; typed lines are not OCR-repaired. Never prints the document number or "
                 "the text. Exit 0 when read, 5 when the text is neither."),
             {},
             {{QStringLiteral("FILE|-"), QStringLiteral("the text's file, or - (or nothing) for standard input"),
               true}}})
    {
    }
    int run(Invocation &call) override
    {
        const QString path = call.argument(0).isEmpty() ? QStringLiteral("-") : call.argument(0);
        return parse(call, path, &call.in(), call.clock(), call.json());
    }
};

class DocumentRectifyCommand : public Command {
public:
    DocumentRectifyCommand()
        : Command({{QStringLiteral("document"), QStringLiteral("rectify")},
                   QStringLiteral("The document found in IMAGE at its real proportions."),
                   {},
                   {},
                   {{QStringLiteral("IMAGE"), QStringLiteral("a photo or scan of the document")},
                    {QStringLiteral("OUT.png"), QStringLiteral("where to write it")}}})
    {
    }
    int run(Invocation &call) override { return rectify(call, call.argument(0), call.argument(1)); }
};

class DocumentSampleCommand : public Command {
public:
    DocumentSampleCommand()
        : Command({{QStringLiteral("document"), QStringLiteral("make-sample")},
                   QStringLiteral("A fictional specimen document photographed in perspective, to try the reader with."),
                   {},
                   {{QStringLiteral("--seed"), QStringLiteral("N"),
                     QStringLiteral("the seed of its placement and noise (default 1)")}},
                   {{QStringLiteral("KIND"),
                     QStringLiteral("the specimen"),
                     false,
                     {QStringLiteral("licence"), QStringLiteral("passport"), QStringLiteral("id-card")}},
                    {QStringLiteral("OUT.png"), QStringLiteral("where to write it")}}})
    {
    }
    int run(Invocation &call) override
    {
        return makeSample(call, call.argument(0), call.argument(1), call.option(QStringLiteral("--seed")));
    }
};

class BenchDocumentCommand : public Command {
public:
    BenchDocumentCommand()
        : Command(
            {{QStringLiteral("bench"), QStringLiteral("document")},
             QStringLiteral(
                 "Median rectification time of a 12-megapixel capture made from IMAGE and median PDF417 decode time on "
                 "the rectified card."),
             {},
             {{QStringLiteral("--frames"), QStringLiteral("N"), QStringLiteral("runs of each (default 20)")}},
             {{QStringLiteral("IMAGE"), QStringLiteral("a photo or scan of a licence's back")}}})
    {
    }
    int run(Invocation &call) override
    {
        return bench(call, call.argument(0), call.option(QStringLiteral("--frames")), call.json());
    }
};

} // namespace

void addDocumentCommands(CommandRegistry &registry)
{
    registry.add(std::make_unique<DocumentReadCommand>());
    registry.add(std::make_unique<DocumentParseCommand>());
    registry.add(std::make_unique<DocumentRectifyCommand>());
    registry.add(std::make_unique<DocumentSampleCommand>());
    registry.add(std::make_unique<BenchDocumentCommand>());
}

} // namespace tessera::cli
