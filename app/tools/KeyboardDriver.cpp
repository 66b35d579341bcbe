#include "app/tools/KeyboardDriver.h"

#include <QApplication>
#include <QTest>
#include <QTimer>
#include <QWidget>

namespace tessera::tools {

void KeyboardDriver::step(const QString &name)
{
    m_steps.emplace_back(name, 0);
}

QWidget *KeyboardDriver::target()
{
    // Where the key would go: the focus widget, else the window that would receive it.
    if (QWidget *w = QApplication::focusWidget())
        return w;
    if (QWidget *w = QApplication::activeModalWidget())
        return w;
    return QApplication::activeWindow();
}

void KeyboardDriver::count()
{
    if (m_steps.empty())
        m_steps.emplace_back(QStringLiteral("start"), 0);
    ++m_steps.back().second;
}

void KeyboardDriver::key(Qt::Key key, Qt::KeyboardModifiers modifiers)
{
    QWidget *w = target();
    if (w == nullptr)
        return; // nothing would receive it: not counted, and the caller's next check fails
    count();
    QTest::keyClick(w, key, modifiers);
}

void KeyboardDriver::keyIntoModal(Qt::Key key, Qt::KeyboardModifiers modifiers, const std::function<void()> &inDialog)
{
    QTimer::singleShot(0, inDialog);
    this->key(key, modifiers);
}

void KeyboardDriver::type(const QString &text)
{
    for (const QChar ch : text) {
        QWidget *w = target();
        if (w == nullptr)
            return;
        count();
        // QTest::keyClick takes ASCII only; other characters arrive as a text event.
        if (ch.unicode() < 0x80)
            QTest::keyClick(w, ch.toLatin1());
        else
            QTest::sendKeyEvent(QTest::Click, w, Qt::Key_unknown, QString(ch), Qt::NoModifier);
    }
}

void KeyboardDriver::typeAndTab(const QString &text)
{
    type(text);
    key(Qt::Key_Tab);
}

int KeyboardDriver::total() const
{
    int n = 0;
    for (const auto &s : m_steps)
        n += s.second;
    return n;
}

QString KeyboardDriver::report() const
{
    QStringList lines;
    for (const auto &[name, n] : m_steps)
        lines << QStringLiteral("  %1: %2").arg(name).arg(n);
    lines << QStringLiteral("  total: %1 keystrokes").arg(total());
    return lines.join(QLatin1Char('\n'));
}

} // namespace tessera::tools
