#include "ui/enrollment/DocumentRow.h"

#include "core/enrollment/Enrollments.h"
#include "ui/common/DateField.h"
#include "ui/common/ErrorLabel.h"
#include "ui/common/SecretField.h"
#include "ui/common/Shortcuts.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QShortcut>
#include <QToolButton>

namespace tessera::ui {

namespace {

QString pointsText(const QMap<QString, int> &points)
{
    QStringList parts;
    for (auto it = points.begin(); it != points.end(); ++it)
        parts << DocumentRow::tr("%1 %2").arg(it.value()).arg(it.key());
    return parts.join(QStringLiteral(", "));
}

} // namespace

DocumentRow::DocumentRow(const DocumentType &type, const QString &language, Enrollments &enrollments, QWidget *parent)
    : QFrame(parent)
    , m_type(type)
    , m_enrollments(enrollments)
    , m_byCaretaker(new QCheckBox(tr("Presented by caretaker"), this))
    , m_remove(new QToolButton(this))
    , m_note(new QLabel(this))
    , m_error(new ErrorLabel(this))
{
    setObjectName(type.id + QStringLiteral("DocumentRowFrame"));
    setFrameShape(QFrame::StyledPanel);
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(8, 4, 4, 4);
    grid->setHorizontalSpacing(8);
    grid->setVerticalSpacing(2);

    auto *title = new QLabel(this);
    title->setObjectName(QStringLiteral("documentTitleLabel"));
    title->setText(QStringLiteral("<b>%1</b> <span style=\"color: gray\">%2</span>")
                       .arg(type.label.in(language).toHtmlEscaped(), pointsText(type.points).toHtmlEscaped()));
    title->setTextFormat(Qt::RichText);
    title->setWordWrap(true);
    m_remove->setObjectName(QStringLiteral("removeDocumentToolButton"));
    m_remove->setText(QStringLiteral("✕"));
    m_remove->setAutoRaise(true);
    m_remove->setToolTip(tr("Remove this document (Delete)"));
    m_remove->setAccessibleName(tr("Remove %1").arg(type.label.in(language)));
    grid->addWidget(title, 0, 0, 1, 1);
    grid->addWidget(m_remove, 0, 1, Qt::AlignTop);

    auto *inputs = new QHBoxLayout;
    inputs->setSpacing(8);
    if (type.date != DocumentDate::None) {
        m_date = new DateField(this);
        m_date->setObjectName(type.date == DocumentDate::Expiry ? QStringLiteral("expiryLineEdit")
                                                                : QStringLiteral("issuedLineEdit"));
        auto *label = new QLabel(type.date == DocumentDate::Expiry ? tr("Expires:") : tr("Issued:"), this);
        label->setBuddy(m_date);
        inputs->addWidget(label);
        inputs->addWidget(m_date);
        connect(m_date, &QLineEdit::textEdited, this, &DocumentRow::changed);
        connect(m_date, &QLineEdit::editingFinished, this, [this] {
            if (const QString problem = m_date->problem(); !problem.isEmpty())
                m_error->showMessage(problem);
            else
                m_error->clearMessage();
        });
    }
    if (type.asksMachineReadable) {
        m_machineReadable = new QCheckBox(tr("Machine readable"), this);
        m_machineReadable->setObjectName(QStringLiteral("machineReadableCheckBox"));
        m_machineReadable->setToolTip(
            tr("It has a machine-readable zone (two lines of <<< at the bottom of the photo page)."));
        inputs->addWidget(m_machineReadable);
        connect(m_machineReadable, &QCheckBox::toggled, this, &DocumentRow::changed);
    }
    m_byCaretaker->setObjectName(QStringLiteral("byCaretakerCheckBox"));
    m_byCaretaker->setToolTip(tr("The caretaker's own document, for example a utility bill in the parent's name."));
    m_byCaretaker->setVisible(false);
    connect(m_byCaretaker, &QCheckBox::toggled, this, &DocumentRow::changed);
    inputs->addStretch(1);
    if (inputs->count() > 1)
        grid->addLayout(inputs, 1, 0, 1, 2); // the grid owns it from here
    else
        delete inputs; // nothing to ask for this document (a birth certificate): no row
    grid->addWidget(m_byCaretaker, 2, 0, 1, 2);

    if (enrollments.programme().documentFingerprints) {
        auto *numberLine = new QHBoxLayout;
        m_number = makeSecretField(QStringLiteral("documentNumberLineEdit"), this);
        m_number->setPlaceholderText(tr("Number, optional: duplicate check only, never stored"));
        m_number->setToolTip(tr("Typed only to recognise the same document used twice. It is turned into an "
                                "irreversible check value when you leave the field, and cleared."));
        m_number->setMaxLength(64);
        m_checked = new QLabel(this);
        m_checked->setObjectName(QStringLiteral("numberCheckedLabel"));
        m_checked->setStyleSheet(QStringLiteral("color: #1b7f3b;"));
        numberLine->addWidget(m_number, 1);
        numberLine->addWidget(m_checked);
        grid->addLayout(numberLine, 3, 0, 1, 2);
        connect(m_number, &QLineEdit::editingFinished, this, &DocumentRow::takeNumber);
        connect(m_number, &QLineEdit::returnPressed, this, &DocumentRow::takeNumber);
    }

    m_note->setObjectName(QStringLiteral("documentNoteLabel"));
    m_note->setWordWrap(true);
    m_note->setVisible(false);
    m_error->setObjectName(QStringLiteral("documentErrorLabel"));
    grid->addWidget(m_note, 4, 0, 1, 2);
    grid->addWidget(m_error, 5, 0, 1, 2);
    grid->setColumnStretch(0, 1);

    // Tab follows the row as it reads (the checkbox and the button were made first).
    const QList<QWidget *> order = tabOrder();
    for (qsizetype i = 1; i < order.size(); ++i)
        setTabOrder(order[i - 1], order[i]);

    connect(m_remove, &QToolButton::clicked, this, &DocumentRow::removeRequested);
    // Delete removes the row from its checkboxes and button; in a text field it edits text.
    auto *remove = new QShortcut(shortcutKeys(ShortcutId::RemoveDocument).value(0), this, nullptr, nullptr,
                                 Qt::WidgetWithChildrenShortcut);
    connect(remove, &QShortcut::activated, this, &DocumentRow::removeRequested);
}

void DocumentRow::takeNumber()
{
    if (!m_number || m_number->text().isEmpty())
        return;
    const SecureBuffer number = takeSecret(m_number);
    auto fingerprint = m_enrollments.fingerprint(m_type.id, number);
    if (!fingerprint) {
        m_error->showMessage(fingerprint.error().message);
        return;
    }
    m_fingerprint = *fingerprint;
    m_checked->setText(tr("✓ checked"));
    m_number->setPlaceholderText(tr("Checked; type again to correct"));
    Q_EMIT changed();
}

DocumentEntry DocumentRow::entry() const
{
    DocumentEntry e;
    e.presented.typeId = m_type.id;
    // Only a date that exists: a wrong one is the row's message, and must not count as a date
    // (an invalid QDate is before every day, so it read as a fresh utility bill).
    if (const QDate d = m_date ? m_date->date() : QDate(); d.isValid()) {
        if (m_type.date == DocumentDate::Expiry)
            e.presented.expiry = d;
        else
            e.presented.issued = d;
    }
    e.presented.machineReadable = m_machineReadable && m_machineReadable->isChecked();
    e.presented.byCaretaker = m_byCaretaker->isVisibleTo(this) && m_byCaretaker->isChecked();
    e.fingerprint = m_fingerprint;
    return e;
}

void DocumentRow::setEntry(const DocumentEntry &entry)
{
    const QSignalBlocker blocker(this);
    if (m_date) {
        const auto &d = m_type.date == DocumentDate::Expiry ? entry.presented.expiry : entry.presented.issued;
        m_date->setDate(d.value_or(QDate()));
    }
    if (m_machineReadable)
        m_machineReadable->setChecked(entry.presented.machineReadable);
    m_byCaretaker->setChecked(entry.presented.byCaretaker);
    m_fingerprint = entry.fingerprint;
    if (m_checked)
        m_checked->setText(m_fingerprint.isEmpty() ? QString() : tr("✓ checked"));
}

void DocumentRow::setCaretakerPresent(bool present)
{
    m_byCaretaker->setVisible(present);
}

void DocumentRow::setAssessment(const QString &note, bool counts)
{
    m_note->setText(note);
    m_note->setStyleSheet(counts ? QStringLiteral("color: #1b7f3b;") : QStringLiteral("color: #b00020;"));
    m_note->setVisible(!note.isEmpty());
}

void DocumentRow::showProblem(const QString &part, const QString &message)
{
    // The date field knows why its text is no date: the same words as on leaving it.
    const bool dateProblem = !part.isEmpty() && m_date && !m_date->problem().isEmpty();
    m_error->showMessage(dateProblem ? m_date->problem() : message);
}

void DocumentRow::clearProblems()
{
    m_error->clearMessage();
}

QWidget *DocumentRow::firstInput() const
{
    return tabOrder().front();
}

QList<QWidget *> DocumentRow::tabOrder() const
{
    QList<QWidget *> order;
    for (QWidget *w : std::initializer_list<QWidget *> {m_date, m_machineReadable, m_number, m_byCaretaker, m_remove})
        if (w != nullptr)
            order << w;
    return order;
}

} // namespace tessera::ui
