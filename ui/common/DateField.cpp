#include "ui/common/DateField.h"

#include "core/util/DateText.h"

namespace tessera::ui {

namespace {

// A day whose every part has two digits, so that it is as wide as any date can be shown.
const QDate kWidestDay(2000, 12, 28);

} // namespace

DateField::DateField(QWidget *parent)
    : QLineEdit(parent)
{
    const QString widest = displayDate(kWidestDay);
    setPlaceholderText(dateFormatHint());
    setMaxLength(static_cast<int>(std::max<qsizetype>(10, widest.size())));
    setToolTip(tr("Write the date as %1, for example %2. Year-month-day works too: %3 or %4.")
                   .arg(dateFormatHint(), displayDate(QDate(1988, 4, 12)), QStringLiteral("1988-04-12"),
                        QStringLiteral("19880412")));
    const int width =
        fontMetrics().horizontalAdvance(std::max(widest, QStringLiteral("0000-00-00")) + QStringLiteral("MM")) + 12;
    setMinimumWidth(width);
    setMaximumWidth(width + 24);
    connect(this, &QLineEdit::editingFinished, this, [this] {
        const QDate d = date();
        if (d.isValid() && text() != displayDate(d))
            setText(displayDate(d)); // normalised, never cleared: a wrong date stays as typed
    });
}

QString DateField::problem() const
{
    if (isBlank() || date().isValid())
        return {};
    const auto written = readWrittenDate(text());
    if (!written)
        return tr("Write the date as %1 (for example %2), or as year-month-day (%3).")
            .arg(dateFormatHint(), displayDate(QDate(1988, 4, 12)), QStringLiteral("1988-04-12"));
    if (written->month < 1 || written->month > 12)
        return tr("%1 is an impossible date: there is no month %2. Check it against the document.")
            .arg(text().trimmed())
            .arg(written->month);
    return tr("%1 is an impossible date: that month has no day %2. Check it against the document.")
        .arg(text().trimmed())
        .arg(written->day);
}

QDate DateField::date() const
{
    return parseDisplayDate(text());
}

void DateField::setDate(const QDate &date)
{
    setText(displayDate(date));
}

bool DateField::isBlank() const
{
    return text().trimmed().isEmpty();
}

} // namespace tessera::ui
