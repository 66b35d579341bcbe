#include "core/util/DateText.h"

#include <QRegularExpression>

namespace tessera {

namespace {

// Any run of 'y' becomes "yyyy": "M/d/yy" -> "M/d/yyyy"; "dd.MM.yyyy" is unchanged.
QString withFullYear(QString format)
{
    static const QRegularExpression years(QStringLiteral("y+"));
    return format.replace(years, QStringLiteral("yyyy"));
}

// "31 Nov 2026" -> "31 11 2026": the locale's short or long month name, in any case and with or
// without its abbreviation's full stop, becomes the month's number. Other text is returned as is.
QString withMonthNumber(const QString &text, const QLocale &locale)
{
    static const QRegularExpression word(QStringLiteral("\\p{L}+\\.?"));
    const auto m = word.match(text);
    if (!m.hasMatch())
        return text;
    auto bare = [](const QString &name) { return name.endsWith(QLatin1Char('.')) ? name.chopped(1) : name; };
    const QString written = bare(m.captured(0));
    for (int month = 1; month <= 12; ++month)
        for (const auto form : {QLocale::ShortFormat, QLocale::LongFormat})
            for (const QString &name : {locale.monthName(month, form), locale.standaloneMonthName(month, form)})
                if (bare(name).compare(written, Qt::CaseInsensitive) == 0)
                    return QString(text).replace(m.capturedStart(0), m.capturedLength(0),
                                                 QStringLiteral(" %1 ").arg(month));
    return text;
}

} // namespace

QString dateFormat(const QLocale &locale)
{
    return withFullYear(locale.dateFormat(QLocale::ShortFormat));
}

QString dateTimeFormat(const QLocale &locale)
{
    return withFullYear(locale.dateTimeFormat(QLocale::ShortFormat));
}

QString displayDate(const QDate &date, const QLocale &locale)
{
    return date.isValid() ? locale.toString(date, dateFormat(locale)) : QString();
}

QString displayDateTime(const QDateTime &time, const QLocale &locale)
{
    return time.isValid() ? locale.toString(time.toLocalTime(), dateTimeFormat(locale)) : QString();
}

QString dateFormatHint(const QLocale &locale)
{
    QString hint = dateFormat(locale);
    hint.replace(QLatin1Char('d'), QLatin1Char('D')).replace(QLatin1Char('y'), QLatin1Char('Y'));
    return hint;
}

std::optional<WrittenDate> readWrittenDate(const QString &input, const QLocale &locale)
{
    const QString text = input.trimmed();
    static const QRegularExpression compact(QStringLiteral("^(\\d{4})(\\d{2})(\\d{2})$"));
    static const QRegularExpression iso(QStringLiteral("^(\\d{4})[-. /](\\d{1,2})[-. /](\\d{1,2})$"));
    for (const QRegularExpression *isoShape : {&compact, &iso})
        if (auto m = isoShape->match(text); m.hasMatch())
            return WrittenDate {m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt()};
    const QString format = dateFormat(locale);
    // A format with the month's name ("7 Dec 2031" in the C locale): the name becomes its
    // number, so that "31 Nov 2026" is read as day 31 of month 11 and can be called impossible.
    const QString numeric = format.contains(QLatin1String("MMM")) ? withMonthNumber(text, locale) : text;
    // The locale's order of day, month and year, with any of the usual separators between.
    const auto dayAt = format.indexOf(QLatin1Char('d'));
    const auto monthAt = format.indexOf(QLatin1Char('M'));
    const auto yearAt = format.indexOf(QLatin1Char('y'));
    if (dayAt < 0 || monthAt < 0 || yearAt < 0)
        return std::nullopt;
    static const QRegularExpression three(QStringLiteral("^(\\d{1,4})[-./ ]+(\\d{1,4})[-./ ]+(\\d{1,4})\\.?$"));
    const auto m = three.match(numeric);
    if (!m.hasMatch())
        return std::nullopt;
    auto part = [&](qsizetype at) {
        const int index =
            1 + static_cast<int>(at > dayAt) + static_cast<int>(at > monthAt) + static_cast<int>(at > yearAt);
        return m.captured(index);
    };
    if (part(yearAt).size() != 4 || part(monthAt).size() > 2 || part(dayAt).size() > 2)
        return std::nullopt;
    return WrittenDate {part(yearAt).toInt(), part(monthAt).toInt(), part(dayAt).toInt()};
}

QDate parseDisplayDate(const QString &text, const QLocale &locale)
{
    const auto written = readWrittenDate(text, locale);
    return written ? QDate(written->year, written->month, written->day) : QDate();
}

} // namespace tessera
