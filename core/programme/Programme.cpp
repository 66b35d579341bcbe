#include "core/programme/Programme.h"

#include "core/programme/JsonLocator.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace tessera {

namespace {

constexpr auto kFormat = "tessera-programme";
constexpr int kFormatVersion = 1;
constexpr int kMaxErrorsListed = 15;

struct FieldName {
    Field field;
    const char *key;
};
constexpr FieldName kFieldNames[] = {
    {Field::GivenNames, "given_names"},
    {Field::FamilyName, "family_name"},
    {Field::BirthDate, "birth_date"},
    {Field::Gender, "gender"},
    {Field::AddressLine, "address_line"},
    {Field::CareOf, "care_of"},
    {Field::City, "city"},
    {Field::PostalCode, "postal_code"},
    {Field::Telephone, "telephone"},
    {Field::Veteran, "veteran"},
    {Field::OrganDonor, "organ_donor"},
    {Field::EmergencyContact, "emergency_contact"},
    {Field::PreferredLanguage, "preferred_language"},
    {Field::MedicalNotes, "medical_notes"},
};

// Reads a JSON tree and collects every problem with its line and path, so that an
// administrator fixes a file in one pass instead of one error per load.
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
    bool ok() const { return m_problems.isEmpty(); }
    QStringList problems() const { return m_problems; }

    QString text(const QJsonObject &o, const QString &key, const QString &path,
                 const QRegularExpression *pattern = nullptr, const QString &patternHint = QString())
    {
        const QString p = join(path, key);
        const QJsonValue v = o.value(key);
        if (!v.isString() || v.toString().trimmed().isEmpty()) {
            problem(p, QStringLiteral("is missing or not text"));
            return {};
        }
        if (pattern && !pattern->match(v.toString()).hasMatch())
            problem(p, patternHint);
        return v.toString();
    }

    int integer(const QJsonObject &o, const QString &key, const QString &path, int min, int max,
                std::optional<int> fallback = std::nullopt)
    {
        const QString p = join(path, key);
        const QJsonValue v = o.value(key);
        if (v.isUndefined() && fallback)
            return *fallback;
        const double d = v.toDouble(-1e18);
        if (!v.isDouble() || d != static_cast<double>(static_cast<qint64>(d)) || d < min || d > max) {
            problem(p, QStringLiteral("must be a whole number from %1 to %2").arg(min).arg(max));
            return min;
        }
        return static_cast<int>(d);
    }

    // A number from `min` to `max`, or `fallback` when the key is absent.
    double real(const QJsonObject &o, const QString &key, const QString &path, double min, double max, double fallback)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined())
            return fallback;
        if (!v.isDouble() || v.toDouble() < min || v.toDouble() > max) {
            problem(join(path, key), QStringLiteral("must be a number from %1 to %2").arg(min).arg(max));
            return fallback;
        }
        return v.toDouble();
    }

    std::optional<int> optionalInteger(const QJsonObject &o, const QString &key, const QString &path, int min, int max)
    {
        if (o.value(key).isNull() || o.value(key).isUndefined())
            return std::nullopt;
        return integer(o, key, path, min, max);
    }

    bool boolean(const QJsonObject &o, const QString &key, const QString &path, bool fallback)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined())
            return fallback;
        if (!v.isBool())
            problem(join(path, key), QStringLiteral("must be true or false"));
        return v.toBool(fallback);
    }

    QJsonObject object(const QJsonObject &o, const QString &key, const QString &path)
    {
        const QJsonValue v = o.value(key);
        if (!v.isObject())
            problem(join(path, key), QStringLiteral("is missing or not an object"));
        return v.toObject();
    }

    QJsonArray array(const QJsonObject &o, const QString &key, const QString &path, bool nonEmpty = true)
    {
        const QJsonValue v = o.value(key);
        if (!v.isArray() || (nonEmpty && v.toArray().isEmpty()))
            problem(join(path, key),
                    nonEmpty ? QStringLiteral("must be a list with at least one entry")
                             : QStringLiteral("must be a list"));
        return v.toArray();
    }

    LocalizedText localized(const QJsonObject &o, const QString &key, const QString &path, const QStringList &languages)
    {
        const QString p = join(path, key);
        LocalizedText t;
        t.defaultLanguage = languages.value(0);
        const QJsonValue v = o.value(key);
        if (!v.isObject()) {
            problem(p, QStringLiteral("must give the text per language, e.g. {\"%1\": \"…\"}").arg(t.defaultLanguage));
            return t;
        }
        const QJsonObject texts = v.toObject();
        for (auto it = texts.begin(); it != texts.end(); ++it) {
            if (!languages.contains(it.key()))
                problem(join(p, it.key()),
                        QStringLiteral("is not one of the programme's languages (%1)")
                            .arg(languages.join(QStringLiteral(", "))));
            else if (!it.value().isString() || it.value().toString().trimmed().isEmpty())
                problem(join(p, it.key()), QStringLiteral("must be non-empty text"));
            else
                t.byLanguage.insert(it.key(), it.value().toString());
        }
        if (!t.defaultLanguage.isEmpty() && !t.byLanguage.contains(t.defaultLanguage))
            problem(p, QStringLiteral("needs a text in %1, the programme's first language").arg(t.defaultLanguage));
        return t;
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

const QRegularExpression &idPattern()
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9][a-z0-9_-]{0,47}$"));
    return re;
}

QMap<QString, int> readPoints(Reader &r, const QJsonObject &o, const QString &key, const QString &path,
                              const QStringList &categories)
{
    QMap<QString, int> points;
    const QJsonObject p = r.object(o, key, path);
    for (auto it = p.begin(); it != p.end(); ++it) {
        if (!categories.contains(it.key()))
            r.problem(
                Reader::join(Reader::join(path, key), it.key()),
                QStringLiteral("is not a category of this programme (%1)").arg(categories.join(QStringLiteral(", "))));
        else
            points.insert(it.key(), r.integer(p, it.key(), Reader::join(path, key), 0, 10));
    }
    return points;
}

std::vector<Choice> readChoices(Reader &r, const QJsonArray &list, const QString &path, const QStringList &languages,
                                const QRegularExpression &codePattern, const QString &codeHint)
{
    std::vector<Choice> out;
    QSet<QString> seen;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString p = Reader::at(path, i);
        const QJsonObject c = list.at(i).toObject();
        Choice choice {r.text(c, QStringLiteral("code"), p, &codePattern, codeHint),
                       r.localized(c, QStringLiteral("label"), p, languages)};
        if (seen.contains(choice.code))
            r.problem(Reader::join(p, QStringLiteral("code")), QStringLiteral("repeats \"%1\"").arg(choice.code));
        seen.insert(choice.code);
        out.push_back(std::move(choice));
    }
    return out;
}

// The optional "photo" section; every key optional, unknown keys refused (a misspelt
// threshold would otherwise silently keep its default).
PhotoRules readPhotoRules(Reader &r, const QJsonObject &root)
{
    PhotoRules rules;
    const QString path = QStringLiteral("photo");
    if (!root.contains(path))
        return rules;
    const QJsonObject o = r.object(root, path, {});
    for (auto it = o.begin(); it != o.end(); ++it)
        if (it.key() != QLatin1String("max_jpeg_bytes") && it.key() != QLatin1String("auto_capture_frames")
            && it.key() != QLatin1String("thresholds") && it.key() != QLatin1String("required"))
            r.problem(
                Reader::join(path, it.key()),
                QStringLiteral("is not a photo setting (required, max_jpeg_bytes, auto_capture_frames, thresholds)"));
    rules.required = r.boolean(o, QStringLiteral("required"), path, rules.required);
    rules.maxJpegBytes = r.integer(o, QStringLiteral("max_jpeg_bytes"), path, 4096, 1024 * 1024, rules.maxJpegBytes);
    rules.autoCaptureFrames =
        r.integer(o, QStringLiteral("auto_capture_frames"), path, 1, 100, rules.autoCaptureFrames);
    if (!o.contains(QStringLiteral("thresholds")))
        return rules;
    const QString tp = Reader::join(path, QStringLiteral("thresholds"));
    const QJsonObject t = r.object(o, QStringLiteral("thresholds"), path);
    PhotoThresholds &th = rules.thresholds;
    struct Limit {
        const char *key;
        double *value;
        double min;
        double max;
    };
    const Limit limits[] = {
        {"min_face_height_ratio", &th.minFaceHeightRatio, 0.01, 1.0},
        {"max_face_height_ratio", &th.maxFaceHeightRatio, 0.01, 1.0},
        {"max_centre_offset", &th.maxCentreOffset, 0.0, 0.5},
        {"max_roll_degrees", &th.maxRollDegrees, 0.0, 45.0},
        {"min_sharpness", &th.minSharpness, 0.0, 1000.0},
        {"min_face_luma", &th.minFaceLuma, 0.0, 255.0},
        {"max_face_luma", &th.maxFaceLuma, 0.0, 255.0},
        {"max_clipped_fraction", &th.maxClippedFraction, 0.0, 1.0},
        {"max_illumination_imbalance", &th.maxIlluminationImbalance, 0.0, 1.0},
        {"max_background_stddev", &th.maxBackgroundStdDev, 0.0, 128.0},
        {"min_inter_eye_pixels", &th.minInterEyePixels, 8.0, 2000.0},
    };
    QStringList known;
    for (const Limit &l : limits)
        known << QString::fromLatin1(l.key);
    for (auto it = t.begin(); it != t.end(); ++it)
        if (!known.contains(it.key()))
            r.problem(Reader::join(tp, it.key()),
                      QStringLiteral("is not a photo threshold (%1)").arg(known.join(QStringLiteral(", "))));
    for (const Limit &l : limits)
        *l.value = r.real(t, QString::fromLatin1(l.key), tp, l.min, l.max, *l.value);
    if (th.minFaceHeightRatio >= th.maxFaceHeightRatio)
        r.problem(Reader::join(tp, QStringLiteral("max_face_height_ratio")),
                  QStringLiteral("must be above min_face_height_ratio"));
    if (th.minFaceLuma >= th.maxFaceLuma)
        r.problem(Reader::join(tp, QStringLiteral("max_face_luma")), QStringLiteral("must be above min_face_luma"));
    return rules;
}

// The optional "card" section. Every key is optional, so that programme versions stored
// before it existed still load; unknown keys are refused (a misspelt one would silently print
// the default).
CardWording readCardWording(Reader &r, const QJsonObject &root, const QStringList &languages)
{
    CardWording wording;
    wording.addressLines = CardWording::defaultAddressLines();
    const QString path = QStringLiteral("card");
    if (!root.contains(path))
        return wording;
    const QJsonObject o = r.object(root, path, {});
    for (auto it = o.begin(); it != o.end(); ++it)
        if (it.key() != QLatin1String("public_name") && it.key() != QLatin1String("gender_label")
            && it.key() != QLatin1String("address_format"))
            r.problem(Reader::join(path, it.key()),
                      QStringLiteral("is not a card setting (public_name, gender_label, address_format)"));
    if (o.contains(QStringLiteral("public_name")))
        wording.publicName = r.localized(o, QStringLiteral("public_name"), path, languages);
    if (o.contains(QStringLiteral("gender_label")))
        wording.genderLabel = r.localized(o, QStringLiteral("gender_label"), path, languages);
    if (!o.contains(QStringLiteral("address_format")))
        return wording;
    const QString fp = Reader::join(path, QStringLiteral("address_format"));
    const QJsonArray lines = r.array(o, QStringLiteral("address_format"), path);
    static const QRegularExpression placeholder(QStringLiteral("\\{([^}]*)\\}"));
    static const QStringList known {QStringLiteral("care_of"), QStringLiteral("address_line"), QStringLiteral("city"),
                                    QStringLiteral("postal_code")};
    wording.addressLines.clear();
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).toString();
        if (!lines.at(i).isString() || line.trimmed().isEmpty()) {
            r.problem(Reader::at(fp, i), QStringLiteral("must be a line of text such as \"{city}, NY {postal_code}\""));
            continue;
        }
        bool any = false;
        for (auto m = placeholder.globalMatch(line); m.hasNext();) {
            const QString name = m.next().captured(1);
            any = true;
            if (!known.contains(name))
                r.problem(
                    Reader::at(fp, i),
                    QStringLiteral("{%1} is not an address field (%2)").arg(name, known.join(QStringLiteral(", "))));
        }
        if (!any)
            r.problem(Reader::at(fp, i),
                      QStringLiteral("names no address field (%1)").arg(known.join(QStringLiteral(", "))));
        wording.addressLines << line;
    }
    return wording;
}

} // namespace

QStringList CardWording::defaultAddressLines()
{
    return {QStringLiteral("{care_of}"), QStringLiteral("{address_line}"), QStringLiteral("{city} {postal_code}")};
}

QStringList CardWording::formatAddress(const QMap<QString, QString> &values) const
{
    static const QRegularExpression placeholder(QStringLiteral("\\{([^}]*)\\}"));
    QStringList out;
    for (const QString &format : addressLines) {
        QString line;
        bool filled = false;
        qsizetype from = 0;
        for (auto m = placeholder.globalMatch(format); m.hasNext();) {
            const auto match = m.next();
            const QString value = values.value(match.captured(1)).trimmed();
            filled = filled || !value.isEmpty();
            line += format.mid(from, match.capturedStart() - from) + value;
            from = match.capturedEnd();
        }
        line += format.mid(from);
        // A missing part leaves no stray separator: ", NY 10027" without a city reads "NY 10027".
        line = line.simplified();
        while (line.startsWith(QLatin1Char(',')))
            line = line.mid(1).trimmed();
        while (line.endsWith(QLatin1Char(',')))
            line.chop(1);
        if (filled && !line.isEmpty())
            out << line;
    }
    return out;
}

QString LocalizedText::in(const QString &language) const
{
    return byLanguage.value(language, byLanguage.value(defaultLanguage));
}

QString retentionName(Retention r)
{
    switch (r) {
    case Retention::Stored:
        return QStringLiteral("stored");
    case Retention::PrintedOnly:
        return QStringLiteral("printed-only");
    case Retention::NotCollected:
        return QStringLiteral("not-collected");
    }
    return {};
}

QString fieldKey(Field f)
{
    for (const FieldName &n : kFieldNames)
        if (n.field == f)
            return QString::fromLatin1(n.key);
    return {};
}

std::optional<Field> fieldFromKey(const QString &key)
{
    for (const FieldName &n : kFieldNames)
        if (key == QLatin1String(n.key))
            return n.field;
    return std::nullopt;
}

const std::vector<Field> &allFields()
{
    static const std::vector<Field> fields = [] {
        std::vector<Field> out;
        for (const FieldName &n : kFieldNames)
            out.push_back(n.field);
        return out;
    }();
    return fields;
}

const DocumentType *Programme::document(const QString &documentId) const
{
    const auto it =
        std::find_if(documents.begin(), documents.end(), [&](const DocumentType &d) { return d.id == documentId; });
    return it == documents.end() ? nullptr : &*it;
}

const AgeBand *Programme::bandForAge(int age) const
{
    for (const AgeBand &b : ageBands)
        if (age >= b.fromAge && (!b.toAge || age <= *b.toAge))
            return &b;
    return nullptr;
}

Result<Programme> Programme::load(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("The programme file %1 could not be read: %2").arg(path, f.errorString()));
    if (f.size() > qint64 {4} * 1024 * 1024)
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral("The programme file %1 is larger than 4 MiB; it is not a programme file.").arg(path));
    auto programme = fromJson(f.readAll());
    if (!programme)
        return fail(programme.error().code,
                    QStringLiteral("%1 was refused; nothing was changed.\n%2").arg(path, programme.error().message));
    return programme;
}

namespace {

const QString &idHint()
{
    static const QString hint = QStringLiteral("use lower-case letters, digits, - and _");
    return hint;
}

// A list of distinct codes (languages, categories), each matching `pattern`.
QStringList readDistinct(Reader &r, const QJsonObject &root, const QString &key, const QRegularExpression &pattern,
                         const QString &hint)
{
    QStringList out;
    const QJsonArray list = r.array(root, key, {});
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString value = list.at(i).toString();
        if (!pattern.match(value).hasMatch() || out.contains(value))
            r.problem(Reader::at(key, i), hint);
        else
            out << value;
    }
    return out;
}

// The file's format and version are checked before anything else: a newer file is refused whole.
Result<void> checkFormat(const QJsonObject &root)
{
    if (root.value(QStringLiteral("format")).toString() != QLatin1String(kFormat))
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("format: this is not a Tessera programme file (\"format\" must be \"%1\")")
                        .arg(QLatin1String(kFormat)));
    const int formatVersion = root.value(QStringLiteral("format_version")).toInt(0);
    if (formatVersion > kFormatVersion)
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral("format_version: %1 is newer than this Tessera understands (%2); update Tessera first.")
                .arg(formatVersion)
                .arg(kFormatVersion));
    if (formatVersion != kFormatVersion)
        return fail(ErrorCode::InvalidInput, QStringLiteral("format_version: must be %1").arg(kFormatVersion));
    return {};
}

RetentionPeriods readPeriods(Reader &r, const QJsonObject &root)
{
    const QString pp = QStringLiteral("retention_periods");
    const QJsonObject periods = r.object(root, pp, {});
    RetentionPeriods out;
    out.printedOnlyMaxDays = r.integer(periods, QStringLiteral("printed_only_max_days"), pp, 1, 365);
    out.draftIdleDays = r.integer(periods, QStringLiteral("draft_idle_days"), pp, 1, 90);
    out.rejectedDays = r.integer(periods, QStringLiteral("rejected_days"), pp, 0, 3650);
    out.afterExpiryDays = r.integer(periods, QStringLiteral("after_expiry_days"), pp, 0, 3650);
    out.auditDays = r.integer(periods, QStringLiteral("audit_days"), pp, 30, 3650);
    return out;
}

// Retention class of every field the form knows, and nothing else.
QMap<Field, Retention> readFieldRetention(Reader &r, const QJsonObject &root)
{
    QMap<Field, Retention> retention;
    const QJsonObject fields = r.object(root, QStringLiteral("fields"), {});
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        const QString path = Reader::join(QStringLiteral("fields"), it.key());
        const auto field = fieldFromKey(it.key());
        if (!field) {
            r.problem(path,
                      QStringLiteral("is not a field Tessera has (immigration status, citizenship, SSN and place of "
                                     "birth have no field, by design)"));
            continue;
        }
        const QString cls = it.value().toString();
        if (cls == QLatin1String("stored"))
            retention.insert(*field, Retention::Stored);
        else if (cls == QLatin1String("printed-only"))
            retention.insert(*field, Retention::PrintedOnly);
        else if (cls == QLatin1String("not-collected"))
            retention.insert(*field, Retention::NotCollected);
        else
            r.problem(path, QStringLiteral("must be \"stored\", \"printed-only\" or \"not-collected\""));
    }
    for (Field f : allFields())
        if (!fields.contains(fieldKey(f)))
            r.problem(QStringLiteral("fields"), QStringLiteral("gives no retention class for \"%1\"").arg(fieldKey(f)));
    for (Field f : {Field::GivenNames, Field::BirthDate})
        if (retention.value(f) == Retention::NotCollected && fields.contains(fieldKey(f)))
            r.problem(Reader::join(QStringLiteral("fields"), fieldKey(f)),
                      QStringLiteral("cannot be \"not-collected\": the card shows it"));
    return retention;
}

AgeBand readAgeBand(Reader &r, const QJsonObject &b, const QString &path, const QStringList &categories)
{
    AgeBand band;
    band.fromAge = r.integer(b, QStringLiteral("from"), path, 0, 120);
    band.toAge = r.optionalInteger(b, QStringLiteral("to"), path, 0, 150);
    band.card = r.text(b, QStringLiteral("card"), path, &idPattern(), idHint());
    band.validityYears = r.optionalInteger(b, QStringLiteral("validity_years"), path, 1, 20);
    const QString caretaker = b.value(QStringLiteral("caretaker")).toString(QStringLiteral("none"));
    if (caretaker == QLatin1String("none"))
        band.caretaker = CaretakerPath::None;
    else if (caretaker == QLatin1String("allowed"))
        band.caretaker = CaretakerPath::Allowed;
    else if (caretaker == QLatin1String("required"))
        band.caretaker = CaretakerPath::Required;
    else
        r.problem(Reader::join(path, QStringLiteral("caretaker")),
                  QStringLiteral("must be \"none\", \"allowed\" or \"required\""));
    for (const QJsonValue c : b.value(QStringLiteral("caretaker_categories")).toArray()) {
        if (!categories.contains(c.toString()))
            r.problem(Reader::join(path, QStringLiteral("caretaker_categories")),
                      QStringLiteral("names an unknown category \"%1\"").arg(c.toString()));
        band.caretakerCategories << c.toString();
    }
    return band;
}

// Age bands: contiguous from the minimum age, the last one open-ended.
std::vector<AgeBand> readAgeBands(Reader &r, const QJsonObject &root, int minimumAge, const QStringList &categories)
{
    std::vector<AgeBand> out;
    const QJsonArray bands = r.array(root, QStringLiteral("age_bands"), {});
    int expectedFrom = minimumAge;
    for (qsizetype i = 0; i < bands.size(); ++i) {
        const QString path = Reader::at(QStringLiteral("age_bands"), i);
        AgeBand band = readAgeBand(r, bands.at(i).toObject(), path, categories);
        if (band.fromAge != expectedFrom)
            r.problem(Reader::join(path, QStringLiteral("from")),
                      QStringLiteral(
                          "must be %1, so that the bands cover every age from minimum_age without gaps or overlaps")
                          .arg(expectedFrom));
        if (band.toAge && *band.toAge < band.fromAge)
            r.problem(Reader::join(path, QStringLiteral("to")), QStringLiteral("must not be below \"from\""));
        if (!band.toAge && i + 1 != bands.size())
            r.problem(Reader::join(path, QStringLiteral("to")), QStringLiteral("only the last band may be open-ended"));
        if (band.toAge && i + 1 == bands.size())
            r.problem(Reader::join(path, QStringLiteral("to")),
                      QStringLiteral("the last band must be open-ended (null) so that every age has a band"));
        expectedFrom = band.toAge.value_or(expectedFrom) + 1;
        out.push_back(std::move(band));
    }
    return out;
}

// An expired document still counted for a while: fewer points than the valid one, never more.
ExpiredGrace readExpiredGrace(Reader &r, const QJsonObject &d, const QString &path, const DocumentType &doc,
                              const QStringList &categories)
{
    const QString gp = Reader::join(path, QStringLiteral("expired_grace"));
    const QJsonObject g = r.object(d, QStringLiteral("expired_grace"), path);
    ExpiredGrace grace;
    grace.maxYearsExpired = r.integer(g, QStringLiteral("max_years_expired"), gp, 1, 10);
    grace.requiresMachineReadable = r.boolean(g, QStringLiteral("requires_machine_readable"), gp, false);
    grace.points = readPoints(r, g, QStringLiteral("points"), gp, categories);
    if (doc.date != DocumentDate::Expiry)
        r.problem(gp, QStringLiteral("only applies when \"date\" is \"expiry\""));
    if (grace.requiresMachineReadable && !doc.asksMachineReadable)
        r.problem(Reader::join(gp, QStringLiteral("requires_machine_readable")),
                  QStringLiteral("needs \"asks_machine_readable\": true on the document"));
    bool fewer = false;
    for (auto it = grace.points.begin(); it != grace.points.end(); ++it) {
        if (it.value() > doc.points.value(it.key()))
            r.problem(Reader::join(Reader::join(gp, QStringLiteral("points")), it.key()),
                      QStringLiteral("must not be more than the valid document's %1").arg(doc.points.value(it.key())));
        fewer = fewer || it.value() < doc.points.value(it.key());
    }
    if (!fewer && r.ok())
        r.problem(Reader::join(gp, QStringLiteral("points")),
                  QStringLiteral("an expired document must count fewer points than a valid one"));
    return grace;
}

DocumentType readDocument(Reader &r, const QJsonObject &d, const QString &path, const Programme &p, QSet<QString> &ids)
{
    DocumentType doc;
    doc.id = r.text(d, QStringLiteral("id"), path, &idPattern(), idHint());
    if (ids.contains(doc.id))
        r.problem(Reader::join(path, QStringLiteral("id")), QStringLiteral("repeats \"%1\"").arg(doc.id));
    ids.insert(doc.id);
    doc.label = r.localized(d, QStringLiteral("label"), path, p.languages);
    doc.points = readPoints(r, d, QStringLiteral("points"), path, p.categories);
    doc.hasPhoto = r.boolean(d, QStringLiteral("has_photo"), path, false);
    doc.hasBirthDate = r.boolean(d, QStringLiteral("has_birth_date"), path, false);
    doc.asksMachineReadable = r.boolean(d, QStringLiteral("asks_machine_readable"), path, false);
    const QString date = d.value(QStringLiteral("date")).toString(QStringLiteral("none"));
    if (date == QLatin1String("none"))
        doc.date = DocumentDate::None;
    else if (date == QLatin1String("expiry"))
        doc.date = DocumentDate::Expiry;
    else if (date == QLatin1String("issue"))
        doc.date = DocumentDate::Issue;
    else
        r.problem(Reader::join(path, QStringLiteral("date")),
                  QStringLiteral("must be \"none\", \"expiry\" or \"issue\""));
    doc.recencyDays = r.integer(d, QStringLiteral("recency_days"), path, 0, 3650, 0);
    if (doc.recencyDays > 0 && doc.date != DocumentDate::Issue)
        r.problem(Reader::join(path, QStringLiteral("recency_days")),
                  QStringLiteral("only applies when \"date\" is \"issue\""));
    if (d.contains(QStringLiteral("expired_grace")))
        doc.expiredGrace = readExpiredGrace(r, d, path, doc, p.categories);
    return doc;
}

std::vector<DocumentType> readDocuments(Reader &r, const QJsonObject &root, const Programme &p)
{
    std::vector<DocumentType> out;
    const QJsonArray documents = r.array(root, QStringLiteral("documents"), {});
    QSet<QString> ids;
    for (qsizetype i = 0; i < documents.size(); ++i)
        out.push_back(readDocument(r, documents.at(i).toObject(), Reader::at(QStringLiteral("documents"), i), p, ids));
    return out;
}

// A rule must be one the programme's documents can meet; one that never can is a mistake in the file.
void readRuleKind(Reader &r, const QJsonObject &o, const QString &path, const Programme &p, Rule &rule)
{
    const QString kind = o.value(QStringLiteral("kind")).toString();
    if (kind == QLatin1String("min_points")) {
        rule.kind = Rule::Kind::MinPoints;
        rule.points = r.integer(o, QStringLiteral("points"), path, 1, 100);
        int available = 0;
        for (const DocumentType &d : p.documents)
            available = std::max(available, rule.category.isEmpty() ? 1 : d.points.value(rule.category));
        if (available == 0)
            r.problem(path, QStringLiteral("can never be met: no document gives points for \"%1\"").arg(rule.category));
    } else if (kind == QLatin1String("any_document")) {
        rule.kind = Rule::Kind::AnyDocument;
        rule.property = o.value(QStringLiteral("with")).toString();
        if (!rule.property.isEmpty() && rule.property != QLatin1String("photo")
            && rule.property != QLatin1String("birth_date"))
            r.problem(Reader::join(path, QStringLiteral("with")),
                      QStringLiteral("must be \"photo\" or \"birth_date\""));
        const bool possible = std::any_of(p.documents.begin(), p.documents.end(), [&](const DocumentType &d) {
            return (rule.category.isEmpty() || d.points.value(rule.category) > 0)
                && (rule.property != QLatin1String("photo") || d.hasPhoto)
                && (rule.property != QLatin1String("birth_date") || d.hasBirthDate);
        });
        if (!possible && r.ok())
            r.problem(path, QStringLiteral("can never be met: no document has what it asks for"));
    } else {
        r.problem(Reader::join(path, QStringLiteral("kind")),
                  QStringLiteral("must be \"min_points\" or \"any_document\""));
    }
}

std::vector<Rule> readRules(Reader &r, const QJsonObject &root, const Programme &p)
{
    std::vector<Rule> out;
    const QJsonArray rules = r.array(root, QStringLiteral("rules"), {});
    QSet<QString> ids;
    for (qsizetype i = 0; i < rules.size(); ++i) {
        const QString path = Reader::at(QStringLiteral("rules"), i);
        const QJsonObject o = rules.at(i).toObject();
        Rule rule;
        rule.id = r.text(o, QStringLiteral("id"), path, &idPattern(), idHint());
        if (ids.contains(rule.id))
            r.problem(Reader::join(path, QStringLiteral("id")), QStringLiteral("repeats \"%1\"").arg(rule.id));
        ids.insert(rule.id);
        rule.text = r.localized(o, QStringLiteral("text"), path, p.languages);
        rule.category = o.value(QStringLiteral("category")).toString();
        if (!rule.category.isEmpty() && !p.categories.contains(rule.category))
            r.problem(Reader::join(path, QStringLiteral("category")),
                      QStringLiteral("is not a category of this programme"));
        readRuleKind(r, o, path, p, rule);
        out.push_back(std::move(rule));
    }
    return out;
}

QMap<QString, std::vector<Choice>> readReasonCodes(Reader &r, const QJsonObject &root, const QStringList &languages)
{
    static const QRegularExpression codeRe(QStringLiteral("^[a-z0-9][a-z0-9-]{1,47}$"));
    QMap<QString, std::vector<Choice>> out;
    const QJsonObject reasons = r.object(root, QStringLiteral("reason_codes"), {});
    for (const char *group : {"photo_override", "duplicate_override", "reject", "reprint", "revoke"}) {
        const QString key = QString::fromLatin1(group);
        out.insert(key,
                   readChoices(r, r.array(reasons, key, QStringLiteral("reason_codes")),
                               Reader::join(QStringLiteral("reason_codes"), key), languages, codeRe,
                               QStringLiteral("use lower-case letters, digits and -")));
    }
    // Optional: a programme without it allows no exception to the photo.
    if (reasons.contains(QStringLiteral("no_photo")))
        out.insert(QStringLiteral("no_photo"),
                   readChoices(r, r.array(reasons, QStringLiteral("no_photo"), QStringLiteral("reason_codes")),
                               QStringLiteral("reason_codes.no_photo"), languages, codeRe,
                               QStringLiteral("use lower-case letters, digits and -")));
    return out;
}

} // namespace

QString Programme::reasonLabel(const QString &list, const QString &code, const QString &language) const
{
    for (const Choice &c : reasonCodes.value(list))
        if (c.code == code)
            return c.label.in(language);
    return code;
}

bool Programme::hasReasonCode(const QString &list, const QString &code) const
{
    const auto &codes = reasonCodes.value(list);
    return std::any_of(codes.begin(), codes.end(), [&](const Choice &c) { return c.code == code; });
}

// Every section is read even after a problem, so that the administrator sees all of them at once.
Result<Programme> Programme::fromJson(const QByteArray &json)
{
    auto parsed = JsonLocator::parseObject(json, QStringLiteral("a programme file"));
    if (!parsed)
        return std::unexpected(parsed.error());
    const QJsonObject &root = *parsed;
    if (auto format = checkFormat(root); !format)
        return std::unexpected(format.error());

    Reader r(json);
    static const QRegularExpression langRe(QStringLiteral("^[a-z]{2,3}(-[A-Z]{2})?$"));
    Programme p;
    p.id = r.text(root, QStringLiteral("id"), {}, &idPattern(), idHint());
    p.rulesVersion = r.text(root, QStringLiteral("rules_version"), {});
    p.languages = readDistinct(r, root, QStringLiteral("languages"), langRe,
                               QStringLiteral("must be a distinct language code such as \"en\" or \"es\""));
    p.name = r.localized(root, QStringLiteral("name"), {}, p.languages);
    p.categories = readDistinct(r, root, QStringLiteral("categories"), idPattern(),
                                QStringLiteral("must be a distinct lower-case name"));
    p.minimumAge = r.integer(root, QStringLiteral("minimum_age"), {}, 0, 120);
    p.allowsNoFixedAddress = r.boolean(root, QStringLiteral("allows_no_fixed_address"), {}, false);
    p.documentFingerprints = r.boolean(root, QStringLiteral("document_fingerprints"), {}, false);
    p.periods = readPeriods(r, root);
    const QJsonObject texts = root.value(QStringLiteral("texts")).toObject();
    for (auto it = texts.begin(); it != texts.end(); ++it)
        p.texts.insert(it.key(), r.localized(texts, it.key(), QStringLiteral("texts"), p.languages));
    p.retention = readFieldRetention(r, root);
    static const QRegularExpression genderRe(QStringLiteral("^[A-Za-z-]{1,8}$"));
    p.genders = readChoices(r, r.array(root, QStringLiteral("genders"), {}), QStringLiteral("genders"), p.languages,
                            genderRe, QStringLiteral("use 1 to 8 letters"));
    p.ageBands = readAgeBands(r, root, p.minimumAge, p.categories);
    p.documents = readDocuments(r, root, p);
    p.rules = readRules(r, root, p);
    p.reasonCodes = readReasonCodes(r, root, p.languages);
    p.photo = readPhotoRules(r, root);
    p.card = readCardWording(r, root, p.languages);

    if (!r.ok()) {
        QStringList listed = r.problems().mid(0, kMaxErrorsListed);
        if (r.problems().size() > kMaxErrorsListed)
            listed << QStringLiteral("… and %1 more").arg(r.problems().size() - kMaxErrorsListed);
        return fail(ErrorCode::InvalidInput, listed.join(QLatin1Char('\n')));
    }
    return p;
}

} // namespace tessera
