#include "ui/enrollment/RuleTallyPanel.h"
#include "core/util/DateText.h"

#include <QLabel>
#include <QLocale>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace tessera::ui {

namespace {

constexpr auto kGreen = "#1b7f3b";
constexpr auto kRed = "#b00020";
constexpr auto kGrey = "#5f6368";

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

} // namespace

RuleTallyPanel::RuleTallyPanel(const Programme &programme, QString language, QWidget *parent)
    : QGroupBox(tr("Eligibility"), parent)
    , m_programme(programme)
    , m_language(std::move(language))
    , m_headline(new QLabel(this))
    , m_details(new QTextBrowser(this))
{
    setObjectName(QStringLiteral("tallyGroupBox"));
    m_headline->setObjectName(QStringLiteral("eligibilityHeadlineLabel"));
    m_headline->setWordWrap(true);
    m_headline->setTextFormat(Qt::PlainText);
    QFont big = m_headline->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.15);
    m_headline->setFont(big);
    m_details->setObjectName(QStringLiteral("tallyTextBrowser"));
    m_details->setOpenLinks(false);
    m_details->setFrameShape(QFrame::NoFrame);
    m_details->setFocusPolicy(Qt::NoFocus);
    m_details->viewport()->setAutoFillBackground(false);

    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(4);
    layout->addWidget(m_headline);
    layout->addWidget(m_details, 1);
}

void RuleTallyPanel::showEligibility(const Eligibility &e, const std::vector<PresentedDocument> &documents,
                                     bool birthDateKnown, bool started)
{
    if (!started) {
        m_headline->setText(tr("New applicant: the rules below are checked as you type"));
        m_headline->setStyleSheet(QStringLiteral("color: %1;").arg(QLatin1String(kGrey)));
    } else if (e.eligible) {
        const QString expiry = e.cardExpiry ? tr("expires %1").arg(displayDate(*e.cardExpiry)) : tr("does not expire");
        m_headline->setText(tr("✓ Eligible: %1 card, %2").arg(e.band ? e.band->card : QString(), expiry));
        m_headline->setStyleSheet(QStringLiteral("color: %1;").arg(QLatin1String(kGreen)));
    } else {
        int unmet = 0;
        for (const RuleAssessment &r : e.rules)
            unmet += r.met ? 0 : 1;
        m_headline->setText(unmet > 1        ? tr("✗ Not eligible yet: %1 rules not met").arg(unmet)
                                : unmet == 1 ? tr("✗ Not eligible yet: 1 rule not met")
                                             : tr("✗ Not eligible yet: see what is also needed"));
        m_headline->setStyleSheet(QStringLiteral("color: %1;").arg(QLatin1String(kRed)));
    }

    QString html = QStringLiteral("<table cellspacing=\"0\" cellpadding=\"2\" width=\"100%\">");
    for (const RuleAssessment &r : e.rules) {
        const QString mark = r.met ? QStringLiteral("<span style=\"color:%1\">✓</span>").arg(QLatin1String(kGreen))
                                   : QStringLiteral("<span style=\"color:%1\">✗</span>").arg(QLatin1String(kRed));
        const QString state = r.met ? tr("met") : tr("not met");
        html += QStringLiteral("<tr><td valign=\"top\" width=\"18\"><b>%1</b></td><td><b>%2</b> <span "
                               "style=\"color:%3\">(%4)</span><br>"
                               "<span style=\"color:%5\">%6</span></td></tr>")
                    .arg(mark, esc(r.text), QLatin1String(r.met ? kGreen : kRed), esc(state), QLatin1String(kGrey),
                         esc(r.why));
    }
    html += QStringLiteral("</table>");

    if (started && !e.problems.isEmpty()) {
        html += QStringLiteral("<p style=\"margin-top:8px\"><b>%1</b></p><ul style=\"margin-top:0\">")
                    .arg(esc(tr("Also needed")));
        for (const QString &p : e.problems)
            html += QStringLiteral("<li style=\"color:%1\">%2</li>").arg(QLatin1String(kRed), esc(p));
        html += QStringLiteral("</ul>");
    }

    if (!e.documents.empty()) {
        html += QStringLiteral("<p style=\"margin-top:8px\"><b>%1</b></p><table cellspacing=\"0\" cellpadding=\"1\">")
                    .arg(esc(tr("Documents")));
        for (std::size_t i = 0; i < e.documents.size(); ++i) {
            const DocumentAssessment &d = e.documents[i];
            const DocumentType *type = m_programme.document(d.typeId);
            const QString label = type ? type->label.in(m_language) : d.typeId;
            QStringList points;
            for (auto it = d.points.begin(); it != d.points.end(); ++it)
                points << tr("%1 %2").arg(it.value()).arg(it.key());
            const QString counted =
                d.counts ? (points.isEmpty() ? tr("counts") : points.join(QStringLiteral(", "))) : tr("does not count");
            const bool byCaretaker = i < documents.size() && documents[i].byCaretaker;
            html +=
                QStringLiteral("<tr><td valign=\"top\" style=\"color:%1\">%2</td><td>%3%4 — <span "
                               "style=\"color:%1\">%5</span>%6</td></tr>")
                    .arg(QLatin1String(d.counts ? kGreen : kRed), d.counts ? QStringLiteral("•") : QStringLiteral("✗"),
                         esc(label), byCaretaker ? esc(tr(" (caretaker's)")) : QString(), esc(counted),
                         d.note.isEmpty() ? QString()
                                          : QStringLiteral("<br><span style=\"color:%1\">%2</span>")
                                                .arg(QLatin1String(kGrey), esc(d.note)));
        }
        html += QStringLiteral("</table>");
    }

    if (birthDateKnown && e.band) {
        const QString validity = !e.band->validityYears ? tr("does not expire")
            : *e.band->validityYears == 1               ? tr("valid for 1 year")
                                                        : tr("valid for %1 years").arg(*e.band->validityYears);
        html += QStringLiteral("<p style=\"margin-top:8px; color:%1\">%2</p>")
                    .arg(QLatin1String(kGrey), esc(tr("Age %1: %2 card, %3.").arg(e.age).arg(e.band->card, validity)));
    }
    m_details->setHtml(html);
}

QString RuleTallyPanel::plainText() const
{
    return m_headline->text() + QLatin1Char('\n') + m_details->toPlainText();
}

QString RuleTallyPanel::headline() const
{
    return m_headline->text();
}

} // namespace tessera::ui
