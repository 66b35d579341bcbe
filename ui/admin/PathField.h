#pragma once

#include <QWidget>

class QLineEdit;
class QPushButton;

namespace tessera::ui {

// A path typed or chosen: a line edit and a "Browse…" button that opens the file dialog where
// the typed path points. The line edit is the focus proxy, so a form label's buddy is the field.
class PathField : public QWidget {
    Q_OBJECT
public:
    enum class Kind { Folder, ExistingFile };

    // `objectName` names the line edit; the button is named after it ("…BrowsePushButton").
    PathField(Kind kind, const QString &objectName, const QString &dialogTitle, const QString &fileFilter = {},
              QWidget *parent = nullptr);

    QString path() const;
    void setPath(const QString &path);
    QLineEdit *lineEdit() const { return m_edit; }
    QPushButton *browseButton() const { return m_browse; }

private:
    void browse();

    Kind m_kind;
    QString m_dialogTitle;
    QString m_fileFilter;
    QLineEdit *m_edit;
    QPushButton *m_browse;
};

} // namespace tessera::ui
