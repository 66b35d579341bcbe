#include "ui/admin/PathField.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>

namespace tessera::ui {

PathField::PathField(Kind kind, const QString &objectName, const QString &dialogTitle, const QString &fileFilter,
                     QWidget *parent)
    : QWidget(parent)
    , m_kind(kind)
    , m_dialogTitle(dialogTitle)
    , m_fileFilter(fileFilter)
    , m_edit(new QLineEdit(this))
    , m_browse(new QPushButton(tr("Bro&wse…"), this))
{
    m_edit->setObjectName(objectName);
    QString buttonName = objectName;
    buttonName.replace(QStringLiteral("LineEdit"), QStringLiteral("BrowsePushButton"));
    m_browse->setObjectName(buttonName);
    m_browse->setAutoDefault(false);
    m_edit->setMinimumWidth(m_edit->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 40);
    setFocusProxy(m_edit);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_browse);
    connect(m_browse, &QPushButton::clicked, this, &PathField::browse);
}

QString PathField::path() const
{
    return m_edit->text().trimmed();
}

void PathField::setPath(const QString &path)
{
    m_edit->setText(path);
}

void PathField::browse()
{
    // Start where the typed path points (its folder for a file), else the home folder.
    QString start = path();
    if (m_kind == Kind::ExistingFile && !start.isEmpty())
        start = QFileInfo(start).absolutePath();
    if (start.isEmpty() || !QFileInfo(start).isDir())
        start = QDir::homePath();
    const QString chosen = m_kind == Kind::Folder
        ? QFileDialog::getExistingDirectory(this, m_dialogTitle, start)
        : QFileDialog::getOpenFileName(this, m_dialogTitle, start, m_fileFilter);
    if (!chosen.isEmpty())
        m_edit->setText(QDir::toNativeSeparators(chosen));
    m_edit->setFocus();
}

} // namespace tessera::ui
