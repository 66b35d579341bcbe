#pragma once

#include <QLabel>

namespace tessera::ui {

// The inline place where a form says what went wrong: hidden while there is nothing to say,
// word-wrapped, in the palette's error colour, and read out by screen readers.
class ErrorLabel : public QLabel {
    Q_OBJECT
public:
    explicit ErrorLabel(QWidget *parent = nullptr);
    void showMessage(const QString &message);
    void clearMessage();
};

} // namespace tessera::ui
