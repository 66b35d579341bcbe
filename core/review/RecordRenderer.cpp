#include "core/review/RecordRenderer.h"

#include "core/capture/PhotoCheckNames.h"
#include "core/print/ApplicantText.h"
#include "core/util/Clock.h"
#include "core/util/DateText.h"

#include <QDate>
#include <QLocale>
#include <algorithm>
#include <cmath>

namespace tessera {

namespace {

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

QString flagText(const QString &flag)
{
    if (flag == QLatin1String("duplicate_override"))
        return RecordRenderer::tr("duplicate override");
    if (flag == QLatin1String("expired_document"))
        return RecordRenderer::tr("eligible only with an expired document");
    if (flag == QLatin1String("narrow_margin")) // recorded before 2026-12; information only
        return RecordRenderer::tr("points met exactly");
    if (flag == QLatin1String("resubmitted"))
        return RecordRenderer::tr("resubmitted");
    if (flag == QLatin1String("photo_override"))
        return RecordRenderer::tr("photo check overridden");
    if (flag == QLatin1String("no_photo"))
        return RecordRenderer::tr("no photo");
    if (flag.startsWith(QLatin1String("caretaker"))) {
        // "caretaker:<relationship>", the relationship as the form's codes say it.
        const QString relationship = flag.section(QLatin1Char(':'), 1);
        if (relationship == QLatin1String("parent"))
            return RecordRenderer::tr("presented by a parent");
        if (relationship == QLatin1String("guardian"))
            return RecordRenderer::tr("presented by a guardian");
        if (relationship == QLatin1String("other"))
            return RecordRenderer::tr("presented by another caretaker");
        return relationship.isEmpty() ? RecordRenderer::tr("presented by a caretaker")
                                      : RecordRenderer::tr("presented by a caretaker (%1)").arg(relationship);
    }
    QString plain = flag;
    return plain.replace(QLatin1Char('_'), QLatin1Char(' '));
}

// Field keys in the order the form asks for them (given names, family name, date of birth, …).
QStringList formOrder(const QMap<QString, QString> &fields)
{
    QStringList keys = fields.keys();
    std::stable_sort(keys.begin(), keys.end(), [](const QString &a, const QString &b) {
        const auto fa = fieldFromKey(a);
        const auto fb = fieldFromKey(b);
        return (fa ? static_cast<int>(*fa) : 1000) < (fb ? static_cast<int>(*fb) : 1000);
    });
    return keys;
}

QString eventText(const QString &event)
{
    if (event == QLatin1String("submitted"))
        return RecordRenderer::tr("submitted");
    if (event == QLatin1String("resubmitted"))
        return RecordRenderer::tr("corrected and submitted again");
    if (event == QLatin1String("approved"))
        return RecordRenderer::tr("approved");
    if (event == QLatin1String("rejected"))
        return RecordRenderer::tr("rejected");
    if (event == QLatin1String("returned"))
        return RecordRenderer::tr("returned to the clerk");
    if (event == QLatin1String("photo_waived"))
        return RecordRenderer::tr("submitted without a photo");
    return event;
}

QString choiceLabel(const Programme &programme, const QString &list, const QString &code)
{
    for (const Choice &c : programme.reasonCodes.value(list))
        if (c.code == code)
            return c.label.in(QStringLiteral("en"));
    return code;
}

} // namespace

RecordRenderer::RecordRenderer(Programme programme, std::map<qint64, QString> operatorNames)
    : m_programme(std::move(programme))
    , m_operatorNames(std::move(operatorNames))
{
}

QString RecordRenderer::emptyHtml(bool dayOpen)
{
    return QStringLiteral("<p>%1</p>")
        .arg(esc(dayOpen ? tr("Nothing submitted on this day yet.") : tr("No open batch.")));
}

QString RecordRenderer::stateText(EnrollmentState s)
{
    switch (s) {
    case EnrollmentState::Draft:
        return tr("draft");
    case EnrollmentState::Submitted:
        return tr("pending review");
    case EnrollmentState::Approved:
        return tr("approved");
    case EnrollmentState::Rejected:
        return tr("rejected");
    case EnrollmentState::Returned:
        return tr("returned");
    }
    return {};
}

QString RecordRenderer::flagsText(const QStringList &flags)
{
    QStringList words;
    for (const QString &f : flags)
        words << flagText(f);
    return words.join(QStringLiteral(", "));
}

QString RecordRenderer::pendingText(const Decision &d) const
{
    switch (d.kind) {
    case DecisionKind::Approve:
        return tr("approve — not yet committed");
    case DecisionKind::Reject:
        return tr("reject (%1) — not yet committed").arg(reasonLabel(d.reasonCode));
    case DecisionKind::Return:
        return tr("return — not yet committed");
    }
    return {};
}

QString RecordRenderer::queuedText(DecisionKind kind)
{
    switch (kind) {
    case DecisionKind::Approve:
        return tr("to approve");
    case DecisionKind::Reject:
        return tr("to reject");
    case DecisionKind::Return:
        return tr("to return");
    }
    return {};
}

QStringList RecordRenderer::columnStateTexts()
{
    QStringList all;
    for (EnrollmentState s : {EnrollmentState::Draft, EnrollmentState::Submitted, EnrollmentState::Approved,
                              EnrollmentState::Rejected, EnrollmentState::Returned})
        all << stateText(s);
    for (DecisionKind k : {DecisionKind::Approve, DecisionKind::Reject, DecisionKind::Return})
        all << queuedText(k);
    return all;
}

QString RecordRenderer::decisionCountsText(const std::vector<Decision> &decisions)
{
    const auto count = [&](DecisionKind k) {
        return std::count_if(decisions.begin(), decisions.end(), [k](const Decision &d) { return d.kind == k; });
    };
    const auto approvals = count(DecisionKind::Approve);
    const auto rejections = count(DecisionKind::Reject);
    const auto returns = count(DecisionKind::Return);
    QStringList parts;
    if (approvals > 0)
        parts << (approvals == 1 ? tr("1 approval") : tr("%1 approvals").arg(approvals));
    if (rejections > 0)
        parts << (rejections == 1 ? tr("1 rejection") : tr("%1 rejections").arg(rejections));
    if (returns > 0)
        parts << (returns == 1 ? tr("1 return to the clerk") : tr("%1 returns to the clerk").arg(returns));
    return parts.join(QStringLiteral(", "));
}

QString RecordRenderer::reasonLabel(const QString &code) const
{
    return choiceLabel(m_programme, QStringLiteral("reject"), code);
}

QString RecordRenderer::photoReasonLabel(const QString &code) const
{
    return choiceLabel(m_programme, QStringLiteral("photo_override"), code);
}

QString RecordRenderer::operatorName(qint64 id) const
{
    const auto it = m_operatorNames.find(id);
    return it != m_operatorNames.end() ? it->second : tr("operator %1").arg(id);
}

QString RecordRenderer::fieldLabel(const QString &key) const
{
    // The applicant-facing names ("date of birth"), capitalised for a list.
    QString label = fieldName(m_programme, m_programme.languages.value(0), key);
    if (!label.isEmpty())
        label[0] = label[0].toUpper();
    return label;
}

QString RecordRenderer::fieldValue(const QString &key, const QString &value) const
{
    if (key == QLatin1String("gender"))
        for (const Choice &c : m_programme.genders)
            if (c.code == value)
                return c.label.in(m_programme.languages.value(0));
    if (key == QLatin1String("birth_date"))
        if (const QDate d = QDate::fromString(value, Qt::ISODate); d.isValid())
            return displayDate(d);
    if (key == QLatin1String("preferred_language")) {
        const QLocale locale(value);
        if (locale.language() != QLocale::C)
            return QLocale::languageToString(locale.language());
    }
    if (value == QLatin1String("true"))
        return tr("yes");
    if (value == QLatin1String("false"))
        return tr("no");
    return value;
}

QString RecordRenderer::programmeName(const QString &id) const
{
    // The programme by its name; an id only for a record made under another programme.
    return id == m_programme.id ? m_programme.name.in(m_programme.languages.value(0)) : id;
}

QString RecordRenderer::documentLabel(const QString &id) const
{
    const DocumentType *d = m_programme.document(id);
    return d ? d->label.in(m_programme.languages.value(0)) : id;
}

QString RecordRenderer::html(const RecordView &view) const
{
    const EnrollmentSummary &s = view.summary;
    QString html;
    html += QStringLiteral("<h2>%1</h2>").arg(esc(tr("Card %1").arg(s.cardNumber)));
    html += QStringLiteral("<p><b>%1</b> %2<br><b>%3</b> %4 (%5)</p>")
                .arg(esc(tr("State:")), esc(stateText(s.state)), esc(tr("Rules:")), esc(programmeName(s.programmeId)),
                     esc(tr("version %1").arg(s.rulesVersion)));
    if (view.pending)
        html += QStringLiteral("<p><i>%1</i></p>").arg(esc(pendingText(*view.pending)));
    html += QStringLiteral("<p><b>%1</b> %2</p>")
                .arg(esc(tr("Flags:")), esc(s.flags.isEmpty() ? tr("none") : flagsText(s.flags)));
    html += photoHtml(view.photo);
    if (!view.record)
        html += QStringLiteral("<p>%1</p>").arg(esc(view.record.error().message));
    else
        html += fieldsHtml(*view.record);
    html += historyHtml(view.history);
    return html;
}

QString RecordRenderer::photoHtml(const Result<std::optional<EnrollmentPhoto>> &photo) const
{
    if (!photo || !*photo)
        return QStringLiteral("<p><b>%1</b></p>")
            .arg(esc(photo ? tr("No photo: this card would be printed without one (see History for the reason).")
                           : photo.error().message));
    // The card photo, small, with the checks the clerk overrode (a data URL: nothing on disk).
    const EnrollmentPhoto &p = **photo;
    const QString how = !p.overrides.isEmpty() ? tr("Photo taken by the clerk, accepted with the overrides below.")
        : p.automatic                          ? tr("Photo taken automatically: every check passed.")
                                               : tr("Photo taken by the clerk: every check passed.");
    QString html = QStringLiteral("<p><img src=\"data:image/jpeg;base64,%1\" width=\"105\" alt=\"%2\"><br>%3</p>")
                       .arg(QString::fromLatin1(p.jpeg.toBase64()), esc(tr("Card photo")), esc(how));
    if (!p.overrides.isEmpty()) {
        // What the supervisor authorises: the check in the clerk's words, the reason's label,
        // and what was measured against the programme's limit.
        html += QStringLiteral("<p><b>%1</b></p><ul>").arg(esc(tr("Photo checks overridden:")));
        for (auto it = p.overrides.cbegin(); it != p.overrides.cend(); ++it) {
            QString line = tr("%1 — reason: %2").arg(photoCheckName(it.key()), photoReasonLabel(it.value()));
            const auto measured =
                std::find_if(p.checks.begin(), p.checks.end(), [&](const PhotoCheck &c) { return c.id == it.key(); });
            if (measured != p.checks.end())
                line += std::isfinite(measured->value)
                    ? tr(" — measured %1, limit %2").arg(measured->value, 0, 'f', 2).arg(measured->threshold, 0, 'f', 2)
                    : tr(" — could not be measured");
            html += QStringLiteral("<li>%1</li>").arg(esc(line));
        }
        html += QStringLiteral("</ul>");
    }
    // Every check on the frame the crop was cut from: what was measured against the limit.
    if (!p.checks.empty()) {
        html +=
            QStringLiteral("<p><b>%1</b></p><table cellspacing=\"0\" cellpadding=\"1\">").arg(esc(tr("Photo checks:")));
        for (const PhotoCheck &c : p.checks) {
            const QString measured = std::isfinite(c.value) ? QLocale().toString(c.value, 'f', 2) : tr("not measured");
            // The threshold is a lower or an upper bound; which one follows from the value and the result.
            const QString bound = QLocale().toString(c.threshold, 'f', 2);
            const QString limit = c.id == QLatin1String("face_count")
                ? tr("exactly %1").arg(QLocale().toString(c.threshold, 'f', 0))
                : !std::isfinite(c.value)            ? tr("limit %1").arg(bound)
                : (c.value >= c.threshold) == c.pass ? tr("at least %1").arg(bound)
                                                     : tr("at most %1").arg(bound);
            html += QStringLiteral(
                        "<tr><td>%1</td><td align=\"right\">&nbsp;%2</td><td>&nbsp;(%3)</td><td>&nbsp;%4</td></tr>")
                        .arg(esc(photoCheckName(c.id)), esc(measured), esc(limit),
                             c.pass ? esc(tr("passed"))
                                    : QStringLiteral("<span style=\"color:#b00020\">%1</span>").arg(esc(tr("failed"))));
        }
        html += QStringLiteral("</table>");
    }
    return html;
}

QString RecordRenderer::fieldsHtml(const EnrollmentRecord &record) const
{
    QString html = QStringLiteral("<h3>%1</h3><table cellspacing=\"2\">").arg(esc(tr("Stored fields")));
    for (const QString &key : formOrder(record.storedFields))
        html += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>")
                    .arg(esc(fieldLabel(key)), esc(fieldValue(key, record.storedFields.value(key))));
    html += QStringLiteral("</table>");
    if (record.printedOnlyHeld && !record.printedOnlyFields.isEmpty()) {
        html += QStringLiteral("<h3>%1</h3><table cellspacing=\"2\">")
                    .arg(esc(tr("Printed only — held until the card is printed")));
        for (const QString &key : formOrder(record.printedOnlyFields))
            html += QStringLiteral("<tr><td>%1</td><td>%2 <i>%3</i></td></tr>")
                        .arg(esc(fieldLabel(key)), esc(fieldValue(key, record.printedOnlyFields.value(key))),
                             esc(tr("(printed only)")));
        html += QStringLiteral("</table>");
    }
    html += QStringLiteral("<h3>%1</h3><ul>").arg(esc(tr("Documents attested")));
    for (const Attestation &a : record.attestations) {
        QStringList points;
        for (auto it = a.points.cbegin(); it != a.points.cend(); ++it)
            points << tr("%1: %2").arg(it.key()).arg(it.value());
        QStringList notes;
        if (!a.counted)
            notes << tr("not counted");
        if (a.expired)
            notes << (a.withinGrace ? tr("expired, within grace") : tr("expired"));
        if (a.byCaretaker)
            notes << tr("by caretaker");
        html +=
            QStringLiteral("<li>%1 — %2 — %3%4</li>")
                .arg(esc(documentLabel(a.documentType)),
                     esc(points.isEmpty() ? tr("no points") : points.join(QStringLiteral(", "))),
                     esc(tr("rules %1").arg(a.rulesVersion)),
                     esc(notes.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(notes.join(QStringLiteral(", ")))));
    }
    html += QStringLiteral("</ul>");
    return html;
}

QString RecordRenderer::historyHtml(const Result<std::vector<EnrollmentEvent>> &history) const
{
    QString html = QStringLiteral("<h3>%1</h3><ul>").arg(esc(tr("History")));
    if (history) {
        for (const EnrollmentEvent &e : *history) {
            const QString when = displayDateTime(fromIsoUtc(e.at));
            QString line = tr("%1 — %2 by %3").arg(when, eventText(e.event), operatorName(e.operatorId));
            if (!e.reason.isEmpty())
                line += tr(" — reason: %1")
                            .arg(e.event == QLatin1String("photo_waived")
                                     ? choiceLabel(m_programme, QStringLiteral("no_photo"), e.reason)
                                     : reasonLabel(e.reason));
            if (!e.note.isEmpty())
                line += tr(" — note: %1").arg(e.note);
            html += QStringLiteral("<li>%1</li>").arg(esc(line));
        }
    } else {
        html += QStringLiteral("<li>%1</li>").arg(esc(history.error().message));
    }
    html += QStringLiteral("</ul>");
    return html;
}

} // namespace tessera
