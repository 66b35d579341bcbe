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

void PhotoPreview::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), QColor(0x20, 0x22, 0x25));
    p.setRenderHint(QPainter::Antialiasing);
    if (!m_frame.isNull()) {
        // The frame scaled to fit, centred; overlay coordinates go through the same transform.
        const QSizeF fitted = QSizeF(m_frame.size()).scaled(QSizeF(size()), Qt::KeepAspectRatio);
        const QRectF target(QPointF((width() - fitted.width()) / 2.0, (height() - fitted.height()) / 2.0), fitted);
        p.drawImage(target, m_frame);
        const double s = fitted.width() / m_frame.width();
        auto map = [&](QPointF pt) { return target.topLeft() + pt * s; };

        // Framing guide: a 35:45 portrait outline, as tall as a good card crop is in a frame
        // whose head passes the size check, with the eye line at 42 % of its height.
        const double guideH = target.height() * 0.82;
        const double guideW = guideH * 35.0 / 45.0;
        const QRectF guide(target.center().x() - guideW / 2.0, target.top() + target.height() * 0.06, guideW, guideH);
        p.setPen(QPen(QColor(255, 255, 255, 170), 1.5, Qt::DashLine));
        p.setBrush(Qt::NoBrush);
        p.drawRect(guide);
        const QRectF oval(guide.left() + guideW * 0.22, guide.top() + guideH * 0.12, guideW * 0.56, guideH * 0.62);
        p.drawEllipse(oval);
        p.drawLine(QPointF(guide.left(), guide.top() + guideH * 0.42),
                   QPointF(guide.right(), guide.top() + guideH * 0.42));

        if (m_assessment && m_assessment->face) {
            const bool faceOk = passes(*m_assessment, "face_count") && passes(*m_assessment, "face_size")
                && passes(*m_assessment, "centering");
            const QRectF face(map(m_assessment->face->topLeft()), map(m_assessment->face->bottomRight()));
            p.setPen(QPen(faceOk ? kGood : kBad, 2.5));
            p.drawRect(face);
            if (m_assessment->leftEye && m_assessment->rightEye) {
                p.setPen(QPen(passes(*m_assessment, "roll") ? kGood : kBad, 2.5));
                const QPointF l = map(*m_assessment->leftEye);
                const QPointF r = map(*m_assessment->rightEye);
                p.drawLine(l, r);
                p.drawEllipse(l, 4, 4);
                p.drawEllipse(r, 4, 4);
            }
        }
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
