#pragma once

#include "core/document/DocumentReader.h"
#include "core/programme/Programme.h"
#include "core/util/Clock.h"

#include <QDate>
#include <QDialog>
#include <QFuture>

#include <functional>
#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace tessera {
class FrameSource;
}

namespace tessera::ui {

class DateField;
class ErrorLabel;

// What the clerk accepted from a document: only ticked values are set.
struct AcceptedDocumentValues {
    std::optional<QString> familyName;
    std::optional<QString> givenNames;
    std::optional<QDate> birthDate;
    QString documentTypeId; // empty: add no document
    std::optional<QDate> expiry;
    bool machineReadable = false;
    // Where the values came from, for the clerk ("the licence's barcode").
    QString source;
};

// "Read document": the clerk opens an image of the document (a scan), takes a still with the
// document camera, or types the lines of its machine readable zone. The document is found,
// rectified and read off the GUI thread (core/document/DocumentReader); the rectified image
// is shown from memory only, with each value read next to a tick box and an editable field.
// Only ticked values leave the dialog. The image, its pixels cleared, is dropped when the
// dialog closes, whatever button closed it; nothing is written anywhere.
class ReadDocumentDialog : public QDialog {
    Q_OBJECT
public:
    ReadDocumentDialog(const Programme &programme, QString language, const Clock &clock, QWidget *parent = nullptr);
    ~ReadDocumentDialog() override;

    AcceptedDocumentValues accepted() const;

    // Opens the document camera; called on a worker thread, the source is used and destroyed
    // there. By default the station's document camera (openDocumentCamera, no photo camera
    // known); tests and the enrollment page set their own.
    using CameraOpener = std::function<Result<std::unique_ptr<FrameSource>>()>;
    void setCameraOpener(CameraOpener opener);
    // "Document camera": one still from the camera, then read as an opened image is.
    void takeCameraPicture();

    // Where "Open image…" starts: the folder the scanner writes to, as the station remembers it;
    // the newest image there is selected, so Enter opens the scan just made.
    void setImageFolder(const QString &folder);
    // Reads `image` as if opened from a file (tests call this; the file button does too).
    void readImage(const QImage &image);
    // Reads the typed zone lines.
    void readTypedLines();
    // Ticks every value offered and uses them (the default button once something is read).
    void useAllValues();
    bool isReading() const { return m_reading; }
    // The reading under way, if any (tests check that closing the dialog takes its result).
    QFuture<Result<DocumentFindings>> readingTask() const { return m_readTask; }
    bool hasImage() const;

    void done(int result) override;

protected:
    // Hidden (the station locked): the image goes at once, the values stay for the clerk.
    void hideEvent(QHideEvent *event) override;

Q_SIGNALS:
    void readingFinished();
    // An image was opened from `folder` (its name is not passed on: it may name the applicant).
    void imageFolderChosen(const QString &folder);

private:
    // Shows why the names are to be compared by hand, and takes "Use all" away for them.
    void noteUncertainNames(const QString &note);
    void openImage();
    void showFindings(DocumentFindings findings);
    void showMrz(const MrzReading &mrz, const QString &source);
    void offer(const QString &family, const QString &given, std::optional<QDate> birth, std::optional<QDate> expiry,
               bool machineReadable, const QString &documentTypeId);
    void dropImage();
    QString suggestedType(const DocumentFindings &f) const;

    const Programme &m_programme;
    QString m_language;
    const Clock &m_clock;
    std::optional<DocumentFindings> m_findings;
    CameraOpener m_openCamera;
    QString m_source;
    QString m_imageFolder;
    QPushButton *m_openButton;
    QPushButton *m_cameraButton;
    QLabel *m_imageLabel;
    QLabel *m_summary;
    ErrorLabel *m_error;
    QCheckBox *m_familyCheck;
    QLineEdit *m_family;
    QCheckBox *m_givenCheck;
    QLineEdit *m_given;
    QLabel *m_namesNote; // shown when the names were guessed (AamvaReading::namesUncertain)
    QCheckBox *m_birthCheck;
    DateField *m_birth;
    QComboBox *m_documentType;
    QCheckBox *m_expiryCheck;
    DateField *m_expiry;
    QCheckBox *m_machineReadable;
    QPlainTextEdit *m_lines;
    QPushButton *m_readLinesButton;
    QPushButton *m_useButton;
    QPushButton *m_useAllButton;
    bool m_reading = false;
    // The task under way, if any: closing the dialog waits for it and clears what it made.
    QFuture<Result<QImage>> m_cameraTask;
    QFuture<Result<DocumentFindings>> m_readTask;
};

} // namespace tessera::ui
