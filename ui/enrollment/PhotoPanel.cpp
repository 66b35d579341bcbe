#include "ui/enrollment/PhotoPanel.h"

#include "core/capture/CaptureSession.h"
#include "core/capture/PhotoCheckNames.h"
#include "ui/common/ErrorLabel.h"
#include "ui/common/Shortcuts.h"
#include "ui/enrollment/PhotoPreview.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

namespace tessera::ui {

namespace {

constexpr int kCropShownWidth = 140;
const QColor kGood(0x1b, 0x7a, 0x2f);
const QColor kBad(0xb0, 0x00, 0x20);

enum SourceKind { ChooseSource = -1, VideoFile = -2, ImageFile = -3, RememberedVideo = -4 };
constexpr int kPathRole = Qt::UserRole + 1;

// A function that opens the file source `open` opens, each time it is called (Retake opens
// the same file again).
template <typename Open>
std::function<Result<std::unique_ptr<FrameSource>>()> opener(Open open)
{
    return [open]() -> Result<std::unique_ptr<FrameSource>> {
        auto opened = open();
        if (!opened)
            return std::unexpected(opened.error());
        return std::unique_ptr<FrameSource>(std::move(*opened));
    };
}

const QList<QSize> &resolutions()
{
    static const QList<QSize> sizes {QSize(1280, 720), QSize(1920, 1080), QSize(640, 480)};
    return sizes;
}

} // namespace

PhotoPanel::PhotoPanel(const Programme &programme, const QString &language, QWidget *parent)
    : QWidget(parent)
    , m_programme(programme)
    , m_language(language)
    , m_auto(programme.photo.autoCaptureFrames)
    , m_source(new QComboBox(this))
    , m_resolution(new QComboBox(this))
    , m_noPhoto(new QComboBox(this))
    , m_startStop(new QPushButton(this))
    , m_preview(new PhotoPreview(this))
    , m_checks(new QListWidget(this))
    , m_autoCapture(new QCheckBox(tr("Take the photo by itself &when every check passes"), this))
    , m_capture(new QPushButton(tr("T&ake photo (Space)"), this))
    , m_retake(new QPushButton(tr("Retake p&hoto"), this))
    , m_override(new QPushButton(tr("Override a chec&k…"), this))
    , m_crop(new QLabel(this))
    , m_status(new QLabel(this))
    , m_error(new ErrorLabel(this))
{
    setObjectName(QStringLiteral("photoPanel"));
    m_preview->setThresholds(programme.photo.thresholds);
    m_source->setObjectName(QStringLiteral("photoSourceComboBox"));
    m_source->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_source->setMinimumContentsLength(16);
    m_resolution->setObjectName(QStringLiteral("photoResolutionComboBox"));
    m_noPhoto->setObjectName(QStringLiteral("photoNoPhotoReasonComboBox"));
    m_noPhoto->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_noPhoto->setMinimumContentsLength(14);
    m_noPhoto->addItem(tr("No: the card needs a photo"), QString());
    for (const Choice &c : programme.reasonCodes.value(QStringLiteral("no_photo")))
        m_noPhoto->addItem(c.label.in(language), c.code);
    m_noPhoto->setToolTip(tr("Only for the programme's exceptions: the supervisor must confirm, and the card is "
                             "printed only from a template without a photo"));
    m_startStop->setObjectName(QStringLiteral("photoStartPushButton"));
    m_checks->setObjectName(QStringLiteral("photoChecksListWidget"));
    m_autoCapture->setObjectName(QStringLiteral("photoAutoCaptureCheckBox"));
    m_capture->setObjectName(QStringLiteral("photoCapturePushButton"));
    m_retake->setObjectName(QStringLiteral("photoRetakePushButton"));
    m_override->setObjectName(QStringLiteral("photoOverridePushButton"));
    m_crop->setObjectName(QStringLiteral("photoCropLabel"));
    m_status->setObjectName(QStringLiteral("photoStatusLabel"));
    m_error->setObjectName(QStringLiteral("photoErrorLabel"));

    m_autoCapture->setChecked(true);
    m_checks->setAccessibleName(tr("Photo checks"));
    m_checks->setWordWrap(true);
    m_checks->setSelectionMode(QAbstractItemView::NoSelection);
    m_checks->setMinimumHeight(64);
    connect(m_noPhoto, &QComboBox::activated, this, &PhotoPanel::noPhotoReasonChosen);
    m_crop->setFixedWidth(kCropShownWidth);
    m_crop->setMinimumHeight(kCropShownWidth * 45 / 35);
    m_crop->setAlignment(Qt::AlignCenter);
    m_crop->setFrameShape(QFrame::StyledPanel);
    m_crop->setAccessibleName(tr("Accepted card photo"));
    m_status->setWordWrap(true);
    m_status->setFixedWidth(kCropShownWidth + 10);
    for (const QSize &s : resolutions())
        m_resolution->addItem(tr("%1 x %2").arg(s.width()).arg(s.height()), s);
    m_startStop->setText(tr("Start"));
    m_capture->setToolTip(tr("Take the photo now from the picture on screen (Space)"));
    m_retake->setToolTip(tr("Discard the photo taken and go back to the live picture"));
    m_override->setToolTip(tr("Accept a photo that fails a check, with one of the programme's reasons (recorded)"));

    layOut();

    // Space takes the photo from anywhere in the panel (the clerk's eyes are on the applicant).
    // Only while the picture is live: otherwise Space presses the focused button as usual.
    m_space = new QShortcut(shortcutKeys(ShortcutId::TakePhoto).value(0), this);
    m_space->setContext(Qt::WidgetWithChildrenShortcut);
    connect(m_space, &QShortcut::activated, this, &PhotoPanel::capture);
    connect(m_capture, &QPushButton::clicked, this, &PhotoPanel::capture);
    connect(m_retake, &QPushButton::clicked, this, &PhotoPanel::retake);
    connect(m_override, &QPushButton::clicked, this, &PhotoPanel::overrideChecks);
    connect(m_source, &QComboBox::activated, this, &PhotoPanel::sourceChosen);
    connect(m_startStop, &QPushButton::clicked, this, [this] {
        if (isRunning())
            stopSource();
        else
            sourceChosen(m_source->currentIndex());
    });
    connect(m_autoCapture, &QCheckBox::toggled, this, [this](bool on) { m_auto.setEnabled(on); });

    setCameras({}, std::nullopt);
    reset();
}

PhotoPanel::~PhotoPanel() = default;

void PhotoPanel::layOut()
{
    // Compact for the middle column of a 1366x768 window (about 470 px wide): the controls,
    // the live picture and the accepted photo beside it fit the step without scrolling; the
    // checks list takes what height is left.
    auto *sourceLabel = new QLabel(tr("Camera or fi&le:"), this);
    sourceLabel->setBuddy(m_source);
    auto *resolutionLabel = new QLabel(tr("Resolution:"), this);
    resolutionLabel->setBuddy(m_resolution);
    auto *sourceRow = new QHBoxLayout;
    sourceRow->addWidget(sourceLabel);
    sourceRow->addWidget(m_source, 1);
    auto *cameraRow = new QHBoxLayout;
    cameraRow->addWidget(resolutionLabel);
    cameraRow->addWidget(m_resolution);
    cameraRow->addWidget(m_startStop);
    cameraRow->addStretch(1);

    auto *result = new QVBoxLayout;
    result->addWidget(m_crop, 0, Qt::AlignTop | Qt::AlignHCenter);
    result->addWidget(m_status);
    result->addStretch(1);
    auto *picture = new QHBoxLayout;
    picture->addWidget(m_preview, 1);
    picture->addLayout(result);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_capture);
    buttons->addWidget(m_retake);
    buttons->addWidget(m_override);
    buttons->addStretch(1);

    auto *noPhotoLabel = new QLabel(tr("No photo, programme's reason:"), this);
    noPhotoLabel->setBuddy(m_noPhoto);
    auto *noPhotoRow = new QHBoxLayout;
    noPhotoRow->addWidget(noPhotoLabel);
    noPhotoRow->addWidget(m_noPhoto, 1);
    // Offered only where the programme documents an exception.
    noPhotoLabel->setVisible(m_noPhoto->count() > 1);
    m_noPhoto->setVisible(m_noPhoto->count() > 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(sourceRow);
    layout->addLayout(cameraRow);
    layout->addLayout(picture);
    layout->addLayout(buttons);
    layout->addWidget(m_autoCapture);
    layout->addWidget(m_error);
    // Above the checks list, which takes the height that is left: at 1366x768 the row stays
    // in view without scrolling (below the list it needed about 10 px of it).
    layout->addLayout(noPhotoRow);
    layout->addWidget(m_checks, 1);

    QWidget *order[] = {m_source,   m_resolution,  m_startStop, m_capture, m_retake,
                        m_override, m_autoCapture, m_checks,    m_noPhoto};
    for (std::size_t i = 1; i < std::size(order); ++i)
        setTabOrder(order[i - 1], order[i]);
}

void PhotoPanel::setCameras(const std::vector<CameraInfo> &cameras, std::optional<CameraChoice> remembered)
{
    m_cameras = cameras;
    m_source->clear();
    m_source->addItem(cameras.empty() ? tr("No camera found: choose a file") : tr("Choose a camera or a file"),
                      int(ChooseSource));
    for (const CameraInfo &c : cameras)
        m_source->addItem(
            c.name.isEmpty() ? tr("Camera %1").arg(c.index) : tr("Camera %1 (%2)").arg(c.index).arg(c.name), c.index);
    m_source->addItem(tr("Video file…"), int(VideoFile));
    m_source->addItem(tr("Image file…"), int(ImageFile));
    if (remembered && !remembered->videoFile.isEmpty())
        selectVideoItem(remembered->videoFile);
    if (remembered && remembered->videoFile.isEmpty()) {
        const int at = m_source->findData(remembered->index);
        if (at > 0)
            m_source->setCurrentIndex(at);
        const int res = m_resolution->findData(remembered->resolution);
        if (res >= 0)
            m_resolution->setCurrentIndex(res);
    }
}

void PhotoPanel::sourceChosen(int index)
{
    m_error->clearMessage();
    const int kind = m_source->itemData(index).toInt();
    if (kind == ChooseSource)
        return;
    if (kind == RememberedVideo) {
        openVideoFile(m_source->itemData(index, kPathRole).toString());
        return;
    }
    if (kind == VideoFile || kind == ImageFile) {
        const QString path = kind == VideoFile
            ? QFileDialog::getOpenFileName(this, tr("Video to use as the camera"), QString(),
                                           tr("Videos (*.avi *.mp4 *.mkv *.mov);;All files (*)"))
            : QFileDialog::getOpenFileName(this, tr("Photo file"), QString(),
                                           tr("Images (*.jpg *.jpeg *.png *.bmp *.ppm);;All files (*)"));
        if (path.isEmpty())
            return;
        if (kind == VideoFile) {
            openVideoFile(path);
            return;
        }
        openFile(opener([path] { return StillImageSource::open(path); }));
        return;
    }
    const QSize resolution = m_resolution->currentData().toSize();
    m_reopen = nullptr;
    auto camera = CameraSource::open(kind, resolution);
    if (!camera) {
        m_error->showMessage(camera.error().message);
        return;
    }
    Q_EMIT cameraChosen(CameraChoice {kind, resolution, QString()});
    openSource(std::move(*camera));
}

void PhotoPanel::selectVideoItem(const QString &path)
{
    int at = m_source->findData(int(RememberedVideo));
    if (at < 0) {
        at = m_source->findData(int(VideoFile));
        m_source->insertItem(at, QString(), int(RememberedVideo));
    }
    m_source->setItemText(at, tr("Video %1").arg(QFileInfo(path).fileName()));
    m_source->setItemData(at, path, kPathRole);
    m_source->setCurrentIndex(at);
}

bool PhotoPanel::openFile(Reopen reopen)
{
    auto source = reopen();
    if (!source) {
        m_error->showMessage(source.error().message);
        return false;
    }
    openSource(std::move(*source));
    m_reopen = std::move(reopen);
    return true;
}

void PhotoPanel::openVideoFile(const QString &path)
{
    if (!openFile(opener([path] { return VideoFileSource::open(path, VideoFileSource::AtEnd::Loop); })))
        return;
    // A video stands in for the counter's camera: the station remembers it like one.
    selectVideoItem(path);
    Q_EMIT cameraChosen(CameraChoice {0, m_resolution->currentData().toSize(), path});
}

void PhotoPanel::openSource(std::unique_ptr<FrameSource> source)
{
    stopSource();
    auto analyzer = PhotoAnalyzer::create(m_programme.photo.thresholds);
    if (!analyzer) {
        m_error->showMessage(analyzer.error().message);
        return;
    }
    m_error->clearMessage();
    m_session = std::make_unique<CaptureSession>(std::move(source), std::move(*analyzer));
    connect(m_session.get(), &CaptureSession::frameReady, this, [this](const QImage &frame) {
        if (!m_taken)
            m_preview->setFrame(frame);
    });
    connect(m_session.get(), &CaptureSession::analysed, this, &PhotoPanel::onAnalysed);
    connect(m_session.get(), &CaptureSession::analysisFailed, this, [this](const QString &message) {
        m_auto.interrupt();
        m_error->showMessage(message);
    });
    connect(m_session.get(), &CaptureSession::ended, this, &PhotoPanel::onEnded);
    m_lastAnalysed.reset();
    if (m_taken || m_storedShown)
        forgetTaken();
    m_session->start();
    updateState();
    // Space presses the focused "Take photo" button (a focused combo box would eat it).
    if (QWidget *focus = QApplication::focusWidget(); focus && isAncestorOf(focus))
        m_capture->setFocus(Qt::OtherFocusReason);
}

void PhotoPanel::stopSource()
{
    if (m_session)
        m_session->stop();
    m_session.reset();
    updateState();
}

bool PhotoPanel::isRunning() const
{
    return m_session && m_session->isRunning();
}

void PhotoPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    startIfIdle();
}

void PhotoPanel::startIfIdle()
{
    // The step opens on the live picture of the station's camera, with nothing to choose,
    // unless a photo is already taken or on file (then Retake starts it).
    const int kind = m_source->currentData().toInt();
    if (isVisible() && !isRunning() && !m_taken && !m_accepted && !m_storedShown
        && (kind >= 0 || kind == RememberedVideo))
        sourceChosen(m_source->currentIndex());
}

void PhotoPanel::hideEvent(QHideEvent *event)
{
    // The camera is free for others (and not watching anyone) while the step is not shown.
    stopSource();
    QWidget::hideEvent(event);
}

void PhotoPanel::reset()
{
    m_taken.reset();
    m_accepted.reset();
    m_lastAnalysed.reset();
    m_auto.rearm();
    m_analysedFrames = 0;
    m_storedShown = false;
    m_noPhoto->setCurrentIndex(0);
    m_crop->setPixmap({});
    m_crop->setText(tr("No photo yet"));
    m_status->clear(); // the last applicant's "accepted with overrides" is not this one's
    m_checks->clear();
    m_error->clearMessage();
    m_preview->clear(isRunning() ? QString() : tr("Choose a camera or a file to start"));
    updateState();
}

void PhotoPanel::showStoredPhoto(const QImage &crop, const QMap<QString, QString> &overrides, bool automatic)
{
    reset();
    m_crop->setPixmap(QPixmap::fromImage(crop.scaledToWidth(kCropShownWidth, Qt::SmoothTransformation)));
    QStringList lines {automatic ? tr("Photo on file, taken automatically.")
                                 : tr("Photo on file, taken by the clerk.")};
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        lines << tr("Overridden: %1 (%2)").arg(photoCheckName(it.key()), reasonLabel(it.value()));
    m_status->setText(lines.join(QLatin1Char('\n')));
    m_preview->clear(tr("Photo on file. Retake to take a new one."));
    m_storedShown = true;
    updateState();
}

void PhotoPanel::onAnalysed(const QImage &frame, const PhotoAssessment &assessment)
{
    if (m_taken)
        return; // a frame analysed just before the capture: the taken one stays
    ++m_analysedFrames;
    m_lastAnalysed = std::pair {frame, assessment};
    m_preview->setAssessment(assessment);
    showChecks(assessment, {});
    const int failing = static_cast<int>(
        std::count_if(assessment.checks.begin(), assessment.checks.end(), [](const PhotoCheck &c) { return !c.pass; }));
    if (m_auto.feed(assessment)) {
        takePhoto(frame, assessment, true);
        return;
    }
    if (assessment.acceptable)
        m_preview->setStatus(
            m_auto.isEnabled()
                ? tr("Every check passes: hold still (%1 of %2)").arg(m_auto.run()).arg(m_auto.requiredRun())
                : tr("Every check passes: press Space to take the photo"),
            true);
    else
        m_preview->setStatus(failing == 1 ? tr("1 check fails") : tr("%1 checks fail").arg(failing), false);
}

void PhotoPanel::onEnded(const QString &message)
{
    if (!message.isEmpty())
        m_error->showMessage(message);
    if (m_session)
        m_session->stop();
    if (!m_taken)
        m_preview->setStatus(message.isEmpty() ? tr("The video ended.") : tr("No picture: %1").arg(message), false);
    updateState();
}

void PhotoPanel::capture()
{
    if (m_taken || !m_lastAnalysed) {
        if (!m_taken)
            m_error->showMessage(tr("There is no picture to take yet: start a camera or open a file."));
        return;
    }
    const auto [frame, assessment] = *m_lastAnalysed;
    takePhoto(frame, assessment, false);
}

void PhotoPanel::takePhoto(const QImage &frame, const PhotoAssessment &assessment, bool automatic)
{
    m_error->clearMessage();
    auto crop = cropForCard(frame, assessment);
    if (!crop) {
        m_error->showMessage(tr("No photo taken: %1").arg(crop.error().message));
        m_auto.rearm();
        return;
    }
    auto jpeg = encodeJpeg(*crop, m_programme.photo.maxJpegBytes);
    if (!jpeg) {
        m_error->showMessage(tr("No photo taken: %1").arg(jpeg.error().message));
        return;
    }
    m_taken = AcceptedPhoto {*jpeg, *crop, assessment, {}, automatic};
    // Stop the stream: the taken frame stays on screen, and the camera stops watching.
    stopSource();
    m_preview->setFrame(frame);
    m_preview->setAssessment(assessment);
    m_crop->setPixmap(QPixmap::fromImage(crop->scaledToWidth(kCropShownWidth, Qt::SmoothTransformation)));
    showChecks(assessment, {});
    if (assessment.acceptable) {
        m_accepted = m_taken;
        m_preview->setStatus(
            automatic ? tr("Taken automatically: every check passed") : tr("Taken: every check passed"), true);
        m_status->setText(automatic ? tr("Photo accepted (taken automatically, every check passed).")
                                    : tr("Photo accepted (every check passed)."));
        Q_EMIT photoAccepted();
    } else {
        m_preview->setStatus(tr("Taken, but checks fail: override them or retake"), false);
        m_status->setText(
            tr("Not accepted yet: the photo fails a check. Retake it, or override each failing check with a reason."));
    }
    updateState();
}

void PhotoPanel::forgetTaken()
{
    m_storedShown = false;
    m_taken.reset();
    m_accepted.reset();
    m_auto.rearm();
    m_crop->setPixmap({});
    m_crop->setText(tr("No photo yet"));
    m_status->clear();
    m_error->clearMessage();
}

void PhotoPanel::retake()
{
    // The form still shows the photo accepted before, and it is what the enrollment keeps
    // until another is accepted: say so, rather than "No photo yet" beside it.
    const bool kept = m_accepted.has_value() || m_storedShown;
    forgetTaken();
    if (kept)
        m_status->setText(tr("The photo accepted before stays with the enrollment until a new one is accepted."));
    if (!isRunning() && m_reopen) {
        if (auto source = m_reopen()) // the same file again
            openSource(std::move(*source));
        else
            m_error->showMessage(source.error().message);
    } else if (!isRunning() && m_source->currentIndex() > 0 && m_source->currentData().toInt() >= 0) {
        sourceChosen(m_source->currentIndex()); // the camera again
    }
    updateState();
}

void PhotoPanel::overrideChecks()
{
    if (!m_taken)
        return;
    std::vector<const PhotoCheck *> failing;
    for (const PhotoCheck &c : m_taken->assessment.checks)
        if (!c.pass)
            failing.push_back(&c);
    if (failing.empty())
        return;
    const auto &codes = m_programme.reasonCodes.value(QStringLiteral("photo_override"));
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("photoOverrideDialog"));
    dialog.setWindowTitle(tr("Override photo checks"));
    auto *intro =
        new QLabel(tr("The photo fails these checks. Choose the reason for accepting it anyway; the reason is recorded "
                      "with the enrollment (the photo's faults are not)."),
                   &dialog);
    intro->setWordWrap(true);
    auto *form = new QFormLayout;
    std::vector<std::pair<QString, QComboBox *>> choices;
    for (const PhotoCheck *c : failing) {
        auto *combo = new QComboBox(&dialog);
        combo->setObjectName(QStringLiteral("photoOverrideReasonComboBox_%1").arg(c->id));
        combo->addItem(tr("Choose a reason"), QString());
        for (const Choice &choice : codes)
            combo->addItem(choice.label.in(m_language), choice.code);
        const int existing = combo->findData(m_taken->overrides.value(c->id));
        if (existing > 0)
            combo->setCurrentIndex(existing);
        auto *label = new QLabel(tr("%1: %2").arg(photoCheckName(c->id), c->message), &dialog);
        label->setWordWrap(true);
        label->setBuddy(combo);
        form->addRow(label, combo);
        choices.emplace_back(c->id, combo);
    }
    auto *problem = new ErrorLabel(&dialog);
    auto *box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    box->button(QDialogButtonBox::Ok)->setText(tr("Accept with these reasons"));
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(problem);
    layout->addWidget(box);
    connect(box, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    connect(box, &QDialogButtonBox::accepted, &dialog, [&] {
        for (const auto &[id, combo] : choices)
            if (combo->currentData().toString().isEmpty()) {
                problem->showMessage(tr("Choose a reason for each failing check, or cancel and retake the photo."));
                combo->setFocus();
                return;
            }
        dialog.accept();
    });
    choices.front().second->setFocus();
    if (dialog.exec() != QDialog::Accepted)
        return;
    QMap<QString, QString> overrides;
    for (const auto &[id, combo] : choices)
        overrides.insert(id, combo->currentData().toString());
    m_taken->overrides = overrides;
    m_accepted = m_taken;
    showChecks(m_taken->assessment, overrides);
    QStringList lines {tr("Photo accepted with overrides:")};
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        lines << tr("%1 (%2)").arg(photoCheckName(it.key()), reasonLabel(it.value()));
    m_status->setText(lines.join(QLatin1Char('\n')));
    m_preview->setStatus(tr("Accepted with overrides"), true);
    updateState();
    Q_EMIT photoAccepted();
}

void PhotoPanel::showChecks(const PhotoAssessment &assessment, const QMap<QString, QString> &overrides)
{
    // Rows are updated in place: the list does not jump while the clerk reads it.
    for (int i = 0; i < static_cast<int>(assessment.checks.size()); ++i) {
        const PhotoCheck &c = assessment.checks[static_cast<std::size_t>(i)];
        QString text =
            c.pass ? tr("✔ %1").arg(photoCheckName(c.id)) : tr("✘ %1: %2").arg(photoCheckName(c.id), c.message);
        if (overrides.contains(c.id))
            text += tr(" — overridden: %1").arg(reasonLabel(overrides.value(c.id)));
        QListWidgetItem *item = m_checks->item(i);
        if (!item) {
            item = new QListWidgetItem(m_checks);
        }
        if (item->text() != text)
            item->setText(text);
        item->setData(Qt::UserRole, c.id);
        item->setForeground(c.pass ? kGood : kBad);
    }
    while (m_checks->count() > static_cast<int>(assessment.checks.size()))
        delete m_checks->takeItem(m_checks->count() - 1);
}

void PhotoPanel::updateState()
{
    const bool running = isRunning();
    m_startStop->setText(running ? tr("Stop") : tr("Start"));
    m_capture->setEnabled(!m_taken && running);
    m_space->setEnabled(!m_taken && running);
    m_retake->setEnabled(m_taken.has_value() || m_accepted.has_value() || m_storedShown);
    m_override->setEnabled(m_taken && !m_taken->assessment.acceptable);
}

QString PhotoPanel::noPhotoReason() const
{
    return m_noPhoto->currentData().toString();
}

void PhotoPanel::showSubmitProblem(const QString &message)
{
    if (m_taken && !m_accepted)
        m_error->showMessage(tr("The photo taken fails a check and is not accepted: override each failing check with "
                                "a reason (Override a check…), or retake it. %1")
                                 .arg(message));
    else
        m_error->showMessage(message);
}

QString PhotoPanel::reasonLabel(const QString &code) const
{
    for (const Choice &c : m_programme.reasonCodes.value(QStringLiteral("photo_override")))
        if (c.code == code)
            return c.label.in(m_language);
    return code;
}

} // namespace tessera::ui
