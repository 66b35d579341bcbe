#include "ui/setup/StationPage.h"

#include "ui/common/ErrorLabel.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

namespace tessera::ui {

StationPage::StationPage(QWidget *parent)
    : QWizardPage(parent)
    , m_name(new QLineEdit(this))
    , m_code(new QLineEdit(this))
    , m_error(new ErrorLabel(this))
{
    setObjectName(QStringLiteral("stationWizardPage"));
    setTitle(tr("Name this station"));
    setSubTitle(tr("Tessera keeps everything on this computer, in an encrypted store. Start by naming the counter."));
    m_name->setObjectName(QStringLiteral("stationNameLineEdit"));
    m_name->setMaxLength(80);
    m_name->setPlaceholderText(tr("e.g. City Hall, counter 2"));
    m_code->setObjectName(QStringLiteral("stationCodeLineEdit"));
    m_code->setMaxLength(8);
    m_code->setPlaceholderText(tr("e.g. CH2"));
    m_code->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[A-Za-z0-9]{0,8}")), m_code));
    m_code->setToolTip(tr("2 to 8 letters or digits. It appears in the number of every card issued here."));
    connect(m_code, &QLineEdit::textEdited, this, [this](const QString &text) {
        const int cursor = m_code->cursorPosition();
        m_code->setText(text.toUpper());
        m_code->setCursorPosition(cursor);
    });

    auto *form = new QFormLayout;
    form->addRow(tr("Station &name:"), m_name);
    form->addRow(tr("Station &code:"), m_code);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addStretch();

    registerField(QStringLiteral("stationName*"), m_name);
    registerField(QStringLiteral("stationCode*"), m_code);
}

bool StationPage::validatePage()
{
    if (m_name->text().trimmed().isEmpty()) {
        m_error->showMessage(tr("Station name: enter 1 to 80 characters."));
        return false;
    }
    if (m_code->text().size() < 2) {
        m_error->showMessage(tr("Station code: use 2 to 8 letters or digits (it appears in card numbers)."));
        m_code->setFocus();
        return false;
    }
    m_error->clearMessage();
    return true;
}

} // namespace tessera::ui
