#include "core/print/Receipt.h"

#include "core/print/ApplicantText.h"
#include "core/print/SinglePagePdf.h"
#include "core/util/DateText.h"

#include <QCoreApplication>
#include <QFontDatabase>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

namespace tessera {

namespace {

QString fieldList(const Programme &p, const QString &language, Retention r)
{
    QStringList names;
    for (Field f : allFields())
        if (p.retentionOf(f) == r)
            names << fieldName(p, language, fieldKey(f));
    return names.join(QStringLiteral(", "));
}

} // namespace

ReceiptContent receiptFor(const Programme &programme, const EnrollmentRecord &record, const QString &stationName,
                          const QString &stationCode, const QString &preferredLanguage)
{
    ReceiptContent c;
    c.language = programme.languages.contains(preferredLanguage) ? preferredLanguage : programme.languages.value(0);
    c.stationName = stationName;
    c.stationCode = stationCode;
    c.cardNumber = record.summary.cardNumber;
    c.submittedOn = QDateTime::fromString(record.summary.submittedAt, Qt::ISODate).toLocalTime().date();
    c.cardExpiry = record.summary.cardExpiry;
    for (const Attestation &a : record.attestations)
        if (!c.documentTypes.contains(a.documentType))
            c.documentTypes << a.documentType;
    return c;
}

void renderReceipt(QPainter &p, const QRectF &page, const Programme &programme, const ReceiptContent &c)
{
    const QString lang = c.language;
    const qreal mm = page.width() / 148.0; // laid out on A5 portrait; scales to any page
    const QRectF body = page.adjusted(12 * mm, 12 * mm, -12 * mm, -12 * mm);
    QFont base = QFontDatabase::systemFont(QFontDatabase::GeneralFont);
    auto font = [&](qreal sizeMm, bool bold) {
        QFont f = base;
        f.setPixelSize(std::max(1, static_cast<int>(sizeMm * mm)));
        f.setBold(bold);
        return f;
    };
    p.save();
    p.setPen(Qt::black);
    qreal y = body.top();
    auto paragraph = [&](const QFont &f, const QString &s, qreal gapMm, Qt::Alignment align = Qt::AlignLeft) {
        p.setFont(f);
        const QRectF r(body.left(), y, body.width(), body.bottom() - y);
        // QPainter takes the flags as int; Qt::Alignment's are unsigned, and every one fits.
        const int flags = Qt::TextWordWrap | static_cast<int>(align.toInt());
        const QRectF used = p.boundingRect(r, flags, s);
        p.drawText(r, flags, s);
        y += used.height() + gapMm * mm;
    };
    auto rule = [&](qreal gapMm) {
        p.setPen(QPen(Qt::darkGray, 0.3 * mm));
        p.drawLine(QPointF(body.left(), y), QPointF(body.right(), y));
        p.setPen(Qt::black);
        y += gapMm * mm;
    };

    paragraph(font(6, true), applicantText(programme, lang, QStringLiteral("receipt_title")), 1.5);
    paragraph(font(3.2, false),
              programme.name.in(lang) + QStringLiteral(" · ") + c.stationName + QStringLiteral(" (") + c.stationCode
                  + QLatin1Char(')'),
              4);
    rule(3);
    paragraph(font(3.2, false), applicantText(programme, lang, QStringLiteral("receipt_card_number")), 0.5);
    paragraph(font(7, true), c.cardNumber, 2.5);
    // Dates in the station's format, as on every screen, whatever the language of the words: the
    // applicant lives where the station is, and the clerk can point at the same date on screen.
    const QString validity = c.cardExpiry.isEmpty()
        ? applicantText(programme, lang, QStringLiteral("receipt_no_expiry"))
        : displayDate(QDate::fromString(c.cardExpiry, Qt::ISODate));
    paragraph(font(3.4, false),
              applicantText(programme, lang, QStringLiteral("receipt_applied_on")) + QStringLiteral(": ")
                  + displayDate(c.submittedOn) + QLatin1Char('\n')
                  + applicantText(programme, lang, QStringLiteral("receipt_valid_until")) + QStringLiteral(": ")
                  + validity,
              3);
    paragraph(font(3.4, false), applicantText(programme, lang, QStringLiteral("receipt_intro")), 3);
    rule(3);

    paragraph(font(4, true), applicantText(programme, lang, QStringLiteral("receipt_what_we_keep")), 2);
    const QString stored = fieldList(programme, lang, Retention::Stored);
    if (!stored.isEmpty()) {
        paragraph(
            font(3.2, true),
            applicantText(programme, lang, QStringLiteral("receipt_stored")).arg(programme.periods.afterExpiryDays),
            0.8);
        paragraph(font(3.2, false), stored, 2.5);
    }
    const QString printedOnly = fieldList(programme, lang, Retention::PrintedOnly);
    if (!printedOnly.isEmpty()) {
        paragraph(font(3.2, true),
                  applicantText(programme, lang, QStringLiteral("receipt_printed_only"))
                      .arg(programme.periods.printedOnlyMaxDays),
                  0.8);
        paragraph(font(3.2, false), printedOnly, 2.5);
    }
    QString never = fieldList(programme, lang, Retention::NotCollected);
    never += (never.isEmpty() ? QString() : QStringLiteral(", "))
        + applicantText(programme, lang, QStringLiteral("receipt_never_fields"));
    paragraph(font(3.2, true), applicantText(programme, lang, QStringLiteral("receipt_not_collected")), 0.8);
    paragraph(font(3.2, false), never, 3);
    rule(3);

    paragraph(font(4, true), applicantText(programme, lang, QStringLiteral("receipt_documents_heading")), 2);
    paragraph(font(3.2, false), applicantText(programme, lang, QStringLiteral("receipt_documents")), 1);
    QStringList labels;
    for (const QString &id : c.documentTypes)
        if (const DocumentType *d = programme.document(id))
            labels << QStringLiteral("• ") + d->label.in(lang);
    paragraph(font(3.2, false), labels.join(QLatin1Char('\n')), 3);
    rule(3);
    paragraph(font(3.2, false), applicantText(programme, lang, QStringLiteral("receipt_appeal")), 0);
    p.restore();
}

Result<void> writeReceiptPdf(const QString &path, const Programme &programme, const ReceiptContent &content)
{
    return writeSinglePagePdf(
        path, QPageSize::A5,
        applicantText(programme, content.language, QStringLiteral("receipt_title")) + QStringLiteral(" ")
            + content.cardNumber,
        [&](QPainter &painter, const QRectF &page) { renderReceipt(painter, page, programme, content); });
}

} // namespace tessera
