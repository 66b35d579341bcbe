#pragma once

#include "core/programme/Programme.h"

#include <QDate>
#include <QString>

#include <optional>
#include <vector>

namespace tessera {

// What the clerk entered about one document presented at the counter: only what scoring
// needs. Never the document number, never an image.
struct PresentedDocument {
    QString typeId;
    std::optional<QDate> expiry;  // when the type's date is "expiry"
    std::optional<QDate> issued;  // when the type's date is "issue"
    bool machineReadable = false; // when the type asks
    bool byCaretaker = false;     // presented by the minor's caretaker
};

struct DocumentAssessment {
    QString typeId;
    QMap<QString, int> points; // what it counts for after expiry and recency
    bool counts = false;
    bool expired = false;
    bool withinGrace = false; // expired but accepted at reduced points
    QString note;             // plain words for the clerk: why it counts as it does
};

struct RuleAssessment {
    QString ruleId;
    bool met = false;
    QString text;   // the rule, from the programme file
    QString why;    // plain words: what is there and what is missing
    int margin = 0; // points above the minimum (MinPoints rules)
};

struct Eligibility {
    bool eligible = false;
    int age = 0;
    std::optional<AgeBand> band;
    std::vector<DocumentAssessment> documents;
    std::vector<RuleAssessment> rules;
    QStringList problems;            // beyond the rules: age, caretaker, unknown documents
    std::optional<QDate> cardExpiry; // none: the card does not expire (or not eligible)
};

// Age in whole years on `day`. Someone born on 29 February has their birthday on 1 March in
// common years (the usual reading in US law for age-based eligibility).
int ageOn(const QDate &birthDate, const QDate &day);
// `date` plus whole years, with 29 February moving to 1 March in a common year.
QDate addYears(const QDate &date, int years);

// Scores an applicant against a programme on `today`, in `language` for the plain-words
// texts. Pure: no clock, no store. Rules:
// - a document with an expiry date counts when it expires today or later; an expired one
//   counts only within its expired_grace (fewer points, machine readable if asked);
// - a document with an issue date counts when issued at most recency_days before today;
// - caretaker documents count only for the age band's caretaker_categories.
Eligibility assess(const Programme &programme, const QDate &birthDate, const std::vector<PresentedDocument> &documents,
                   bool caretakerPresent, const QDate &today, const QString &language);

} // namespace tessera
