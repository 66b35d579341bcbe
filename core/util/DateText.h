#pragma once

#include <QDate>
#include <QDateTime>
#include <QLocale>
#include <QString>

#include <optional>

namespace tessera {

// The one way a date, and a date with its time, is shown to a person: on every screen and in
// every document a person reads (receipt, rejection notice, batch report, holdings report).
// It is the locale's short numeric form with the year always written in full: QLocale's
// ShortFormat for en_US is M/d/yy, and a birth year must never be ambiguous. What is stored,
// written to JSON, to the audit log or into a file name stays ISO 8601; the printed card face
// follows its own document convention (core/cards/Cards.cpp).
QString dateFormat(const QLocale &locale = QLocale());
QString dateTimeFormat(const QLocale &locale = QLocale());

QString displayDate(const QDate &date, const QLocale &locale = QLocale());
// `time` is shown in local time, whatever its time spec.
QString displayDateTime(const QDateTime &time, const QLocale &locale = QLocale());

// The date format as a person writes it in a placeholder: "M/D/YYYY", "DD.MM.YYYY".
QString dateFormatHint(const QLocale &locale = QLocale());

// Year, month and day as written: in the locale's order ("4/12/1988" in en_US, "12.04.1988" in
// de_DE), or ISO ("1988-04-12", "19880412") whatever the locale, since a clerk copying from a
// passport may type that. The year must have four digits. The numbers are not checked against
// the calendar (so a caller can say which part is impossible); nullopt for another shape.
struct WrittenDate {
    int year = 0;
    int month = 0;
    int day = 0;
};
std::optional<WrittenDate> readWrittenDate(const QString &text, const QLocale &locale = QLocale());

// The date written, if it exists; an invalid QDate otherwise.
QDate parseDisplayDate(const QString &text, const QLocale &locale = QLocale());

} // namespace tessera
