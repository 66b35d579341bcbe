#pragma once

#include "core/programme/Eligibility.h"
#include "core/programme/Programme.h"

#include <QGroupBox>

class QLabel;
class QTextBrowser;

namespace tessera::ui {

// The live tally: each of the programme's rules with a mark (met or not), its text and, in
// plain words, why; each document's note; problems beyond the rules (age, caretaker); and,
// when everything is met, the card layout and expiry the applicant will get. Redrawn from
// an Eligibility on every change; it holds no state of its own.
class RuleTallyPanel : public QGroupBox {
    Q_OBJECT
public:
    RuleTallyPanel(const Programme &programme, QString language, QWidget *parent = nullptr);

    // `started`: false for a blank form, which is waiting, not failing: no red headline.
    void showEligibility(const Eligibility &eligibility, const std::vector<PresentedDocument> &documents,
                         bool birthDateKnown, bool started = true);
    // What the panel says, as plain text (for tests and screen readers).
    QString plainText() const;
    QString headline() const;

private:
    const Programme &m_programme;
    QString m_language;
    QLabel *m_headline;
    QTextBrowser *m_details;
};

} // namespace tessera::ui
