// Dates a clerk types and reads: one format on every screen, the locale's, with a four-digit year.
#include "ui/common/DateField.h"

#include "tests/support/TestSupport.h"

#include <catch2/catch.hpp>

using namespace tessera;
using namespace tessera::test;

namespace {

struct Case {
    QLocale locale;
    const char *shown;      // 12 April 1988 as every screen shows it
    const char *typed;      // another way of writing it in that locale
    const char *impossible; // 30 February, written in that locale
    const char *hint;
};

void finishEditing(ui::DateField &field, const char *text)
{
    field.setText(QString::fromUtf8(text));
    Q_EMIT field.editingFinished();
}

} // namespace

TEST_CASE("A date field shows the locale's format, reads it back, still takes ISO, and keeps a wrong date",
          "[ui][dates]")
{
    const QDate birth(1988, 4, 12);
    for (const Case &c : {Case {kUsEnglish, "4/12/1988", "04/12/1988", "2/30/1990", "M/D/YYYY"},
                          Case {kGerman, "12.04.1988", "12.4.1988", "30.02.1990", "DD.MM.YYYY"}}) {
        const DefaultLocale locale(c.locale);
        ui::DateField field;
        INFO(c.locale.name().toStdString());
        CHECK(field.placeholderText() == QString::fromUtf8(c.hint));
        CHECK(field.toolTip().contains(QStringLiteral("1988-04-12"))); // says ISO works too
        field.setDate(birth);
        CHECK(field.text() == QString::fromUtf8(c.shown)); // it showed 1988-04-12
        CHECK(field.date() == birth);
        finishEditing(field, "1988-04-12"); // ISO typed by hand, as on a passport
        CHECK(field.text() == QString::fromUtf8(c.shown));
        finishEditing(field, "19880412");
        CHECK(field.text() == QString::fromUtf8(c.shown));
        finishEditing(field, c.typed);
        CHECK(field.text() == QString::fromUtf8(c.shown));
        CHECK(field.problem().isEmpty());
        // An impossible date keeps its text and says what is wrong with it.
        finishEditing(field, c.impossible);
        CHECK(field.text() == QString::fromUtf8(c.impossible));
        CHECK_FALSE(field.date().isValid());
        CHECK(field.problem()
              == QStringLiteral("%1 is an impossible date: that month has no day 30. Check it against the document.")
                     .arg(QString::fromUtf8(c.impossible)));
        // A two-digit year is never guessed at: the clerk is told the format.
        finishEditing(field, c.locale == kGerman ? "12.04.88" : "4/12/88");
        CHECK_FALSE(field.date().isValid());
        CHECK(field.problem().contains(QString::fromUtf8(c.hint)));
        CHECK(field.problem().contains(QString::fromUtf8(c.shown)));
    }
}
