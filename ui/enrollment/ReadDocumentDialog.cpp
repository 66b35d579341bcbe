#include "ui/enrollment/ReadDocumentDialog.h"

#include "core/capture/FrameSource.h"
#include "core/capture/PhotoChecks.h"
#include "core/document/DocumentCamera.h"
#include "ui/common/DateField.h"
#include "ui/common/ErrorLabel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <string.h>

namespace tessera::ui {

namespace {

// "HALLORAN" → "Halloran", "MAREN ELISE" → "Maren Elise": documents print capitals; the
// clerk corrects what this cannot know (McDonald, van der Berg) before ticking.
QString titleCase(const QString &upper)
{
    QString out = upper.toLower();
    bool start = true;
    for (QChar &c : out) {
        if (start && c.isLetter())
            c = c.toUpper();
        start = c == QLatin1Char(' ') || c == QLatin1Char('-') || c == QLatin1Char('\'');
    }
    return out;
}

void setChecked(QCheckBox *box, QWidget *editor, bool available)
{
    box->setEnabled(available);
    box->setChecked(false);
    editor->setEnabled(available);
}

} // namespace

ReadDocumentDialog::ReadDocumentDialog(const Programme &programme, QString language, const Clock &clock,
                                       QWidget *parent)
    : QDialog(parent)
    , m_programme(programme)
    , m_language(std::move(language))
    , m_clock(clock)
    , m_openCamera([] { return openDocumentCamera(std::nullopt); })
    , m_openButton(new QPushButton(tr("&Open image…"), this))
    , m_cameraButton(new QPushButton(tr("&Document camera"), this))
    , m_imageLabel(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_error(new ErrorLabel(this))
    , m_familyCheck(new QCheckBox(tr("Family &name"), this))
    , m_family(new QLineEdit(this))
    , m_givenCheck(new QCheckBox(tr("&Given names"), this))
    , m_given(new QLineEdit(this))
    , m_namesNote(new QLabel(this))
    , m_birthCheck(new QCheckBox(tr("&Birth date"), this))
    , m_birth(new DateField(this))
    , m_documentType(new QComboBox(this))
    , m_expiryCheck(new QCheckBox(tr("&Expiry"), this))
    , m_expiry(new DateField(this))
    , m_machineReadable(new QCheckBox(tr("&Machine readable (the zone's check digits are all right)"), this))
    , m_lines(new QPlainTextEdit(this))
    , m_readLinesButton(new QPushButton(tr("&Read the typed lines"), this))
{
    setObjectName(QStringLiteral("readDocumentDialog"));
    setWindowTitle(tr("Read a document"));
    m_openButton->setObjectName(QStringLiteral("openImagePushButton"));
    m_openButton->setToolTip(tr("A scan or a document camera's picture of the document; it is kept in memory only"));
    m_cameraButton->setObjectName(QStringLiteral("documentCameraPushButton"));
    m_cameraButton->setToolTip(tr("Take one picture with the document camera; it is kept in memory only"));
    m_imageLabel->setObjectName(QStringLiteral("documentImageLabel"));
    m_imageLabel->setMinimumSize(420, 270);
    m_imageLabel->setAlignment(Qt::AlignCenter);
    m_imageLabel->setFrameShape(QFrame::StyledPanel);
    m_imageLabel->setText(tr("No document yet.\nOpen an image of it, take a picture with the document camera, or type "
                             "the lines of its machine "
                             "readable zone."));
    m_imageLabel->setWordWrap(true);
    m_summary->setObjectName(QStringLiteral("findingsLabel"));
    m_summary->setWordWrap(true);
    m_error->setObjectName(QStringLiteral("readDocumentErrorLabel"));
    m_familyCheck->setObjectName(QStringLiteral("readFamilyNameCheckBox"));
    m_family->setObjectName(QStringLiteral("readFamilyNameLineEdit"));
    m_givenCheck->setObjectName(QStringLiteral("readGivenNamesCheckBox"));
    m_given->setObjectName(QStringLiteral("readGivenNamesLineEdit"));
    m_namesNote->setObjectName(QStringLiteral("namesNoteLabel"));
    m_namesNote->setWordWrap(true);
    m_namesNote->hide();
    m_birthCheck->setObjectName(QStringLiteral("readBirthDateCheckBox"));
    m_birth->setObjectName(QStringLiteral("readBirthDateLineEdit"));
    m_documentType->setObjectName(QStringLiteral("readDocumentTypeComboBox"));
    m_expiryCheck->setObjectName(QStringLiteral("readExpiryCheckBox"));
    m_expiry->setObjectName(QStringLiteral("readExpiryLineEdit"));
    m_machineReadable->setObjectName(QStringLiteral("readMachineReadableCheckBox"));
    m_lines->setObjectName(QStringLiteral("zoneLinesPlainTextEdit"));
    m_readLinesButton->setObjectName(QStringLiteral("readLinesPushButton"));

    m_documentType->addItem(tr("(add no document)"), QString());
    for (const DocumentType &t : m_programme.documents)
        if (t.date == DocumentDate::Expiry)
            m_documentType->addItem(t.label.in(m_language), t.id);

    auto *values = new QGroupBox(tr("Values read: tick each one to use"), this);
    auto *grid = new QGridLayout(values);
    int row = 0;
    grid->addWidget(m_familyCheck, row, 0);
    grid->addWidget(m_family, row++, 1);
    grid->addWidget(m_givenCheck, row, 0);
    grid->addWidget(m_given, row++, 1);
    grid->addWidget(m_namesNote, row++, 1);
    grid->addWidget(m_birthCheck, row, 0);
    grid->addWidget(m_birth, row++, 1);
    auto *typeLabel = new QLabel(tr("Document &type"), values);
    typeLabel->setBuddy(m_documentType);
    grid->addWidget(typeLabel, row, 0);
    grid->addWidget(m_documentType, row++, 1);
    grid->addWidget(m_expiryCheck, row, 0);
    grid->addWidget(m_expiry, row++, 1);
    grid->addWidget(m_machineReadable, row++, 0, 1, 2);

    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_lines->setFont(mono);
    m_lines->setTabChangesFocus(true);
    m_lines->setPlaceholderText(tr("P<UTO…  (two or three lines, as printed)"));
    m_lines->setFixedHeight(QFontMetrics(mono).lineSpacing() * 4 + 12);
    auto *linesLabel = new QLabel(tr("Or type the &zone lines:"), this);
    linesLabel->setBuddy(m_lines);

    auto *buttons = new QDialogButtonBox(this);
    m_useButton = buttons->addButton(tr("&Use the ticked values"), QDialogButtonBox::AcceptRole);
    m_useButton->setObjectName(QStringLiteral("useValuesPushButton"));
    // One key for the usual case, everything read is right: Enter (or Alt+A) ticks every value
    // shown and uses them. The values stay on screen for the clerk to compare first.
    m_useAllButton = buttons->addButton(tr("Use &all values read"), QDialogButtonBox::ActionRole);
    m_useAllButton->setObjectName(QStringLiteral("useAllValuesPushButton"));
    m_useAllButton->setEnabled(false);
    auto *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelPushButton"));

    auto *left = new QVBoxLayout;
    auto *sources = new QHBoxLayout;
    sources->addWidget(m_openButton);
    sources->addWidget(m_cameraButton);
    sources->addStretch(1);
    left->addLayout(sources);
    left->addWidget(m_imageLabel, 1);
    left->addWidget(m_summary);
    auto *right = new QVBoxLayout;
    right->addWidget(values);
    right->addWidget(linesLabel);
    right->addWidget(m_lines);
    right->addWidget(m_readLinesButton, 0, Qt::AlignLeft);
    right->addStretch(1);
    auto *columns = new QHBoxLayout;
    columns->addLayout(left, 3);
    columns->addLayout(right, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(m_error);
    layout->addWidget(buttons);

    setChecked(m_familyCheck, m_family, false);
    m_familyCheck->setVisible(m_programme.collects(Field::FamilyName));
    m_family->setVisible(m_programme.collects(Field::FamilyName));
    setChecked(m_givenCheck, m_given, false);
    setChecked(m_birthCheck, m_birth, false);
    setChecked(m_expiryCheck, m_expiry, false);
    m_machineReadable->setEnabled(false);

    connect(m_openButton, &QPushButton::clicked, this, &ReadDocumentDialog::openImage);
    connect(m_cameraButton, &QPushButton::clicked, this, &ReadDocumentDialog::takeCameraPicture);
    connect(m_readLinesButton, &QPushButton::clicked, this, &ReadDocumentDialog::readTypedLines);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_useAllButton, &QPushButton::clicked, this, &ReadDocumentDialog::useAllValues);
    // Editing a value is agreeing to it.
    for (auto [box, line] :
         {std::pair {m_familyCheck, static_cast<QLineEdit *>(m_family)}, std::pair {m_givenCheck, m_given},
          std::pair {m_birthCheck, static_cast<QLineEdit *>(m_birth)},
          std::pair {m_expiryCheck, static_cast<QLineEdit *>(m_expiry)}})
        connect(line, &QLineEdit::textEdited, box, [box = box] { box->setChecked(true); });
    m_openButton->setFocus();
    resize(1000, 560);
}

ReadDocumentDialog::~ReadDocumentDialog()
{
    dropImage();
    // Closed while a task was under way (at most a second or two): its picture or rectified
    // image would otherwise be freed with its pixels still in memory.
    if (m_cameraTask.isValid()) {
        m_cameraTask.waitForFinished();
        if (m_cameraTask.resultCount() > 0)
            if (Result<QImage> picture = m_cameraTask.takeResult();
                picture && !picture->isNull() && picture->isDetached())
                explicit_bzero(picture->bits(), static_cast<size_t>(picture->sizeInBytes()));
    }
    if (m_readTask.isValid()) {
        m_readTask.waitForFinished();
        if (m_readTask.resultCount() > 0)
            if (Result<DocumentFindings> findings = m_readTask.takeResult(); findings)
                findings->clearImage();
    }
}

bool ReadDocumentDialog::hasImage() const
{
    return m_findings && !m_findings->rectified.image.isNull();
}

void ReadDocumentDialog::done(int result)
{
    dropImage();
    QDialog::done(result);
}

void ReadDocumentDialog::hideEvent(QHideEvent *event)
{
    dropImage();
    QDialog::hideEvent(event);
}

void ReadDocumentDialog::dropImage()
{
    m_imageLabel->setPixmap(QPixmap());
    if (m_findings)
        m_findings->clearImage();
}

void ReadDocumentDialog::setImageFolder(const QString &folder)
{
    m_imageFolder = folder;
}

namespace {

QStringList imagePatterns()
{
    return {QStringLiteral("*.png"), QStringLiteral("*.jpg"), QStringLiteral("*.jpeg"), QStringLiteral("*.bmp"),
            QStringLiteral("*.ppm"), QStringLiteral("*.tif"), QStringLiteral("*.tiff")};
}

} // namespace

void ReadDocumentDialog::openImage()
{
    QFileDialog files(this, tr("Image of the document"), m_imageFolder,
                      tr("Images (%1)").arg(imagePatterns().join(QLatin1Char(' '))));
    files.setObjectName(QStringLiteral("documentImageFileDialog"));
    files.setFileMode(QFileDialog::ExistingFile);
    files.setAcceptMode(QFileDialog::AcceptOpen);
    // The scan just made is the newest image in the scanner's folder: selected, one Enter opens it.
    if (!m_imageFolder.isEmpty()) {
        const QFileInfoList newest =
            QDir(m_imageFolder).entryInfoList(imagePatterns(), QDir::Files | QDir::Readable, QDir::Time);
        if (!newest.isEmpty())
            files.selectFile(newest.first().fileName());
    }
    if (files.exec() != QDialog::Accepted || files.selectedFiles().isEmpty())
        return;
    const QString path = files.selectedFiles().constFirst();
    m_imageFolder = QFileInfo(path).absolutePath();
    Q_EMIT imageFolderChosen(m_imageFolder);
    auto image = readPhotoFile(path);
    if (!image) {
        m_error->showMessage(image.error().message);
        return;
    }
    readImage(*image);
    // Whoever holds the pixels last clears them: here, or the reading task when it ends.
    if (!image->isNull() && image->isDetached())
        explicit_bzero(image->bits(), static_cast<size_t>(image->sizeInBytes()));
}

void ReadDocumentDialog::setCameraOpener(CameraOpener opener)
{
    m_openCamera = std::move(opener);
}

void ReadDocumentDialog::takeCameraPicture()
{
    if (m_reading)
        return;
    m_reading = true;
    m_error->clearMessage();
    m_summary->setText(tr("Taking a picture with the document camera…"));
    m_openButton->setEnabled(false);
    m_cameraButton->setEnabled(false);
    m_readLinesButton->setEnabled(false);
    using R = Result<QImage>;
    auto *watcher = new QFutureWatcher<R>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_cameraTask = {};
        R picture = watcher->future().takeResult();
        m_reading = false;
        m_openButton->setEnabled(true);
        m_cameraButton->setEnabled(true);
        m_readLinesButton->setEnabled(true);
        if (!picture) {
            m_summary->clear();
            m_error->showMessage(picture.error().message);
            Q_EMIT readingFinished();
            return;
        }
        readImage(*picture);
        // Whoever holds the pixels last clears them: here, or the reading task when it ends.
        if (!picture->isNull() && picture->isDetached())
            explicit_bzero(picture->bits(), static_cast<size_t>(picture->sizeInBytes()));
    });
    m_cameraTask = QtConcurrent::run([open = m_openCamera]() -> R {
        if (!open)
            return fail(ErrorCode::NotFound, QStringLiteral("No document camera is set up at this station."));
        auto camera = open();
        if (!camera)
            return std::unexpected(camera.error());
        return takeDocumentPicture(**camera);
    });
    watcher->setFuture(m_cameraTask);
}

void ReadDocumentDialog::readImage(const QImage &image)
{
    if (m_reading)
        return;
    m_reading = true;
    m_error->clearMessage();
    dropImage();
    m_findings.reset();
    m_summary->setText(tr("Reading the document…"));
    m_openButton->setEnabled(false);
    m_cameraButton->setEnabled(false);
    m_readLinesButton->setEnabled(false);
    using R = Result<DocumentFindings>;
    auto *watcher = new QFutureWatcher<R>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_readTask = {};
        R result = watcher->future().takeResult();
        m_reading = false;
        m_openButton->setEnabled(true);
        m_cameraButton->setEnabled(true);
        m_readLinesButton->setEnabled(true);
        if (!result) {
            m_summary->clear();
            m_error->showMessage(result.error().message);
        } else {
            showFindings(std::move(*result));
        }
        Q_EMIT readingFinished();
    });
    const Clock *clock = &m_clock;
    m_readTask = QtConcurrent::run([image = QImage(image), clock]() mutable -> R {
        R result = readDocument(image, *clock);
        if (!image.isNull() && image.isDetached())
            explicit_bzero(image.bits(), static_cast<size_t>(image.sizeInBytes()));
        image = QImage();
        return result;
    });
    watcher->setFuture(m_readTask);
}

QString ReadDocumentDialog::suggestedType(const DocumentFindings &f) const
{
    auto firstWith = [this](std::initializer_list<const char *> words) -> QString {
        for (const DocumentType &t : m_programme.documents) {
            if (t.date != DocumentDate::Expiry)
                continue;
            bool all = true;
            for (const char *w : words)
                all = all && t.id.contains(QLatin1String(w));
            if (all)
                return t.id;
        }
        return {};
    };
    if (f.licence) {
        const bool us = f.licence->country == QLatin1String("USA");
        if (f.licence->documentType == QLatin1String("ID"))
            return us ? firstWith({"us-", "id"}) : firstWith({"foreign", "id"});
        return us ? firstWith({"us-", "licence"}) : firstWith({"foreign", "licence"});
    }
    if (f.mrz) {
        const bool us = f.mrz->issuingState == QLatin1String("USA");
        if (f.mrz->isPassport())
            return us ? firstWith({"us-", "passport"}) : firstWith({"foreign", "passport"});
        return firstWith({"foreign", "id"});
    }
    return {};
}

void ReadDocumentDialog::showFindings(DocumentFindings findings)
{
    m_findings = std::move(findings);
    const DocumentFindings &f = *m_findings;
    const QImage &image = f.rectified.image;
    if (!image.isNull())
        m_imageLabel->setPixmap(QPixmap::fromImage(image).scaled(m_imageLabel->size() - QSize(8, 8),
                                                                 Qt::KeepAspectRatio, Qt::SmoothTransformation));
    QStringList lines;
    lines << tr("Found: %1%2.")
                 .arg(documentSizeName(f.rectified.size),
                      f.rectified.cornersFound ? QString() : tr(" (no outline: the whole image is used)"));
    if (f.licence) {
        const AamvaReading &l = *f.licence;
        lines << tr("Barcode: AAMVA version %1 %2 from %3 (%4)%5.")
                     .arg(l.version)
                     .arg(l.documentType == QLatin1String("ID") ? tr("ID card") : tr("driver licence"), l.jurisdiction,
                          l.country, l.expired ? tr(", expired") : QString());
        lines << l.problems;
        m_source = l.documentType == QLatin1String("ID") ? tr("the ID card's barcode") : tr("the licence's barcode");
        offer(l.familyName, l.givenNames, l.birthDate, l.expiry, false, suggestedType(f));
        if (l.namesUncertain) {
            // offer() leaves every value unticked; these carry a note too, so that ticking
            // them is a decision taken with the card in hand.
            noteUncertainNames(
                tr("These names were guessed from the way the barcode writes them: check which is the family name "
                   "against the card before ticking them."));
        }
    } else if (f.mrz) {
        showMrz(*f.mrz,
                f.mrz->isPassport() ? tr("the passport's machine readable zone")
                                    : tr("the ID card's machine readable zone"));
        return;
    } else {
        m_source = tr("the document");
        offer({}, {}, std::nullopt, std::nullopt, false, {});
    }
    lines << f.rectified.warnings << f.messages;
    m_summary->setText(lines.join(QLatin1Char('\n')));
}

void ReadDocumentDialog::showMrz(const MrzReading &mrz, const QString &source)
{
    m_source = source;
    QStringList lines;
    if (m_findings)
        lines << tr("Found: %1.").arg(documentSizeName(m_findings->rectified.size));
    auto words = [](const QString &field) {
        if (field == QLatin1String("document_number"))
            return tr("document number");
        if (field == QLatin1String("birth_date"))
            return tr("birth date");
        if (field == QLatin1String("expiry_date"))
            return tr("expiry");
        if (field == QLatin1String("optional_data"))
            return tr("personal number");
        return tr("composite");
    };
    QStringList checks;
    for (const MrzCheck &c : mrz.checks)
        checks << (c.valid ? tr("%1 right") : tr("%1 WRONG")).arg(words(c.field));
    lines << tr("Machine readable zone (%1): check digits %2.")
                 .arg(mrzFormatName(mrz.format), checks.join(QStringLiteral(", ")));
    lines << mrz.problems;
    if (m_findings)
        lines << m_findings->rectified.warnings;
    m_summary->setText(lines.join(QLatin1Char('\n')));
    DocumentFindings forType;
    forType.mrz = mrz;
    offer(mrz.familyName, mrz.givenNames, mrz.birthDate, mrz.expiry, mrz.valid() && mrz.isPassport(),
          suggestedType(forType));
    if (mrz.namesUncertain) {
        // No check digit covers the names: a letter the reader was not sure of is the clerk's
        // to read on the document.
        noteUncertainNames(
            tr("These names could not be read with certainty from the zone: compare them letter by letter with "
               "the document before ticking them."));
    }
}

void ReadDocumentDialog::offer(const QString &family, const QString &given, std::optional<QDate> birth,
                               std::optional<QDate> expiry, bool machineReadable, const QString &documentTypeId)
{
    // Every value is offered unticked: only what the clerk ticks (or edits) is used.
    m_namesNote->hide();
    // A value the programme does not collect is not offered (its row is hidden).
    setChecked(m_familyCheck, m_family, !family.isEmpty() && m_programme.collects(Field::FamilyName));
    m_family->setText(m_programme.collects(Field::FamilyName) ? titleCase(family) : QString());
    setChecked(m_givenCheck, m_given, !given.isEmpty());
    m_given->setText(titleCase(given));
    setChecked(m_birthCheck, m_birth, birth.has_value());
    m_birth->setDate(birth.value_or(QDate()));
    setChecked(m_expiryCheck, m_expiry, expiry.has_value());
    m_expiry->setDate(expiry.value_or(QDate()));
    // Every check digit right is the machine's own proof: ticked, the clerk can still untick it.
    m_machineReadable->setEnabled(machineReadable);
    m_machineReadable->setChecked(machineReadable);
    m_documentType->setCurrentIndex(std::max(0, m_documentType->findData(documentTypeId)));
    const bool anyValue = m_familyCheck->isEnabled() || m_givenCheck->isEnabled() || m_birthCheck->isEnabled()
        || m_expiryCheck->isEnabled();
    m_useAllButton->setEnabled(anyValue);
    m_useAllButton->setDefault(anyValue);
    if (m_familyCheck->isEnabled())
        m_familyCheck->setFocus();
    else if (m_givenCheck->isEnabled())
        m_givenCheck->setFocus();
}

void ReadDocumentDialog::noteUncertainNames(const QString &note)
{
    m_namesNote->setText(note);
    m_namesNote->show();
    // Names the reader was not sure of are the clerk's to tick one by one, not all at once.
    m_useAllButton->setEnabled(false);
    m_useAllButton->setDefault(false);
}

void ReadDocumentDialog::useAllValues()
{
    if (!m_useAllButton->isEnabled())
        return;
    for (QCheckBox *box : {m_familyCheck, m_givenCheck, m_birthCheck, m_expiryCheck})
        if (box->isEnabled() && !box->isHidden())
            box->setChecked(true);
    accept();
}

void ReadDocumentDialog::readTypedLines()
{
    m_error->clearMessage();
    // Typed lines: capitals, no spaces; the text box is emptied at once either way.
    QString text = m_lines->toPlainText().toUpper();
    text.remove(QLatin1Char(' '));
    m_lines->clear();
    auto mrz = parseMrz(text, m_clock);
    text.fill(QLatin1Char('<'));
    if (!mrz) {
        m_error->showMessage(mrz.error().message);
        return;
    }
    showMrz(*mrz, tr("the typed zone lines"));
}

AcceptedDocumentValues ReadDocumentDialog::accepted() const
{
    AcceptedDocumentValues v;
    if (m_familyCheck->isChecked() && !m_family->text().trimmed().isEmpty())
        v.familyName = m_family->text().trimmed();
    if (m_givenCheck->isChecked() && !m_given->text().trimmed().isEmpty())
        v.givenNames = m_given->text().trimmed();
    if (m_birthCheck->isChecked() && m_birth->date().isValid())
        v.birthDate = m_birth->date();
    v.source = m_source;
    v.documentTypeId = m_documentType->currentData().toString();
    if (!v.documentTypeId.isEmpty()) {
        if (m_expiryCheck->isChecked() && m_expiry->date().isValid())
            v.expiry = m_expiry->date();
        v.machineReadable = m_machineReadable->isEnabled() && m_machineReadable->isChecked();
    }
    return v;
}

} // namespace tessera::ui
