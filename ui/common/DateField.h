#pragma once

#include <QDate>
#include <QLineEdit>

namespace tessera::ui {

// A date typed, not picked: a clerk copying a date from a document types "1988-04-12" (or
// "19880412", or the U.S. "4/12/1988") faster than any calendar popup. The text is kept as
// typed until it parses; then it is shown in ISO form, so what the form holds is unambiguous.
class DateField : public QLineEdit {
    Q_OBJECT
public:
    explicit DateField(QWidget *parent = nullptr);

    // An invalid QDate when the field is empty or does not hold a date that exists.
    QDate date() const;
    void setDate(const QDate &date);
    bool isBlank() const;

    static QDate parse(const QString &text);
};

} // namespace tessera::ui
