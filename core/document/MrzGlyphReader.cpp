#include "core/document/MrzGlyphReader.h"

#include <QFile>
#include <QPainter>
#include <QPainterPath>
#include <QRawFont>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

namespace tessera {

namespace {

// A cell in canonical form: the pitch is kCellWidth wide, the capitals kCapHeight high, their
// top at kCapTop; a patch cut from the document has kSlack more on every side, so the glyph may
// sit up to kSlack pixels off where the fixed pitch puts it.
constexpr int kCellWidth = 24;
constexpr int kCapHeight = 24;
constexpr int kCapTop = 6;
constexpr int kCellHeight = 36;
constexpr int kSlack = 3;
// Scales the score margin to the preference's range (see classify).
constexpr float kScoreMarginWeight = 10.0f;

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<";
constexpr int kClasses = 37;

struct Typeface {
    const char *name;
    const char *file;
};
// Debian's paths: fonts-ocr-b (the typeface ICAO 9303 part 3 prescribes) and fonts-dejavu-core.
constexpr Typeface kTypefaces[] = {
    {"OCR-B", "/usr/share/fonts/opentype/ocr-b/OCRB.otf"},
    {"DejaVu Sans Mono", "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"},
};

// Which characters a position of the zone may hold (ICAO 9303 parts 4 to 6): 'a' letters and
// the filler (codes, nationality, names, sex), 'n' digits and the filler (dates, check digits),
// 'x' any (document number, optional data).
const char *layout(int lines, int width, int line)
{
    if (lines == 3) {
        static const char *td1[] = {"aaaaaxxxxxxxxxnxxxxxxxxxxxxxxx", "nnnnnnnannnnnnnaaaxxxxxxxxxxxn",
                                    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"};
        return td1[line];
    }
    if (width == 36) {
        static const char *td2[] = {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "xxxxxxxxxnaaannnnnnnannnnnnnxxxxxxxn"};
        return td2[line];
    }
    static const char *td3[] = {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                                "xxxxxxxxxnaaannnnnnnannnnnnnxxxxxxxxxxxxxxnn"};
    return td3[line];
}

// What a glyph counts as in a position of the given kind: in letter positions a digit that
// looks like a letter counts as that letter, in digit positions the reverse (the confusions of
// repairOcrZone), so that "0" in a name is read as the "O" it must be, and the certainty is
// the margin between outcomes that differ. -1: the glyph cannot stand there.
int meaning(char kind, int cls)
{
    const char c = kAlphabet[cls];
    if (kind == 'x' || c == '<')
        return cls;
    const bool letter = cls < 26;
    if (kind == 'a') {
        if (letter)
            return cls;
        switch (c) {
        case '0':
            return 'O' - 'A';
        case '1':
            return 'I' - 'A';
        case '2':
            return 'Z' - 'A';
        case '5':
            return 'S' - 'A';
        case '8':
            return 'B' - 'A';
        default:
            return -1;
        }
    }
    if (!letter)
        return cls;
    switch (c) {
    case 'O':
    case 'D':
    case 'Q':
        return 26;
    case 'I':
    case 'L':
        return 27;
    case 'Z':
        return 28;
    case 'S':
        return 31;
    case 'G':
        return 32;
    case 'B':
        return 34;
    default:
        return -1;
    }
}

// One typeface's 37 glyphs in canonical cells, ink 1 on 0, lightly blurred.
struct GlyphSet {
    QString name;
    std::array<cv::Mat, kClasses> glyph;
};

std::optional<GlyphSet> renderGlyphs(const Typeface &face)
{
    if (!QFile::exists(QString::fromLatin1(face.file)))
        return std::nullopt;
    const QRawFont font(QString::fromLatin1(face.file), 200);
    if (!font.isValid())
        return std::nullopt;
    const auto indexOf = [&](QChar c) {
        const QList<quint32> i = font.glyphIndexesForString(QString(c));
        return i.isEmpty() ? 0u : i.front();
    };
    const QRectF capital = font.pathForGlyph(indexOf(QLatin1Char('H'))).boundingRect();
    const QList<QPointF> advances = font.advancesForGlyphIndexes(QList<quint32> {indexOf(QLatin1Char('H'))});
    if (capital.height() <= 0 || advances.isEmpty() || advances.front().x() <= 0)
        return std::nullopt;
    const double pitch = advances.front().x();
    GlyphSet set;
    set.name = QString::fromLatin1(face.name);
    for (int c = 0; c < kClasses; ++c) {
        const QPainterPath path = font.pathForGlyph(indexOf(QLatin1Char(kAlphabet[c])));
        QImage image(kCellWidth, kCellHeight, QImage::Format_Grayscale8);
        image.fill(0);
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing);
        p.translate(0, kCapTop);
        p.scale(kCellWidth / pitch, kCapHeight / capital.height());
        p.translate(0, -capital.top());
        p.fillPath(path, Qt::white);
        p.end();
        cv::Mat m(image.height(), image.width(), CV_8UC1, image.bits(), static_cast<size_t>(image.bytesPerLine()));
        cv::Mat f;
        m.convertTo(f, CV_32F, 1.0 / 255.0);
        cv::GaussianBlur(f, set.glyph[static_cast<std::size_t>(c)], cv::Size(3, 3), 0);
    }
    return set;
}

// A mark in the band: a connected component of ink.
struct Mark {
    cv::Rect box;
    double cx() const { return box.x + box.width / 2.0; }
    double cy() const { return box.y + box.height / 2.0; }
};

struct Row {
    std::vector<Mark> marks;
    double cy = 0;
    double height = 0; // median height of its marks
    int left = 0;
    int right = 0;
};

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
}

// Rows of glyph-sized marks, top to bottom.
std::vector<Row> rowsOf(const cv::Mat &ink)
{
    cv::Mat labels;
    cv::Mat stats;
    cv::Mat centroids;
    const int n = cv::connectedComponentsWithStats(ink, labels, stats, centroids, 8, CV_32S);
    std::vector<Mark> marks;
    for (int i = 1; i < n; ++i) {
        const cv::Rect box(stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP),
                           stats.at<int>(i, cv::CC_STAT_WIDTH), stats.at<int>(i, cv::CC_STAT_HEIGHT));
        if (box.height < 8 || box.height > ink.rows / 2 || box.width > 3 * box.height || box.width > ink.cols / 8
            || stats.at<int>(i, cv::CC_STAT_AREA) < 12)
            continue;
        // The document's edge or what lies beyond it, not a glyph.
        if (box.x == 0 || box.y == 0 || box.x + box.width >= ink.cols || box.y + box.height >= ink.rows)
            continue;
        marks.push_back({box});
    }
    std::sort(marks.begin(), marks.end(), [](const Mark &a, const Mark &b) { return a.cy() < b.cy(); });
    std::vector<Row> rows;
    for (const Mark &m : marks) {
        if (!rows.empty() && std::abs(m.cy() - rows.back().cy) < 0.4 * rows.back().height) {
            Row &r = rows.back();
            r.marks.push_back(m);
            r.cy += (m.cy() - r.cy) / static_cast<double>(r.marks.size());
            r.height = std::max(r.height, static_cast<double>(m.box.height) * 0.8);
        } else {
            rows.push_back({{m}, m.cy(), static_cast<double>(m.box.height)});
        }
    }
    for (Row &r : rows) {
        std::sort(r.marks.begin(), r.marks.end(), [](const Mark &a, const Mark &b) { return a.box.x < b.box.x; });
        // Marks apart from the row at either end (a stain, a printed edge) are not part of it.
        if (r.marks.size() >= 4) {
            std::vector<double> gaps;
            for (std::size_t i = 1; i < r.marks.size(); ++i)
                gaps.push_back(r.marks[i].cx() - r.marks[i - 1].cx());
            const double usual = median(gaps);
            while (r.marks.size() >= 4 && r.marks[1].cx() - r.marks[0].cx() > 3 * usual)
                r.marks.erase(r.marks.begin());
            while (r.marks.size() >= 4 && r.marks.back().cx() - r.marks[r.marks.size() - 2].cx() > 3 * usual)
                r.marks.pop_back();
        }
        // The capitals' height: fillers are lower, and a zone may be half fillers.
        std::vector<double> heights;
        heights.reserve(r.marks.size());
        for (const Mark &m : r.marks)
            heights.push_back(m.box.height);
        std::sort(heights.begin(), heights.end());
        const double tall = heights[heights.size() * 9 / 10];
        std::erase_if(heights, [&](double h) { return h < 0.8 * tall; });
        r.height = median(heights);
        r.left = r.marks.front().box.x;
        r.right = r.marks.back().box.x + r.marks.back().box.width;
    }
    return rows;
}

// The zone: the bottom two or three rows that span the same width with many marks.
std::vector<Row> zoneRows(std::vector<Row> rows, int bandWidth)
{
    std::erase_if(rows, [&](const Row &r) { return r.marks.size() < 20 || r.right - r.left < bandWidth / 3; });
    std::vector<Row> zone;
    for (auto it = rows.rbegin(); it != rows.rend() && zone.size() < 3; ++it) {
        if (!zone.empty()) {
            const Row &below = zone.back();
            const double pitch =
                static_cast<double>(below.right - below.left) / static_cast<double>(below.marks.size());
            if (std::abs(it->left - below.left) > pitch || std::abs(it->right - below.right) > 1.5 * pitch
                || std::abs(it->height - below.height) > 0.3 * below.height || below.cy - it->cy > 3.5 * below.height)
                break;
        }
        zone.push_back(*it);
    }
    std::reverse(zone.begin(), zone.end());
    return zone;
}

// Where the cells of a row of `width` characters lie: the centre of cell i is a + b * i,
// fitted to the marks by least squares after each mark is given its nearest cell.
std::pair<double, double> cellCentres(const Row &row, int width)
{
    double a = row.marks.front().cx();
    double b = (row.marks.back().cx() - a) / (width - 1);
    for (int pass = 0; pass < 2; ++pass) {
        double n = 0, si = 0, sx = 0, sii = 0, six = 0;
        for (const Mark &m : row.marks) {
            const double i = std::round((m.cx() - a) / b);
            if (i < 0 || i >= width || std::abs(m.cx() - (a + b * i)) > 0.3 * b)
                continue;
            n += 1;
            si += i;
            sx += m.cx();
            sii += i * i;
            six += i * m.cx();
        }
        const double det = n * sii - si * si;
        if (n < 4 || det <= 0)
            break;
        b = (n * six - si * sx) / det;
        a = (sx - b * si) / n;
    }
    return {a, b};
}

// The top of the capitals along a row: y = a + b * x, fitted to its full-height marks.
std::pair<double, double> capLine(const Row &row)
{
    double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (const Mark &m : row.marks) {
        if (m.box.height < 0.85 * row.height || m.box.height > 1.2 * row.height)
            continue;
        n += 1;
        sx += m.cx();
        sy += m.box.y;
        sxx += m.cx() * m.cx();
        sxy += m.cx() * m.box.y;
    }
    const double det = n * sxx - sx * sx;
    if (n < 2 || det <= 0)
        return {row.cy - row.height / 2, 0};
    const double b = (n * sxy - sx * sy) / det;
    return {(sy - b * sx) / n, b};
}

struct CellRead {
    int best = kClasses - 1;
    float score = -1;
    float certainty = 0;
};

// How much better glyph `a` explains the patch than glyph `b`, from -1 to 1, judged only on
// the pixels where the two glyphs differ (S and B share most of their ink; the left bar tells
// them apart), with the patch window where `a` fits best.
float preference(const cv::Mat &patch, const cv::Mat &a, const cv::Mat &b, cv::Point at)
{
    cv::Mat differ;
    cv::absdiff(a, b, differ);
    const cv::Mat mask = differ > 0.25f;
    if (cv::countNonZero(mask) == 0)
        return 0;
    const cv::Mat window = patch(cv::Rect(at, a.size()));
    const auto error = [&](const cv::Mat &glyph) {
        cv::Mat d;
        cv::absdiff(window, glyph, d);
        d = d.mul(d);
        d.setTo(0, ~mask);
        return cv::sum(d)[0];
    };
    const double ea = error(a);
    const double eb = error(b);
    return static_cast<float>((eb - ea) / (ea + eb + 1e-6));
}

CellRead classify(const cv::Mat &patch, const GlyphSet &set, char kind)
{
    // Per meaning: the best score, the glyph that gave it and where it fitted.
    std::array<float, kClasses> scores {};
    std::array<int, kClasses> glyphOf {};
    std::array<cv::Point, kClasses> where {};
    scores.fill(-1);
    cv::Mat result;
    for (int c = 0; c < kClasses; ++c) {
        const int as = meaning(kind, c);
        if (as < 0)
            continue;
        cv::matchTemplate(patch, set.glyph[static_cast<std::size_t>(c)], result, cv::TM_SQDIFF_NORMED);
        double lowest = 0;
        cv::Point at;
        cv::minMaxLoc(result, &lowest, nullptr, &at);
        const auto i = static_cast<std::size_t>(as);
        if (1.0 - lowest > scores[i]) {
            scores[i] = static_cast<float>(1.0 - lowest);
            glyphOf[i] = c;
            where[i] = at;
        }
    }
    int first = -1;
    int second = -1;
    for (int c = 0; c < kClasses; ++c) {
        const float s = scores[static_cast<std::size_t>(c)];
        if (s < 0)
            continue;
        if (first < 0 || s > scores[static_cast<std::size_t>(first)]) {
            second = first;
            first = c;
        } else if (second < 0 || s > scores[static_cast<std::size_t>(second)]) {
            second = c;
        }
    }
    CellRead r;
    if (first < 0)
        return r;
    r.best = first;
    r.score = scores[static_cast<std::size_t>(first)];
    r.certainty = 1;
    if (second < 0)
        return r;
    // Two measures, the lower counts: the margin of the scores (a glyph that shares most of
    // its ink with another, F inside E, scores close to it when its own part is faint) and
    // the preference on the pixels where the two differ.
    const float margin = (r.score - scores[static_cast<std::size_t>(second)]) * kScoreMarginWeight;
    const float p = preference(patch, set.glyph[static_cast<std::size_t>(glyphOf[static_cast<std::size_t>(first)])],
                               set.glyph[static_cast<std::size_t>(glyphOf[static_cast<std::size_t>(second)])],
                               where[static_cast<std::size_t>(first)]);
    r.certainty = std::clamp(std::min(margin, p), 0.0f, 1.0f);
    return r;
}

} // namespace

struct MrzGlyphReader::Glyphs {
    std::vector<GlyphSet> sets;
};

bool ZoneText::certainFrom(int line, qsizetype from) const
{
    if (line < 0 || static_cast<std::size_t>(line) >= certainty.size())
        return false;
    const std::vector<float> &c = certainty[static_cast<std::size_t>(line)];
    for (std::size_t i = static_cast<std::size_t>(std::max<qsizetype>(from, 0)); i < c.size(); ++i)
        if (c[i] < kCertain)
            return false;
    return true;
}

void ZoneText::wipe()
{
    for (QString &l : lines)
        l.fill(QLatin1Char('<'));
    lines.clear();
}

MrzGlyphReader::MrzGlyphReader(std::unique_ptr<Glyphs> glyphs)
    : m_glyphs(std::move(glyphs))
{
}
MrzGlyphReader::MrzGlyphReader(MrzGlyphReader &&) noexcept = default;
MrzGlyphReader &MrzGlyphReader::operator=(MrzGlyphReader &&) noexcept = default;
MrzGlyphReader::~MrzGlyphReader() = default;

Result<MrzGlyphReader> MrzGlyphReader::create()
{
    auto glyphs = std::make_unique<Glyphs>();
    for (const Typeface &face : kTypefaces)
        if (auto set = renderGlyphs(face))
            glyphs->sets.push_back(std::move(*set));
    if (glyphs->sets.empty())
        return fail(
            ErrorCode::NotFound,
            QStringLiteral("The OCR-B typeface is not installed (fonts-ocr-b); the zone is read by general OCR."));
    return MrzGlyphReader(std::move(glyphs));
}

Result<ZoneText> MrzGlyphReader::read(const QImage &band) const
{
    if (band.isNull() || band.width() < 64 || band.height() < 16)
        return fail(ErrorCode::InvalidInput, QStringLiteral("There is no zone to read in the image."));
    try {
        const QImage grey = band.convertToFormat(QImage::Format_Grayscale8);
        const cv::Mat view(grey.height(), grey.width(), CV_8UC1, const_cast<uchar *>(grey.constBits()),
                           static_cast<size_t>(grey.bytesPerLine()));
        cv::Mat ink;
        cv::threshold(view, ink, 0, 255, cv::THRESH_BINARY_INV | cv::THRESH_OTSU);
        const std::vector<Row> zone = zoneRows(rowsOf(ink), grey.width());
        auto none = [] {
            return fail(ErrorCode::NotFound, QStringLiteral("No machine readable zone could be read; type its lines."));
        };
        if (zone.size() < 2)
            return none();
        // Two lines are TD2 (36) or TD3 (44): the one nearer the count of pitches the lines span.
        int width = 30;
        if (zone.size() == 2) {
            std::vector<double> gaps;
            for (const Row &r : zone)
                for (std::size_t i = 1; i < r.marks.size(); ++i)
                    gaps.push_back(r.marks[i].cx() - r.marks[i - 1].cx());
            const double pitch = median(gaps);
            const double cells = pitch > 0 ? (zone.back().right - zone.back().left) / pitch : 0;
            width = std::abs(cells - 36) < std::abs(cells - 44) ? 36 : 44;
        }
        // Ink as float, paper 0 and print 1 (the means of the two sides of Otsu's threshold), so
        // that a grey print matches the glyphs as well as a black one.
        const double print = cv::mean(view, ink)[0];
        const double paper = cv::mean(view, 255 - ink)[0];
        if (paper - print < 16)
            return none();
        cv::Mat inkF;
        view.convertTo(inkF, CV_32F, -1.0 / (paper - print), paper / (paper - print));
        cv::threshold(inkF, inkF, 1.0, 1.0, cv::THRESH_TRUNC);
        cv::max(inkF, 0.0, inkF);
        // Every cell cut out in canonical form: x' = (x - centre) * sx + kCellWidth / 2 + kSlack,
        // y' = (y - capTop) * sy + kCapTop + kSlack.
        const int lines = static_cast<int>(zone.size());
        std::vector<std::vector<cv::Mat>> cells(zone.size());
        for (int l = 0; l < lines; ++l) {
            const Row &row = zone[static_cast<std::size_t>(l)];
            const auto [a, b] = cellCentres(row, width);
            if (!(b > 2.0)) // marks on top of each other: no pitch, no zone
                return none();
            const auto [top, slope] = capLine(row);
            const double sx = kCellWidth / b;
            const double sy = kCapHeight / row.height;
            for (int i = 0; i < width; ++i) {
                const double cx = a + b * i;
                const double capTop = top + slope * cx;
                const cv::Mat m = (cv::Mat_<double>(2, 3) << sx, 0, kSlack + kCellWidth / 2.0 - cx * sx, 0, sy,
                                   kCapTop + kSlack - capTop * sy);
                cv::Mat patch;
                cv::warpAffine(inkF, patch, m, cv::Size(kCellWidth + 2 * kSlack, kCellHeight + 2 * kSlack),
                               cv::INTER_AREA, cv::BORDER_CONSTANT, cv::Scalar(0));
                cv::GaussianBlur(patch, patch, cv::Size(3, 3), 0);
                cells[static_cast<std::size_t>(l)].push_back(std::move(patch));
            }
        }
        // Read with each typeface; the one whose glyphs fit best on the whole is the zone's.
        ZoneText best;
        double bestMean = -2;
        for (const GlyphSet &set : m_glyphs->sets) {
            ZoneText text;
            text.font = set.name;
            double sum = 0;
            for (int l = 0; l < lines; ++l) {
                const char *kinds = layout(lines, width, l);
                QString line;
                std::vector<float> certainty;
                for (int i = 0; i < width; ++i) {
                    const CellRead r =
                        classify(cells[static_cast<std::size_t>(l)][static_cast<std::size_t>(i)], set, kinds[i]);
                    line += QLatin1Char(kAlphabet[r.best]);
                    certainty.push_back(r.certainty);
                    sum += r.score;
                }
                text.lines << line;
                text.certainty.push_back(std::move(certainty));
            }
            const double mean = sum / (lines * width);
            if (mean > bestMean) {
                best.wipe();
                best = std::move(text);
                bestMean = mean;
            } else {
                text.wipe();
            }
        }
        return best;
    } catch (const cv::Exception &) {
        return fail(ErrorCode::Internal, QStringLiteral("The zone could not be read from the image; type its lines."));
    }
}

} // namespace tessera
