#include "ui/common/DateField.h"

#include <QRegularExpression>

namespace tessera::ui {

DateField::DateField(QWidget *parent)
    : QLineEdit(parent)
{
    setPlaceholderText(tr("YYYY-MM-DD"));
    setMaxLength(10);
    setToolTip(tr("Year-month-day, for example 1988-04-12. 19880412 and 4/12/1988 work too."));
    const int width = fontMetrics().horizontalAdvance(QStringLiteral("0000-00-00MM")) + 12;
    setMinimumWidth(width);
    setMaximumWidth(width + 24);
    connect(this, &QLineEdit::editingFinished, this, [this] {
        const QDate d = date();
        if (d.isValid() && text() != d.toString(Qt::ISODate))
            setText(d.toString(Qt::ISODate)); // normalised, never cleared: a wrong date stays as typed
    });
}

std::optional<std::array<int, 3>> DateField::parts(const QString &input)
{
    const QString text = input.trimmed();
    static const QRegularExpression compact(QStringLiteral("^(\\d{4})(\\d{2})(\\d{2})$"));
    static const QRegularExpression iso(QStringLiteral("^(\\d{4})[-. ](\\d{1,2})[-. ](\\d{1,2})$"));
    static const QRegularExpression us(QStringLiteral("^(\\d{1,2})/(\\d{1,2})/(\\d{4})$"));
    if (auto m = compact.match(text); m.hasMatch())
        return std::array {m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt()};
    if (auto m = iso.match(text); m.hasMatch())
        return std::array {m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt()};
    if (auto m = us.match(text); m.hasMatch())
        return std::array {m.captured(3).toInt(), m.captured(1).toInt(), m.captured(2).toInt()};
    return std::nullopt;
}

QDate DateField::parse(const QString &input)
{
    const auto ymd = parts(input);
    return ymd ? QDate((*ymd)[0], (*ymd)[1], (*ymd)[2]) : QDate();
}

QString DateField::problem() const
{
    if (isBlank() || date().isValid())
        return {};
    const auto ymd = parts(text());
    if (!ymd)
        return tr("Write the date as year-month-day, for example 1988-04-12.");
    const auto [year, month, day] = *ymd;
    if (month < 1 || month > 12)
        return tr("%1 is an impossible date: there is no month %2. Check it against the document.")
            .arg(text().trimmed())
            .arg(month);
    return tr("%1 is an impossible date: that month has no day %2. Check it against the document.")
        .arg(text().trimmed())
        .arg(day);
}

QDate DateField::date() const
{
    return parse(text());
}

void DateField::setDate(const QDate &date)
{
    setText(date.isValid() ? date.toString(Qt::ISODate) : QString());
}

bool DateField::isBlank() const
{
    return text().trimmed().isEmpty();
}

} // namespace tessera::ui
