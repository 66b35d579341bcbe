#include "core/enrollment/Applicant.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace tessera {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Applicant", text);
}

constexpr int kMaxNameLength = 80;

QString boolText(const std::optional<bool> &b)
{
    return b ? (*b ? QStringLiteral("yes") : QStringLiteral("no")) : QString();
}

std::optional<bool> boolFrom(const QString &text)
{
    if (text == QLatin1String("yes"))
        return true;
    if (text == QLatin1String("no"))
        return false;
    return std::nullopt;
}

// Letters and marks of any script, spaces, apostrophes, hyphens and full stops.
std::optional<QString> nameProblem(const QString &name)
{
    if (name.size() > kMaxNameLength)
        return tr("Use at most %1 characters; shorten as the applicant prefers.").arg(kMaxNameLength);
    static const QRegularExpression allowed(QStringLiteral("^[\\p{L}\\p{M}][\\p{L}\\p{M} '\\x{2019}.-]*$"));
    if (!name.isEmpty() && !allowed.match(name).hasMatch())
        return tr(
            "Use letters (any alphabet), spaces, apostrophes, hyphens and full stops only, starting with a letter.");
    return std::nullopt;
}

bool isBlank(const QString &s)
{
    return s.trimmed().isEmpty();
}

} // namespace

QString Applicant::value(Field f) const
{
    switch (f) {
    case Field::GivenNames:
        return givenNames;
    case Field::FamilyName:
        return familyName;
    case Field::BirthDate:
        return birthDate.isValid() ? birthDate.toString(Qt::ISODate) : QString();
    case Field::Gender:
        return gender;
    case Field::AddressLine:
        return noFixedAddress ? QStringLiteral("(no fixed address)") : addressLine;
    case Field::CareOf:
        return careOf;
    case Field::City:
        return city;
    case Field::PostalCode:
        return postalCode;
    case Field::Telephone:
        return telephone;
    case Field::Veteran:
        return boolText(veteran);
    case Field::OrganDonor:
        return boolText(organDonor);
    case Field::EmergencyContact:
        return emergencyContact;
    case Field::PreferredLanguage:
        return preferredLanguage;
    case Field::MedicalNotes:
        return medicalNotes;
    }
    return {};
}

void Applicant::setValue(Field f, const QString &text)
{
    switch (f) {
    case Field::GivenNames:
        givenNames = text;
        break;
    case Field::FamilyName:
        familyName = text;
        break;
    case Field::BirthDate:
        birthDate = QDate::fromString(text, Qt::ISODate);
        break;
    case Field::Gender:
        gender = text;
        break;
    case Field::AddressLine:
        noFixedAddress = text == QLatin1String("(no fixed address)");
        addressLine = noFixedAddress ? QString() : text;
        break;
    case Field::CareOf:
        careOf = text;
        break;
    case Field::City:
        city = text;
        break;
    case Field::PostalCode:
        postalCode = text;
        break;
    case Field::Telephone:
        telephone = text;
        break;
    case Field::Veteran:
        veteran = boolFrom(text);
        break;
    case Field::OrganDonor:
        organDonor = boolFrom(text);
        break;
    case Field::EmergencyContact:
        emergencyContact = text;
        break;
    case Field::PreferredLanguage:
        preferredLanguage = text;
        break;
    case Field::MedicalNotes:
        medicalNotes = text;
        break;
    }
}

std::optional<QString> validateField(const Programme &programme, Field field, const Applicant &a, const QDate &today)
{
    if (!programme.collects(field))
        return std::nullopt;
    switch (field) {
    case Field::GivenNames:
    case Field::FamilyName: {
        const QString &name = field == Field::GivenNames ? a.givenNames : a.familyName;
        if (isBlank(a.givenNames) && isBlank(a.familyName))
            return tr("Enter the applicant's name. One name is enough for a person who has only one.");
        return nameProblem(name.trimmed());
    }
    case Field::BirthDate:
        if (!a.birthDate.isValid())
            return tr("Enter a date of birth that exists (year-month-day).");
        if (a.birthDate > today)
            return tr("The date of birth is in the future.");
        if (a.birthDate < today.addYears(-130))
            return tr("The date of birth is more than 130 years ago; check the year.");
        return std::nullopt;
    case Field::Gender: {
        for (const Choice &c : programme.genders)
            if (c.code == a.gender)
                return std::nullopt;
        return tr("Choose one of the options, including \"Not shown on the card\".");
    }
    case Field::AddressLine:
        if (a.noFixedAddress) {
            if (!programme.allowsNoFixedAddress)
                return tr("This programme needs an address; a care-of address is accepted.");
            return std::nullopt;
        }
        if (isBlank(a.addressLine))
            return programme.allowsNoFixedAddress ? tr("Enter the address, or tick \"No fixed address\".")
                                                  : tr("Enter the address.");
        if (a.addressLine.size() > 120)
            return tr("Use at most 120 characters.");
        return std::nullopt;
    case Field::CareOf:
    case Field::EmergencyContact:
        if (a.value(field).size() > 120)
            return tr("Use at most 120 characters.");
        return std::nullopt;
    case Field::City:
        if (!a.noFixedAddress && isBlank(a.city))
            return tr("Enter the city.");
        if (a.city.size() > 60)
            return tr("Use at most 60 characters.");
        return std::nullopt;
    case Field::PostalCode: {
        static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9 -]{1,9}$"));
        if (a.noFixedAddress && isBlank(a.postalCode))
            return std::nullopt;
        if (!re.match(a.postalCode.trimmed()).hasMatch())
            return tr("Enter a postal code of 2 to 10 letters or digits.");
        return std::nullopt;
    }
    case Field::Telephone: {
        static const QRegularExpression re(QStringLiteral("^\\+?[0-9 ()-]{7,20}$"));
        if (!isBlank(a.telephone) && !re.match(a.telephone.trimmed()).hasMatch())
            return tr("Enter a telephone number of digits, spaces, brackets or dashes.");
        return std::nullopt;
    }
    case Field::PreferredLanguage:
        if (!a.preferredLanguage.isEmpty() && !programme.languages.contains(a.preferredLanguage))
            return tr("Choose one of the programme's languages.");
        return std::nullopt;
    case Field::MedicalNotes:
        if (a.medicalNotes.size() > 200)
            return tr("Use at most 200 characters.");
        return std::nullopt;
    case Field::Veteran:
    case Field::OrganDonor:
        return std::nullopt;
    }
    return std::nullopt;
}

std::vector<FieldProblem> validateDraft(const Programme &programme, const EnrollmentDraft &draft, const QDate &today)
{
    std::vector<FieldProblem> problems;
    for (Field f : allFields())
        if (auto p = validateField(programme, f, draft.applicant, today))
            problems.push_back({fieldKey(f), *p});
    if (draft.documents.empty())
        problems.push_back({QStringLiteral("documents"), tr("Add the documents the applicant presented.")});
    for (std::size_t i = 0; i < draft.documents.size(); ++i) {
        const PresentedDocument &d = draft.documents[i].presented;
        const QString where = QStringLiteral("documents[%1]").arg(i);
        const DocumentType *type = programme.document(d.typeId);
        if (!type) {
            problems.push_back({where, tr("\"%1\" is not a document this programme accepts.").arg(d.typeId)});
            continue;
        }
        if (type->date == DocumentDate::Expiry) {
            if (!d.expiry || !d.expiry->isValid())
                problems.push_back(
                    {where + QStringLiteral(".expiry"), tr("Enter the expiry date shown on the document.")});
            else if (*d.expiry < today.addYears(-50) || *d.expiry > today.addYears(30))
                problems.push_back(
                    {where + QStringLiteral(".expiry"), tr("The expiry date is out of range; check the year.")});
        }
        if (type->date == DocumentDate::Issue) {
            if (!d.issued || !d.issued->isValid())
                problems.push_back({where + QStringLiteral(".issued"), tr("Enter the date the document was issued.")});
            else if (*d.issued > today)
                problems.push_back({where + QStringLiteral(".issued"), tr("The issue date is in the future.")});
        }
        if (d.byCaretaker && !draft.caretakerPresent)
            problems.push_back({where, tr("A caretaker's document needs the caretaker to be present.")});
    }
    if (draft.caretakerPresent) {
        static const QStringList relationships {QStringLiteral("parent"), QStringLiteral("guardian"),
                                                QStringLiteral("other")};
        if (!relationships.contains(draft.caretakerRelationship))
            problems.push_back(
                {QStringLiteral("caretaker"), tr("Choose how the caretaker is related: parent, guardian or other.")});
    }
    return problems;
}

QString normalisedName(const QString &givenNames, const QString &familyName)
{
    const QString joined = givenNames + QLatin1Char(' ') + familyName;
    const QString decomposed = joined.normalized(QString::NormalizationForm_KD).toCaseFolded();
    QString out;
    out.reserve(decomposed.size());
    bool space = false;
    for (const QChar c : decomposed) {
        if (c.isMark() || c == QLatin1Char('\'') || c == QChar(0x2019) || c == QLatin1Char('.'))
            continue;
        if (c.isSpace() || c == QLatin1Char('-')) {
            space = !out.isEmpty();
            continue;
        }
        if (space)
            out += QLatin1Char(' ');
        space = false;
        out += c;
    }
    return out;
}

} // namespace tessera
