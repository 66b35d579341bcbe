#include "ui/enrollment/DuplicateOverrideDialog.h"

#include "ui/common/ErrorLabel.h"
#include "ui/common/SecretField.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace tessera::ui {

DuplicateOverrideDialog::DuplicateOverrideDialog(const Programme &programme, const QString &language,
                                                 const std::vector<DuplicateHit> &hits, QWidget *parent)
    : QDialog(parent)
    , m_userName(new QLineEdit(this))
    , m_password(makeSecretField(QStringLiteral("supervisorPasswordLineEdit"), this))
    , m_reason(new QComboBox(this))
    , m_error(new ErrorLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("duplicateOverrideDialog"));
    setWindowTitle(tr("Possible duplicate"));

    auto *intro = new QLabel(tr("This may be someone who already has a card, or has applied. Check with the applicant. "
                                "To go on, a supervisor confirms here."),
                             this);
    intro->setWordWrap(true);
    QString list = QStringLiteral("<ul style=\"margin-left:12px\">");
    for (const DuplicateHit &h : hits)
        list += QStringLiteral("<li><b>%1</b>: %2</li>")
                    .arg((h.cardNumber.isEmpty() ? tr("enrollment %1, no card number yet").arg(h.enrollmentId)
                                                 : h.cardNumber)
                             .toHtmlEscaped(),
                         (h.kind == DuplicateHit::Kind::SameDocument ? tr("the same document")
                                                                     : tr("the same name and date of birth"))
                             .toHtmlEscaped());
    list += QStringLiteral("</ul>");
    auto *hitsLabel = new QLabel(list, this);
    hitsLabel->setObjectName(QStringLiteral("duplicateHitsLabel"));
    hitsLabel->setTextFormat(Qt::RichText);
    hitsLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_userName->setObjectName(QStringLiteral("supervisorUserNameLineEdit"));
    m_reason->setObjectName(QStringLiteral("overrideReasonComboBox"));
    m_reason->setPlaceholderText(tr("Choose a reason…"));
    for (const Choice &c : programme.reasonCodes.value(QStringLiteral("duplicate_override")))
        m_reason->addItem(c.label.in(language), c.code);
    m_reason->setCurrentIndex(-1);
    m_error->setObjectName(QStringLiteral("overrideErrorLabel"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Submit with &override"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("overridePushButton"));

    auto *form = new QFormLayout;
    form->addRow(tr("Supervisor's &user name:"), m_userName);
    form->addRow(tr("Supervisor's &password:"), m_password);
    form->addRow(tr("&Reason:"), m_reason);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(hitsLabel);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &DuplicateOverrideDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &DuplicateOverrideDialog::reject);
    m_userName->setFocus();
    setMinimumWidth(460);
}

void DuplicateOverrideDialog::accept()
{
    const QString userName = m_userName->text().trimmed();
    if (userName.isEmpty()) {
        m_error->showMessage(tr("Enter the supervisor's user name."));
        m_userName->setFocus();
        return;
    }
    if (m_password->text().isEmpty()) {
        m_error->showMessage(tr("The supervisor enters their password."));
        m_password->setFocus();
        return;
    }
    if (m_reason->currentIndex() < 0) {
        m_error->showMessage(tr("Choose the reason for going on."));
        m_reason->setFocus();
        return;
    }
    m_override = Enrollments::SupervisorOverride {userName, takeSecret(m_password), m_reason->currentData().toString()};
    QDialog::accept();
}

std::optional<Enrollments::SupervisorOverride> DuplicateOverrideDialog::takeOverride()
{
    auto out = std::move(m_override);
    m_override.reset();
    return out;
}

void DuplicateOverrideDialog::showError(const QString &message)
{
    m_error->showMessage(message);
}

} // namespace tessera::ui
