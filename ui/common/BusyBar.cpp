#include "ui/common/BusyBar.h"

namespace tessera::ui {

BusyBar::BusyBar(QWidget *parent)
    : QProgressBar(parent)
{
    setRange(0, 0);
    setTextVisible(false);
    setMaximumHeight(6);
    setVisible(false);
}

} // namespace tessera::ui
