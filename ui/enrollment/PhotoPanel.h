#pragma once

#include "core/capture/AutoCapture.h"
#include "core/capture/CameraChoice.h"
#include "core/capture/FrameSource.h"
#include "core/capture/PhotoChecks.h"
#include "core/programme/Programme.h"

#include <QImage>
#include <QMap>
#include <QWidget>

#include <functional>
#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QShortcut;

namespace tessera {
class CaptureSession;
}

namespace tessera::ui {

class ErrorLabel;
class PhotoPreview;

// The card photo the clerk accepted: the crop as JPEG (within the programme's budget), the
// checks measured on the frame it was cut from, and a reason code per overridden check.
struct AcceptedPhoto {
    QByteArray jpeg;
    QImage crop;
    PhotoAssessment assessment;
    QMap<QString, QString> overrides;
    bool automatic = false;
};

// The photo step of an enrollment: a source (a camera, a video file, a still image), the live
// preview with the framing guide, face box and eye line drawn over it, the checks in green and
// red with their plain messages, capture (automatic after the programme's run of good frames,
// or Space / Alt+C), retake, and overriding a failing check with one of the programme's
// reason codes. Frames are grabbed and analysed by a CaptureSession off the GUI thread; only
// the accepted crop leaves this panel (photoAccepted), nothing is written here.
class PhotoPanel : public QWidget {
    Q_OBJECT
public:
    PhotoPanel(const Programme &programme, const QString &language, QWidget *parent = nullptr);
    ~PhotoPanel() override;

    // The cameras present and the station's remembered choice (selected when present; a
    // remembered video file is offered as a source of its own). The remembered source starts
    // by itself when the panel is shown.
    void setCameras(const std::vector<CameraInfo> &cameras, std::optional<CameraChoice> remembered);
    // Starts showing `source` (a test or the source picker opens one).
    void openSource(std::unique_ptr<FrameSource> source);
    void stopSource();
    bool isRunning() const;
    // Starts the remembered camera or video when the panel is shown and has no photo yet
    // (showing the panel does it; so does opening the step when it is already shown).
    void startIfIdle();

    // A new applicant: no photo, auto-capture armed again.
    void reset();
    // A resumed draft's stored photo.
    void showStoredPhoto(const QImage &crop, const QMap<QString, QString> &overrides, bool automatic);

    const std::optional<AcceptedPhoto> &acceptedPhoto() const { return m_accepted; }
    // The programme's "no_photo" reason the clerk chose for a card without a photo (empty:
    // none; the choice is offered only when the programme lists such reasons).
    QString noPhotoReason() const;
    // Why the enrollment cannot be submitted as far as the photo goes, shown on the panel
    // (Submit brings the clerk here with it). A photo taken but failing checks is named.
    void showSubmitProblem(const QString &message);
    int analysedFrames() const { return m_analysedFrames; }

public Q_SLOTS:
    void capture();
    void retake();
    void overrideChecks();

Q_SIGNALS:
    // The clerk accepted a photo (every failing check overridden, or none failing).
    void photoAccepted();
    // A camera was chosen in the picker: the station should remember it.
    void cameraChosen(const tessera::CameraChoice &choice);
    // The clerk chose a programme reason for no photo, or took it back.
    void noPhotoReasonChosen();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void layOut();
    void sourceChosen(int index);
    using Reopen = std::function<Result<std::unique_ptr<FrameSource>>()>;
    // Opens a file source and keeps `reopen` for Retake; false (the reason shown) when it fails.
    bool openFile(Reopen reopen);
    void openVideoFile(const QString &path);
    void selectVideoItem(const QString &path);
    void onAnalysed(const QImage &frame, const PhotoAssessment &assessment);
    void onEnded(const QString &message);
    void forgetTaken();
    void takePhoto(const QImage &frame, const PhotoAssessment &assessment, bool automatic);
    void showChecks(const PhotoAssessment &assessment, const QMap<QString, QString> &overrides);
    void updateState();
    QString reasonLabel(const QString &code) const;

    const Programme &m_programme;
    QString m_language;
    std::unique_ptr<CaptureSession> m_session;
    AutoCapture m_auto;
    std::optional<std::pair<QImage, PhotoAssessment>> m_lastAnalysed;
    std::optional<AcceptedPhoto> m_taken;    // captured, maybe still failing checks
    std::optional<AcceptedPhoto> m_accepted; // captured and accepted
    std::vector<CameraInfo> m_cameras;
    // Opens the file chosen in the picker again (retake after a video or image file).
    Reopen m_reopen;
    int m_analysedFrames = 0;
    bool m_storedShown = false;

    QComboBox *m_source;
    QComboBox *m_resolution;
    QComboBox *m_noPhoto;
    QPushButton *m_startStop;
    PhotoPreview *m_preview;
    QListWidget *m_checks;
    QCheckBox *m_autoCapture;
    QPushButton *m_capture;
    QPushButton *m_retake;
    QPushButton *m_override;
    QLabel *m_crop;
    QLabel *m_status;
    ErrorLabel *m_error;
    QShortcut *m_space = nullptr;
};

} // namespace tessera::ui
