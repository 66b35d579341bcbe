#include "core/programme/Eligibility.h"
#include "core/util/DateText.h"

#include <QCoreApplication>

#include <algorithm>

namespace tessera {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Eligibility", text);
}

QString categoryName(const QString &category)
{
    QString name = category;
    name.replace(QLatin1Char('_'), QLatin1Char(' '));
    return name;
}

} // namespace

QDate addYears(const QDate &date, int years)
{
    const int year = date.year() + years;
    if (date.month() == 2 && date.day() == 29 && !QDate::isLeapYear(year))
        return QDate(year, 3, 1);
    return QDate(year, date.month(), date.day());
}

int ageOn(const QDate &birthDate, const QDate &day)
{
    int age = day.year() - birthDate.year();
    if (addYears(birthDate, age) > day)
        --age;
    return age;
}

Eligibility assess(const Programme &programme, const QDate &birthDate, const std::vector<PresentedDocument> &documents,
                   bool caretakerPresent, const QDate &today, const QString &language)
{
    Eligibility result;
    result.age = ageOn(birthDate, today);
    if (const AgeBand *band = programme.bandForAge(result.age))
        result.band = *band;
    // Said apart, so that the tally never says "missing or in the future" of a date the form
    // shows as typed, and impossible.
    if (!birthDate.isValid())
        result.problems << tr("A date of birth that exists is needed.");
    else if (birthDate > today)
        result.problems << tr("The date of birth is in the future.");
    else if (result.age < programme.minimumAge)
        result.problems << tr("Applicants must be at least %1 years old; this applicant is %2.")
                               .arg(programme.minimumAge)
                               .arg(result.age);
    if (result.band && result.band->caretaker == CaretakerPath::Required && !caretakerPresent)
        result.problems << tr("Applicants aged %1 need a caretaker present.").arg(result.age);

    QMap<QString, int> totals;
    for (const PresentedDocument &presented : documents) {
        DocumentAssessment a;
        a.typeId = presented.typeId;
        const DocumentType *type = programme.document(presented.typeId);
        if (!type) {
            a.note = tr("This document is not on the programme's list.");
            result.problems << a.note;
            result.documents.push_back(a);
            continue;
        }
        a.points = type->points;
        a.counts = true;
        if (type->date == DocumentDate::Expiry) {
            if (!presented.expiry || !presented.expiry->isValid()) {
                a.counts = false;
                a.note = tr("Enter the expiry date.");
            } else if (*presented.expiry < today) {
                a.expired = true;
                const auto &grace = type->expiredGrace;
                const bool inGrace = grace && addYears(*presented.expiry, grace->maxYearsExpired) > today
                    && (!grace->requiresMachineReadable || presented.machineReadable);
                if (inGrace) {
                    a.withinGrace = true;
                    a.points = grace->points;
                    a.note = tr("Expired, but machine readable and within the %1-year grace: counts at reduced points.")
                                 .arg(grace->maxYearsExpired);
                } else {
                    a.counts = false;
                    a.note = grace ? (grace->requiresMachineReadable && !presented.machineReadable
                                          ? tr("Expired, and only a machine-readable one is accepted after expiry.")
                                          : tr("Expired longer ago than the %1-year grace: not accepted.")
                                                .arg(grace->maxYearsExpired))
                                   : tr("Expired: not accepted.");
                }
            } else {
                a.note = tr("Valid until %1.").arg(displayDate(*presented.expiry));
            }
        } else if (type->date == DocumentDate::Issue) {
            if (!presented.issued || !presented.issued->isValid()) {
                a.counts = false;
                a.note = tr("Enter the date it was issued.");
            } else if (*presented.issued > today) {
                a.counts = false;
                a.note = tr("The issue date is in the future.");
            } else if (type->recencyDays > 0 && presented.issued->daysTo(today) > type->recencyDays) {
                a.counts = false;
                a.note = tr("Issued %1 days ago; it must be at most %2 days old.")
                             .arg(presented.issued->daysTo(today))
                             .arg(type->recencyDays);
            }
        }
        if (a.counts && presented.byCaretaker) {
            const QStringList allowed = result.band ? result.band->caretakerCategories : QStringList();
            QMap<QString, int> kept;
            for (auto it = a.points.begin(); it != a.points.end(); ++it)
                if (allowed.contains(it.key()))
                    kept.insert(it.key(), it.value());
            if (kept.isEmpty()) {
                a.counts = false;
                a.note = tr("A caretaker's document does not count for this applicant's age.");
            } else {
                a.points = kept;
                a.note += (a.note.isEmpty() ? QString() : QStringLiteral(" "))
                    + tr("Caretaker's document: counts for %1 only.").arg(kept.keys().join(QStringLiteral(", ")));
            }
        }
        if (!a.counts)
            a.points.clear();
        for (auto it = a.points.begin(); it != a.points.end(); ++it)
            totals[it.key()] += it.value();
        result.documents.push_back(a);
    }

    int total = 0;
    for (int v : totals)
        total += v;
    bool allMet = true;
    for (const Rule &rule : programme.rules) {
        RuleAssessment ra;
        ra.ruleId = rule.id;
        ra.text = rule.text.in(language);
        if (rule.kind == Rule::Kind::MinPoints) {
            const int have = rule.category.isEmpty() ? total : totals.value(rule.category);
            ra.met = have >= rule.points;
            ra.margin = have - rule.points;
            const QString what =
                rule.category.isEmpty() ? tr("points in all") : tr("%1 points").arg(categoryName(rule.category));
            ra.why = ra.met
                ? tr("%1 of %2 %3.").arg(have).arg(rule.points).arg(what)
                : tr("%1 of %2 %3: %4 more needed.").arg(have).arg(rule.points).arg(what).arg(rule.points - have);
        } else {
            const auto matches = [&](const DocumentAssessment &a) {
                const DocumentType *type = programme.document(a.typeId);
                return a.counts && type && (rule.category.isEmpty() || a.points.value(rule.category) > 0)
                    && (rule.property != QLatin1String("photo") || type->hasPhoto)
                    && (rule.property != QLatin1String("birth_date") || type->hasBirthDate);
            };
            const auto found = std::find_if(result.documents.begin(), result.documents.end(), matches);
            ra.met = found != result.documents.end();
            if (ra.met) {
                ra.why = tr("Met by %1.").arg(programme.document(found->typeId)->label.in(language));
            } else {
                const QString need = rule.property == QLatin1String("photo") ? tr("a document with a photo")
                    : rule.property == QLatin1String("birth_date") ? tr("a document showing the date of birth")
                                                                   : tr("a document");
                ra.why = rule.category.isEmpty()
                    ? tr("Not yet: %1 is needed.").arg(need)
                    : tr("Not yet: %1 that counts for %2 is needed.").arg(need, categoryName(rule.category));
            }
        }
        allMet = allMet && ra.met;
        result.rules.push_back(ra);
    }
    result.eligible = allMet && result.problems.isEmpty() && result.band.has_value();
    if (result.eligible && result.band->validityYears)
        result.cardExpiry = addYears(today, *result.band->validityYears);
    return result;
}

} // namespace tessera
