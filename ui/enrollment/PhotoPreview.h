#pragma once

#include "core/capture/FramingGuide.h"
#include "core/capture/PhotoChecks.h"

#include <QImage>
#include <QWidget>

#include <optional>

namespace tessera::ui {

// The live picture with what the checks saw drawn over it: the framing guide (FramingGuide, the
// geometry the centring and size checks measure: the band the face centre must stay in and an
// oval of a good head size), the face box and its centre (green when the face checks pass, red
// when not), the eye line, and a one-line status. Paints on the GUI thread from the frames the capture
// session delivers; it never analyses.
class PhotoPreview : public QWidget {
    Q_OBJECT
public:
    explicit PhotoPreview(QWidget *parent = nullptr);

    // The programme's limits, which place the guide (the defaults until set).
    void setThresholds(const PhotoThresholds &thresholds);
    void setFrame(const QImage &frame);
    void setAssessment(const std::optional<PhotoAssessment> &assessment);
    void setStatus(const QString &status, bool good);
    void clear(const QString &status);

    QSize sizeHint() const override { return {480, 270}; }
    QSize minimumSizeHint() const override { return {256, 144}; }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override { return width * 9 / 16; }

    // The guide for the frame shown, in the frame's pixels, and where the frame is drawn in the
    // widget (its pixels times `scale`, from `origin`): what is painted, for the tests.
    FramingGuide guide() const;
    QRectF toWidget(const QRectF &framePixels) const;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void paintGuide(QPainter &p) const;
    void paintFace(QPainter &p) const;

    PhotoThresholds m_thresholds;
    QImage m_frame;
    std::optional<PhotoAssessment> m_assessment;
    QString m_status;
    bool m_good = false;
};

} // namespace tessera::ui
