#include "ui/admin/ProgrammePanel.h"

#include "core/programme/ProgrammeStore.h"
#include "core/station/Station.h"

#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>

namespace tessera::ui {

namespace {
// Rules files are a few dozen kilobytes; anything this large is not one.
constexpr qint64 kMaxRulesFileBytes = qint64 {4} * 1024 * 1024;
} // namespace

ProgrammePanel::ProgrammePanel(Station &station, QWidget *parent)
    : QGroupBox(tr("Programme rules"), parent)
    , m_station(station)
    , m_name(new QLabel(this))
    , m_id(new QLabel(this))
    , m_version(new QLabel(this))
    , m_loadButton(new QPushButton(tr("Load r&ules file…"), this))
    , m_status(new QLabel(this))
{
    m_status->setObjectName(QStringLiteral("programmeStatusLabel"));
    m_status->setWordWrap(true);
    setObjectName(QStringLiteral("programmeGroupBox"));
    m_name->setObjectName(QStringLiteral("programmeNameLabel"));
    m_name->setWordWrap(true);
    m_id->setObjectName(QStringLiteral("programmeIdLabel"));
    m_version->setObjectName(QStringLiteral("programmeVersionLabel"));
    for (QLabel *l : {m_name, m_id, m_version})
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_loadButton->setObjectName(QStringLiteral("loadProgrammePushButton"));
    m_loadButton->setToolTip(
        tr("Install a programme rules file (.json). A file with an error is refused whole; nothing changes."));

    auto *form = new QFormLayout(this);
    form->addRow(tr("Programme:"), m_name);
    form->addRow(tr("Identifier:"), m_id);
    form->addRow(tr("Rules version:"), m_version);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_loadButton);
    form->addRow(buttons);

    connect(m_loadButton, &QPushButton::clicked, this, &ProgrammePanel::chooseFile);
    refresh();
}

void ProgrammePanel::refresh()
{
    auto active = activeProgramme(m_station.database());
    if (!active) {
        m_name->setText(active.error().message);
        m_id->clear();
        m_version->clear();
        return;
    }
    if (!active->has_value()) {
        m_name->setText(tr("None loaded. Clerks cannot enroll until a rules file is loaded."));
        m_id->setText(tr("—"));
        m_version->setText(tr("—"));
        return;
    }
    const Programme &p = **active;
    m_name->setText(p.name.in(p.name.defaultLanguage));
    m_id->setText(p.id);
    m_version->setText(p.rulesVersion);
}

void ProgrammePanel::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Load programme rules"), QString(),
                                                      tr("Programme rules (*.json);;All files (*)"));
    if (!path.isEmpty())
        loadFile(path);
}

bool ProgrammePanel::loadFile(const QString &path)
{
    QFile file(path);
    if (QFileInfo(path).size() > kMaxRulesFileBytes) {
        refuse(tr("%1 is too large to be a rules file.").arg(QFileInfo(path).fileName()));
        return false;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        refuse(tr("%1 could not be read: %2").arg(QFileInfo(path).fileName(), file.errorString()));
        return false;
    }
    const QByteArray json = file.readAll();
    auto installed = installProgramme(m_station.access(), json);
    if (!installed) {
        refuse(installed.error().message);
        return false;
    }
    refresh();
    m_status->setText(tr("Loaded rules version %1. New enrollments use these rules.").arg(installed->rulesVersion));
    Q_EMIT this->installed();
    return true;
}

void ProgrammePanel::refuse(const QString &message)
{
    m_status->clear();
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Rules file refused"),
                                tr("The rules file was not loaded, and nothing has changed."), QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("programmeRefusedMessageBox"));
    box->setInformativeText(message);
    box->setTextInteractionFlags(Qt::TextSelectableByMouse);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace tessera::ui
