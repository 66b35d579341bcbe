#pragma once

#include <QDate>
#include <QLineEdit>

namespace tessera::ui {

// A date typed, not picked: a clerk copying a date from a document types it faster than any
// calendar popup. It is written and shown in the one date format of every screen (the locale's,
// with a four-digit year: core/util/DateText.h); ISO ("1988-04-12", "19880412") is accepted too,
// as printed on passports. The text is kept as typed until it parses; then it is shown in the
// display format, so what the form holds is unambiguous.
class DateField : public QLineEdit {
    Q_OBJECT
public:
    explicit DateField(QWidget *parent = nullptr);

    // An invalid QDate when the field is empty or does not hold a date that exists.
    QDate date() const;
    void setDate(const QDate &date);
    bool isBlank() const;

    // What is wrong with the text, for the clerk: empty when it is a date or blank; "… is an
    // impossible date" when it has a date's shape but no such day exists (30 February);
    // otherwise how to write one.
    QString problem() const;
};

} // namespace tessera::ui
