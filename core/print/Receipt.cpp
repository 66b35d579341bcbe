#include "print/Receipt.h"

#include <QCoreApplication>
#include <QFontDatabase>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

namespace tessera {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Receipt", text);
}

// English defaults for the receipt's own words; a programme file overrides any of them per
// language under "texts" (with %1 where a number of days goes).
struct DefaultText {
    const char *key;
    const char *english;
};
constexpr DefaultText kDefaults[] = {
    {"receipt_title", QT_TRANSLATE_NOOP("Receipt", "Enrollment receipt")},
    {"receipt_intro", QT_TRANSLATE_NOOP("Receipt", "Keep this receipt until you receive your card.")},
    {"receipt_card_number", QT_TRANSLATE_NOOP("Receipt", "Card number")},
    {"receipt_applied_on", QT_TRANSLATE_NOOP("Receipt", "Applied on")},
    {"receipt_valid_until", QT_TRANSLATE_NOOP("Receipt", "Card valid until")},
    {"receipt_no_expiry", QT_TRANSLATE_NOOP("Receipt", "does not expire")},
    {"receipt_what_we_keep", QT_TRANSLATE_NOOP("Receipt", "What we keep about you")},
    {"receipt_stored", QT_TRANSLATE_NOOP("Receipt", "Kept while your card is valid, and %1 days after it expires:")},
    {"receipt_printed_only", QT_TRANSLATE_NOOP("Receipt", "Printed on your card, then destroyed (at the latest %1 days from today):")},
    {"receipt_not_collected", QT_TRANSLATE_NOOP("Receipt", "Never asked for and never kept:")},
    {"receipt_never_fields", QT_TRANSLATE_NOOP("Receipt", "immigration status, citizenship, Social Security number, place of birth")},
    {"receipt_documents_heading", QT_TRANSLATE_NOOP("Receipt", "Your documents")},
    {"receipt_documents", QT_TRANSLATE_NOOP("Receipt", "Your documents were looked at and given back. No copies, scans or document numbers were kept; only the kinds of document shown:")},
    {"receipt_appeal", QT_TRANSLATE_NOOP("Receipt", "Questions, or a decision you disagree with: ask at any enrollment site; a supervisor will review your application.")},
    {"field.given_names", QT_TRANSLATE_NOOP("Receipt", "given names")},
    {"field.family_name", QT_TRANSLATE_NOOP("Receipt", "family name")},
    {"field.birth_date", QT_TRANSLATE_NOOP("Receipt", "date of birth")},
    {"field.gender", QT_TRANSLATE_NOOP("Receipt", "gender")},
    {"field.address_line", QT_TRANSLATE_NOOP("Receipt", "address")},
    {"field.care_of", QT_TRANSLATE_NOOP("Receipt", "care-of address")},
    {"field.city", QT_TRANSLATE_NOOP("Receipt", "city")},
    {"field.postal_code", QT_TRANSLATE_NOOP("Receipt", "postal code")},
    {"field.telephone", QT_TRANSLATE_NOOP("Receipt", "telephone")},
    {"field.veteran", QT_TRANSLATE_NOOP("Receipt", "veteran status")},
    {"field.organ_donor", QT_TRANSLATE_NOOP("Receipt", "organ donor")},
    {"field.emergency_contact", QT_TRANSLATE_NOOP("Receipt", "emergency contact")},
    {"field.preferred_language", QT_TRANSLATE_NOOP("Receipt", "preferred language")},
    {"field.medical_notes", QT_TRANSLATE_NOOP("Receipt", "medical notes")},
};

QString text(const Programme &p, const QString &language, const QString &key)
{
    // The programme's wording (in the language, else its first language), else ours.
    if (const auto it = p.texts.find(key); it != p.texts.end())
        return it->in(language);
    for (const DefaultText &d : kDefaults)
        if (key == QLatin1String(d.key))
            return tr(d.english);
    return key;
}

QString fieldList(const Programme &p, const QString &language, Retention r)
{
    QStringList names;
    for (Field f : allFields())
        if (p.retentionOf(f) == r)
            names << text(p, language, QStringLiteral("field.") + fieldKey(f));
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
    const QLocale locale(lang);
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
        const QRectF used = p.boundingRect(r, Qt::TextWordWrap | align, s);
        p.drawText(r, Qt::TextWordWrap | align, s);
        y += used.height() + gapMm * mm;
    };
    auto rule = [&](qreal gapMm) {
        p.setPen(QPen(Qt::darkGray, 0.3 * mm));
        p.drawLine(QPointF(body.left(), y), QPointF(body.right(), y));
        p.setPen(Qt::black);
        y += gapMm * mm;
    };

    paragraph(font(6, true), text(programme, lang, QStringLiteral("receipt_title")), 1.5);
    paragraph(font(3.2, false), programme.name.in(lang) + QStringLiteral(" · ") + c.stationName + QStringLiteral(" (") + c.stationCode + QLatin1Char(')'), 4);
    rule(3);
    paragraph(font(3.2, false), text(programme, lang, QStringLiteral("receipt_card_number")), 0.5);
    paragraph(font(7, true), c.cardNumber, 2.5);
    const QString validity = c.cardExpiry.isEmpty()
        ? text(programme, lang, QStringLiteral("receipt_no_expiry"))
        : locale.toString(QDate::fromString(c.cardExpiry, Qt::ISODate), QLocale::LongFormat);
    paragraph(font(3.4, false), text(programme, lang, QStringLiteral("receipt_applied_on")) + QStringLiteral(": ")
                  + locale.toString(c.submittedOn, QLocale::LongFormat) + QLatin1Char('\n')
                  + text(programme, lang, QStringLiteral("receipt_valid_until")) + QStringLiteral(": ") + validity,
              3);
    paragraph(font(3.4, false), text(programme, lang, QStringLiteral("receipt_intro")), 3);
    rule(3);

    paragraph(font(4, true), text(programme, lang, QStringLiteral("receipt_what_we_keep")), 2);
    const QString stored = fieldList(programme, lang, Retention::Stored);
    if (!stored.isEmpty()) {
        paragraph(font(3.2, true), text(programme, lang, QStringLiteral("receipt_stored")).arg(programme.periods.afterExpiryDays), 0.8);
        paragraph(font(3.2, false), stored, 2.5);
    }
    const QString printedOnly = fieldList(programme, lang, Retention::PrintedOnly);
    if (!printedOnly.isEmpty()) {
        paragraph(font(3.2, true), text(programme, lang, QStringLiteral("receipt_printed_only")).arg(programme.periods.printedOnlyMaxDays), 0.8);
        paragraph(font(3.2, false), printedOnly, 2.5);
    }
    QString never = fieldList(programme, lang, Retention::NotCollected);
    never += (never.isEmpty() ? QString() : QStringLiteral(", ")) + text(programme, lang, QStringLiteral("receipt_never_fields"));
    paragraph(font(3.2, true), text(programme, lang, QStringLiteral("receipt_not_collected")), 0.8);
    paragraph(font(3.2, false), never, 3);
    rule(3);

    paragraph(font(4, true), text(programme, lang, QStringLiteral("receipt_documents_heading")), 2);
    paragraph(font(3.2, false), text(programme, lang, QStringLiteral("receipt_documents")), 1);
    QStringList labels;
    for (const QString &id : c.documentTypes)
        if (const DocumentType *d = programme.document(id))
            labels << QStringLiteral("• ") + d->label.in(lang);
    paragraph(font(3.2, false), labels.join(QLatin1Char('\n')), 3);
    rule(3);
    paragraph(font(3.2, false), text(programme, lang, QStringLiteral("receipt_appeal")), 0);
    p.restore();
}

Result<void> writeReceiptPdf(const QString &path, const Programme &programme, const ReceiptContent &content)
{
    QPdfWriter writer(path);
    writer.setPageSize(QPageSize(QPageSize::A5));
    writer.setResolution(300);
    writer.setTitle(text(programme, content.language, QStringLiteral("receipt_title")) + QStringLiteral(" ") + content.cardNumber);
    writer.setCreator(QStringLiteral("Tessera"));
    QPainter painter;
    if (!painter.begin(&writer))
        return fail(ErrorCode::Io, tr("The receipt could not be written to %1. Choose another folder.").arg(path));
    renderReceipt(painter, QRectF(QPointF(0, 0), QSizeF(writer.width(), writer.height())), programme, content);
    painter.end();
    return {};
}

} // namespace tessera
