#pragma once

// Whether a window fits the screens a counter has: every enabled button and the status bar
// lie inside the window once it is laid out at a screen's size (a button off the edge is a
// button a clerk cannot see: issue 15 found Submit below a 1366x768 screen).
#include <QSize>
#include <QStringList>

class QWidget;

namespace tessera::uitest {

// The client area a window gets on a screen: the screen less the window manager's title bar
// and frame (about 30 logical pixels).
inline constexpr int kWindowFrameAllowance = 32;
// A 1366x768 laptop at 100 %.
inline constexpr QSize kLaptopScreen {1366, 768};
// 1920x1080 at 150 % scaling: 1280x720 logical pixels.
inline constexpr QSize kFullHdAt150Screen {1280, 720};

// The client size of a maximised window on `screen`.
QSize clientAreaOn(QSize screen);

// Resizes `window` to `size`, shows it and lets its layouts settle.
void layOutAt(QWidget *window, QSize size);

// What of `window`, as it is laid out now, lies outside the top-left `size` of it: the window
// itself if it is larger (its minimum size wins over a resize), each enabled, visible button
// not wholly inside (described by object name, class and text), and the status bar if it is
// cut. A button inside a scroll area counts as inside when the scroll area's viewport is (the
// clerk scrolls to it). Empty when everything fits.
QStringList partsOutside(QWidget *window, QSize size);

// layOutAt, then partsOutside.
QStringList partsOutsideAt(QWidget *window, QSize size);

} // namespace tessera::uitest
