#pragma once

#include <QWidget>

class QPlainTextEdit;

namespace tessera {
class Station;
}

namespace tessera::ui {

// The first page every operator sees: which station this is and who is signed in.
class HomePage : public QWidget {
    Q_OBJECT
public:
    explicit HomePage(Station &station, QWidget *parent = nullptr);

    QPlainTextEdit *shiftNotes() const { return m_notes; }

private:
    QPlainTextEdit *m_notes;
};

} // namespace tessera::ui
