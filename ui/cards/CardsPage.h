#pragma once

#include "core/cards/Cards.h"

#include <QWidget>

#include <optional>
#include <vector>

class QCheckBox;
class QLabel;
class QPrinter;
class QPushButton;
class QTableWidget;

namespace tessera {
class Station;
}

namespace tessera::ui {

class ErrorLabel;
class TaskRunner;

// Card issuance for clerks and supervisors: the cards of approved enrollments in a table,
// the selected card's front and back as they will print, and its life cycle: print (through
// the system print dialog, CR80 landscape, duplex), save as PDF (a file, not a print: nothing
// recorded as printed), print the day's batch,
// reprint with a reason, hand over, report lost, stolen or damaged, replace, renew, and for
// supervisors revoke. After each print the clerk says whether the card came out right; only
// then is it printed (and the enrollment's printed-only values destroyed).
class CardsPage : public QWidget {
    Q_OBJECT
public:
    CardsPage(Station &station, TaskRunner &tasks, QWidget *parent = nullptr);

    // Reads the cards again (reviews approve enrollments meanwhile).
    void refresh();
    std::optional<CardRecord> currentCard() const;

    // How the page asks its questions; tests replace these to answer without dialogs.
    std::function<std::optional<QString>(const std::vector<std::pair<QString, QString>> &reasons)> askReprintReason;
    // The revoke reason: one of the programme's codes, chosen from a list (never free text,
    // which would reach the audit log). nullopt: cancelled.
    std::function<std::optional<QString>(const std::vector<std::pair<QString, QString>> &reasons)> askRevokeReason;
    std::function<bool(const QString &question)> askConfirmation;
    std::function<QPrinter *(QWidget *parent)> choosePrinter;       // nullptr: cancelled; caller owns
    std::function<QString(const QString &suggested)> choosePdfPath; // empty: cancelled

Q_SIGNALS:
    void statusMessage(const QString &message, int timeout);
    // A print has finished and its outcome is recorded (confirmed or failed), or a PDF was saved.
    void printFinished();

private:
    void showCurrent();
    void updateActions();
    bool ready();
    void print(const std::vector<CardRecord> &cards);
    void printSelected();
    void saveSelectedAsPdf();
    void printBatch();
    void handOver();
    void reportCard();
    void replaceCard();
    void renewCard();
    void revokeCard();
    void exportRevocations();
    void exportPublicKey();
    Result<std::vector<std::pair<const CardRenderer *, CardData>>> prepare(const std::vector<CardRecord> &cards);
    void done(const Result<void> &result, const QString &message);

    Station &m_station;
    TaskRunner &m_tasks;
    Cards m_cards;
    std::vector<CardRecord> m_rows;

    QCheckBox *m_showAll;
    QTableWidget *m_table;
    QLabel *m_front;
    QLabel *m_back;
    QLabel *m_details;
    ErrorLabel *m_error;
    QPushButton *m_print;
    QPushButton *m_savePdf;
    QPushButton *m_batch;
    QPushButton *m_handOver;
    QPushButton *m_report;
    QPushButton *m_replace;
    QPushButton *m_renew;
    QPushButton *m_revoke;
    QPushButton *m_exportRevocations;
    QPushButton *m_exportKey;
};

} // namespace tessera::ui
