#include "tests/ui/WindowFit.h"

#include <QAbstractButton>
#include <QAbstractScrollArea>
#include <QApplication>
#include <QLayout>
#include <QMainWindow>
#include <QStatusBar>
#include <QWidget>

namespace tessera::uitest {

namespace {

QString describe(const QWidget *w)
{
    QString name = w->objectName().isEmpty() ? QStringLiteral("(unnamed)") : w->objectName();
    name += QStringLiteral(" (%1)").arg(QString::fromLatin1(w->metaObject()->className()));
    if (const auto *button = qobject_cast<const QAbstractButton *>(w); button && !button->text().isEmpty())
        name += QStringLiteral(" \"%1\"").arg(button->text());
    return name;
}

QRect rectInWindow(const QWidget *w, const QWidget *window)
{
    return QRect(w->mapTo(window, QPoint(0, 0)), w->size());
}

// The scroll area whose viewport holds `w`, or nullptr.
const QAbstractScrollArea *enclosingScrollArea(const QWidget *w, const QWidget *window)
{
    for (const QWidget *p = w->parentWidget(); p != nullptr && p != window; p = p->parentWidget())
        if (const auto *area = qobject_cast<const QAbstractScrollArea *>(p))
            return area;
    return nullptr;
}

QString outsideBy(const QRect &part, const QRect &inside)
{
    return QStringLiteral("at %1,%2 %3x%4, outside %5x%6")
        .arg(part.x())
        .arg(part.y())
        .arg(part.width())
        .arg(part.height())
        .arg(inside.width())
        .arg(inside.height());
}

} // namespace

QSize clientAreaOn(QSize screen)
{
    return {screen.width(), screen.height() - kWindowFrameAllowance};
}

void layOutAt(QWidget *window, QSize size)
{
    // A maximised window takes the (offscreen) screen's size rather than the one asked for.
    window->setWindowState(Qt::WindowNoState);
    window->resize(size);
    window->show();
    // Layouts settle through posted LayoutRequest events, nested ones a round at a time.
    for (int round = 0; round < 4; ++round) {
        if (QLayout *layout = window->layout())
            layout->activate();
        QApplication::processEvents();
    }
}

QStringList partsOutside(QWidget *window, QSize size)
{
    QStringList outside;
    const QRect bounds(QPoint(0, 0), size);
    if (window->width() > size.width() || window->height() > size.height())
        outside << QStringLiteral("the window is %1x%2, larger than %3x%4")
                       .arg(window->width())
                       .arg(window->height())
                       .arg(size.width())
                       .arg(size.height());
    for (const QAbstractButton *button : window->findChildren<QAbstractButton *>()) {
        if (!button->isVisibleTo(window) || !button->isEnabled())
            continue;
        const QAbstractScrollArea *area = enclosingScrollArea(button, window);
        const QWidget *shown = area != nullptr ? area->viewport() : button;
        // A scroll bar's own arrows and the like are part of the scroll area, which is checked.
        if (area != nullptr && !area->viewport()->isAncestorOf(button))
            continue;
        const QRect where = rectInWindow(shown, window);
        if (!bounds.contains(where))
            outside << QStringLiteral("%1 %2%3").arg(describe(button), outsideBy(where, bounds),
                                                     area != nullptr ? QStringLiteral(" (its scroll area)")
                                                                     : QString());
    }
    if (auto *mainWindow = qobject_cast<QMainWindow *>(window))
        if (const QStatusBar *bar = mainWindow->statusBar(); bar->isVisibleTo(window))
            if (const QRect where = rectInWindow(bar, window); !bounds.contains(where))
                outside << QStringLiteral("the status bar %1").arg(outsideBy(where, bounds));
    return outside;
}

QStringList partsOutsideAt(QWidget *window, QSize size)
{
    layOutAt(window, size);
    return partsOutside(window, size);
}

} // namespace tessera::uitest
