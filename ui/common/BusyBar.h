#pragma once

#include <QProgressBar>

namespace tessera::ui {

// The thin bar a dialog shows while its task runs on the worker (a key derivation takes about a
// second): indeterminate, without text, hidden until setVisible(true).
class BusyBar : public QProgressBar {
public:
    explicit BusyBar(QWidget *parent = nullptr);
};

} // namespace tessera::ui
