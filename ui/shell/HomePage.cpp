#include "ui/shell/HomePage.h"

#include "core/station/Station.h"
#include "ui/common/RoleText.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace tessera::ui {

HomePage::HomePage(Station &station, QWidget *parent)
    : QWidget(parent)
    , m_notes(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("homePageWidget"));
    const Operator &op = station.session().currentOperator();
    const auto info = station.info();

    auto *title = new QLabel(tr("Welcome, %1").arg(op.displayName), this);
    title->setObjectName(QStringLiteral("welcomeLabel"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.5);
    titleFont.setBold(true);
    title->setFont(titleFont);

    auto *summary = new QGroupBox(tr("This session"), this);
    auto *form = new QFormLayout(summary);
    form->setHorizontalSpacing(16);
    auto addRow = [&](const QString &label, const QString &value, const QString &objectName) {
        auto *v = new QLabel(value, summary);
        v->setObjectName(objectName);
        v->setTextInteractionFlags(Qt::TextSelectableByMouse);
        form->addRow(label, v);
    };
    addRow(tr("Station:"), info ? tr("%1 (%2)").arg(info->name, info->code) : info.error().message,
           QStringLiteral("stationNameLabel"));
    if (info && info->demo)
        addRow(tr("Mode:"), tr("Demonstration station: do not enrol real applicants here."),
               QStringLiteral("demoModeLabel"));
    addRow(tr("Signed in as:"), tr("%1 (%2)").arg(op.displayName, op.username), QStringLiteral("operatorLabel"));
    addRow(tr("Roles:"), roleText(op.roles), QStringLiteral("rolesLabel"));

    auto *notesLabel = new QLabel(tr("&Notes for this shift:"), this);
    notesLabel->setBuddy(m_notes);
    m_notes->setObjectName(QStringLiteral("shiftNotesPlainTextEdit"));
    m_notes->setTabChangesFocus(true);
    m_notes->setPlaceholderText(tr("Scratch space for this shift."));
    m_notes->setToolTip(tr("Not saved anywhere: these notes are gone when you sign out. They are kept while the "
                           "station is locked."));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 16, 24, 16);
    layout->addWidget(title);
    layout->addWidget(summary);
    layout->addSpacing(8);
    layout->addWidget(notesLabel);
    layout->addWidget(m_notes, 1);
}

} // namespace tessera::ui
