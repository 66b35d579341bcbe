#pragma once

#include <QString>
#include <Qt>

#include <functional>
#include <utility>
#include <vector>

class QWidget;

namespace tessera::tools {

// Drives the window as a clerk at the keyboard does: real key events (QTest::keyClick) sent to
// whatever has the focus, never setText or slot calls, and counts them per named step, so the
// end-to-end UI test and the keystroke benchmark measure the same path. A chord (Ctrl+N) is
// one keystroke; typing counts one keystroke a character.
class KeyboardDriver {
public:
    // Starts counting a new step; the keys before the first call count under "start".
    void step(const QString &name);
    void key(Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier);
    void type(const QString &text);
    void typeAndTab(const QString &text);
    // Presses a key that opens a dialog with its own event loop (QDialog::exec, QFileDialog):
    // the press returns only when that dialog closes, so `inDialog` runs inside its loop to
    // drive it.
    void keyIntoModal(Qt::Key key, Qt::KeyboardModifiers modifiers, const std::function<void()> &inDialog);

    int total() const;
    const std::vector<std::pair<QString, int>> &steps() const { return m_steps; }
    // "step: n" lines and the total, for the test log and the benchmark report.
    QString report() const;

private:
    static QWidget *target();
    void count();

    std::vector<std::pair<QString, int>> m_steps;
};

} // namespace tessera::tools
