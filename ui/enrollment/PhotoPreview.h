#pragma once

#include "core/capture/PhotoChecks.h"

#include <QImage>
#include <QWidget>

#include <optional>

namespace tessera::ui {

// The live picture with what the checks saw drawn over it: the framing guide (where a head at
// card proportions belongs), the face box (green when the face checks pass, red when not), the
// eye line, and a one-line status. Paints on the GUI thread from the frames the capture
// session delivers; it never analyses.
class PhotoPreview : public QWidget {
    Q_OBJECT
public:
    explicit PhotoPreview(QWidget *parent = nullptr);

    void setFrame(const QImage &frame);
    void setAssessment(const std::optional<PhotoAssessment> &assessment);
    void setStatus(const QString &status, bool good);
    void clear(const QString &status);

    QSize sizeHint() const override { return {480, 270}; }
    QSize minimumSizeHint() const override { return {320, 180}; }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override { return width * 9 / 16; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QImage m_frame;
    std::optional<PhotoAssessment> m_assessment;
    QString m_status;
    bool m_good = false;
};

} // namespace tessera::ui
