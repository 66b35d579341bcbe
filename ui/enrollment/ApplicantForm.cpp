#include "ui/enrollment/ApplicantForm.h"

#include "core/enrollment/Enrollments.h"
#include "core/util/DateText.h"
#include "ui/common/DateField.h"
#include "ui/common/ErrorLabel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QShortcut>
#include <QVBoxLayout>

namespace tessera::ui {

namespace {

QLabel *printedOnlyMarker(QWidget *parent)
{
    auto *marker = new QLabel(ApplicantForm::tr("card only"), parent);
    marker->setObjectName(QStringLiteral("printedOnlyMarkerLabel"));
    marker->setToolTip(ApplicantForm::tr("Printed on the card, then destroyed: the station does not keep it."));
    marker->setStyleSheet(QStringLiteral("color: #8a6d00; font-style: italic;"));
    marker->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Preferred);
    return marker;
}

QLabel *fromDocumentMarker(QWidget *parent)
{
    auto *marker = new QLabel(ApplicantForm::tr("from the document"), parent);
    marker->setStyleSheet(QStringLiteral("color: #1f5fa8; font-style: italic;"));
    marker->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Preferred);
    marker->hide();
    return marker;
}

// The programme's own label ("language.es": "Español"); Qt's native name says which country's
// Spanish ("Español de España"), which is not what the applicant is asked.
QString languageName(const Programme &programme, const QString &code)
{
    if (const auto label = programme.texts.constFind(QStringLiteral("language.") + code);
        label != programme.texts.constEnd() && !label->in(code).isEmpty())
        return label->in(code);
    const QLocale locale(code);
    const QString native = locale.nativeLanguageName();
    return native.isEmpty() ? code : native.left(1).toUpper() + native.mid(1);
}

} // namespace

ApplicantForm::ApplicantForm(const Enrollments &enrollments, QString language, QWidget *parent)
    : QWidget(parent)
    , m_enrollments(enrollments)
    , m_programme(enrollments.programme())
    , m_language(std::move(language))
    , m_form(new QFormLayout(this))
{
    setObjectName(QStringLiteral("applicantFormWidget"));
    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->setVerticalSpacing(4);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setLabelAlignment(Qt::AlignRight | Qt::AlignTop);

    addLine(Field::GivenNames, tr("Gi&ven names:"), "givenNamesLineEdit", 100);
    addLine(Field::FamilyName, tr("&Family name:"), "familyNameLineEdit", 100);
    if (auto *names = m_lines.value(Field::GivenNames))
        names->setToolTip(
            tr("As the applicant writes them, in any script. A person with one name: fill one of the two."));

    if (m_programme.collects(Field::BirthDate)) {
        m_birthDate = new DateField(this);
        m_birthDate->setObjectName(QStringLiteral("birthDateLineEdit"));
        m_ageLabel = new QLabel(this);
        m_ageLabel->setObjectName(QStringLiteral("ageLabel"));
        m_ageLabel->setStyleSheet(QStringLiteral("color: palette(dark);"));
        addRow(Field::BirthDate, tr("Date of &birth:"), m_birthDate, m_ageLabel);
        connect(m_birthDate, &QLineEdit::textChanged, this, &ApplicantForm::updateAge);
        connect(m_birthDate, &QLineEdit::textEdited, this, [this] {
            unmarkFromDocument(Field::BirthDate);
            revalidateIfShown(Field::BirthDate);
        });
        connect(m_birthDate, &QLineEdit::editingFinished, this, [this] {
            const ErrorLabel *error = m_rows.value(Field::BirthDate).error;
            if (m_birthDate->isModified() || (error && error->isVisible()))
                validate(Field::BirthDate);
            m_birthDate->setModified(false);
        });
    }

    if (m_programme.collects(Field::Gender)) {
        m_gender = new QComboBox(this);
        m_gender->setObjectName(QStringLiteral("genderComboBox"));
        m_gender->setPlaceholderText(tr("Choose…"));
        for (const Choice &c : m_programme.genders)
            m_gender->addItem(c.label.in(m_language), c.code);
        m_gender->setCurrentIndex(-1);
        m_gender->setToolTip(
            tr("As the applicant states it; no document is needed. \"Not shown on the card\" leaves it off."));
        // The programme's word ("Gender", or "Sex"), the one its cards print; Alt+N either way.
        const QString word = m_programme.card.genderLabel.in(m_language);
        const qsizetype mnemonic = word.indexOf(QLatin1Char('n'), 0, Qt::CaseInsensitive);
        addRow(Field::Gender,
               word.isEmpty()      ? tr("Ge&nder:")
                   : mnemonic >= 0 ? tr("%1:").arg(QString(word).insert(mnemonic, QLatin1Char('&')))
                                   : tr("%1:").arg(word),
               m_gender);
        if (!word.isEmpty() && mnemonic < 0)
            connect(new QShortcut(QKeySequence(Qt::ALT | Qt::Key_N), this), &QShortcut::activated, m_gender,
                    [this] { m_gender->setFocus(Qt::ShortcutFocusReason); });
        // A choice is a change like a keystroke: saved with the draft, counted by Submit's message.
        connect(m_gender, &QComboBox::activated, this, [this] {
            validate(Field::Gender);
            if (!m_filling)
                Q_EMIT changed();
        });
    }

    if (m_programme.collects(Field::AddressLine)) {
        if (m_programme.allowsNoFixedAddress) {
            m_noFixedAddress = new QCheckBox(tr("No fi&xed address"), this);
            m_noFixedAddress->setObjectName(QStringLiteral("noFixedAddressCheckBox"));
            m_noFixedAddress->setToolTip(
                tr("The applicant has no fixed address. A care-of address can still be given."));
        }
        QLineEdit *address = addLine(Field::AddressLine, tr("A&ddress:"), "addressLineEdit", 120, m_noFixedAddress);
        address->setPlaceholderText(tr("Street and number, apartment"));
        if (m_noFixedAddress) {
            setTabOrder(address, m_noFixedAddress);
            connect(m_noFixedAddress, &QCheckBox::toggled, this, [this, address](bool none) {
                address->setEnabled(!none);
                validate(Field::AddressLine);
                revalidateIfShown(Field::City);
                revalidateIfShown(Field::PostalCode);
                if (!m_filling)
                    Q_EMIT changed();
            });
        }
    }
    if (QLineEdit *careOf = addLine(Field::CareOf, tr("&Care of:"), "careOfLineEdit", 120))
        careOf->setPlaceholderText(tr("c/o a person, shelter or organisation (optional)"));
    addLine(Field::City, tr("Cit&y:"), "cityLineEdit", 60);
    if (QLineEdit *postal = addLine(Field::PostalCode, tr("&Postal code:"), "postalCodeLineEdit", 10))
        postal->setMaximumWidth(postal->fontMetrics().horizontalAdvance(QStringLiteral("MMMMMMMMMM")) + 12);
    addLine(Field::Telephone, tr("&Telephone:"), "telephoneLineEdit", 20);

    addCaretakerRow();

    if (m_programme.collects(Field::Veteran) || m_programme.collects(Field::OrganDonor)) {
        auto *flags = new QWidget(this);
        auto *flagsLayout = new QHBoxLayout(flags);
        flagsLayout->setContentsMargins(0, 0, 0, 0);
        if (m_programme.collects(Field::Veteran)) {
            m_veteran = new QCheckBox(tr("Vete&ran"), flags);
            m_veteran->setObjectName(QStringLiteral("veteranCheckBox"));
            m_veteran->setToolTip(tr("Only if the applicant asks for it on the card."));
            flagsLayout->addWidget(m_veteran);
            connect(m_veteran, &QCheckBox::toggled, this, [this] {
                if (!m_filling)
                    Q_EMIT changed();
            });
        }
        if (m_programme.collects(Field::OrganDonor)) {
            m_organDonor = new QCheckBox(tr("&Organ donor"), flags);
            m_organDonor->setObjectName(QStringLiteral("organDonorCheckBox"));
            m_organDonor->setToolTip(tr("Only if the applicant asks for it on the card."));
            flagsLayout->addWidget(m_organDonor);
            connect(m_organDonor, &QCheckBox::toggled, this, [this] {
                if (!m_filling)
                    Q_EMIT changed();
            });
        }
        flagsLayout->addStretch(1);
        m_form->addRow(tr("On the card:"), flags);
    }

    addLine(Field::EmergencyContact, tr("E&mergency contact:"), "emergencyContactLineEdit", 120);
    if (m_programme.collects(Field::PreferredLanguage)) {
        m_preferredLanguage = new QComboBox(this);
        m_preferredLanguage->setObjectName(QStringLiteral("preferredLanguageComboBox"));
        m_preferredLanguage->addItem(tr("Not given"), QString());
        for (const QString &code : m_programme.languages)
            m_preferredLanguage->addItem(languageName(m_programme, code), code);
        m_preferredLanguage->setToolTip(tr("The language of the receipt and the notices."));
        addRow(Field::PreferredLanguage, tr("Preferred lang&uage:"), m_preferredLanguage);
        connect(m_preferredLanguage, &QComboBox::activated, this, [this] {
            if (!m_filling)
                Q_EMIT changed();
        });
    }
    addLine(Field::MedicalNotes, tr("Med&ical notes:"), "medicalNotesLineEdit", 200);
    updateAge();
}

QWidget *ApplicantForm::addRow(Field field, const QString &label, QWidget *editor, QWidget *extra)
{
    auto *cell = new QWidget(this);
    auto *cellLayout = new QVBoxLayout(cell);
    cellLayout->setContentsMargins(0, 0, 0, 0);
    cellLayout->setSpacing(1);
    auto *line = new QHBoxLayout;
    line->setSpacing(8);
    editor->setParent(cell);
    // Text fields take the width (up to their maximum); the rest keep their size.
    const bool grows = qobject_cast<QLineEdit *>(editor) && !qobject_cast<DateField *>(editor);
    line->addWidget(editor, grows ? 10 : 0);
    if (extra) {
        extra->setParent(cell);
        line->addWidget(extra);
    }
    auto *fromDocument = fromDocumentMarker(cell);
    fromDocument->setObjectName(fieldKey(field) + QStringLiteral("FromDocumentLabel"));
    line->addWidget(fromDocument);
    if (m_programme.retentionOf(field) == Retention::PrintedOnly)
        line->addWidget(printedOnlyMarker(cell));
    line->addStretch(grows ? 0 : 1);
    cellLayout->addLayout(line);
    auto *error = new ErrorLabel(cell);
    error->setObjectName(fieldKey(field) + QStringLiteral("ErrorLabel"));
    cellLayout->addWidget(error);

    auto *labelWidget = new QLabel(label, this);
    labelWidget->setBuddy(editor);
    m_form->addRow(labelWidget, cell);
    m_rows.insert(field, Row {editor, error, fromDocument});
    return cell;
}

QLineEdit *ApplicantForm::addLine(Field field, const QString &label, const char *objectName, int maxLength,
                                  QWidget *extra)
{
    if (!m_programme.collects(field))
        return nullptr;
    auto *edit = new QLineEdit(this);
    edit->setObjectName(QString::fromLatin1(objectName));
    edit->setMaxLength(maxLength);
    addRow(field, label, edit, extra);
    m_lines.insert(field, edit);
    connect(edit, &QLineEdit::editingFinished, this, [this, field, edit] {
        // Leaving a field that was never touched says nothing; one that was, is checked.
        const ErrorLabel *error = m_rows.value(field).error;
        if (edit->isModified() || (error && error->isVisible()))
            validate(field);
        edit->setModified(false);
    });
    connect(edit, &QLineEdit::textEdited, this, [this, field] {
        unmarkFromDocument(field);
        revalidateIfShown(field);
        Q_EMIT changed();
    });
    return edit;
}

void ApplicantForm::addCaretakerRow()
{
    m_caretakerRow = new QWidget(this);
    auto *cellLayout = new QVBoxLayout(m_caretakerRow);
    cellLayout->setContentsMargins(0, 0, 0, 0);
    cellLayout->setSpacing(1);
    auto *line = new QHBoxLayout;
    m_caretakerPresent = new QCheckBox(tr("Care&taker present"), m_caretakerRow);
    m_caretakerPresent->setObjectName(QStringLiteral("caretakerPresentCheckBox"));
    m_caretakerPresent->setToolTip(tr("A parent or guardian came with the applicant. Their name is not asked."));
    m_caretakerRelationship = new QComboBox(m_caretakerRow);
    m_caretakerRelationship->setObjectName(QStringLiteral("caretakerRelationshipComboBox"));
    m_caretakerRelationship->setPlaceholderText(tr("Relationship…"));
    m_caretakerRelationship->addItem(tr("Parent"), QStringLiteral("parent"));
    m_caretakerRelationship->addItem(tr("Guardian"), QStringLiteral("guardian"));
    m_caretakerRelationship->addItem(tr("Other caretaker"), QStringLiteral("other"));
    m_caretakerRelationship->setCurrentIndex(-1);
    m_caretakerRelationship->setEnabled(false);
    m_caretakerHint = new QLabel(m_caretakerRow);
    m_caretakerHint->setObjectName(QStringLiteral("caretakerHintLabel"));
    m_caretakerHint->setStyleSheet(QStringLiteral("color: palette(dark);"));
    line->addWidget(m_caretakerPresent);
    line->addWidget(m_caretakerRelationship);
    line->addWidget(m_caretakerHint);
    line->addStretch(1);
    cellLayout->addLayout(line);
    m_caretakerError = new ErrorLabel(m_caretakerRow);
    m_caretakerError->setObjectName(QStringLiteral("caretakerErrorLabel"));
    cellLayout->addWidget(m_caretakerError);
    m_caretakerLabel = new QLabel(tr("Caretaker:"), this);
    m_form->addRow(m_caretakerLabel, m_caretakerRow);

    connect(m_caretakerPresent, &QCheckBox::toggled, this, [this](bool present) {
        m_caretakerRelationship->setEnabled(present);
        if (!present)
            m_caretakerError->clearMessage();
        if (!m_filling) {
            if (present && m_caretakerRelationship->currentIndex() < 0)
                m_caretakerRelationship->setFocus();
            Q_EMIT caretakerChanged(caretakerPresent());
            Q_EMIT changed();
        }
    });
    connect(m_caretakerRelationship, &QComboBox::activated, this, [this] {
        m_caretakerError->clearMessage();
        if (!m_filling)
            Q_EMIT changed();
    });
}

void ApplicantForm::updateAge()
{
    const QDate birth = m_birthDate ? m_birthDate->date() : QDate();
    const QDate today = m_enrollments.today();
    const AgeBand *band = nullptr;
    if (birth.isValid() && birth <= today) {
        const int age = ageOn(birth, today);
        band = m_programme.bandForAge(age);
        m_ageLabel->setText(tr("age %1 · %2").arg(age).arg(displayDate(birth)));
    } else if (m_ageLabel) {
        m_ageLabel->clear();
    }
    const bool wasShown = caretakerPresent();
    const bool show = band && band->caretaker != CaretakerPath::None;
    m_caretakerRow->setVisible(show);
    m_caretakerLabel->setVisible(show);
    if (band && band->caretaker == CaretakerPath::Required)
        m_caretakerHint->setText(tr("required at this age"));
    else
        m_caretakerHint->setText(tr("optional at this age"));
    if (!m_filling) {
        if (wasShown != caretakerPresent())
            Q_EMIT caretakerChanged(caretakerPresent());
        Q_EMIT changed();
    }
}

void ApplicantForm::validate(Field field)
{
    const Row row = m_rows.value(field);
    if (!row.error)
        return;
    const Applicant a = applicant();
    const QDate today = m_enrollments.today();
    // The two name fields are one question ("the applicant's name"): answer for both.
    if (field == Field::GivenNames || field == Field::FamilyName) {
        for (Field f : {Field::GivenNames, Field::FamilyName})
            if (const Row r = m_rows.value(f); r.error) {
                const auto problem = validateField(m_programme, f, a, today);
                r.error->showMessage(problem.value_or(QString()));
            }
        return;
    }
    if (field == Field::BirthDate && m_birthDate && m_birthDate->isBlank()) {
        row.error->showMessage(tr("Enter the date of birth (year-month-day)."));
        return;
    }
    if (field == Field::BirthDate && m_birthDate && !m_birthDate->problem().isEmpty()) {
        row.error->showMessage(m_birthDate->problem());
        return;
    }
    const auto problem = validateField(m_programme, field, a, today);
    row.error->showMessage(problem.value_or(QString()));
}

void ApplicantForm::revalidateIfShown(Field field)
{
    // While typing, a shown message goes as soon as the field is right; no new ones appear.
    const Row row = m_rows.value(field);
    if (row.error && row.error->isVisible())
        validate(field);
}

Applicant ApplicantForm::applicant() const
{
    Applicant a;
    for (auto it = m_lines.begin(); it != m_lines.end(); ++it)
        a.setValue(it.key(), it.value()->text().trimmed());
    if (m_birthDate)
        a.birthDate = m_birthDate->date();
    if (m_gender && m_gender->currentIndex() >= 0)
        a.gender = m_gender->currentData().toString();
    if (m_noFixedAddress && m_noFixedAddress->isChecked()) {
        a.noFixedAddress = true;
        a.addressLine.clear(); // kept in the widget in case the box was ticked by mistake, never saved
    }
    if (m_veteran && m_veteran->isChecked())
        a.veteran = true;
    if (m_organDonor && m_organDonor->isChecked())
        a.organDonor = true;
    if (m_preferredLanguage)
        a.preferredLanguage = m_preferredLanguage->currentData().toString();
    return a;
}

bool ApplicantForm::caretakerPresent() const
{
    return m_caretakerRow->isVisibleTo(this) && m_caretakerPresent->isChecked();
}

QString ApplicantForm::caretakerRelationship() const
{
    return caretakerPresent() && m_caretakerRelationship->currentIndex() >= 0
        ? m_caretakerRelationship->currentData().toString()
        : QString();
}

void ApplicantForm::setDraft(const EnrollmentDraft &draft)
{
    m_filling = true;
    const Applicant &a = draft.applicant;
    for (auto it = m_lines.begin(); it != m_lines.end(); ++it) {
        it.value()->setEnabled(true);
        it.value()->setText(a.value(it.key()));
    }
    if (m_birthDate)
        m_birthDate->setDate(a.birthDate);
    if (m_gender)
        m_gender->setCurrentIndex(m_gender->findData(a.gender));
    if (m_noFixedAddress)
        m_noFixedAddress->setChecked(a.noFixedAddress);
    if (m_veteran)
        m_veteran->setChecked(a.veteran.value_or(false));
    if (m_organDonor)
        m_organDonor->setChecked(a.organDonor.value_or(false));
    if (m_preferredLanguage)
        m_preferredLanguage->setCurrentIndex(std::max(0, m_preferredLanguage->findData(a.preferredLanguage)));
    m_caretakerPresent->setChecked(draft.caretakerPresent);
    m_caretakerRelationship->setCurrentIndex(m_caretakerRelationship->findData(draft.caretakerRelationship));
    updateAge();
    clearProblems();
    for (const Row &row : std::as_const(m_rows))
        row.fromDocument->hide();
    m_markSources.clear();
    m_filling = false;
    Q_EMIT caretakerChanged(caretakerPresent());
}

void ApplicantForm::clear()
{
    setDraft(EnrollmentDraft());
}

bool ApplicantForm::isBlank() const
{
    for (QLineEdit *line : m_lines)
        if (!line->text().trimmed().isEmpty())
            return false;
    return (!m_birthDate || m_birthDate->isBlank()) && (!m_gender || m_gender->currentIndex() < 0);
}

QWidget *ApplicantForm::showProblems(const std::vector<FieldProblem> &problems)
{
    clearProblems();
    QWidget *first = nullptr;
    for (const FieldProblem &p : problems) {
        if (p.field == QLatin1String("caretaker")) {
            m_caretakerError->showMessage(p.message);
            if (!first)
                first = m_caretakerRelationship;
            continue;
        }
        const auto field = fieldFromKey(p.field);
        if (!field)
            continue;
        const Row row = m_rows.value(*field);
        if (!row.error)
            continue;
        // The date field knows why its text is no date (impossible, or not written as one).
        const bool dateProblem = *field == Field::BirthDate && m_birthDate && !m_birthDate->problem().isEmpty();
        row.error->showMessage(dateProblem ? m_birthDate->problem() : p.message);
        if (!first)
            first = row.editor;
    }
    return first;
}

void ApplicantForm::clearProblems()
{
    for (const Row &row : std::as_const(m_rows))
        row.error->clearMessage();
    m_caretakerError->clearMessage();
}

void ApplicantForm::markFromDocument(const QList<Field> &fields, const QString &source)
{
    for (Field field : fields) {
        const Row row = m_rows.value(field);
        if (!row.fromDocument)
            continue;
        row.fromDocument->setToolTip(tr("Read from %1 and accepted by you. Change it if it is wrong.").arg(source));
        row.fromDocument->show();
        m_markSources.insert(field, source);
    }
}

bool ApplicantForm::isMarkedFromDocument(Field field) const
{
    const Row row = m_rows.value(field);
    return row.fromDocument && !row.fromDocument->isHidden();
}

void ApplicantForm::unmarkFromDocument(Field field)
{
    if (const Row row = m_rows.value(field); row.fromDocument)
        row.fromDocument->hide();
    m_markSources.remove(field);
}

QWidget *ApplicantForm::firstField() const
{
    for (Field f : allFields())
        if (const Row row = m_rows.value(f); row.editor)
            return row.editor;
    return nullptr;
}

QWidget *ApplicantForm::firstEmptyField() const
{
    for (Field f : allFields()) {
        QWidget *editor = m_rows.value(f).editor;
        if (editor == nullptr || !editor->isEnabled())
            continue;
        if (const auto *line = qobject_cast<const QLineEdit *>(editor); line && line->text().isEmpty())
            return editor;
        if (const auto *choice = qobject_cast<const QComboBox *>(editor); choice && choice->currentIndex() < 0)
            return editor;
    }
    return nullptr;
}

} // namespace tessera::ui
