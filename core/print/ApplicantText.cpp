#include "core/print/ApplicantText.h"

#include <QCoreApplication>

namespace tessera {

namespace {

struct DefaultText {
    const char *key;
    const char *english;
};
constexpr DefaultText kDefaults[] = {
    {"receipt_title", QT_TRANSLATE_NOOP("ApplicantText", "Enrollment receipt")},
    {"receipt_intro", QT_TRANSLATE_NOOP("ApplicantText", "Keep this receipt until you receive your card.")},
    {"receipt_card_number", QT_TRANSLATE_NOOP("ApplicantText", "Card number")},
    {"receipt_applied_on", QT_TRANSLATE_NOOP("ApplicantText", "Applied on")},
    {"receipt_valid_until", QT_TRANSLATE_NOOP("ApplicantText", "Card valid until")},
    {"receipt_no_expiry", QT_TRANSLATE_NOOP("ApplicantText", "does not expire")},
    {"receipt_what_we_keep", QT_TRANSLATE_NOOP("ApplicantText", "What we keep about you")},
    {"receipt_stored",
     QT_TRANSLATE_NOOP("ApplicantText", "Kept while your card is valid, and %1 days after it expires:")},
    {"receipt_printed_only",
     QT_TRANSLATE_NOOP("ApplicantText", "Printed on your card, then destroyed (at the latest %1 days from today):")},
    {"receipt_not_collected", QT_TRANSLATE_NOOP("ApplicantText", "Never asked for and never kept:")},
    {"receipt_never_fields",
     QT_TRANSLATE_NOOP("ApplicantText", "immigration status, citizenship, Social Security number, place of birth")},
    {"receipt_documents_heading", QT_TRANSLATE_NOOP("ApplicantText", "Your documents")},
    {"receipt_documents",
     QT_TRANSLATE_NOOP("ApplicantText",
                       "Your documents were looked at and given back. No copies, scans or document numbers were kept; "
                       "only the kinds of document shown:")},
    {"receipt_appeal",
     QT_TRANSLATE_NOOP("ApplicantText",
                       "Questions, or a decision you disagree with: ask at any enrollment site; a supervisor will "
                       "review your application.")},
    {"field.given_names", QT_TRANSLATE_NOOP("ApplicantText", "given names")},
    {"field.family_name", QT_TRANSLATE_NOOP("ApplicantText", "family name")},
    {"field.birth_date", QT_TRANSLATE_NOOP("ApplicantText", "date of birth")},
    {"field.gender", QT_TRANSLATE_NOOP("ApplicantText", "gender")},
    {"field.address_line", QT_TRANSLATE_NOOP("ApplicantText", "address")},
    {"field.care_of", QT_TRANSLATE_NOOP("ApplicantText", "care-of address")},
    {"field.city", QT_TRANSLATE_NOOP("ApplicantText", "city")},
    {"field.postal_code", QT_TRANSLATE_NOOP("ApplicantText", "postal code")},
    {"field.telephone", QT_TRANSLATE_NOOP("ApplicantText", "telephone")},
    {"field.veteran", QT_TRANSLATE_NOOP("ApplicantText", "veteran status")},
    {"field.organ_donor", QT_TRANSLATE_NOOP("ApplicantText", "organ donor")},
    {"field.emergency_contact", QT_TRANSLATE_NOOP("ApplicantText", "emergency contact")},
    {"field.preferred_language", QT_TRANSLATE_NOOP("ApplicantText", "preferred language")},
    {"field.medical_notes", QT_TRANSLATE_NOOP("ApplicantText", "medical notes")},
    {"notice_title", QT_TRANSLATE_NOOP("ApplicantText", "Decision on your application")},
    {"notice_intro",
     QT_TRANSLATE_NOOP("ApplicantText", "We are sorry: your application for the card could not be approved.")},
    {"notice_reason", QT_TRANSLATE_NOOP("ApplicantText", "Reason")},
    {"notice_decided_on", QT_TRANSLATE_NOOP("ApplicantText", "Decided on")},
    {"notice_reference", QT_TRANSLATE_NOOP("ApplicantText", "Reference")},
    {"notice_appeal",
     QT_TRANSLATE_NOOP("ApplicantText",
                       "How to appeal: come back to any enrollment site within 30 days with this notice and ask for a "
                       "supervisor's review. You may also apply again at any time with other documents.")},
    {"notice_retention",
     QT_TRANSLATE_NOOP("ApplicantText",
                       "What happens to your information: the application is kept for %1 days from this decision, so "
                       "that an appeal can be heard, and is then deleted.")},
};

} // namespace

QString applicantText(const Programme &p, const QString &language, const QString &key)
{
    if (const auto it = p.texts.find(key); it != p.texts.end())
        return it->in(language);
    for (const DefaultText &d : kDefaults)
        if (key == QLatin1String(d.key))
            return QCoreApplication::translate("ApplicantText", d.english);
    return key;
}

QString fieldName(const Programme &p, const QString &language, const QString &key)
{
    QString name = applicantText(p, language, QStringLiteral("field.") + key);
    if (name.isEmpty() || name == QStringLiteral("field.") + key)
        name = QString(key).replace(QLatin1Char('_'), QLatin1Char(' '));
    if (key == fieldKey(Field::Gender))
        if (QString word = p.card.genderLabel.in(language); !word.isEmpty()) {
            // In the casing of the names it stands among ("date of birth, sex"), which the
            // programme's own name for the field shows.
            if (!name.isEmpty() && name.front().isLower())
                word.front() = word.front().toLower();
            return word;
        }
    return name;
}

} // namespace tessera
