#pragma once

#include <QDate>
#include <QLineEdit>

#include <array>
#include <optional>

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

    // What is wrong with the text, for the clerk: empty when it is a date or blank; "… is an
    // impossible date" when it has a date's shape but no such day exists (30 February);
    // otherwise how to write one.
    QString problem() const;

    static QDate parse(const QString &text);

private:
    // Year, month and day as written, in any of the accepted forms; nullopt for another shape.
    static std::optional<std::array<int, 3>> parts(const QString &text);
};

} // namespace tessera::ui
