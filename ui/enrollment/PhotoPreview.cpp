#include "ui/enrollment/PhotoPreview.h"

#include <QPainter>
#include <QPainterPath>

namespace tessera::ui {

namespace {

const QColor kGood(0x2e, 0xa0, 0x43);
const QColor kBad(0xd0, 0x30, 0x30);

bool passes(const PhotoAssessment &a, const char *id)
{
    const PhotoCheck *c = a.check(QString::fromLatin1(id));
    return c && c->pass;
}

} // namespace

PhotoPreview::PhotoPreview(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("photoPreviewWidget"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void PhotoPreview::setFrame(const QImage &frame)
{
    m_frame = frame;
    update();
}

void PhotoPreview::setAssessment(const std::optional<PhotoAssessment> &assessment)
{
    m_assessment = assessment;
    update();
}

void PhotoPreview::setStatus(const QString &status, bool good)
{
    m_status = status;
    m_good = good;
    setAccessibleDescription(status);
    update();
}

void PhotoPreview::clear(const QString &status)
{
    m_frame = QImage();
    m_assessment.reset();
    setStatus(status, false);
}

void PhotoPreview::setThresholds(const PhotoThresholds &thresholds)
{
    m_thresholds = thresholds;
    update();
}

FramingGuide PhotoPreview::guide() const
{
    return framingGuide(QSizeF(m_frame.size()), m_thresholds);
}

QRectF PhotoPreview::toWidget(const QRectF &framePixels) const
{
    if (m_frame.isNull())
        return {};
    // The frame scaled to fit, centred; everything drawn over it goes through the same mapping.
    const QSizeF fitted = QSizeF(m_frame.size()).scaled(QSizeF(size()), Qt::KeepAspectRatio);
    const double s = fitted.width() / m_frame.width();
    const QPointF origin((width() - fitted.width()) / 2.0, (height() - fitted.height()) / 2.0);
    return {origin + framePixels.topLeft() * s, framePixels.size() * s};
}

void PhotoPreview::paintGuide(QPainter &p) const
{
    const FramingGuide g = guide();
    const QRectF target = toWidget(QRectF(QPointF(0, 0), g.frame));
    // The band the face centre must stay in (the centring check), tinted and edged.
    const QRectF band = toWidget(QRectF(g.bandLeft, 0.0, g.bandRight - g.bandLeft, g.frame.height()));
    p.fillRect(band, QColor(255, 255, 255, 28));
    p.setPen(QPen(QColor(255, 255, 255, 150), 1.0, Qt::DashLine));
    p.drawLine(band.topLeft(), band.bottomLeft());
    p.drawLine(band.topRight(), band.bottomRight());
    // The oval of a good head size, centred where the check measures from, and its eye line.
    const QRectF oval = toWidget(g.oval);
    p.setPen(QPen(QColor(255, 255, 255, 190), 1.5, Qt::DashLine));
    p.setBrush(Qt::NoBrush);
    p.drawEllipse(oval);
    const double eyeY = oval.top() + oval.height() * 0.40;
    p.drawLine(QPointF(oval.left(), eyeY), QPointF(oval.right(), eyeY));
    p.drawLine(QPointF(oval.center().x(), target.top()), QPointF(oval.center().x(), target.top() + 6.0));
}

void PhotoPreview::paintFace(QPainter &p) const
{
    if (!m_assessment || !m_assessment->face)
        return;
    const bool faceOk =
        passes(*m_assessment, "face_count") && passes(*m_assessment, "face_size") && passes(*m_assessment, "centering");
    const QRectF face = toWidget(*m_assessment->face);
    p.setPen(QPen(faceOk ? kGood : kBad, 2.5));
    p.setBrush(Qt::NoBrush);
    p.drawRect(face);
    // The face centre, the point the centring check measures.
    const QPointF c = face.center();
    p.setPen(QPen(passes(*m_assessment, "centering") ? kGood : kBad, 2.5));
    p.drawLine(c - QPointF(8, 0), c + QPointF(8, 0));
    p.drawLine(c - QPointF(0, 8), c + QPointF(0, 8));
    if (m_assessment->leftEye && m_assessment->rightEye) {
        p.setPen(QPen(passes(*m_assessment, "roll") ? kGood : kBad, 2.5));
        const QPointF l = toWidget(QRectF(*m_assessment->leftEye, QSizeF())).topLeft();
        const QPointF r = toWidget(QRectF(*m_assessment->rightEye, QSizeF())).topLeft();
        p.drawLine(l, r);
        p.drawEllipse(l, 4, 4);
        p.drawEllipse(r, 4, 4);
    }
}

void PhotoPreview::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), QColor(0x20, 0x22, 0x25));
    p.setRenderHint(QPainter::Antialiasing);
    if (!m_frame.isNull()) {
        p.drawImage(toWidget(QRectF(m_frame.rect())), m_frame);
        paintGuide(p);
        paintFace(p);
    }
    if (!m_status.isEmpty()) {
        QFont f = font();
        f.setBold(true);
        p.setFont(f);
        const QRect band(0, height() - p.fontMetrics().height() - 10, width(), p.fontMetrics().height() + 10);
        p.fillRect(band, QColor(0, 0, 0, 160));
        p.setPen(m_good ? QColor(0x8f, 0xf0, 0xa0) : QColor(0xff, 0xff, 0xff));
        p.drawText(band.adjusted(8, 0, -8, 0), Qt::AlignVCenter | Qt::AlignLeft, m_status);
    }
}

} // namespace tessera::ui
