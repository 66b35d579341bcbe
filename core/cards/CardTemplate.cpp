#include "core/cards/CardTemplate.h"

#include "core/programme/JsonLocator.h"

#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <optional>

namespace tessera {

namespace {

constexpr auto kFormat = "tessera-card-template";
constexpr int kFormatVersion = 1;

struct KindName {
    CardElement::Kind kind;
    const char *name;
};
constexpr KindName kKinds[] = {
    {CardElement::Kind::Rect, "rect"},
    {CardElement::Kind::Text, "text"},
    {CardElement::Kind::Field, "field"},
    {CardElement::Kind::Photo, "photo"},
    {CardElement::Kind::GhostPhoto, "ghost_photo"},
    {CardElement::Kind::Qr, "qr"},
    {CardElement::Kind::Image, "image"},
    {CardElement::Kind::Flag, "flag"},
};

// Collects every problem with its line and path, as the programme loader does.
class Reader {
public:
    explicit Reader(const QByteArray &json)
        : m_locator(json)
    {
    }

    void problem(const QString &path, const QString &what)
    {
        const int line = m_locator.lineOf(path);
        m_problems << (line > 0 ? QStringLiteral("line %1, %2: %3").arg(line).arg(path, what)
                                : QStringLiteral("%1: %2").arg(path, what));
    }
    QStringList problems() const { return m_problems; }

    QString text(const QJsonObject &o, const QString &key, const QString &path, bool required = true)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() && !required)
            return {};
        if (!v.isString() || v.toString().trimmed().isEmpty()) {
            problem(join(path, key), QStringLiteral("is missing or not text"));
            return {};
        }
        return v.toString();
    }

    double number(const QJsonObject &o, const QString &key, const QString &path, double min, double max,
                  std::optional<double> fallback)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() && fallback)
            return *fallback;
        if (!v.isDouble() || v.toDouble() < min || v.toDouble() > max) {
            problem(join(path, key), QStringLiteral("must be a number from %1 to %2").arg(min).arg(max));
            return min;
        }
        return v.toDouble();
    }

    bool boolean(const QJsonObject &o, const QString &key, const QString &path)
    {
        const QJsonValue v = o.value(key);
        if (!v.isUndefined() && !v.isBool())
            problem(join(path, key), QStringLiteral("must be true or false"));
        return v.toBool(false);
    }

    QColor colour(const QJsonObject &o, const QString &key, const QString &path, const QMap<QString, QColor> &palette,
                  bool required)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() && !required)
            return {};
        const QString s = v.toString();
        if (palette.contains(s))
            return palette.value(s);
        static const QRegularExpression hex(QStringLiteral("^#([0-9a-fA-F]{6}|[0-9a-fA-F]{8})$"));
        if (!v.isString() || !hex.match(s).hasMatch()) {
            problem(join(path, key), QStringLiteral("must be a colour \"#rrggbb\" or a name from \"colours\""));
            return {};
        }
        return QColor::fromString(s);
    }

    static QString join(const QString &path, const QString &key)
    {
        return path.isEmpty() ? key : path + QLatin1Char('.') + key;
    }
    static QString at(const QString &path, qsizetype i) { return path + QStringLiteral("[%1]").arg(i); }

private:
    JsonLocator m_locator;
    QStringList m_problems;
};

Qt::Alignment alignmentFrom(const QString &s, bool *ok)
{
    *ok = true;
    if (s.isEmpty() || s == QLatin1String("left"))
        return Qt::AlignLeft | Qt::AlignVCenter;
    if (s == QLatin1String("center"))
        return Qt::AlignHCenter | Qt::AlignVCenter;
    if (s == QLatin1String("right"))
        return Qt::AlignRight | Qt::AlignVCenter;
    *ok = false;
    return Qt::AlignLeft;
}

} // namespace

const QStringList &boundFieldNames()
{
    static const QStringList names {
        QStringLiteral("card_number"),       QStringLiteral("given_names"), QStringLiteral("family_name"),
        QStringLiteral("full_name"),         QStringLiteral("birth_date"),  QStringLiteral("gender"),
        QStringLiteral("issued_on"),         QStringLiteral("expires_on"),  QStringLiteral("address"),
        QStringLiteral("emergency_contact"), QStringLiteral("card_name"),   QStringLiteral("station_name"),
    };
    return names;
}

const QStringList &boundFlagNames()
{
    static const QStringList names {QStringLiteral("veteran"), QStringLiteral("organ_donor")};
    return names;
}

Result<CardTemplate> CardTemplate::fromJson(const QByteArray &json, const QString &imageDir)
{
    auto parsed = JsonLocator::parseObject(json, QStringLiteral("a card template"));
    if (!parsed)
        return std::unexpected(parsed.error());
    const QJsonObject &root = *parsed;
    if (root.value(QStringLiteral("format")).toString() != QLatin1String(kFormat))
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("format: this is not a Tessera card template (\"format\" must be \"%1\")")
                        .arg(QLatin1String(kFormat)));
    if (root.value(QStringLiteral("format_version")).toInt(0) != kFormatVersion)
        return fail(ErrorCode::InvalidInput, QStringLiteral("format_version: must be %1").arg(kFormatVersion));

    Reader r(json);
    CardTemplate t;
    t.id = r.text(root, QStringLiteral("id"), {});
    t.version = r.text(root, QStringLiteral("version"), {});
    const QJsonValue size = root.value(QStringLiteral("size_mm"));
    const QJsonArray sizeArray = size.toArray();
    if (!size.isArray() || sizeArray.size() != 2 || !sizeArray.at(0).isDouble() || !sizeArray.at(1).isDouble())
        r.problem(QStringLiteral("size_mm"), QStringLiteral("must be [width, height] in millimetres"));
    else if (std::abs(sizeArray.at(0).toDouble() - kCr80Width.value) > 0.01
             || std::abs(sizeArray.at(1).toDouble() - kCr80Height.value) > 0.01)
        r.problem(QStringLiteral("size_mm"), QStringLiteral("must be the CR80 card size [85.6, 53.98]"));
    t.bleed = Millimetres {r.number(root, QStringLiteral("bleed_mm"), {}, 0, 5, 0.0)};
    const QJsonObject fonts = root.value(QStringLiteral("fonts")).toObject();
    if (!root.value(QStringLiteral("fonts")).isObject())
        r.problem(QStringLiteral("fonts"), QStringLiteral("is missing or not an object"));
    t.fontFamily = r.text(fonts, QStringLiteral("family"), QStringLiteral("fonts"));

    QMap<QString, QColor> palette;
    const QJsonObject colours = root.value(QStringLiteral("colours")).toObject();
    for (auto it = colours.begin(); it != colours.end(); ++it)
        palette.insert(it.key(), r.colour(colours, it.key(), QStringLiteral("colours"), {}, true));
    t.labelColour = r.colour(root, QStringLiteral("label_colour"), {}, palette, false);
    if (!t.labelColour.isValid())
        t.labelColour = QColor(0x55, 0x5f, 0x6b);

    const auto readSide = [&](const QString &name, CardSideLayout &side) {
        const QJsonValue v = root.value(name);
        if (!v.isObject()) {
            r.problem(name, QStringLiteral("is missing or not an object"));
            return;
        }
        const QJsonObject o = v.toObject();
        side.background = r.colour(o, QStringLiteral("background"), name, palette, true);
        const QJsonValue elements = o.value(QStringLiteral("elements"));
        if (!elements.isArray() || elements.toArray().isEmpty()) {
            r.problem(Reader::join(name, QStringLiteral("elements")),
                      QStringLiteral("must be a list with at least one entry"));
            return;
        }
        const QJsonArray list = elements.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString p = Reader::at(Reader::join(name, QStringLiteral("elements")), i);
            if (!list.at(i).isObject()) {
                r.problem(p, QStringLiteral("must be an object"));
                continue;
            }
            const QJsonObject e = list.at(i).toObject();
            CardElement el;
            const QString kind = e.value(QStringLiteral("type")).toString();
            bool known = false;
            for (const KindName &k : kKinds)
                if (kind == QLatin1String(k.name)) {
                    el.kind = k.kind;
                    known = true;
                }
            if (!known) {
                r.problem(Reader::join(p, QStringLiteral("type")),
                          QStringLiteral("must be one of rect, text, field, flag, photo, ghost_photo, qr, image"));
                continue;
            }
            const QJsonArray rect = e.value(QStringLiteral("rect_mm")).toArray();
            bool rectOk = rect.size() == 4;
            for (const QJsonValue n : rect)
                rectOk = rectOk && n.isDouble();
            if (rectOk) {
                el.rect = {Millimetres {rect.at(0).toDouble()}, Millimetres {rect.at(1).toDouble()},
                           Millimetres {rect.at(2).toDouble()}, Millimetres {rect.at(3).toDouble()}};
                const double b = t.bleed.value;
                rectOk = el.rect.width.value > 0 && el.rect.height.value > 0 && el.rect.x.value >= -b - 1e-9
                    && el.rect.y.value >= -b - 1e-9 && (el.rect.x + el.rect.width).value <= kCr80Width.value + b + 1e-9
                    && (el.rect.y + el.rect.height).value <= kCr80Height.value + b + 1e-9;
            }
            if (!rectOk)
                r.problem(
                    Reader::join(p, QStringLiteral("rect_mm")),
                    QStringLiteral("must be [x, y, width, height] in millimetres, inside the card and its bleed"));
            const bool textual = el.kind == CardElement::Kind::Text || el.kind == CardElement::Kind::Field
                || el.kind == CardElement::Kind::Flag;
            el.colour =
                r.colour(e, QStringLiteral("colour"), p, palette, el.kind == CardElement::Kind::Rect || textual);
            el.fontPoints = r.number(e, QStringLiteral("font_pt"), p, 3, 30, 7.0);
            el.bold = r.boolean(e, QStringLiteral("bold"), p);
            el.uppercase = r.boolean(e, QStringLiteral("uppercase"), p);
            el.opacity = r.number(e, QStringLiteral("opacity"), p, 0.05, 1, 1.0);
            el.cornerRadius = Millimetres {r.number(e, QStringLiteral("corner_mm"), p, 0, 10, 0.0)};
            bool alignOk = true;
            el.align = alignmentFrom(e.value(QStringLiteral("align")).toString(), &alignOk);
            if (!alignOk)
                r.problem(Reader::join(p, QStringLiteral("align")), QStringLiteral("must be left, center or right"));
            switch (el.kind) {
            case CardElement::Kind::Text:
                el.text = r.text(e, QStringLiteral("text"), p);
                break;
            case CardElement::Kind::Field:
                el.field = r.text(e, QStringLiteral("field"), p);
                el.text = r.text(e, QStringLiteral("label"), p, false);
                if (!el.field.isEmpty() && !boundFieldNames().contains(el.field))
                    r.problem(Reader::join(p, QStringLiteral("field")),
                              QStringLiteral("must be one of %1").arg(boundFieldNames().join(QStringLiteral(", "))));
                break;
            case CardElement::Kind::Flag:
                el.field = r.text(e, QStringLiteral("field"), p);
                el.text = r.text(e, QStringLiteral("text"), p);
                el.fill = r.colour(e, QStringLiteral("fill"), p, palette, false);
                if (!el.field.isEmpty() && !boundFlagNames().contains(el.field))
                    r.problem(Reader::join(p, QStringLiteral("field")),
                              QStringLiteral("must be one of %1").arg(boundFlagNames().join(QStringLiteral(", "))));
                break;
            case CardElement::Kind::Image: {
                el.image = r.text(e, QStringLiteral("source"), p);
                static const QRegularExpression fileName(QStringLiteral("^[a-z0-9_-]+\\.png$"));
                if (!el.image.isEmpty() && !fileName.match(el.image).hasMatch())
                    r.problem(Reader::join(p, QStringLiteral("source")),
                              QStringLiteral("must be a PNG file name next to the template (\"logo.png\")"));
                else if (!el.image.isEmpty()) {
                    el.image = imageDir + QLatin1Char('/') + el.image;
                    if (QImageReader(el.image).size().isEmpty())
                        r.problem(Reader::join(p, QStringLiteral("source")),
                                  QStringLiteral("%1 cannot be read as an image").arg(QFileInfo(el.image).fileName()));
                }
                break;
            }
            case CardElement::Kind::Qr:
                if (rectOk && std::abs(el.rect.width.value - el.rect.height.value) > 0.01)
                    r.problem(Reader::join(p, QStringLiteral("rect_mm")), QStringLiteral("a QR code must be square"));
                if (rectOk && el.rect.width.value < 18)
                    r.problem(Reader::join(p, QStringLiteral("rect_mm")),
                              QStringLiteral("a QR code must be at least 18 mm wide to scan reliably"));
                break;
            default:
                break;
            }
            side.elements.push_back(el);
        }
    };
    readSide(QStringLiteral("front"), t.front);
    readSide(QStringLiteral("back"), t.back);
    if (!r.problems().isEmpty())
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("The card template was refused:\n") + r.problems().join(QLatin1Char('\n')));
    return t;
}

Result<CardTemplate> CardTemplate::load(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Io,
                    QStringLiteral("The card template %1 could not be read (%2).").arg(path, f.errorString()));
    if (f.size() > qint64 {1024} * 1024)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("The card template %1 is larger than 1 MiB; it is not a template.").arg(path));
    return fromJson(f.readAll(), QFileInfo(path).absolutePath());
}

Result<CardTemplate> CardTemplate::builtIn(const QString &id)
{
    static const QRegularExpression safe(QStringLiteral("^[a-z0-9_-]{1,32}$"));
    if (!safe.match(id).hasMatch() || !QFile::exists(QStringLiteral(":/tessera/templates/%1.json").arg(id)))
        return fail(ErrorCode::NotFound,
                    QStringLiteral("There is no card template \"%1\" (shipped: adult, kids).").arg(id));
    return load(QStringLiteral(":/tessera/templates/%1.json").arg(id));
}

} // namespace tessera
