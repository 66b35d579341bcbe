#include "core/print/RecoverySheet.h"

#include "core/print/SinglePagePdf.h"

#include <QCoreApplication>
#include <QFontDatabase>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

namespace tessera {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("RecoverySheet", text);
}
} // namespace

void renderRecoverySheet(QPainter &p, const QRectF &page, const RecoverySheet &sheet)
{
    const qreal unit = page.width() / 210.0; // one millimetre of an A4-width page
    const QRectF body = page.adjusted(20 * unit, 20 * unit, -20 * unit, -20 * unit);
    p.save();
    p.setPen(Qt::black);
    QFont title = QFontDatabase::systemFont(QFontDatabase::GeneralFont);
    title.setPixelSize(static_cast<int>(8 * unit));
    title.setBold(true);
    QFont text = title;
    text.setBold(false);
    text.setPixelSize(static_cast<int>(4.2 * unit));
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPixelSize(static_cast<int>(6.5 * unit));
    mono.setBold(true);

    qreal y = body.top();
    auto paragraph = [&](const QFont &font, const QString &s, qreal gapAfter) {
        p.setFont(font);
        const QRectF r(body.left(), y, body.width(), body.bottom() - y);
        const QRectF used = p.boundingRect(r, Qt::TextWordWrap | Qt::AlignLeft, s);
        p.drawText(r, Qt::TextWordWrap | Qt::AlignLeft, s);
        y += used.height() + gapAfter * unit;
    };
    paragraph(title, tr("Tessera station recovery sheet"), 6);
    paragraph(text, tr("Station: %1 (%2)").arg(sheet.stationName, sheet.stationCode), 1.5);
    paragraph(text, tr("Store id: %1").arg(sheet.storeId), 1.5);
    paragraph(text, tr("Created: %1").arg(sheet.createdAt), 8);
    paragraph(text, tr("Recovery key:"), 3);

    const QString key = sheet.recoveryKey
        ? QString::fromLatin1(reinterpret_cast<const char *>(sheet.recoveryKey->data()),
                              static_cast<qsizetype>(sheet.recoveryKey->size()))
        : QString();
    const QStringList groups = key.split(QLatin1Char('-'));
    QString lines;
    for (qsizetype i = 0; i < groups.size(); ++i)
        lines += groups.at(i) + ((i + 1) % 5 == 0 ? QStringLiteral("\n") : QStringLiteral("  "));
    const QRectF keyBox(body.left(), y, body.width(), 40 * unit);
    p.setPen(QPen(Qt::black, 0.6 * unit));
    p.drawRect(keyBox);
    p.setFont(mono);
    p.drawText(keyBox, Qt::AlignCenter, lines.trimmed());
    y += keyBox.height() + 10 * unit;

    paragraph(text,
              tr("This key opens the station's encrypted store without any password. Keep this sheet in the "
                 "office safe, never with the station, and never photograph or scan it."),
              4);
    paragraph(text,
              tr("Use it when no administrator can sign in: on the sign-in screen choose \"Use recovery key\", "
                 "or run \"tessera-cli --recovery-key-file FILE user passwd NAME\", and give an administrator a "
                 "new password. Every use is written to the audit log."),
              4);
    paragraph(text,
              tr("Tessera does not keep a copy of this key. If it is lost while no administrator can sign "
                 "in, the station's data cannot be recovered."),
              0);
    p.restore();
}

Result<void> writeRecoverySheetPdf(const QString &path, const RecoverySheet &sheet)
{
    return writeSinglePagePdf(
        path, QPageSize::A4, tr("Tessera station recovery sheet"),
        [&](QPainter &painter, const QRectF &page) { renderRecoverySheet(painter, page, sheet); });
}

} // namespace tessera
