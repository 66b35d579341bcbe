#pragma once

#include "core/enrollment/EnrollmentPhotos.h"
#include "core/enrollment/Enrollments.h"
#include "core/programme/Programme.h"
#include "core/review/Review.h"

#include <QCoreApplication>
#include <QString>
#include <map>
#include <optional>
#include <vector>

namespace tessera {

// What the review page shows of one enrollment, read from the store beforehand: the renderer
// itself reads nothing. A part that could not be read carries its error, shown in its place.
struct RecordView {
    EnrollmentSummary summary;
    std::optional<Decision> pending; // queued, not yet committed
    Result<EnrollmentRecord> record;
    Result<std::vector<EnrollmentEvent>> history;
    Result<std::optional<EnrollmentPhoto>> photo;
};

// Turns a RecordView into the HTML of the review page's record pane, and the words the page's
// table and batch list use for states, flags and queued decisions. Pure: no Station, no widgets,
// no files; the same inputs give the same text (in the current locale and translation).
// Operator ids are shown as names from the map given, never as bare ids where a name is known.
class RecordRenderer {
    Q_DECLARE_TR_FUNCTIONS(RecordRenderer)
public:
    RecordRenderer(Programme programme, std::map<qint64, QString> operatorNames);

    QString html(const RecordView &view) const;
    // The pane with no record selected: an open day with nothing submitted, or no day at all.
    static QString emptyHtml(bool dayOpen);

    static QString stateText(EnrollmentState state);
    static QString flagsText(const QStringList &flags);
    QString pendingText(const Decision &decision) const;
    // A queued decision in the table's state column: short, so the column keeps its width.
    static QString queuedText(DecisionKind kind);
    // Every text the state column can show, to size it once (it must not jump on a decision).
    static QStringList columnStateTexts();
    // What a commit will do, e.g. "3 approvals, 1 rejection, 1 return to the clerk".
    static QString decisionCountsText(const std::vector<Decision> &decisions);
    // A reject reason code's label (English, the supervisor's language), or the code.
    QString reasonLabel(const QString &code) const;
    QString operatorName(qint64 id) const;
    const Programme &programme() const { return m_programme; }

private:
    QString photoHtml(const Result<std::optional<EnrollmentPhoto>> &photo) const;
    QString fieldsHtml(const EnrollmentRecord &record) const;
    QString historyHtml(const Result<std::vector<EnrollmentEvent>> &history) const;
    QString photoReasonLabel(const QString &code) const;
    QString fieldLabel(const QString &key) const;
    QString programmeName(const QString &id) const;
    QString fieldValue(const QString &key, const QString &value) const;
    QString documentLabel(const QString &id) const;

    Programme m_programme;
    std::map<qint64, QString> m_operatorNames;
};

} // namespace tessera
